// KV-eviction selection: top scores with the window kept, one selection over several caches,
// attention mass with SnapKV pooling, and attention over an explicit (compacted) cache.
#include <QtTest>

#include "core/kernels/attention.h"
#include "core/kernels/kveviction.h"
#include "core/kernels/random.h"

using namespace accelscope::kernels;

class TestKvEviction : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void keepsTheWindowAndTheHighestScores() {
        const std::vector<double> scores{5, 1, 9, 1, 0, 0.5, 0.1};
        // Window: tokens 5 and 6; then 9 (token 2) and 5 (token 0); ties go to the older token.
        QCOMPARE(keepTopScores(scores, 4, 2), (KeptTokens{0, 2, 5, 6}));
        QCOMPARE(keepTopScores(scores, 5, 2), (KeptTokens{0, 1, 2, 5, 6}));
        QCOMPARE(keepTopScores(scores, 7, 2).size(), std::size_t{7});
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, keepTopScores(scores, 1, 2));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, keepTopScores(scores, 8, 2));
    }

    void oneSelectionOverSeveralCaches() {
        const std::vector<std::vector<double>> scores{{0.9, 0.8, 0.7, 0}, {0.1, 0.2, 0.3, 0}};
        const std::vector<KeptTokens> kept = keepTopScoresGlobal(scores, 5, 1);
        // Both windows (token 3), then the three best of the rest, all in the first cache.
        QCOMPARE(kept[0], (KeptTokens{0, 1, 2, 3}));
        QCOMPARE(kept[1], (KeptTokens{3}));
    }

    void attentionMassSumsAndPools() {
        MatrixF a(2, 5), b(2, 5);
        a << 0.5, 0.5, 0, 0, 0, 0, 0, 1, 0, 0;
        b << 0, 0, 0, 0, 1, 0, 0, 0, 1, 0;
        QCOMPARE(attentionMass({&a, &b}), (std::vector<double>{0.5, 0.5, 1, 1, 1}));
        QCOMPARE(attentionMass({&a}, 3), (std::vector<double>{0.5, 1, 1, 1, 0}));
        QCOMPARE(attentionMass({&b}, 3), (std::vector<double>{0, 0, 1, 1, 1}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, attentionMass({&a}, 2));
    }

    void attentionOverACacheMatchesTheCausalKernel() {
        std::mt19937_64 rng(5);
        const MatrixF keys = randomNormalFp16(12, 8, rng), values = randomNormalFp16(12, 8, rng);
        const MatrixF queries = randomNormalFp16(3, 8, rng);
        KvCache cache(1, 8);
        cache.append(keys, values);
        MatrixF causalScores, scores;
        const MatrixF causal = causalAttentionHead(queries, cache, 0, &causalScores);
        const MatrixF out = attentionHead(queries, keys, values, 9, &scores);
        QVERIFY((scores - causalScores).cwiseAbs().maxCoeff() < 1e-3);  // the causal kernel rounds to FP16
        QVERIFY((out - causal).cwiseAbs().maxCoeff() < 1e-2);
        QCOMPARE(scores(0, 10), 0.0f);  // query 0 sits at position 9
        // Without a position every query sees every key; rows sum to 1.
        attentionHead(queries, keys, values, -1, &scores);
        QVERIFY(scores(0, 11) > 0);
        QVERIFY(std::abs(scores.row(1).sum() - 1.0f) < 1e-5);
    }
};

QTEST_GUILESS_MAIN(TestKvEviction)
#include "tst_kveviction.moc"
