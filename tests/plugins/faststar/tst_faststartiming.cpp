// FastSTAR's GPU timing: the plan follows InfinityStar's 720p schedule (two clips of 15 scales;
// image-to-video encodes the given image once), pruning only the last scales, fewer queries cost
// less while keys stay whole, the scoring adds its own ops, and bad settings are named.

#include <QtTest>

#include <numeric>

#include "core/api/errors.h"
#include "faststartiming.h"
#include "tests/support/errorof.h"

using namespace accelscope;
using namespace accelscope::faststar;

namespace {

const DiffusionBackbone &star() { return diffusionBackbone(QStringLiteral("infinitystar-8b")); }

DiffusionWorkload video720p() {
    DiffusionWorkload w;
    w.width = 1280;
    w.height = 720;
    w.frames = 81;
    return w;
}

double sumFlops(const std::vector<WorkloadOp> &ops) {
    return std::accumulate(ops.begin(), ops.end(), 0.0, [](double s, const WorkloadOp &o) { return s + o.flops; });
}

}  // namespace

class TestFastStarTiming : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void planFollowsTheSchedule() {
        const FastStarTiming t(star(), video720p(), QStringLiteral("h100-sxm"), false, 3);
        const std::vector<ScalePass> dense = t.plan();
        QCOMPARE(int(dense.size()), 30);
        for (const ScalePass &p : dense) {
            QCOMPARE(p.queries, p.tokens);
            QVERIFY(!p.pruning);
        }
        QCOMPARE(dense.back().tokens, 20 * 45 * 80);
        const std::vector<ScalePass> pruned = t.plan([](int, int) { return 0.25; });
        int pruning = 0;
        for (const ScalePass &p : pruned) {
            QCOMPARE(p.pruning, p.scale >= 12);
            QCOMPARE(p.queries, p.pruning ? int(std::lround(0.25 * p.tokens)) : p.tokens);
            pruning += p.pruning;
        }
        QCOMPARE(pruning, 6);
        QVERIFY(t.seconds(pruned) < 0.6 * t.seconds(dense));
        QVERIFY(t.energyJoules(pruned) < t.energyJoules(dense));
        // The unpruned whole: the text prefix and every scale's passes.
        double sum = t.textSeconds();
        for (const ScalePass &p : dense)
            sum += t.estimate(p).seconds;
        QCOMPARE(t.seconds(dense), sum);
    }

    void keepingEverythingOnlyAddsTheScoring() {
        const FastStarTiming t(star(), video720p(), QStringLiteral("h100-sxm"), false, 3);
        const std::vector<ScalePass> dense = t.plan(), all = t.plan([](int, int) { return 1.0; });
        const double extra = t.seconds(all) - t.seconds(dense);
        QVERIFY(extra > 0);
        QVERIFY(extra < 0.01 * t.seconds(dense));
        const ScalePass &last = all.back();
        const std::vector<WorkloadOp> scoring = t.scoringOps(last);
        QStringList names;
        for (const WorkloadOp &o : scoring)
            names << o.name;
        QCOMPARE(names, (QStringList{QStringLiteral("spatial_similarity"), QStringLiteral("temporal_similarity"),
                                     QStringLiteral("token_select"), QStringLiteral("partial_update")}));
        // The first clip has no previous clip to compare with.
        QVERIFY(!t.scoringOps(all[14]).empty() && t.scoringOps(all[14]).size() == 3);
    }

    void queriesShrinkButKeysStayWhole() {
        const FastStarTiming t(star(), video720p(), QStringLiteral("h100-sxm"), false, 3);
        ScalePass p = t.plan().back();
        const std::vector<WorkloadOp> full = t.passOps(p, false);
        p.queries = p.tokens / 2;
        const std::vector<WorkloadOp> half = t.passOps(p, false);
        QCOMPARE(half.size(), full.size());
        for (std::size_t i = 0; i < full.size(); ++i) {
            const QString &n = full[i].name;
            const double ratio = half[i].flops / full[i].flops;
            if (n == QLatin1String("k") || n == QLatin1String("v") || n == QLatin1String("word_embed") ||
                n == QLatin1String("norm1") || n == QLatin1String("accumulate"))
                QCOMPARE(ratio, 1.0);
            else if (n == QLatin1String("q") || n == QLatin1String("mlp_up") || n == QLatin1String("self_attn_score") ||
                     n == QLatin1String("head"))
                QVERIFY2(std::abs(ratio - 0.5) < 1e-9, qPrintable(n));
        }
        QVERIFY(sumFlops(half) < 0.6 * sumFlops(full));
    }

    void imageToVideoEncodesTheImageOnce() {
        const FastStarTiming t(star(), video720p(), QStringLiteral("h100-sxm"), true, 3);
        const std::vector<ScalePass> plan = t.plan([](int, int) { return 0.5; });
        QCOMPARE(int(plan.size()), 16);
        QVERIFY(plan.front().givenImage && plan.front().repetitions == 1 && !plan.front().pruning);
        QCOMPARE(plan.front().tokens, 45 * 80);
        const FastStarTiming t2v(star(), video720p(), QStringLiteral("h100-sxm"), false, 3);
        QVERIFY(t.seconds(t.plan()) < t2v.seconds(t2v.plan()));
    }

    void badSettingsAreNamed() {
        QVERIFY(test::errorOf([] { FastStarTiming(star(), video720p(), QStringLiteral("h100-sxm"), false, 15); })
                    .contains(QStringLiteral("pruned_scales = 15")));
        DiffusionWorkload image = video720p();
        image.frames = 1;
        QVERIFY(test::errorOf([&] { FastStarTiming(star(), image, QStringLiteral("h100-sxm"), true, 3); })
                    .contains(QStringLiteral("image-to-video")));
        QVERIFY(!test::errorOf([] { FastStarTiming(star(), video720p(), QStringLiteral("no-such-gpu"), false, 3); }).isEmpty());
    }
};

QTEST_APPLESS_MAIN(TestFastStarTiming)
#include "tst_faststartiming.moc"
