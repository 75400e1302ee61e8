// ReSV's functional parts: the HC table against a brute-force leader clustering (bit-by-bit
// Hamming distances, explicit means), the WTU's early-exit sort against the full-sort definition
// of WiCSum, and the experiment's invariants: retrieving everything reproduces full attention,
// retrieval beats the same number of recent tokens when queries revisit old scenes, and the run
// is deterministic in its seed.
#include <QtTest>

#include <cmath>

#include "core/kernels/random.h"
#include "core/workloads/transformer.h"
#include "functional/resv.h"

using namespace accelscope;
using namespace accelscope::vrex;
using kernels::HashBits;
using kernels::MatrixF;

namespace {

int bitwiseHamming(HashBits a, HashBits b) {
    int d = 0;
    for (int i = 0; i < 64; ++i)
        d += ((a >> i) & 1U) != ((b >> i) & 1U);
    return d;
}

HashBits naiveHash(const Eigen::RowVectorXd &v, const MatrixF &planes) {
    HashBits h = 0;
    for (int i = 0; i < planes.cols(); ++i) {
        double dot = 0;
        for (int k = 0; k < planes.rows(); ++k)
            dot += v[k] * planes(k, i);
        if (dot > 0)
            h |= HashBits{1} << i;
    }
    return h;
}

TransformerConfig llama() {
    return ModelZoo::builtin().transformer(QStringLiteral("llama-3-8b"));
}

ResvSettings small() {
    ResvSettings s;
    s.layers = 1;
    s.kvHeads = 1;
    s.errorEvery = 3;
    s.textQueries = 4;
    return s;
}

}  // namespace

class TestResv : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void clusteringMatchesABruteForceLeaderClustering() {
        std::mt19937_64 g(5);
        const int dim = 32, tokens = 300;
        const MatrixF planes = kernels::randomHyperplanes(dim, 32, g);
        // Keys around 6 directions, so clusters form and grow.
        MatrixF centers = kernels::randomNormalFp16(6, dim, g);
        MatrixF keys(tokens, dim);
        for (int t = 0; t < tokens; ++t)
            keys.row(t) =
                centers.row(t % 6 == 5 ? (t / 7) % 6 : t % 6) + 0.4f * kernels::randomNormalFp16(1, dim, g);
        HashClusterTable table(planes, 7);
        table.add(keys.topRows(100));
        table.add(keys.bottomRows(200));

