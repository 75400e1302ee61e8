// GpuLanes: the GPU topology it adds, and ops emitted one after another on the right lanes with
// the shared model's durations and their memory terms on HBM.

#include <QtTest>

#include "core/hw/gpulanes.h"
#include "core/sim/timing/units.h"
#include "core/sim/trace.h"

using namespace accelscope;

class TestGpuLanes : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void emitsOpsOnTheirLanes() {
        const BaselineModel gpu = BaselineModel::builtin(QStringLiteral("h100-sxm"), 1);
        Topology topology;
        const GpuLanes lanes(topology, gpu, QStringLiteral("norms"), QStringLiteral("pruning"), QStringLiteral("scores"));
        QCOMPARE(topology.unit(lanes.extraLane()).name, QStringLiteral("pruning"));
        QVERIFY(topology.unit(lanes.tensorLane()).kind == UnitKind::Compute);

        std::vector<WorkloadOp> ops(3);
        ops[0].name = QStringLiteral("q");
        ops[0].kind = WorkloadOpKind::Matmul;
        ops[0].flops = 2e12;
        ops[0].bytes = 1e8;
        ops[1].name = QStringLiteral("norm");
        ops[1].kind = WorkloadOpKind::Norm;
        ops[1].flops = 1e6;
        ops[1].bytes = 1e9;
        ops[2].name = QStringLiteral("score");
        ops[2].kind = WorkloadOpKind::Elementwise;
        ops[2].flops = 1e6;
        ops[2].bytes = 1e6;
        Trace trace;
        const TimePs end = lanes.emit(trace, ops, 1000, [](const WorkloadOp &op) { return op.name == QLatin1String("score"); });
        trace.publish();
        const TraceSnapshot s = trace.snapshot();
        TimePs expected = 1000;
        for (const WorkloadOp &op : ops)
            expected += std::max<TimePs>(1, timing::secondsToPs(gpu.cost(op).seconds));
        QCOMPARE(end, expected);
        // Three compute events in order, each with its HBM read.
        QCOMPARE(int(s.eventCount()), 6);
        QStringList seen;
        for (std::size_t i = 0; i < s.eventCount(); ++i) {
            const UnitEvent e = s.event(i);
            seen << QStringLiteral("%1:%2").arg(topology.unit(e.unit).name, e.label);
        }
        for (const char *want : {"tensor cores:q", "vector:norm", "pruning:score", "HBM:q", "HBM:norm", "HBM:score"})
            QVERIFY2(seen.contains(QLatin1String(want)), want);
    }

    void servingOpsRunBackToBackOnTheirLanes() {
        const BaselineModel gpu = BaselineModel::builtin(QStringLiteral("h100-sxm"), 1);
        const std::vector<UnitId> lanes = {10, 11, 12, 13};  // [ServingLane]
        std::vector<WorkloadOp> ops(3);
        ops[0].name = QStringLiteral("qkv");
        ops[0].kind = WorkloadOpKind::Matmul;
        ops[0].flops = 2e12;
        ops[0].bytes = 1e8;
        ops[1].name = QStringLiteral("allreduce");
        ops[1].kind = WorkloadOpKind::Collective;
        ops[1].collectiveBytes = 1e7;
        ops[2].name = QStringLiteral("softmax");
        ops[2].kind = WorkloadOpKind::Softmax;
        ops[2].bytes = 1e6;
        QVERIFY(servingLaneOf(ops[0], false) == ServingLane::TensorCores);
        QVERIFY(servingLaneOf(ops[0], true) == ServingLane::Plugin);
        QVERIFY(servingLaneOf(ops[1], true) == ServingLane::Interconnect);  // collectives stay on the link
        QVERIFY(servingLaneOf(ops[2], false) == ServingLane::VectorUnits);

        Trace trace;
        double energy = 1.0;
        const TimePs end = emitServingOps(trace, gpu, lanes, ops, 500, false, energy);
        trace.publish();
        const TraceSnapshot s = trace.snapshot();
        QCOMPARE(int(s.eventCount()), 3);
        TimePs t = 500;
        double expectedEnergy = 1.0;
        for (std::size_t i = 0; i < ops.size(); ++i) {
            const OpCost cost = gpu.cost(ops[i]);
            QCOMPARE(s.eventBegin(i), t);
            t += timing::secondsToPs(cost.seconds);
            QCOMPARE(s.eventEnd(i), t);
            expectedEnergy += cost.energyJoules;
        }
        QCOMPARE(end, t);
        QCOMPARE(s.event(0).unit, UnitId{10});
        QCOMPARE(s.event(1).unit, UnitId{13});
        QCOMPARE(s.eventBytes(1), std::uint64_t{10000000});
        QCOMPARE(s.event(2).unit, UnitId{11});
        QCOMPARE(energy, expectedEnergy);
    }
};

QTEST_APPLESS_MAIN(TestGpuLanes)
#include "tst_gpulanes.moc"
