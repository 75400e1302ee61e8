// Distribution-aware matching (DATM): its merge loss against a naive recount, its first merge
// against a brute-force search, its window, its counts against AsymRnR's and the work it reports.

#include <QtTest>

#include <random>

#include "core/api/errors.h"
#include "core/kernels/distributionmatching.h"
#include "tests/support/errorof.h"

using namespace accelscope;
using namespace accelscope::kernels;

namespace {

// A seeded video-like metric: a few cluster centres, each token near one, drifting over frames.
MatrixF clusteredTokens(const SpatioTemporalSplit &g, int features, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::normal_distribution<float> normal;
    const int centres = 5;
    MatrixF c(centres, features);
    for (Eigen::Index i = 0; i < c.size(); ++i)
        c.data()[i] = 2.0f * normal(rng);
    MatrixF m(g.frames * g.height * g.width, features);
    for (int t = 0; t < m.rows(); ++t) {
        const int x = t % g.width, y = (t / g.width) % g.height;
        m.row(t) = c.row((x / 3 + y / 3) % centres);
        for (int k = 0; k < features; ++k)
            m(t, k) += 0.3f * normal(rng);
    }
    return m;
}

SpatioTemporalSplit grid(int frames, int h, int w) {
    SpatioTemporalSplit s;
    s.frames = frames;
    s.height = h;
    s.width = w;
    return s;
}

int chunkAxis(int token, const SpatioTemporalSplit &g, int axis) {
    const int f = token / (g.height * g.width), y = (token / g.width) % g.height, x = token % g.width;
    return axis == 0 ? f / g.strideFrames : axis == 1 ? y / g.strideHeight : x / g.strideWidth;
}

}  // namespace

