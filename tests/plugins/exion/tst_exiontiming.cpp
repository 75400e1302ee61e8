// EXION's timing: a dense step against the op graph's work, what skipping FFN and attention tiles
// saves, the FFN cache's DRAM traffic, the predictor's cost, and the two instances.
#include <QtTest>

#include "core/api/errors.h"
#include "exiontiming.h"
#include "tests/support/errorof.h"

using namespace accelscope;
using namespace accelscope::exion;

namespace {

DiffusionWorkload image(int side) {
    DiffusionWorkload w;
    w.height = w.width = side;
    return w;
}

}  // namespace

class TestExionTiming : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void aDenseStepRunsEveryMacOfTheStep() {
        const DiffusionBackbone &dit = diffusionBackbone(QStringLiteral("dit-xl-2"));
        const ExionTiming t(dit, image(256), ExionHardware::server());
        const StepTiming dense = t.step(StepShares{});
        double flops = 0;
        for (const WorkloadOp &op : buildDenoisingStep(dit, image(256)))
            if (op.kind == WorkloadOpKind::Matmul || op.kind == WorkloadOpKind::Attention)
                flops += op.flops;
        QCOMPARE(dense.denseMacs, flops / 2);
        QCOMPARE(dense.macSlots, dense.denseMacs);
        QCOMPARE(int(dense.layers.size()), 28);
        // At least the array time and the weight stream.
        QVERIFY(dense.seconds >= flops / ExionHardware::server().peakFlops());
        QVERIFY(dense.seconds >= diffusionParameterCount(dit) * 2 / 768e9);
    }

    void skippingTilesSavesArrayTimeButTheCacheCostsDram() {
        const DiffusionBackbone &pixart = diffusionBackbone(QStringLiteral("pixart-sigma"));
        const ExionTiming t(pixart, image(1024), ExionHardware::server());
        StepShares dense;
        StepShares sparse;
        sparse.denseFfn = false;
        sparse.ffnReuse = true;
        sparse.ffnPassShare = 0.3;
        sparse.ffnDensity = 0.15;
        const StepTiming a = t.step(dense), b = t.step(sparse);
        QVERIFY(b.macSlots < a.macSlots);
        QVERIFY(b.seconds < a.seconds);
        QVERIFY(b.dramBytes > a.dramBytes);  // mask, marked GELU outputs and fc2's output per block
        StepShares predicted = dense;
        predicted.prediction = true;
        predicted.attentionPassShare = 0.3;
        predicted.attentionDensity = 0.25;
        predicted.projectionAddsPerMac = 2.0;
        predicted.scoreAddsPerMac = 2.0;
        const StepTiming c = t.step(predicted);
        QVERIFY(c.macSlots < a.macSlots);
        QVERIFY(c.layers[0].units[static_cast<int>(ExionUnit::Predictor)].flops > 0);
        QVERIFY(c.layers[0].units[static_cast<int>(ExionUnit::ConMerge)].bytes > 0);
    }

    void theEdgeInstanceIsSlowerAndInstancesAreChecked() {
        const DiffusionBackbone &dit = diffusionBackbone(QStringLiteral("dit-xl-2"));
        const double server = ExionTiming(dit, image(256), ExionHardware::server()).step({}).seconds;
        const double edge = ExionTiming(dit, image(256), ExionHardware::edge()).step({}).seconds;
        QVERIFY(edge > 2 * server);
        QVERIFY(test::errorOf([] {
                    ExionHardware::forInstance(QStringLiteral("cloud"));
                }).contains(QStringLiteral("allowed: server, edge")));
        QVERIFY(test::errorOf([] {
                    ExionTiming(diffusionBackbone(QStringLiteral("flux-1")), image(1024),
                                ExionHardware::server());
                }).contains(QStringLiteral("single-stream")));
    }
};

QTEST_GUILESS_MAIN(TestExionTiming)
#include "tst_exiontiming.moc"
