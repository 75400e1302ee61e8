// InfinityStar-style next-scale generation: the 720p schedule against the grids the released
// code's rule gives (computed independently), the 8B model's size against its dimensions, where
// a 5 s 720p video's compute goes, bad sizes named; and the functional toy: without the network
// it rebuilds the content exactly, it is deterministic, and pruning converged tokens costs less
// than pruning the same number at random.

#include <QtTest>

#include <cmath>
#include <random>

#include "core/api/errors.h"
#include "core/workloads/nextscale.h"
#include "core/workloads/nextscalegenerator.h"
#include "tests/support/errorof.h"

using namespace accelscope;
using namespace accelscope::kernels;

namespace {

const DiffusionBackbone &star() { return diffusionBackbone(QStringLiteral("infinitystar-8b")); }

DiffusionWorkload video720p(int frames = 81) {
    DiffusionWorkload w;
    w.width = 1280;
    w.height = 720;
    w.frames = frames;
    return w;
}

NextScaleToySpec toySpec() {
    NextScaleToySpec spec;
    spec.content.height = spec.content.width = 16;
    spec.content.frames = 5;
    spec.clipFrames = 2;
    spec.grids = {{1, 1}, {2, 2}, {4, 4}, {8, 8}, {16, 16}};
    spec.network.blocks = 2;
    return spec;
}

// Keeps the `keep` share of the last scale's tokens, ranked by `score` (highest kept).
ScaleSelector lastScaleSelector(double keep, std::function<double(const ScaleCall &, int)> score) {
    return [keep, score](const ScaleCall &call) {
        if (call.scale < 4)
            return std::vector<bool>();
        const int n = call.frames * call.height * call.width;
        std::vector<std::pair<double, int>> ranked;
        for (int i = 0; i < n; ++i)
            ranked.emplace_back(score(call, i), i);
        std::sort(ranked.begin(), ranked.end(), std::greater<>());
        std::vector<bool> kept(static_cast<std::size_t>(n), false);
        for (int i = 0; i < static_cast<int>(n * keep); ++i)
            kept[static_cast<std::size_t>(ranked[static_cast<std::size_t>(i)].second)] = true;
        return kept;
    };
}

}  // namespace