class TestDistributionMatching : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void mergesAsManyAsAsymRnR_data() {
        QTest::addColumn<double>("ratio");
        QTest::newRow("0") << 0.0;
        QTest::newRow("0.3") << 0.3;
        QTest::newRow("0.6") << 0.6;
        QTest::newRow("0.9 (capped at the destinations)") << 0.9;
    }
    void mergesAsManyAsAsymRnR() {
        QFETCH(double, ratio);
        const SpatioTemporalSplit g = grid(3, 6, 8);
        const MatrixF x = clusteredTokens(g, 16, 1);
        const TokenMergePlan datm = distributionAwareMatching(x, g, ratio, 7, {-1, 0});
        const TokenMergePlan asym = spatioTemporalMatching(x, g, ratio, 7);
        QCOMPARE(datm.reducedTokens(), asym.reducedTokens());
        // Same split: the destinations (tokens others merge into, or that stay in AsymRnR's) agree.
        const std::vector<bool> isDestination = spatioTemporalDestinations(3, 6, 8, 1, 2, 2, 7);
        for (int t = 0; t < datm.tokens(); ++t)
            if (const int d = datm.destinationOf(t); d >= 0)
                QVERIFY(isDestination[static_cast<std::size_t>(d)] &&
                        !isDestination[static_cast<std::size_t>(t)]);
    }

    void zeroRatioMergesNothing() {
        const SpatioTemporalSplit g = grid(2, 4, 4);
        MatchingWork work;
        const TokenMergePlan plan = distributionAwareMatching(clusteredTokens(g, 8, 2), g, 0.0, 1, {}, &work);
        QCOMPARE(plan.reducedTokens(), plan.tokens());
        QCOMPARE(work.merges, std::int64_t{0});
        QCOMPARE(work.loss, 0.0);
    }

    void reportedLossIsTheNaiveMergeLoss() {
        const SpatioTemporalSplit g = grid(4, 8, 8);
        const MatrixF x = clusteredTokens(g, 32, 3);
        for (double ratio : {0.2, 0.5, 0.7}) {
            MatchingWork work;
            const TokenMergePlan plan = distributionAwareMatching(x, g, ratio, 5, {1, 0}, &work);
            // Naive: every group's members against the group's plain mean, recounted from the plan.
            double naive = 0;
            for (int d = 0; d < plan.tokens(); ++d) {
                if (plan.destinationOf(d) >= 0)
                    continue;
                std::vector<int> members{d};
                for (int t = 0; t < plan.tokens(); ++t)
                    if (plan.destinationOf(t) == d)
                        members.push_back(t);
                RowVectorF mean = RowVectorF::Zero(x.cols());
                for (int t : members)
                    mean += x.row(t);
                mean /= static_cast<float>(members.size());
                for (int t : members)
                    naive += (x.row(t) - mean).squaredNorm();
            }
            QVERIFY2(std::abs(work.loss - naive) <= 1e-3 * naive,
                     qPrintable(QStringLiteral("%1 vs %2").arg(work.loss).arg(naive)));
            QVERIFY(std::abs(mergeLoss(x, plan) - naive) <= 1e-3 * naive);
            QCOMPARE(work.merges, std::int64_t(plan.tokens() - plan.reducedTokens()));
        }
    }

    void firstMergeIsTheBruteForceClosestPair() {
        // One merge: the pair with the least half squared distance among all windowed pairs.
        const SpatioTemporalSplit g = grid(3, 6, 6);
        const MatrixF x = clusteredTokens(g, 8, 4);
        const int n = static_cast<int>(x.rows());
        const double ratio = 0.5 / n;  // int(n · (1 − ratio)) = n − 1 rows remain
        const TokenMergePlan plan = distributionAwareMatching(x, g, ratio, 9, {1, 0});
        QCOMPARE(plan.reducedTokens(), n - 1);
        const std::vector<bool> isDestination = spatioTemporalDestinations(3, 6, 6, 1, 2, 2, 9);
        double best = 1e300;
        int bestSource = -1, bestDestination = -1;
        for (int s = 0; s < n; ++s)
            for (int d = 0; d < n; ++d) {
                if (isDestination[std::size_t(s)] || !isDestination[std::size_t(d)])
                    continue;
                bool inWindow = true;
                for (int a = 0; a < 3; ++a)
                    inWindow = inWindow && std::abs(chunkAxis(s, g, a) - chunkAxis(d, g, a)) <= 1;
                const double dist = 0.5 * (x.row(s) - x.row(d)).squaredNorm();
                if (inWindow && dist < best) {
                    best = dist;
                    bestSource = s;
                    bestDestination = d;
                }
            }
        QCOMPARE(plan.destinationOf(bestSource), bestDestination);
    }

    void mergesStayWithinTheWindowAndCrossFrames() {
        const SpatioTemporalSplit g = grid(4, 8, 8);
        const MatrixF x = clusteredTokens(g, 16, 5);
        MatchingWork work;
        const TokenMergePlan plan = distributionAwareMatching(x, g, 0.6, 3, {1, 0}, &work);
        int acrossFrames = 0;
        for (int t = 0; t < plan.tokens(); ++t)
            if (const int d = plan.destinationOf(t); d >= 0) {
                for (int a = 0; a < 3; ++a)
                    QVERIFY(std::abs(chunkAxis(t, g, a) - chunkAxis(d, g, a)) <= 1);
                acrossFrames += chunkAxis(t, g, 0) != chunkAxis(d, g, 0) ? 1 : 0;
            }
        QVERIFY(acrossFrames > 0);  // 3-D matching: some sources merge into another frame's destination
        // The distances computed are exactly the windowed candidates, counted without matching.
        QCOMPARE(work.distances, candidateDistances(g, 1));
        QCOMPARE(candidateDistances(g, -1), std::int64_t(x.rows() - g.chunks()) * g.chunks());
    }

    void losesLessThanGreedyMatching() {
        // On the same split and merge count, accounting for the groups loses less than AsymRnR's
        // one-shot nearest-destination ranking (global window, both on the same metric).
        const SpatioTemporalSplit g = grid(4, 8, 8);
        const MatrixF x = clusteredTokens(g, 32, 6);
        for (double ratio : {0.4, 0.6, 0.7}) {
            const double datm = mergeLoss(x, distributionAwareMatching(x, g, ratio, 11, {-1, 0}));
            const double asym = mergeLoss(x, spatioTemporalMatching(x, g, ratio, 11));
            QVERIFY2(datm < asym,
                     qPrintable(QStringLiteral("ratio %1: %2 vs %3").arg(ratio).arg(datm).arg(asym)));
        }
    }

    void quantizedMetricChangesLittle() {
        const SpatioTemporalSplit g = grid(4, 8, 8);
        const MatrixF x = clusteredTokens(g, 32, 7);
        const TokenMergePlan full = distributionAwareMatching(x, g, 0.5, 2, {1, 0});
        const TokenMergePlan int8 = distributionAwareMatching(x, g, 0.5, 2, {1, 8});
        // Judged on the float metric: the MXINT8 plan's loss within 2 % of the float plan's.
        QVERIFY(mergeLoss(x, int8) <= 1.02 * mergeLoss(x, full));
        QCOMPARE(mxRows(x, 0), x);
        QVERIFY((mxRows(x, 8) - x).cwiseAbs().maxCoeff() < 0.05f * x.cwiseAbs().maxCoeff());
    }

    void badInputIsNamed() {
        const SpatioTemporalSplit g = grid(2, 4, 4);
        const MatrixF x = clusteredTokens(g, 8, 1);
        QVERIFY(test::errorOf([&] {
                    distributionAwareMatching(x, grid(2, 4, 5), 0.5, 1);
                }).contains(QLatin1String("grid")));
        QVERIFY(
            test::errorOf([&] { distributionAwareMatching(x, g, 1.5, 1); }).contains(QLatin1String("ratio")));
        QVERIFY(test::errorOf([&] {
                    distributionAwareMatching(x, g, 0.5, 1, {1, 3});
                }).contains(QLatin1String("bits")));
    }
};

QTEST_GUILESS_MAIN(TestDistributionMatching)
#include "tst_distributionmatching.moc"
