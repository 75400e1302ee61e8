// Token merging: each matcher's plan against a brute-force reading of its rule, and merge /
// unmerge against their definitions (size-weighted means, copies back to every token).

#include <QtTest>

#include <algorithm>
#include <random>

#include "core/api/errors.h"
#include "core/kernels/tokenmerge.h"
#include "tests/support/errorof.h"

using namespace accelscope;
using namespace accelscope::kernels;

namespace {

MatrixF randomTokens(int n, int features, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::normal_distribution<float> normal;
    MatrixF m(n, features);
    for (Eigen::Index i = 0; i < m.size(); ++i)
        m.data()[i] = normal(rng);
    return m;
}

double cosine(const MatrixF &m, int a, int b) {
    return static_cast<double>(m.row(a).dot(m.row(b))) / (static_cast<double>(m.row(a).norm()) * m.row(b).norm());
}

// Brute force: the best-scoring destination of `s`, and that score.
template <class Score>
std::pair<int, double> best(int s, const std::vector<int> &destinations, Score score) {
    int arg = -1;
    double top = -1e300;
    for (int d : destinations)
        if (score(s, d) > top) {
            top = score(s, d);
            arg = d;
        }
    return {arg, top};
}

}  // namespace

class TestTokenMerge : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void bipartiteMergesTheMostSimilarSources() {
        const MatrixF x = randomTokens(64, 16, 1);
        const TokenMergePlan plan = bipartiteSoftMatching(x, 20);
        QCOMPARE(plan.reducedTokens(), 44);
        std::vector<int> odd;
        for (int i = 1; i < 64; i += 2)
            odd.push_back(i);
        const auto score = [&](int s, int d) { return cosine(x, s, d); };
        double weakestMerged = 1e300, strongestKept = -1e300;
        for (int s = 0; s < 64; s += 2) {
            const auto [partner, value] = best(s, odd, score);
            if (plan.destinationOf(s) >= 0) {
                QCOMPARE(plan.destinationOf(s), partner);
                weakestMerged = std::min(weakestMerged, value);
            } else {
                strongestKept = std::max(strongestKept, value);
            }
        }
        QVERIFY(weakestMerged >= strongestKept - 1e-6);
        for (int d : odd)
            QCOMPARE(plan.destinationOf(d), -1);
        // At most half the tokens merge; a protected first token never does.
        QCOMPARE(bipartiteSoftMatching(x, 1000).reducedTokens(), 32);
        QCOMPARE(bipartiteSoftMatching(x, 1000, true).destinationOf(0), -1);
    }

    void mergeAveragesAndUnmergeCopiesBack() {
        const MatrixF x = randomTokens(12, 3, 2);
        // 1 and 2 merge into 0; 5 into 4; the rest stay.
        const TokenMergePlan plan({-1, 0, 0, -1, -1, 4, -1, -1, -1, -1, -1, -1});
        QCOMPARE(plan.reducedTokens(), 9);
        std::vector<float> sizes;
        const MatrixF reduced = plan.merge(x, {}, &sizes);
        QVERIFY(reduced.row(0).isApprox((x.row(0) + x.row(1) + x.row(2)) / 3));
        QVERIFY(reduced.row(2).isApprox((x.row(4) + x.row(5)) / 2));
        QCOMPARE(reduced.row(1), x.row(3));
        QCOMPARE(sizes[0], 3.0f);
        // Size-weighted: rows standing for more tokens weigh more, and sizes add up.
        std::vector<float> weights(12, 1.0f);
        weights[1] = 3;
        std::vector<float> merged;
        const MatrixF weighted = plan.merge(x, weights, &merged);
        QVERIFY(weighted.row(0).isApprox((x.row(0) + 3 * x.row(1) + x.row(2)) / 5));
        QCOMPARE(merged[0], 5.0f);
        const MatrixF back = plan.unmerge(reduced);
        QCOMPARE(back.rows(), 12);
        QCOMPARE(back.row(1), reduced.row(0));
        QCOMPARE(back.row(5), reduced.row(2));
        QCOMPARE(back.row(3), x.row(3));
        QVERIFY(test::errorOf([] { TokenMergePlan bad({-1, 2, 0}); }).contains(QStringLiteral("token 1 merges into 2")));
    }

    void randomGridHasOneDestinationPerCell() {
        const int w = 16, h = 12;
        const MatrixF x = randomTokens(w * h, 8, 3);
        const TokenMergePlan plan = randomGridMatching(x, w, h, 2, 2, 1000, 42);
        // Every 2×2 cell keeps exactly one destination; all sources merged (r above their count).
        QCOMPARE(plan.reducedTokens(), w * h / 4);
        for (int cy = 0; cy < h; cy += 2)
            for (int cx = 0; cx < w; cx += 2) {
                int kept = 0;
                for (int i : {cy * w + cx, cy * w + cx + 1, (cy + 1) * w + cx, (cy + 1) * w + cx + 1})
                    kept += plan.destinationOf(i) == -1;
                QCOMPARE(kept, 1);
            }
        // The same seed, the same destinations; without randomness, the top-left ones.
        const TokenMergePlan again = randomGridMatching(x, w, h, 2, 2, 1000, 42);
        QCOMPARE(again.kept(), plan.kept());
        const TokenMergePlan topLeft = randomGridMatching(x, w, h, 2, 2, 1000, 42, false);
        for (int i : topLeft.kept())
            QVERIFY((i % w) % 2 == 0 && (i / w) % 2 == 0);
        // Half the tokens merged: the sources with the most similar destinations.
        const TokenMergePlan half = randomGridMatching(x, w, h, 2, 2, w * h / 2, 42);
        QCOMPARE(half.reducedTokens(), w * h / 2);
        QVERIFY(test::errorOf([&] { randomGridMatching(x, 10, 10, 2, 2, 1, 1); }).contains(QStringLiteral("10×10")));
    }

    void penaltyReranksSourcesButKeepsPartners() {
        const int w = 8, h = 8;
        const MatrixF x = randomTokens(w * h, 8, 5);
        // All sources merged: the kept tokens are the destinations.
        const std::vector<int> destinations = randomGridMatching(x, w, h, 2, 2, 1000, 9).kept();
        std::vector<double> penalty(w * h);
        for (std::size_t i = 0; i < penalty.size(); ++i)
            penalty[i] = 0.3 * static_cast<double>(i % 3);
        const TokenMergePlan plan = randomGridMatching(x, w, h, 2, 2, 20, 9, true, penalty);
        // Brute force: each source's best destination by cosine; the 20 best penalized scores merge.
        std::vector<std::pair<double, int>> ranked;
        std::vector<int> partner(w * h, -1);
        for (int s = 0; s < w * h; ++s) {
            if (std::find(destinations.begin(), destinations.end(), s) != destinations.end())
                continue;
            const auto [d, value] = best(s, destinations, [&](int a, int b) { return cosine(x, a, b); });
            partner[static_cast<std::size_t>(s)] = d;
            ranked.push_back({value - penalty[static_cast<std::size_t>(s)], s});
        }
        std::stable_sort(ranked.begin(), ranked.end(), [](const auto &a, const auto &b) { return a.first > b.first; });
        for (std::size_t k = 0; k < ranked.size(); ++k) {
            const int s = ranked[k].second;
            QCOMPARE(plan.destinationOf(s), k < 20 ? partner[static_cast<std::size_t>(s)] : -1);
        }
        QVERIFY(test::errorOf([&] { randomGridMatching(x, w, h, 2, 2, 20, 9, true, {1.0}); })
                    .contains(QStringLiteral("1 source penalties for 64 tokens")));
    }

    void pairMatchRatioCountsRepeatedPairs() {
        const TokenMergePlan a({-1, 0, 0, -1, 3, -1});
        const TokenMergePlan b({-1, 0, 5, -1, -1, -1});
        QCOMPARE(pairMatchRatio(a, b), 1.0 / 3);  // 1 → 0 repeats; 2 and 4 moved or stayed
        QCOMPARE(pairMatchRatio(b, a), 1.0 / 2);
        QCOMPARE(pairMatchRatio(a, a), 1.0);
        QCOMPARE(pairMatchRatio(TokenMergePlan({-1, -1}), TokenMergePlan({-1, 0})), 1.0);
        QVERIFY(test::errorOf([&] { pairMatchRatio(a, TokenMergePlan({-1, 0})); }).contains(QStringLiteral("6 and 2")));
    }

    void spatioTemporalKeepsTheLeastSimilar() {
        const int frames = 4, h = 6, w = 8, n = frames * h * w;
        const MatrixF x = randomTokens(n, 8, 4);
        // With everything reduced only the destinations stay: one per 2×2×2 chunk.
        const std::vector<int> destinations = spatioTemporalMatching(x, frames, h, w, 2, 2, 2, 1.0, 9).kept();
        QCOMPARE(static_cast<int>(destinations.size()), n / 8);
        std::vector<int> perChunk(static_cast<std::size_t>(n / 8), 0);
        for (int d : destinations) {
            const int f = d / (h * w), y = (d / w) % h, xx = d % w;
            ++perChunk[static_cast<std::size_t>(((f / 2) * (h / 2) + y / 2) * (w / 2) + xx / 2)];
        }
        QVERIFY(std::all_of(perChunk.begin(), perChunk.end(), [](int c) { return c == 1; }));

        const double ratio = 0.6;
        const TokenMergePlan plan = spatioTemporalMatching(x, frames, h, w, 2, 2, 2, ratio, 9);
        QCOMPARE(plan.reducedTokens(), static_cast<int>(n * (1 - ratio)));
        const auto distance = [&](int a, int b) { return -static_cast<double>((x.row(a) - x.row(b)).squaredNorm()); };
        double closestKept = -1e300, farthestMerged = 1e300;  // in score (−distance)
        for (int i = 0; i < n; ++i) {
            if (std::find(destinations.begin(), destinations.end(), i) != destinations.end()) {
                QCOMPARE(plan.destinationOf(i), -1);
                continue;
            }
            const auto [nearest, score] = best(i, destinations, distance);
            if (plan.destinationOf(i) >= 0) {
                QCOMPARE(plan.destinationOf(i), nearest);
                farthestMerged = std::min(farthestMerged, score);
            } else {
                closestKept = std::max(closestKept, score);
            }
        }
        // The sources that stay are the least similar ones.
        QVERIFY(closestKept <= farthestMerged + 1e-6);
        QVERIFY(test::errorOf([&] { spatioTemporalMatching(x, 4, 6, 8, 2, 2, 2, 1.5, 1); }).contains(QStringLiteral("ratio")));
    }
};

QTEST_APPLESS_MAIN(TestTokenMerge)
#include "tst_tokenmerge.moc"
