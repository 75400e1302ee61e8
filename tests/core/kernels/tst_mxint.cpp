// MX integer blocks: quantize and dequantize bit-exactly against a naive reference written from
// the OCP / microxcaling rule (the scale found by repeated halving and doubling, rounding with
// std::round), plus exactness properties: values on a block's grid round-trip exactly, the scale
// is the power of two of the block's largest magnitude, narrowing equals direct requantization of
// the same grid, and the block dot product equals the dot of the dequantized values.

#include <QtTest>

#include <cmath>
#include <random>

#include "core/api/errors.h"
#include "core/kernels/mxint.h"
#include "tests/support/errorof.h"

using namespace accelscope;
using namespace accelscope::kernels;

namespace {

struct NaiveBlock {
    int exponent = 0;
    std::vector<int> codes;
};

// The OCP rule spelled out without frexp or ldexp.
NaiveBlock naiveQuantize(const std::vector<float> &v, int mbits) {
    double maxAbs = 0;
    for (float x : v)
        maxAbs = std::max(maxAbs, std::abs(double(x)));
    NaiveBlock b;
    if (maxAbs == 0) {
        b.exponent = -127;
    } else {
        int e = 0;
        double p = 1.0;
        while (p > maxAbs) { p /= 2; --e; }
        while (p * 2 <= maxAbs) { p *= 2; ++e; }
        b.exponent = std::max(-127, std::min(127, e));
    }
    const double scale = std::pow(2.0, b.exponent);
    const double grid = std::pow(2.0, mbits - 2);
    const int maxCode = int(std::pow(2.0, mbits - 1)) - 1;
    for (float x : v) {
        const long q = std::lround(double(x) / scale * grid);  // half away from zero
        b.codes.push_back(int(std::max<long>(-maxCode, std::min<long>(maxCode, q))));
    }
    return b;
}

std::vector<float> randomBlock(std::mt19937_64 &g, int n) {
    std::normal_distribution<float> normal(0.f, 1.f);
    std::uniform_int_distribution<int> magnitude(-20, 20);
    const float s = std::ldexp(1.f, magnitude(g));
    std::vector<float> v(static_cast<std::size_t>(n));
    for (float &x : v)
        x = normal(g) * s;
    return v;
}

}  // namespace

