// Exponent coding: the unary code by frequency rank round-trips and its length matches the
// ranks; shared exponents keep every value within one step of its block's scale.
#include <QtTest>

#include <cmath>
#include <numeric>
#include <random>

#include "core/kernels/bf16.h"
#include "core/kernels/exponentcode.h"
#include "core/kernels/random.h"

using namespace accelscope::kernels;

class TestExponentCode : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void unaryCodeRanksByFrequency() {
        ExponentHistogram h{};
        h[120] = 50;
        h[121] = 30;
        h[119] = 30;  // tie with 121: the smaller exponent ranks first
        h[100] = 1;
        const UnaryExponentCode code = UnaryExponentCode::fromHistogram(h);
        QCOMPARE(code.symbols(), 4);
        QCOMPARE(code.codeLength(120), 1);
        QCOMPARE(code.codeLength(119), 2);
        QCOMPARE(code.codeLength(121), 3);
        QCOMPARE(code.codeLength(100), 4);
        QCOMPARE(code.meanBits(h), (50 * 1 + 30 * 2 + 30 * 3 + 1 * 4) / 111.0);
        QVERIFY_THROWS_EXCEPTION(std::out_of_range, code.codeLength(7));
        // Entropy is a lower bound of any prefix code's mean length.
        QVERIFY(exponentEntropyBits(h) <= code.meanBits(h));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, UnaryExponentCode::fromHistogram(ExponentHistogram{}));
    }

    void unaryCodeRoundTripsRealisticWeights() {
        std::mt19937_64 generator(11);
        MatrixF w = randomNormalFp16(64, 64, generator, 0.02f);
        roundToBf16InPlace(w);
        const ExponentHistogram h = bf16ExponentHistogram(w);
        const UnaryExponentCode code = UnaryExponentCode::fromHistogram(h);
        std::vector<int> exponents;
        for (Eigen::Index i = 0; i < w.size(); ++i)
            exponents.push_back(bf16Exponent(toBf16Bits(w.data()[i])));
        const std::vector<bool> bits = code.encode(exponents);
        QCOMPARE(code.decode(bits), exponents);
        QCOMPARE(double(bits.size()) / double(exponents.size()), code.meanBits(h));
        // Gaussian weights use a few exponents: a few bits, far below the field's 8.
        QVERIFY(code.meanBits(h) < 3.5);
        QVERIFY(exponentEntropyBits(h) > 2.0);
        std::vector<bool> cut(bits.begin(), bits.end() - 1);
        if (!bits.empty() && !cut.empty() && !cut.back())
            QVERIFY_THROWS_EXCEPTION(std::invalid_argument, code.decode(cut));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, code.decode(std::vector<bool>(64, false)));
    }

    void sharedExponentAlignsToTheBlockMaximum() {
        MatrixF v(1, 4);
        v << 1.5f, -0.75f, 0.1f, 3.0f;  // block maximum exponent: 3.0 → 2^1
        const SharedExponentFormat f{4, 8};
        const MatrixF r = sharedExponentRound(v, f);
        // Step 2^(1 - 7) = 1/64: every value is truncated to a multiple of it.
        QCOMPARE(r(0, 0), 1.5f);
        QCOMPARE(r(0, 1), -0.75f);
        QCOMPARE(r(0, 2), 6.0f / 64.0f);
        QCOMPARE(r(0, 3), 3.0f);
        const MatrixF draft = sharedExponentRound(v, f, 4);  // step 1/4
        QCOMPARE(draft(0, 0), 1.5f);
        QCOMPARE(draft(0, 1), -0.75f);
        QCOMPARE(draft(0, 2), 0.0f);
        QCOMPARE(f.bitsPerValue(), 1.0 + 8.0 + 2.0);
        // Truncating the rounded values again gives the same draft: the draft is a bit-subset.
        QVERIFY(sharedExponentRound(r, f, 4) == draft);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, sharedExponentRound(v, f, 8));
    }
};

QTEST_GUILESS_MAIN(TestExponentCode)
#include "tst_exponentcode.moc"
