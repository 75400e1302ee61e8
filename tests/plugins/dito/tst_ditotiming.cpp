// DiTo's GPU timing: the step shapes of each method, what merging saves on the paper's backbones,
// and the ToMeSD ratio found for a given speedup.

#include <QtTest>

#include "ditotiming.h"
#include "tests/support/errorof.h"

using namespace accelscope;
using namespace accelscope::dito;

namespace {

DitoTiming fluxTiming() {
    DiffusionWorkload w;
    w.height = w.width = 1024;
    return DitoTiming(diffusionBackbone(QStringLiteral("flux-1")), w, QStringLiteral("a100-sxm-80gb"));
}

StepRecord step(bool matching, bool reduced) {
    StepRecord r;
    r.matching = matching;
    r.reduced = reduced;
    return r;
}

}  // namespace

class TestDitoTiming : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void stepShapes() {
        const DitoTiming t = fluxTiming();
        QCOMPARE(t.tokens().tokens(), 4096);
        QCOMPARE(t.keptTokens(0.5), 2048);
        QCOMPARE(t.keptTokens(0.9), 1024);  // capped: one destination per 2x2 cell stays
        QCOMPARE(t.keptTokens(0.0), 4096);
        // A Matching step is the unreduced step plus the similarity; a Reduction step is cheaper.
        const double dense = t.seconds(t.dense());
        const double matching = t.seconds(t.ditoStep(true, false, 0.5));
        const double reduction = t.seconds(t.ditoStep(false, true, 0.5));
        QVERIFY(matching > dense && reduction < dense);
        QVERIFY(matching - dense < 0.05 * dense);  // the similarity is a small part of a step
        // ToMeSD matches and merges every step; at ratio 0 both methods are the unreduced step.
        QVERIFY(t.seconds(t.toMeSdStep(0.5)) > reduction);
        QCOMPARE(t.seconds(t.toMeSdStep(0.0)), dense);
        QCOMPARE(t.seconds(t.ditoStep(true, false, 0.0)), dense);
    }

    void wholeRunsAndEqualSpeedup() {
        const DitoTiming t = fluxTiming();
        const std::vector<StepRecord> schedule = {step(true, false), step(false, true), step(false, true),
                                                  step(true, false), step(false, true), step(false, true)};
        const double dito = t.ditoSeconds(schedule, 0.5);
        QVERIFY(std::abs(dito - 2 * t.seconds(t.ditoStep(true, false, 0.5)) - 4 * t.seconds(t.ditoStep(false, true, 0.5))) <
                1e-12);
        const double speedup = t.denseSeconds(6) / dito;
        QVERIFY(speedup > 1);
        // ToMeSD's speedup grows with its ratio; the solved ratio gives DiTo's speedup.
        double previous = 0;
        for (const double ratio : {0.1, 0.3, 0.5, 0.7}) {
            const double s = t.denseSeconds(6) / t.toMeSdSeconds(ratio, 6);
            QVERIFY(s > previous);
            previous = s;
        }
        const double ratio = t.toMeSdRatioForSpeedup(speedup, 6);
        QVERIFY(ratio > 0 && ratio < 0.5);
        QVERIFY(std::abs(t.denseSeconds(6) / t.toMeSdSeconds(ratio, 6) / speedup - 1) < 1e-3);
        // Beyond ToMeSD's reach: its largest ratio.
        QCOMPARE(t.toMeSdRatioForSpeedup(100, 6), 0.75);
    }

    void nextScaleBackboneIsRejected() {
        DiffusionWorkload w;
        w.height = 720;
        w.width = 1280;
        QVERIFY(!test::errorOf([&] { DitoTiming(diffusionBackbone(QStringLiteral("infinitystar-8b")), w, QStringLiteral("h100-sxm")); })
                     .isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestDitoTiming)
#include "tst_ditotiming.moc"
