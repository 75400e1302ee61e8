// FastSTAR's pruning on the toy next-scale generator: the scores against a naive recomputation,
// the selection rules, pruning nothing reproducing the unpruned video bit for bit, the pruned
// counts equal to a recount of the masks, the partial update leaving pruned tokens at their
// cached values, image-to-video keeping the given frame, and convergence-guided pruning beating
// a random choice of the same size.

#include <QtTest>

#include <cmath>
#include <random>

#include "core/api/errors.h"
#include "functional/spatiotemporalpruning.h"
#include "tests/support/errorof.h"

using namespace accelscope;
using namespace accelscope::faststar;
using kernels::Latent;

namespace {

NextScaleToySpec toySpec(bool firstClipGiven = false) {
    NextScaleToySpec spec;
    spec.content.height = 9;
    spec.content.width = 16;
    spec.content.frames = 1 + 2 * 3;
    spec.clipFrames = 3;
    spec.grids = {{1, 1}, {2, 3}, {3, 5}, {5, 8}, {7, 12}, {9, 16}};
    spec.network.blocks = 2;
    spec.firstClipGiven = firstClipGiven;
    return spec;
}

Latent randomLatent(int frames, int h, int w, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::normal_distribution<float> normal;
    Latent l = Latent::zeros(frames, h, w, 4);
    for (Eigen::Index i = 0; i < l.values.size(); ++i)
        l.values.data()[i] = normal(rng);
    return l;
}

}  // namespace

