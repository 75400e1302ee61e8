// MasqTiming: engine cycles scale with the lanes each precision frees (2x at MXINT4, 4x at
// MXINT2), reuse removes the skipped tokens' work, weights stream once per step whatever the
// plan, and the mask unit is cheap.
#include <QtTest>

#include "core/api/errors.h"
#include "core/workloads/diffusion.h"
#include "masqtiming.h"
#include "tests/support/errorof.h"

using namespace accelscope;
using namespace accelscope::masq;

class TestMasqTiming : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void precisionSplitsTheLanes() {
        DiffusionWorkload w;
        w.height = w.width = 512;
        const MasqTiming t(diffusionBackbone(QStringLiteral("dit-xl-2")), w, MasqHardware{});
        const StepTiming all8 = t.step({1, 0, 0}, {1, 0, 0});
        const StepTiming all4 = t.step({0, 1, 0}, {0, 1, 0});
        const StepTiming all2 = t.step({0, 0, 1}, {0, 0, 1});
        QCOMPARE(all8.engineCycles, all8.denseCycles);
        // Only the per-image conditioning (timestep and adaLN projections, one row) stays at INT8.
        QVERIFY(all4.engineCycles / all8.engineCycles > 0.5 && all4.engineCycles / all8.engineCycles < 0.51);
        QVERIFY(all2.engineCycles / all8.engineCycles > 0.25 && all2.engineCycles / all8.engineCycles < 0.26);
        QCOMPARE(all2.dramBytes, all8.dramBytes);  // MXINT8 weights once per step
        QVERIFY(all2.seconds < all8.seconds);
        QVERIFY(all2.energyJoules < all8.energyJoules);
        // Half the tokens reused at INT8: matmul work halves, attention of the computed half
        // against all keys halves too.
        const StepTiming half = t.step({0.5, 0, 0}, {1, 0, 0});
        QVERIFY(half.engineCycles / all8.engineCycles > 0.5 && half.engineCycles / all8.engineCycles < 0.51);
        // Weight bytes: DiT-XL/2 has about 675M parameters → about 0.7 GB at 8.25 bits.
        QVERIFY(t.weightBytes() > 0.6e9 && t.weightBytes() < 0.75e9);
        QVERIFY(all8.units[2].seconds < 0.01 * all8.seconds);
    }

    void mixedAttentionRunsAtTheWiderWidth() {
        DiffusionWorkload w;
        const MasqTiming t(diffusionBackbone(QStringLiteral("dit-xl-2")), w, MasqHardware{});
        // INT2 queries against INT8 keys cost what INT8 does for attention; the matmuls run at INT2.
        const StepTiming mixed = t.step({0, 0, 1}, {1, 0, 0});
        const StepTiming all2 = t.step({0, 0, 1}, {0, 0, 1});
        QVERIFY(mixed.engineCycles > all2.engineCycles);
    }

    void badHardwareIsRejected() {
        MasqHardware hw;
        hw.blockPes = 0;
        QVERIFY(test::errorOf([&] { hw.validate(); }).contains(QStringLiteral("block_pes")));
    }
};

QTEST_GUILESS_MAIN(TestMasqTiming)
#include "tst_masqtiming.moc"