class TestMxInt : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void gridConstantsMatchTheSpec() {
        QCOMPARE(mxMaxNorm(MxIntFormat::Int8), 127.0 / 64.0);
        QCOMPARE(mxMaxNorm(MxIntFormat::Int4), 1.75);
        QCOMPARE(mxMaxNorm(MxIntFormat::Int2), 1.0);
        QCOMPARE(mxBitsPerElement(MxIntFormat::Int8), 8.25);
        QCOMPARE(mxBitsPerElement(MxIntFormat::Int4), 4.25);
        QCOMPARE(mxBitsPerElement(MxIntFormat::Int2), 2.25);
        QVERIFY(test::errorOf([] { mxFormatForBits(3); }).contains(QStringLiteral("allowed")));
    }

    void quantizeMatchesNaiveReferenceBitExactly() {
        std::mt19937_64 g(11);
        for (const MxIntFormat f : {MxIntFormat::Int8, MxIntFormat::Int4, MxIntFormat::Int2})
            for (int trial = 0; trial < 400; ++trial) {
                const int n = trial % 7 == 0 ? 1 + trial % 31 : kMxBlockSize;
                const std::vector<float> v = randomBlock(g, n);
                const MxBlock b = mxQuantizeBlock(v, f);
                const NaiveBlock ref = naiveQuantize(v, mxElementBits(f));
                QCOMPARE(b.exponent(), ref.exponent);
                QCOMPARE(b.count, n);
                for (int i = 0; i < n; ++i)
                    QCOMPARE(int(b.codes[std::size_t(i)]), ref.codes[std::size_t(i)]);
                std::vector<float> out(std::size_t(n), -1.f);
                mxDequantizeBlock(b, f, out);
                for (int i = 0; i < n; ++i) {
                    const double expect = ref.codes[std::size_t(i)] / std::pow(2.0, mxElementBits(f) - 2) *
                                          std::pow(2.0, ref.exponent);
                    QCOMPARE(double(out[std::size_t(i)]), expect);
                }
            }
    }

    void halfwayValuesRoundAwayFromZeroAndClamp() {
        // Scale 2^0 (max 1.5): MXINT4 grid k/4; 0.125 = 0.5 codes rounds to 1, -0.375 to -2.
        const std::vector<float> v = {1.5f, 0.125f, -0.375f, 0.1f};
        const MxBlock b = mxQuantizeBlock(v, MxIntFormat::Int4);
        QCOMPARE(b.exponent(), 0);
        QCOMPARE(int(b.codes[0]), 6);
        QCOMPARE(int(b.codes[1]), 1);
        QCOMPARE(int(b.codes[2]), -2);
        QCOMPARE(int(b.codes[3]), 0);
        // 1.99 · 64 = 127.36 and 1.999 · 4 = 8 clamp to the largest codes.
        QCOMPARE(int(mxQuantizeBlock(std::vector<float>{1.99f}, MxIntFormat::Int8).codes[0]), 127);
        QCOMPARE(int(mxQuantizeBlock(std::vector<float>{-1.999f}, MxIntFormat::Int4).codes[0]), -7);
        QCOMPARE(int(mxQuantizeBlock(std::vector<float>{1.9f}, MxIntFormat::Int2).codes[0]), 1);
    }

    void scaleIsTheE8M0PowerOfTheLargestMagnitude() {
        std::mt19937_64 g(5);
        for (int trial = 0; trial < 200; ++trial) {
            const std::vector<float> v = randomBlock(g, kMxBlockSize);
            float m = 0;
            for (float x : v)
                m = std::max(m, std::abs(x));
            const MxBlock b = mxQuantizeBlock(v, MxIntFormat::Int8);
            QVERIFY(std::ldexp(1.0, b.exponent()) <= m);
            QVERIFY(m < std::ldexp(1.0, b.exponent() + 1));
            QCOMPARE(int(b.scale), b.exponent() + 127);
        }
        QCOMPARE(int(mxQuantizeBlock(std::vector<float>(32, 0.f), MxIntFormat::Int8).scale), 0);
        // Huge and tiny blocks clamp to e = ±127.
        QCOMPARE(mxQuantizeBlock(std::vector<float>{std::ldexp(1.f, -140)}, MxIntFormat::Int8).exponent(), -127);
        QCOMPARE(mxQuantizeBlock(std::vector<float>{3e38f}, MxIntFormat::Int8).exponent(), 127);
    }

    void representableValuesRoundTripExactly() {
        std::mt19937_64 g(3);
        for (const MxIntFormat f : {MxIntFormat::Int8, MxIntFormat::Int4, MxIntFormat::Int2}) {
            const int maxCode = mxMaxCode(f);
            std::uniform_int_distribution<int> code(-maxCode, maxCode), exp(-30, 30);
            for (int trial = 0; trial < 100; ++trial) {
                const int e = exp(g);
                const double step = std::ldexp(1.0, e - (mxElementBits(f) - 2));
                std::vector<float> v(kMxBlockSize);
                for (float &x : v)
                    x = float(code(g) * step);
                // The largest magnitude must set the same exponent: put one code in [2^(m−2), max].
                v[7] = float((trial % 2 ? 1 : -1) * (1 << (mxElementBits(f) - 2)) * step);
                std::vector<float> copy = v;
                mxRoundTrip(copy, f);
                for (int i = 0; i < kMxBlockSize; ++i)
                    QCOMPARE(copy[std::size_t(i)], v[std::size_t(i)]);
            }
        }
    }

    void rowsSplitIntoBlocksOf32() {
        std::mt19937_64 g(9);
        std::vector<float> row = randomBlock(g, 32);
        const std::vector<float> more = randomBlock(g, 40);
        row.insert(row.end(), more.begin(), more.end());
        const std::vector<MxBlock> blocks = mxQuantize(row, MxIntFormat::Int4);
        QCOMPARE(blocks.size(), std::size_t(3));
        QCOMPARE(blocks[2].count, 8);
        const std::vector<float> back = mxDequantize(blocks, MxIntFormat::Int4);
        QCOMPARE(back.size(), row.size());
        for (std::size_t i = 0; i < row.size(); ++i) {  // error at most half a grid step of its block
            const MxBlock &b = blocks[i / 32];
            QVERIFY(std::abs(back[i] - row[i]) <= std::ldexp(0.5 / 4, b.exponent()) + 1e-30 ||
                    std::abs(row[i]) > std::ldexp(1.75, b.exponent()));
        }
        QVERIFY(test::errorOf([] { mxQuantizeBlock(std::vector<float>(33, 1.f), MxIntFormat::Int8); }).contains(QStringLiteral("32")));
        QVERIFY(test::errorOf([] { mxQuantizeBlock(std::vector<float>{NAN}, MxIntFormat::Int8); }).contains(QStringLiteral("finite")));
    }

    void narrowingEqualsRequantizingTheInt8Grid() {
        std::mt19937_64 g(21);
        for (int trial = 0; trial < 200; ++trial) {
            const MxBlock b8 = mxQuantizeBlock(randomBlock(g, kMxBlockSize), MxIntFormat::Int8);
            std::vector<float> v8(kMxBlockSize);
            mxDequantizeBlock(b8, MxIntFormat::Int8, v8);
            for (const MxIntFormat f : {MxIntFormat::Int4, MxIntFormat::Int2}) {
                const MxBlock narrow = mxNarrow(b8, f);
                const NaiveBlock ref = naiveQuantize(v8, mxElementBits(f));
                // Same exponent unless the largest INT8 code rounded up to 2^(e+1) exactly (128/64 is clamped, never).
                QCOMPARE(narrow.exponent(), ref.exponent);
                for (int i = 0; i < kMxBlockSize; ++i)
                    QCOMPARE(int(narrow.codes[std::size_t(i)]), ref.codes[std::size_t(i)]);
            }
        }
    }

    void blockDotEqualsDotOfDequantizedValues() {
        std::mt19937_64 g(31);
        for (const MxIntFormat fa : {MxIntFormat::Int8, MxIntFormat::Int4, MxIntFormat::Int2})
            for (const MxIntFormat fb : {MxIntFormat::Int8, MxIntFormat::Int4}) {
                const MxBlock a = mxQuantizeBlock(randomBlock(g, kMxBlockSize), fa);
                const MxBlock b = mxQuantizeBlock(randomBlock(g, kMxBlockSize), fb);
                std::vector<float> va(kMxBlockSize), vb(kMxBlockSize);
                mxDequantizeBlock(a, fa, va);
                mxDequantizeBlock(b, fb, vb);
                long double ref = 0;
                for (int i = 0; i < kMxBlockSize; ++i)
                    ref += (long double)va[std::size_t(i)] * vb[std::size_t(i)];
                QCOMPARE(mxDot(a, fa, b, fb), double(ref));
            }
    }
};

QTEST_GUILESS_MAIN(TestMxInt)
#include "tst_mxint.moc"
