#include <QTest>

#include "core/api/errors.h"
#include "core/hw/baselinemodel.h"

using namespace accelscope;

namespace {

// A device with round numbers, so expected costs can be worked out by hand.
DeviceSpec roundDevice() {
    DeviceSpec d;
    d.id = QStringLiteral("round");
    d.shortName = QStringLiteral("Round");
    d.deviceClass = DeviceClass::DatacenterGpu;
    d.peakFp16TensorFlops = 100e12;
    d.peakFp32Flops = 10e12;
    d.memoryBytesPerSecond = 1e12;
    d.memoryCapacityBytes = 16e9;
    d.tdpWatts = 300;
    d.idleWatts = 50;
    d.interconnect = LinkSpec{QStringLiteral("link"), 100e9, 1e-6};
    d.hostLink = LinkSpec{QStringLiteral("host"), 10e9, 1e-6};
    return d;
}

EfficiencyProfile roundProfile() {
    EfficiencyProfile p;
    p.deviceClass = DeviceClass::DatacenterGpu;
    p.gemmComputeEfficiency = 0.8;
    p.smallMatmulComputeEfficiency = 0.1;
    p.largeGemmRows = 256;
    p.vectorComputeEfficiency = 0.5;
    p.memoryEfficiency = 0.8;
    p.launchOverheadSeconds = 5e-6;
    p.collectiveBaseLatencySeconds = 10e-6;
    p.collectiveBandwidthEfficiency = 0.5;
    p.memoryBoundPowerFraction = 0.6;
    return p;
}

WorkloadOp matmul(double m, double k, double n) {
    WorkloadOp op;
    op.name = QStringLiteral("gemm");
    op.kind = WorkloadOpKind::Matmul;
    op.rows = m;
    op.flops = 2 * m * k * n;
    op.bytes = 2 * (m * k + k * n + m * n);
    return op;
}

}  // namespace

class TestBaselineModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void hugeGemmIsComputeBoundNearEfficientPeak();
    void gemvIsMemoryBound();
    void doublingBytesOfMemoryBoundOpDoublesItsTime();
    void matmulEfficiencyRisesWithRows();
    void ringCollectivesMatchHandCalculation();
    void collectiveOnOneDeviceIsFree();
    void powerModelSpansIdleToTdp();
    void estimateBreakdownSumsToTotal();
    void builtinV100RunsAtDatasheetRates();
    void badInputIsRejected();
};

void TestBaselineModel::hugeGemmIsComputeBoundNearEfficientPeak() {
    const BaselineModel model(roundDevice(), roundProfile(), 1);
    const WorkloadOp op = matmul(16384, 16384, 16384);
    const OpCost c = model.cost(op);
    QVERIFY(c.computeBound);
    const double achieved = op.flops / c.seconds;
    // 0.8 × 100 TFLOPS, less a 5 µs launch on a ~0.1 s kernel.
    QVERIFY2(qAbs(achieved / 80e12 - 1.0) < 1e-3, qPrintable(QString::number(achieved)));
    // Compute bound at full tilt draws close to TDP: utilisation = achieved / peak ≈ 0.8.
    QVERIFY(qAbs(c.utilization - 0.8) < 1e-3);
}

void TestBaselineModel::gemvIsMemoryBound() {
    const BaselineModel model(roundDevice(), roundProfile(), 1);
    const WorkloadOp op = matmul(1, 8192, 8192);
    const OpCost c = model.cost(op);
    QVERIFY(!c.computeBound);
    // bytes / (1 TB/s × 0.8) + 5 µs launch.
    QCOMPARE(c.seconds, op.bytes / 0.8e12 + 5e-6);
}

void TestBaselineModel::doublingBytesOfMemoryBoundOpDoublesItsTime() {
    const BaselineModel model(roundDevice(), roundProfile(), 2);
    WorkloadOp op;
    op.name = QStringLiteral("add");
    op.kind = WorkloadOpKind::Elementwise;
    op.flops = 1e6;
    op.bytes = 1e9;
    const OpCost once = model.cost(op);
    op.bytes *= 2;
    const OpCost twice = model.cost(op);
    QVERIFY(!once.computeBound && !twice.computeBound);
    QCOMPARE(twice.seconds - twice.overheadSeconds, 2 * (once.seconds - once.overheadSeconds));
}

void TestBaselineModel::matmulEfficiencyRisesWithRows() {
    const BaselineModel model(roundDevice(), roundProfile(), 1);
    QCOMPARE(model.computeEfficiency(matmul(1, 64, 64)), 0.1);
    QCOMPARE(model.computeEfficiency(matmul(256, 64, 64)), 0.8);
    QCOMPARE(model.computeEfficiency(matmul(4096, 64, 64)), 0.8);
    const double mid = model.computeEfficiency(matmul(128, 64, 64));
    QVERIFY(mid > 0.1 && mid < 0.8);
    WorkloadOp norm;
    norm.kind = WorkloadOpKind::Norm;
    QCOMPARE(model.computeEfficiency(norm), 0.5);
    QCOMPARE(model.peakFlops(norm), 10e12);  // vector ops run on the FP32 units
}

