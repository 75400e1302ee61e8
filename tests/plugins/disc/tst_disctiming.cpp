// DiSC's timing: without CTR and ST it runs every MAC of the model; CTR removes query-side work
// but keeps keys and values; ST's reused masks shrink attention, a generation step runs the scores
// densely; bank conflicts lengthen the sparse ops without adding MACs; bad input is named.
#include <QtTest>

#include "core/api/errors.h"
#include "disctiming.h"

using namespace accelscope;
using namespace accelscope::disc;

namespace {

DiscTiming pixart(int size = 1024) {
    DiffusionWorkload w;
    w.height = w.width = size;
    w.batch = 2;
    return DiscTiming(diffusionBackbone(QStringLiteral("pixart-sigma")), w, DiscHardware{});
}

StepShares shares(double recomputed, bool sparse, bool generated, double density, double efficiency = 1.0) {
    StepShares s;
    s.tokenReuse = recomputed < 1.0;
    s.recomputed = recomputed;
    s.sparse = sparse;
    s.maskGenerated = generated;
    s.density = density;
    s.bankEfficiency = efficiency;
    return s;
}

}  // namespace

class TestDiscTiming : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void denseRunsEveryMacAtLeastAtPeak() {
        const DiscTiming t = pixart();
        const StepTiming dense = t.step(StepShares{});
        QCOMPARE(dense.macs, dense.denseMacs);
        QVERIFY(dense.seconds >= 2.0 * dense.macs / t.hardware().peakFlops());
        QCOMPARE(dense.stallSeconds, 0.0);
        QCOMPARE(int(dense.layers.size()), 28);
    }

    void tokenReuseKeepsKeysAndValues() {
        const DiscTiming t = pixart();
        const StepTiming dense = t.step(StepShares{});
        const StepTiming half = t.step(shares(0.5, false, false, 1.0));
        const StepTiming none = t.step(shares(0.0, false, false, 1.0));
        QVERIFY(half.macs < dense.macs && half.macs > 0.5 * dense.macs);
        QVERIFY(half.seconds < dense.seconds);
        QVERIFY(none.macs > 0);  // K and V of every token, text keys and values
        QVERIFY(none.macs < half.macs);
    }

    void reusedMasksShrinkAttentionAndGenerationRunsScoresDensely() {
        const DiscTiming t = pixart(2048);
        const StepTiming dense = t.step(StepShares{});
        const StepTiming generated = t.step(shares(1.0, true, true, 0.2));
        const StepTiming reused = t.step(shares(1.0, true, false, 0.2));
        QVERIFY(reused.macs < generated.macs);
        QVERIFY(generated.macs < dense.macs);  // P.V is sparse at a generation step too
        QVERIFY(reused.seconds < generated.seconds);
    }

    void bankConflictsStallWithoutAddingWork() {
        const DiscTiming t = pixart(2048);
        const StepTiming balanced = t.step(shares(1.0, true, false, 0.2, 1.0));
        const StepTiming conflicted = t.step(shares(1.0, true, false, 0.2, 0.25));
        QCOMPARE(conflicted.macs, balanced.macs);
        QVERIFY(conflicted.seconds > balanced.seconds);
        QVERIFY(conflicted.stallSeconds > 0);
        QVERIFY(std::abs(conflicted.seconds - balanced.seconds - conflicted.stallSeconds) < 1e-9 * balanced.seconds + 1e-15);
    }

    void rejectsBackbonesItDoesNotTime() {
        DiffusionWorkload w;
        w.height = 480;
        w.width = 720;
        w.frames = 49;
        QVERIFY_THROWS_EXCEPTION(InputError, DiscTiming(diffusionBackbone(QStringLiteral("cogvideox-2b")), w, DiscHardware{}));
        DiscHardware bad;
        bad.peArrays = 0;
        QVERIFY_THROWS_EXCEPTION(InputError, bad.validate());
    }
};

QTEST_GUILESS_MAIN(TestDiscTiming)
#include "tst_disctiming.moc"