        // Reference: every token against every cluster's signature, bit by bit.
        std::vector<Eigen::RowVectorXd> sums;
        std::vector<int> counts, assignment;
        std::vector<HashBits> signatures;
        std::int64_t comparisons = 0;
        for (int t = 0; t < tokens; ++t) {
            const Eigen::RowVectorXd key = keys.row(t).cast<double>();
            const HashBits h = naiveHash(key, planes);
            int best = -1, bestDistance = 1000;
            for (std::size_t c = 0; c < signatures.size(); ++c) {
                ++comparisons;
                const int d = bitwiseHamming(h, signatures[c]);
                if (d < bestDistance) {
                    bestDistance = d;
                    best = static_cast<int>(c);
                }
            }
            if (best >= 0 && bestDistance < 7) {
                sums[static_cast<std::size_t>(best)] += key;
                ++counts[static_cast<std::size_t>(best)];
                signatures[static_cast<std::size_t>(best)] = naiveHash(
                    sums[static_cast<std::size_t>(best)] / counts[static_cast<std::size_t>(best)], planes);
            } else {
                best = static_cast<int>(signatures.size());
                sums.push_back(key);
                counts.push_back(1);
                signatures.push_back(h);
            }
            assignment.push_back(best);
        }
        QCOMPARE(table.tokens(), tokens);
        QCOMPARE(table.clusters(), static_cast<int>(counts.size()));
        QVERIFY(table.clusters() > 6 && table.clusters() < tokens / 3);  // it does cluster, imperfectly
        QCOMPARE(table.comparisons(), comparisons);
        for (int t = 0; t < tokens; ++t)
            QCOMPARE(table.clusterOf(t), assignment[static_cast<std::size_t>(t)]);
        const MatrixF centroids = table.centroids();
        int members = 0;
        for (int c = 0; c < table.clusters(); ++c) {
            QCOMPARE(table.count(c), counts[static_cast<std::size_t>(c)]);
            QCOMPARE(static_cast<int>(table.members(c).size()), table.count(c));
            members += table.count(c);
            const Eigen::RowVectorXd mean =
                sums[static_cast<std::size_t>(c)] / counts[static_cast<std::size_t>(c)];
            QVERIFY((centroids.row(c).cast<double>() - mean).norm() < 1e-4 * (1 + mean.norm()));
            QCOMPARE(table.signatures()[static_cast<std::size_t>(c)],
                     signatures[static_cast<std::size_t>(c)]);
        }
        QCOMPARE(members, tokens);
    }

    void earlyExitSortSelectsWhatAFullSortSelects() {
        std::mt19937_64 g(9);
        std::exponential_distribution<double> expo(1.0);
        std::uniform_int_distribution<int> count(1, 60);
        for (int trial = 0; trial < 200; ++trial) {
            const int n = 1 + trial % 97;
            std::vector<double> logits(static_cast<std::size_t>(n)), scores(logits.size());
            std::vector<int> counts(logits.size());
            double sum = 0;
            for (int i = 0; i < n; ++i) {
                logits[static_cast<std::size_t>(i)] = 3.0 * expo(g);
                counts[static_cast<std::size_t>(i)] = count(g);
                sum += scores[static_cast<std::size_t>(i)] = std::exp(logits[static_cast<std::size_t>(i)]);
            }
            for (double &s : scores)
                s /= sum;
            if (trial % 10 == 0 && n > 2)
                scores[1] = scores[2];  // ties go to the lower index in both
            for (const double ratio : {0.05, 0.3, 0.8, 1.0})
                for (const int buckets : {1, 4, 16, 64}) {
                    const WicsumSelection fast = wicsumSelect(scores, counts, ratio, buckets);
                    const std::vector<int> reference = wicsumSelectBySort(scores, counts, ratio);
                    QCOMPARE(fast.clusters, reference);
                    QVERIFY(fast.visited >= static_cast<int>(fast.clusters.size()) && fast.visited <= n);
                }
            // The prefix is the shortest whose weighted sum exceeds the threshold.
            const std::vector<int> sel = wicsumSelectBySort(scores, counts, 0.3);
            double total = 0, acc = 0;
            for (int i = 0; i < n; ++i)
                total += scores[static_cast<std::size_t>(i)] * counts[static_cast<std::size_t>(i)];
            for (std::size_t k = 0; k < sel.size(); ++k) {
                acc += scores[static_cast<std::size_t>(sel[k])] * counts[static_cast<std::size_t>(sel[k])];
                QCOMPARE(acc > 0.3 * total, k + 1 == sel.size());
            }
        }
        // A peaked row: the top bucket holds the mass, the sort opens a few elements of many.
        std::vector<double> peaked(500, 1e-4);
        peaked[17] = 0.5;
        peaked[300] = 0.3;
        const WicsumSelection s = wicsumSelect(peaked, std::vector<int>(500, 10), 0.3, 16);
        QCOMPARE(s.clusters, (std::vector<int>{17}));
        QVERIFY(s.visited <= 2);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, wicsumSelect({0.5}, {1, 2}, 0.3, 16));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, wicsumSelect({0.5}, {1}, 0.0, 16));
    }

    void retrievingEverythingIsFullAttention() {
        ResvSettings s = small();
        s.wicsumRatio = 1.0;
        const ResvExperiment x(llama(), 400, 4, s, VideoStreamSpec{}, 3);
        for (const FrameRetrieval &f : x.frames()) {
            QCOMPARE(f.retrievedTokens, double(f.cachedTokens));
            if (f.outputError >= 0) {
                QVERIFY2(f.outputError < 1e-5, qPrintable(QString::number(f.outputError)));
                QVERIFY(std::abs(f.attentionRecall - 1.0) < 1e-5);
            }
        }
    }

    void retrievalFollowsTheQueriesNotRecency() {
        VideoStreamSpec lookingBack;
        lookingBack.revisitProbability = 1.0;  // every frame's queries ask about an earlier scene
        const ResvExperiment x(llama(), 1500, 9, small(), lookingBack, 1);
        QCOMPARE(static_cast<int>(x.frames().size()), 9);
        QCOMPARE(x.frames().front().cachedTokens, 1500);
        QCOMPARE(x.frames().back().cachedTokens, 1580);
        for (const FrameRetrieval &f : x.frames()) {
            QVERIFY(f.retrievedTokens > 0 && f.retrievedTokens <= f.cachedTokens);
            QVERIFY(f.wtuVisited <= f.wtuElements);
            double binned = 0;
            for (const double b : f.retrievedByPosition)
                binned += b;
            QVERIFY(std::abs(binned - f.retrievedTokens) < 1e-9);
        }
        QCOMPARE(x.retrievedAmongOldest(0, 1500), x.frames().front().retrievedTokens);
        QCOMPARE(x.retrievedAmongOldest(0, 0), 0.0);
        // Queries look for earlier scenes: ReSV's tokens explain the output better than as many
        // recent ones.
        QVERIFY2(
            x.meanOutputError() < 0.8 * x.meanRecentWindowError(),
            qPrintable(QStringLiteral("%1 vs %2").arg(x.meanOutputError()).arg(x.meanRecentWindowError())));
        QVERIFY(x.wtuVisitedFraction() > 0 && x.wtuVisitedFraction() < 1);
        QVERIFY(x.meanTokensPerCluster() > 1);
    }

    void deterministicInTheSeed() {
        const ResvExperiment a(llama(), 300, 3, small(), VideoStreamSpec{}, 4),
            b(llama(), 300, 3, small(), VideoStreamSpec{}, 4),
            c(llama(), 300, 3, small(), VideoStreamSpec{}, 5);
        QCOMPARE(a.meanRetrievedFraction(), b.meanRetrievedFraction());
        QCOMPARE(a.meanOutputError(), b.meanOutputError());
        QVERIFY(a.meanOutputError() != c.meanOutputError());
    }
};

QTEST_GUILESS_MAIN(TestResv)
#include "tst_resv.moc"