class TestSpatiotemporalPruning : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void scoresMatchANaiveRecomputation() {
        const Latent a = randomLatent(2, 3, 4, 1), b = randomLatent(2, 3, 4, 2), c = randomLatent(2, 3, 4, 3);
        ScaleCall call{1, 3, 2, 3, 4, &a, &b, &c};
        PruningSettings s;
        s.alpha = 0.7;
        s.beta = 0.2;
        const ScaleScores scores = scoreScale(call, s);
        for (int i = 0; i < a.positions(); ++i) {
            double ab = 0, ac = 0, aa = 0, bb = 0, cc = 0;
            for (int ch = 0; ch < 4; ++ch) {
                const double x = a.values(i, ch), y = b.values(i, ch), z = c.values(i, ch);
                ab += x * y;
                ac += x * z;
                aa += x * x;
                bb += y * y;
                cc += z * z;
            }
            const double spatial = ab / std::sqrt(aa * bb), temporal = ac / std::sqrt(aa * cc);
            QVERIFY(std::abs(scores.spatial[std::size_t(i)] - spatial) < 1e-5);
            QVERIFY(std::abs(scores.temporal[std::size_t(i)] - temporal) < 1e-5);
            QVERIFY(std::abs(scores.importance[std::size_t(i)] - (0.7 * (1 - spatial) + 0.2 * (1 - temporal))) < 1e-5);
        }
        // Without a previous clip the spatial term carries both weights.
        call.previousClip = nullptr;
        const ScaleScores first = scoreScale(call, s);
        QVERIFY(first.temporal.empty());
        QVERIFY(std::abs(first.importance[0] - 0.9 * (1 - first.spatial[0])) < 1e-6);
        // Zero vectors: equal when both are zero, unrelated when one is.
        Latent z = Latent::zeros(1, 1, 2, 4);
        Latent one = z;
        one.values(1, 0) = 1;
        QCOMPARE(cosineSimilarity(z, z), (std::vector<float>{1.0f, 1.0f}));
        QCOMPARE(cosineSimilarity(z, one), (std::vector<float>{1.0f, 0.0f}));
    }

    void selectionRules() {
        const std::vector<float> importance = {0.3f, 0.1f, 0.5f, 0.1f, 0.0f, 0.4f, 0.2f};
        PruningSettings s;
        s.keepRatio = 0.43;  // 3.01 → 3 tokens
        QCOMPARE(selectTokens(importance, s), (std::vector<bool>{true, false, true, false, false, true, false}));
        s.keepRatio = 1.0;
        QCOMPARE(selectTokens(importance, s), std::vector<bool>(7, true));
        s.keepRatio = 0.0;
        QCOMPARE(selectTokens(importance, s), std::vector<bool>(7, false));
        s.selection = Selection::Threshold;
        s.threshold = 0.15;
        QCOMPARE(selectTokens(importance, s), (std::vector<bool>{true, false, true, false, false, true, true}));
        QVERIFY(test::errorOf([] { selectionFromString(QStringLiteral("topk")); }).contains(QStringLiteral("ratio, threshold")));
        QVERIFY(test::errorOf([] {
                    PruningSettings bad;
                    bad.keepRatio = 1.5;
                    bad.validate();
                }).contains(QStringLiteral("keep_ratio")));
    }

    void pruningNothingIsBitIdentical() {
        const NextScaleGenerator g(toySpec(), 4);
        for (const Selection selection : {Selection::Ratio, Selection::Threshold}) {
            PruningSettings s;
            s.selection = selection;
            s.keepRatio = 1.0;
            s.threshold = -1.0;  // importance is never below 0
            const PruningRun run = runPruning(g, s);
            QCOMPARE(run.output.values, run.reference.values);
            QVERIFY(std::isinf(run.psnrDb));
            QCOMPARE(run.predictedTokens(), run.tokens());
        }
    }

    void prunedCountsEqualARecountOfTheMasks() {
        const NextScaleGenerator g(toySpec(), 4);
        PruningSettings s;
        s.prunedScales = 2;
        s.keepRatio = 0.4;
        const PruningRun run = runPruning(g, s);
        QCOMPARE(int(run.scales.size()), 3 * 6);
        int pruning = 0;
        for (const ScaleRecord &r : run.scales) {
            QCOMPARE(r.pruning, r.scale >= 4);
            if (!r.pruning) {
                QCOMPARE(r.predicted, r.tokens());
                continue;
            }
            ++pruning;
            QCOMPARE(int(r.kept.size()), r.tokens());
            QCOMPARE(r.predicted, int(std::count(r.kept.begin(), r.kept.end(), true)));
            QCOMPARE(r.predicted, int(std::lround(0.4 * r.tokens())));
            QCOMPARE(r.scores.temporal.empty(), r.clip == 0);
        }
        QCOMPARE(pruning, 3 * 2);
        const double psnr = run.psnrDb;
        QVERIFY2(std::isfinite(psnr) && psnr > 10, qPrintable(QString::number(psnr)));
        // Deterministic in the seed.
        QCOMPARE(runPruning(NextScaleGenerator(toySpec(), 4), s).output.values, run.output.values);
    }

    void partialUpdateKeepsCachedValues() {
        // At the last scale (the clip's own grid), a pruned token's final value is the value the
        // clip had before that scale.
        const NextScaleToySpec spec = toySpec();
        const NextScaleGenerator g(spec, 9);
        PruningSettings s;
        s.keepRatio = 0.5;
        std::vector<Latent> cached;
        std::vector<std::vector<bool>> masks;
        const Latent out = g.generate([&](const ScaleCall &call) {
            if (call.scale != int(spec.grids.size()) - 1)
                return std::vector<bool>();
            cached.push_back(*call.accumulated);
            masks.push_back(selectTokens(scoreScale(call, s).importance, s));
            return masks.back();
        });
        QCOMPARE(int(cached.size()), 3);
        const Latent reference = g.generate();
        int pruned = 0, changed = 0;
        for (int clip = 0; clip < 3; ++clip) {
            const int firstFrame = clip == 0 ? 0 : 1 + (clip - 1) * spec.clipFrames;
            const Latent &c = cached[std::size_t(clip)];
            for (int i = 0; i < c.positions(); ++i) {
                const auto row = out.values.row(firstFrame * 9 * 16 + i);
                if (!masks[std::size_t(clip)][std::size_t(i)]) {
                    ++pruned;
                    QCOMPARE(row, c.values.row(i));
                } else {
                    changed += row != c.values.row(i);
                }
            }
        }
        QCOMPARE(pruned, int(std::lround(0.5 * 144)) + 2 * int(std::lround(0.5 * 3 * 144)));
        QVERIFY(changed > pruned / 2);  // kept tokens were updated
        QVERIFY(out.values != reference.values);
    }

    void imageToVideoKeepsTheGivenFrame() {
        const NextScaleGenerator g(toySpec(true), 4);
        PruningSettings s;
        s.keepRatio = 0.3;
        const PruningRun run = runPruning(g, s);
        const Eigen::Index firstFrame = 9 * 16;
        QCOMPARE(run.output.values.topRows(firstFrame), g.target().values.topRows(firstFrame));
        QCOMPARE(run.reference.values.topRows(firstFrame), g.target().values.topRows(firstFrame));
        for (const ScaleRecord &r : run.scales) {
            QCOMPARE(r.given, r.clip == 0);
            QCOMPARE(r.pruning, r.clip > 0 && r.scale >= 3);
            if (r.given)
                QCOMPARE(r.pruned(), 0);
        }
        QCOMPARE(run.tokens(), 2 * 3 * (1 + 6 + 15 + 40 + 84 + 144));
        QVERIFY(g.dataSource().contains(QStringLiteral("first frame given")));
    }

    void spatiotemporalBeatsRandomPruning() {
        const NextScaleGenerator g(toySpec(), 6);
        PruningSettings s;
        s.prunedScales = 2;
        s.keepRatio = 0.5;
        const PruningRun guided = runPruning(g, s);
        std::mt19937_64 rng(1);
        const Latent random = g.generate([&](const ScaleCall &call) {
            if (call.scale < 4)
                return std::vector<bool>();
            std::vector<float> importance(std::size_t(call.frames * call.height * call.width));
            for (float &v : importance)
                v = float(rng() % 100000);
            return selectTokens(importance, s);
        });
        const double randomPsnr = kernels::psnrDb(random, guided.reference);
        QVERIFY2(guided.psnrDb > randomPsnr + 1,
                 qPrintable(QStringLiteral("%1 %2").arg(guided.psnrDb).arg(randomPsnr)));
        qInfo("toy: half of the last two scales pruned, spatiotemporal %.2f dB, random %.2f dB", guided.psnrDb, randomPsnr);
    }
};

QTEST_APPLESS_MAIN(TestSpatiotemporalPruning)
#include "tst_spatiotemporalpruning.moc"
