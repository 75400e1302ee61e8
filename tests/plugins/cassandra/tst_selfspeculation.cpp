// SelfSpeculation: speculative decoding with the bit-subset draft produces exactly the target's
// greedy tokens; the draft is a bit-subset of the target; acceptance and bits follow their
// definitions.
#include <QtTest>

#include "core/api/errors.h"
#include "core/kernels/bf16.h"
#include "functional/selfspeculation.h"

using namespace accelscope;
using namespace accelscope::cassandra;
using kernels::MatrixF;

namespace {

FunctionalSettings settings(ExponentCoding coding, int gamma) {
    FunctionalSettings s;
    s.draft.coding = coding;
    s.draft.draftLength = gamma;
    s.outputTokens = 48;
    return s;
}

}  // namespace

class TestSelfSpeculation : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void losslessTokenByToken_data() {
        QTest::addColumn<int>("coding");
        QTest::addColumn<int>("gamma");
        QTest::addColumn<int>("seed");
        QTest::newRow("cassandra-1 γ5 seed1") << 0 << 5 << 1;
        QTest::newRow("cassandra-1 γ3 seed4") << 0 << 3 << 4;
        QTest::newRow("cassandra-2 γ3 seed1") << 1 << 3 << 1;
    }
    void losslessTokenByToken() {
        QFETCH(int, coding);
        QFETCH(int, gamma);
        QFETCH(int, seed);
        const SelfSpeculation &x = *selfSpeculationFor(settings(coding ? ExponentCoding::Shared : ExponentCoding::Unary, gamma), seed);
        QCOMPARE(x.generated().size(), std::size_t{48});
        for (std::size_t i = 0; i < x.generated().size(); ++i)
            QVERIFY2(x.generated()[i] == x.targetOnlyTokens()[i], qPrintable(QStringLiteral("token %1").arg(i)));
        QVERIFY(x.lossless());
        // The draft is not the target: it disagrees somewhere and agrees often.
        QVERIFY(x.acceptanceRate() > 0.2 && x.acceptanceRate() < 1.0);
    }

    void acceptanceFollowsItsDefinition() {
        const SelfSpeculation &x = *selfSpeculationFor(settings(ExponentCoding::Unary, 5), 2);
        double drafted = 0, accepted = 0, committed = 1;
        for (const SpeculationRound &r : x.rounds()) {
            QCOMPARE(int(r.draftTokens.size()), 5);
            QCOMPARE(int(r.targetTokens.size()), 6);
            // Accepted = the longest prefix where the draft equals the target's greedy choice.
            int prefix = 0;
            while (prefix < 5 && r.draftTokens[prefix] == r.targetTokens[prefix])
                ++prefix;
            QCOMPARE(r.accepted, prefix);
            drafted += 5;
            accepted += r.accepted;
            QCOMPARE(r.position, 32 + int(committed) - 1);
            committed += r.accepted + 1;
        }
        QVERIFY(committed >= 48);
        QCOMPARE(x.acceptanceRate(), accepted / drafted);
        QCOMPARE(x.tokensPerRound(), (accepted + x.rounds().size()) / double(x.rounds().size()));
        const std::vector<double> byPosition = x.acceptanceByPosition();
        QCOMPARE(byPosition.size(), std::size_t{5});
        for (const double a : byPosition)
            QVERIFY(a >= 0.0 && a <= 1.0);
    }

    void draftIsABitSubsetOfTheTarget() {
        const SelfSpeculation &x = *selfSpeculationFor(settings(ExponentCoding::Unary, 5), 2);
        const MatrixF &target = x.targetWeights().layers[1].fc2;
        const MatrixF &draft = x.draftWeights().layers[1].fc2;
        int kept = 0;
        for (Eigen::Index i = 0; i < target.size(); ++i) {
            const float t = target.data()[i], d = draft.data()[i];
            QCOMPARE(kernels::roundToBf16(t), t);  // the target is BF16
            if (d != 0.0f) {
                ++kept;
                // Same sign and exponent, upper 3 mantissa bits, lower 4 zero.
                QCOMPARE(kernels::toBf16Bits(d), std::uint16_t(kernels::toBf16Bits(t) & 0xFFF0));
            }
        }
        // Wanda keeps 60 % of each output's inputs (a kept value whose upper bits are all zero counts as pruned here).
        QVERIFY(std::abs(kept / double(target.size()) - 0.6) < 0.01);
        QCOMPARE(x.weightMask().rows(), 256);
        QCOMPARE(x.weightMask().cols(), 1024);
        QCOMPARE(int(x.weightMask().col(7).cast<int>().sum()), 154);  // round(0.6 × 256)

        // KV: per token and head, 60 % of the entries, truncated.
        MatrixF rows(2, 64);
        for (int c = 0; c < 64; ++c) {
            rows(0, c) = kernels::roundToBf16(0.01f * (c + 1));
            rows(1, c) = kernels::roundToBf16(-0.5f + 0.013f * c);
        }
        const MatrixF view = x.draftKv(rows);
        for (int r = 0; r < 2; ++r) {
            int nonzero = 0;
            for (int c = 0; c < 64; ++c)
                if (view(r, c) != 0.0f) {
                    ++nonzero;
                    QCOMPARE(view(r, c), kernels::truncateBf16Mantissa(rows(r, c), 4));
                }
            QVERIFY(nonzero <= 38);
        }
        QCOMPARE(view(0, 63), kernels::truncateBf16Mantissa(rows(0, 63), 4));  // the largest stays
        QCOMPARE(view(0, 0), 0.0f);                                              // the smallest goes
    }

    void bitsAreCountedFromTheEncoding() {
        const SelfSpeculation &c1 = *selfSpeculationFor(settings(ExponentCoding::Unary, 5), 1);
        const BitBudget &w = c1.weightBits();
        QVERIFY(w.exponentEntropyBits <= w.exponentBits);
        QCOMPARE(w.targetBits, 2.0 + w.exponentBits + 7.0);
        QCOMPARE(w.draftBits, 1.0 + w.keptFraction * (1.0 + w.keptExponentBits + 3.0));
        QVERIFY(std::abs(w.keptFraction - 0.6) < 0.01);
        QVERIFY(w.targetBits < 16.0 && w.draftBits < 0.5 * w.targetBits);
        QVERIFY(c1.kvBits().targetBits < 16.0);
        const SelfSpeculation &c2 = *selfSpeculationFor(settings(ExponentCoding::Shared, 3), 1);
        QCOMPARE(c2.weightBits().targetBits, 1.0 + 1.0 + 8.0 + 0.25);
    }

    void badSettingsAreRejected() {
        FunctionalSettings s;
        s.draft.weightTruncation = 8;
        QVERIFY_THROWS_EXCEPTION(InputError, s.validate());
        s = FunctionalSettings();
        s.outputTokens = 400;
        QVERIFY_THROWS_EXCEPTION(InputError, s.validate());
        s = FunctionalSettings();
        s.draft.kvSparsity = 1.0;
        QVERIFY_THROWS_EXCEPTION(InputError, s.validate());
    }
};

QTEST_GUILESS_MAIN(TestSelfSpeculation)
#include "tst_selfspeculation.moc"