class TestNextScale : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void schedule720p() {
        const NextScaleSchedule s = nextScaleSchedule(star(), video720p());
        // 81 frames: 21 latent frames, the image clip and one 20-frame clip, 15 scales each.
        QCOMPARE(s.clips, 2);
        QCOMPARE(s.scalesPerClip, 15);
        QCOMPARE(int(s.stages.size()), 30);
        // numpy's round of (s·0.75, s·4/3) for the released side list (1 .. 60) at 9:16.
        const int grids[15][2] = {{1, 1}, {2, 3}, {2, 4}, {3, 5}, {4, 7}, {4, 8}, {5, 9}, {6, 11},
                                  {8, 13}, {9, 16}, {12, 21}, {18, 32}, {24, 43}, {30, 53}, {45, 80}};
        int imageTokens = 0;
        for (int k = 0; k < 15; ++k) {
            const NextScaleStage &image = s.stages[static_cast<std::size_t>(k)];
            const NextScaleStage &video = s.stages[static_cast<std::size_t>(15 + k)];
            QCOMPARE(image.height, grids[k][0]);
            QCOMPARE(image.width, grids[k][1]);
            QCOMPARE(video.frames, 20);
            QCOMPARE(image.repetitions, 3);
            QCOMPARE(video.repetitions, k < 12 ? 3 : (k == 12 ? 2 : 1));
            QCOMPARE(image.semantic, k < 12);
            imageTokens += image.tokens();
        }
        QCOMPARE(imageTokens, 7499);
        // The last scale attends to its 72,000 tokens, the clip's earlier scales (3,899 per frame)
        // and the image clip's last scale (3,600), or without the clip's earlier scales.
        QCOMPARE(s.stages.back().keyTokens, 72000 + 20 * 3899 + 3600);
        QCOMPARE(nextScaleSchedule(star(), video720p(), NextScaleContext::PreviousClipLargest).stages.back().keyTokens, 72000 + 3600);
        QCOMPARE(s.stages[14].keyTokens, 7499);  // the image clip has no previous clip
        // A 10 s video has two 20-frame clips; an image only the first clip.
        QCOMPARE(nextScaleSchedule(star(), video720p(161)).clips, 3);
        QCOMPARE(int(nextScaleSchedule(star(), video720p(1)).stages.size()), 15);
    }

    void sizeMatchesItsDimensions() {
        // 36 blocks of q, o (4096²), k, v (4096 x 1024: 8 key/value heads of 128), a SwiGLU MLP
        // 16,384 wide; the text projection, embedding and heads add about 26 M.
        const double block = 2.0 * 4096 * 4096 + 2.0 * 4096 * 1024 + 3.0 * 4096 * 16384;
        const double params = diffusionParameterCount(star());
        QVERIFY2(params > 36 * block && params < 36 * block + 30e6, qPrintable(QString::number(params)));
    }

    void computeOf720p() {
        const NextScaleCost cost = nextScaleCost(star(), video720p());
        QCOMPARE(int(cost.stageFlops.size()), 30);
        // The last pass's attention: 2 sequences (guidance) x 32 heads x 128 x 72,000 queries x
        // (256 text + 153,580) keys x 2 (scores and context) x 2 FLOPs, over 36 blocks.
        const NextScaleSchedule s = nextScaleSchedule(star(), video720p());
        double attention = 0;
        for (const WorkloadOp &op : buildNextScalePass(star(), video720p(), s, s.stages.back()))
            if (op.kind == WorkloadOpKind::Attention)
                attention += op.flops;
        QVERIFY(std::abs(attention / (36 * 2 * 32 * 128.0 * 72000 * (256 + 153580) * 4) - 1) < 1e-12);
        // Token explosion: the last three scales of the video clip take most of the compute.
        const double share = cost.lastStagesShare(3);
        QVERIFY2(share > 0.7 && share < 1, qPrintable(QString::number(share)));
        qInfo("720p 5 s: %.3g FLOPs in all; last 1/3/5 scales %.1f / %.1f / %.1f %%", cost.totalFlops(),
              100 * cost.lastStagesShare(1), 100 * share, 100 * cost.lastStagesShare(5));
    }

    void prunedQueriesKeepWholeKeys() {
        const NextScaleSchedule s = nextScaleSchedule(star(), video720p(), NextScaleContext::PreviousClipLargest);
        const NextScaleStage &last = s.stages.back();
        const std::vector<WorkloadOp> all = buildNextScalePass(star(), video720p(), s, last);
        const std::vector<WorkloadOp> same = buildNextScalePass(star(), video720p(), s, last, last.tokens());
        QCOMPARE(same.size(), all.size());
        for (std::size_t i = 0; i < all.size(); ++i)
            QCOMPARE(same[i].flops, all[i].flops);
        const std::vector<WorkloadOp> quarter = buildNextScalePass(star(), video720p(), s, last, last.tokens() / 4);
        for (std::size_t i = 0; i < all.size(); ++i) {
            const WorkloadOp &a = all[i], &q = quarter[i];
            QCOMPARE(q.name, a.name);
            QCOMPARE(q.weightBytes, a.weightBytes);
            const bool everyToken = a.name == QLatin1String("word_embed") || a.name == QLatin1String("norm1") ||
                                    a.name == QLatin1String("k") || a.name == QLatin1String("v") ||
                                    a.name == QLatin1String("accumulate");
            if (everyToken)
                QCOMPARE(q.flops, a.flops);
            else if (a.name != QLatin1String("qk_norm"))
                QVERIFY2(std::abs(q.flops / a.flops - 0.25) < 1e-12, qPrintable(a.name));
        }
        QVERIFY(test::errorOf([&] { buildNextScalePass(star(), video720p(), s, last, last.tokens() + 1); })
                    .contains(QStringLiteral("query tokens")));
    }

    void badInputIsNamed() {
        QVERIFY(test::errorOf([] {
                    DiffusionWorkload w = video720p();
                    w.height = 704;
                    nextScaleSchedule(star(), w);
                }).contains(QStringLiteral("not one of its scale grids")));
        QVERIFY(test::errorOf([] { nextScaleSchedule(star(), video720p(41)); }).contains(QStringLiteral("1 + a multiple of 80")));
        QVERIFY(test::errorOf([] { buildDenoisingStep(star(), video720p()); }).contains(QStringLiteral("buildNextScalePass")));
        QVERIFY(test::errorOf([] { nextScaleSchedule(diffusionBackbone(QStringLiteral("dit-xl-2")), DiffusionWorkload()); })
                    .contains(QStringLiteral("not a next-scale generator")));
    }

    void toyRebuildsTheContent() {
        NextScaleToySpec spec = toySpec();
        spec.residualScale = 0;
        const NextScaleGenerator g(spec, 3);
        std::vector<int> predicted;
        const Latent out = g.generate({}, &predicted);
        QCOMPARE(int(predicted.size()), 3 * 5);
        QCOMPARE(predicted.back(), 2 * 16 * 16);
        QVERIFY(meanSquaredError(out, g.target()) < 1e-10);
        QVERIFY(g.dataSource().contains(QStringLiteral("synthetic")));
    }

    void toyWithAGivenFirstClip() {
        NextScaleToySpec spec = toySpec();
        spec.firstClipGiven = true;
        const NextScaleGenerator g(spec, 3);
        int calls = 0;
        std::vector<int> predicted;
        const Latent out = g.generate(
            [&](const ScaleCall &call) {
                ++calls;
                return call.clip == 0 ? std::vector<bool>{false} : std::vector<bool>();
            },
            &predicted);
        QCOMPARE(calls, 2 * 5);  // the given clip is never predicted
        QCOMPARE(int(predicted.size()), 3 * 5);
        for (int k = 0; k < 5; ++k)
            QCOMPARE(predicted[std::size_t(k)], 0);
        QCOMPARE(out.values.topRows(16 * 16), g.target().values.topRows(16 * 16));
        // Unpruned, the later clips are the same as text-to-video's: a clip sees the previous one only
        // through the selector.
        QCOMPARE(out.values.bottomRows(4 * 16 * 16), NextScaleGenerator(toySpec(), 3).generate().values.bottomRows(4 * 16 * 16));
    }

    void toyPruning() {
        const NextScaleGenerator g(toySpec(), 5);
        const Latent reference = g.generate();
        QCOMPARE(NextScaleGenerator(toySpec(), 5).generate().values, reference.values);
        // The network makes the result differ from the content, measurably.
        QVERIFY(meanSquaredError(reference, g.target()) > 1e-4);
        QCOMPARE(g.generate([](const ScaleCall &) { return std::vector<bool>(); }).values, reference.values);
        // Half the last scale's tokens: the least converged (largest change since the previous
        // scale) against a seeded random half.
        std::vector<int> predicted;
        const Latent converged = g.generate(
            lastScaleSelector(0.5, [](const ScaleCall &call, int i) {
                return double((call.accumulated->values.row(i) - call.previousScale->values.row(i)).norm());
            }),
            &predicted);
        QCOMPARE(predicted[4], 128);
        std::mt19937_64 rng(1);
        const Latent random = g.generate(lastScaleSelector(0.5, [&rng](const ScaleCall &, int) { return double(rng() % 100000); }));
        const double psnrConverged = psnrDb(converged, reference), psnrRandom = psnrDb(random, reference);
        QVERIFY2(std::isfinite(psnrConverged) && psnrConverged > psnrRandom + 1,
                 qPrintable(QStringLiteral("%1 %2").arg(psnrConverged).arg(psnrRandom)));
        qInfo("toy: half the last scale pruned, converged first %.2f dB, random %.2f dB", psnrConverged, psnrRandom);
    }
};

QTEST_APPLESS_MAIN(TestNextScale)
#include "tst_nextscale.moc"