void TestBaselineModel::ringCollectivesMatchHandCalculation() {
    const BaselineModel model(roundDevice(), roundProfile(), 4);
    // All-reduce of 4 MB over 4 devices: 2 × 3 = 6 ring steps of 1 MB each at 100 GB/s × 0.5
    // = 20 µs per step → 120 µs, plus 6 hops × 1 µs, plus the 10 µs base latency = 136 µs.
    QVERIFY(qAbs(model.collectiveSeconds(CollectivePattern::AllReduce, 4e6, 4) - 136e-6) < 1e-12);
    // All-gather: 3 steps → 60 µs + 3 µs + 10 µs = 73 µs.
    QVERIFY(qAbs(model.collectiveSeconds(CollectivePattern::AllGather, 4e6, 4) - 73e-6) < 1e-12);

    WorkloadOp op;
    op.name = QStringLiteral("allreduce");
    op.kind = WorkloadOpKind::Collective;
    op.collective = CollectivePattern::AllReduce;
    op.collectiveBytes = 4e6;
    op.participants = 4;
    const OpCost c = model.cost(op);
    QVERIFY(qAbs(c.seconds - 136e-6) < 1e-12);
    // Devices wait on the link: each draws idle power.
    QVERIFY(qAbs(c.energyJoules - 4 * 50.0 * 136e-6) < 1e-12);
}

void TestBaselineModel::collectiveOnOneDeviceIsFree() {
    const BaselineModel model(roundDevice(), roundProfile(), 1);
    QCOMPARE(model.collectiveSeconds(CollectivePattern::AllReduce, 1e9, 1), 0.0);
}

void TestBaselineModel::powerModelSpansIdleToTdp() {
    const BaselineModel model(roundDevice(), roundProfile(), 1);
    QCOMPARE(model.powerWatts(0), 50.0);
    QCOMPARE(model.powerWatts(1), 300.0);
    QCOMPARE(model.powerWatts(0.5), 175.0);
    // A memory-bound op draws the memory-bound fraction of the dynamic range.
    WorkloadOp stream;
    stream.kind = WorkloadOpKind::Elementwise;
    stream.bytes = 1e10;
    const OpCost c = model.cost(stream);
    QVERIFY(qAbs(c.utilization - 0.6 * 0.8) < 1e-3);
}

void TestBaselineModel::estimateBreakdownSumsToTotal() {
    const BaselineModel model(roundDevice(), roundProfile(), 4);
    std::vector<WorkloadOp> ops = {matmul(512, 4096, 4096), matmul(1, 4096, 4096)};
    WorkloadOp reduce;
    reduce.kind = WorkloadOpKind::Collective;
    reduce.collective = CollectivePattern::AllReduce;
    reduce.collectiveBytes = 8192;
    reduce.participants = 4;
    ops.push_back(reduce);
    const BaselineEstimate e = model.estimate(ops);
    double sum = 0;
    for (const auto &[kind, seconds] : e.secondsByKind)
        sum += seconds;
    QVERIFY(qAbs(sum - e.seconds) < 1e-15);
    QVERIFY(qAbs(e.computeBoundSeconds + e.memoryBoundSeconds + e.overheadSeconds - e.seconds) < 1e-15);
    QVERIFY(e.secondsByKind.at(WorkloadOpKind::Collective) > 0);
    QCOMPARE(e.averagePowerWatts, e.energyJoules / e.seconds);
    QVERIFY(e.averagePowerWatts >= 4 * 50.0 && e.averagePowerWatts <= 4 * 300.0);
}

void TestBaselineModel::builtinV100RunsAtDatasheetRates() {
    const BaselineModel model = BaselineModel::builtin(QStringLiteral("v100-sxm2-32gb"), 4);
    QCOMPARE(model.label(), QStringLiteral("4x V100"));
    const WorkloadOp gemv = matmul(1, 8192, 8192);
    const OpCost c = model.cost(gemv);
    // Memory bound at the class's fraction of 900 GB/s.
    QCOMPARE(c.memorySeconds, gemv.bytes / (900e9 * model.profile().memoryEfficiency));
}

void TestBaselineModel::badInputIsRejected() {
    QVERIFY_THROWS_EXCEPTION(InputError, BaselineModel(roundDevice(), roundProfile(), 0));
    QVERIFY_THROWS_EXCEPTION(InputError, BaselineModel::builtin(QStringLiteral("no-such-gpu"), 1));
    const BaselineModel model(roundDevice(), roundProfile(), 2);
    WorkloadOp tooWide;
    tooWide.name = QStringLiteral("allreduce");
    tooWide.kind = WorkloadOpKind::Collective;
    tooWide.collective = CollectivePattern::AllReduce;
    tooWide.participants = 8;
    try {
        model.cost(tooWide);
        QFAIL("a collective wider than the baseline must be rejected");
    } catch (const InputError &e) {
        QVERIFY2(e.message().contains(QStringLiteral("spans 8 devices but the baseline has only 2")),
                 qPrintable(e.message()));
    }
    WorkloadOp negative;
    negative.bytes = -1;
    QVERIFY_THROWS_EXCEPTION(InputError, model.cost(negative));
    EfficiencyProfile cpu = roundProfile();
    cpu.deviceClass = DeviceClass::Cpu;
    QVERIFY_THROWS_EXCEPTION(InputError, BaselineModel(roundDevice(), cpu, 1));
}

QTEST_GUILESS_MAIN(TestBaselineModel)
#include "tst_baselinemodel.moc"
