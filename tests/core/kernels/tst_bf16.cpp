// BF16 bit fields: rounding to nearest even, the fields, and mantissa truncation as zero padding.
#include <QtTest>

#include <cmath>
#include <random>

#include "core/kernels/bf16.h"

using namespace accelscope::kernels;

class TestBf16 : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void fieldsOfKnownValues() {
        QCOMPARE(toBf16Bits(1.0f), std::uint16_t{0x3F80});
        QCOMPARE(toBf16Bits(-2.0f), std::uint16_t{0xC000});
        QCOMPARE(bf16Exponent(toBf16Bits(1.0f)), kBf16ExponentBias);
        QCOMPARE(bf16Sign(toBf16Bits(-0.75f)), 1);
        QCOMPARE(bf16Mantissa(toBf16Bits(1.5f)), 0x40);
        QCOMPARE(fromBf16Bits(0x3FC0), 1.5f);
    }

    void roundsToNearestEven() {
        // 1 + 2^-8 lies halfway between 1 and 1 + 2^-7: ties go to the even mantissa (1).
        QCOMPARE(roundToBf16(1.0f + std::ldexp(1.0f, -8)), 1.0f);
        // 1 + 3·2^-8 is halfway between 1 + 2^-7 (odd) and 1 + 2^-6 (even).
        QCOMPARE(roundToBf16(1.0f + 3 * std::ldexp(1.0f, -8)), 1.0f + std::ldexp(1.0f, -6));
        QVERIFY(std::isnan(roundToBf16(std::nanf(""))));
        // Against the nearest of the two neighbouring BF16 values, on random floats.
        std::mt19937 generator(3);
        std::normal_distribution<float> normal(0.0f, 0.05f);
        for (int i = 0; i < 1000; ++i) {
            const float x = normal(generator);
            const float down = std::bit_cast<float>(std::bit_cast<std::uint32_t>(x) & 0xFFFF0000u);
            const float up = std::nextafter(down, x < 0 ? -1.0f : 1.0f);
            const float upBf16 = std::bit_cast<float>((std::bit_cast<std::uint32_t>(up) + 0xFFFFu) & 0xFFFF0000u);
            const float r = roundToBf16(x);
            QVERIFY(r == down || r == upBf16);
            QVERIFY(std::abs(r - x) <= std::abs(x - down) + 1e-12f && std::abs(r - x) <= std::abs(upBf16 - x) + 1e-12f);
        }
    }

    void truncationZeroPadsTheMantissa() {
        const float x = fromBf16Bits(0x3FFF);  // 1.9921875: mantissa 1111111
        QCOMPARE(truncateBf16Mantissa(x, 4), 1.875f);  // mantissa 1110000
        QCOMPARE(truncateBf16Mantissa(-x, 7), -1.0f);
        QCOMPARE(truncateBf16Mantissa(x, 0), x);
        // The magnitude never grows and the error stays below one unit of the last kept bit.
        std::mt19937 generator(5);
        std::normal_distribution<float> normal(0.0f, 0.02f);
        for (int i = 0; i < 1000; ++i) {
            const float v = roundToBf16(normal(generator));
            const float t = truncateBf16Mantissa(v, 4);
            QVERIFY(std::abs(t) <= std::abs(v));
            QVERIFY(std::abs(v - t) < std::ldexp(1.0f, bf16Exponent(toBf16Bits(v)) - kBf16ExponentBias - 3));
            QCOMPARE(toBf16Bits(t) & 0xF, 0);
        }
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, truncateBf16Mantissa(std::uint16_t{1}, 8));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, truncateBf16Mantissa(1.0f + std::ldexp(1.0f, -12), 2));
    }
};

QTEST_GUILESS_MAIN(TestBf16)
#include "tst_bf16.moc"
