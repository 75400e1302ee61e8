// The LPU-style core on real op graphs: the sizing rule, every op at or above its roofline,
// decode bound by weight streaming, prefill bound by the MAC trees, bandwidth scaling, and the
// synchronization link's overlap across devices.

#include <QtTest>

#include "core/accelerators/lpucore.h"
#include "core/api/errors.h"
#include "core/sim/timing/units.h"
#include "core/workloads/textgeneration.h"
#include "core/workloads/transformer.h"
#include "tests/support/errorof.h"

using namespace accelscope;

namespace {

const TransformerConfig &opt(const QString &id) { return ModelZoo::builtin().transformer(id); }

TextGenerationWorkload workload(int input, int output = 1) {
    TextGenerationWorkload w;
    w.inputTokens = input;
    w.outputTokens = output;
    return w;
}

double bytesOf(const std::vector<WorkloadOp> &ops) {
    double sum = 0;
    for (const WorkloadOp &op : ops)
        if (op.kind != WorkloadOpKind::Collective)
            sum += op.bytes;
    return sum;
}

}  // namespace

class TestLpuCore : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sizingRuleMatchesBandwidth() {
        // 32 trees × 64 inputs × 2 B × 0.8 GHz = 3.2768 TB/s: HBM3's 3.28 TB/s needs 33 trees at
        // exactly 0.8 GHz, 32 at 0.801 GHz.
        QCOMPARE(LpuConfig::macTreesForBandwidth(32 * 64 * 2 * 0.8e9, 64, 0.8e9), 32);
        QCOMPARE(LpuConfig::macTreesForBandwidth(3.28e12, 64, 0.8e9), 33);
        QCOMPARE(LpuConfig::macTreesForBandwidth(3.28e12, 64, 0.801e9), 32);
        const LpuConfig c;
        QVERIFY(std::abs(c.memoryBytesPerSecond() - 3.28e12) < 1e6);
        QCOMPARE(c.peakFlops(), 2.0 * 32 * 64 * 0.8e9);
    }

    void everyOpAtOrAboveItsRoofline() {
        const LpuCore core{LpuConfig{}};
        for (int input : {1, 32, 1024}) {
            const auto ops = buildPrefill(opt(QStringLiteral("opt-6.7b")), workload(input), 1);
            for (const WorkloadOp &op : ops) {
                const LpuOpTiming t = core.time(op);
                const double seconds = timing::psToSeconds(t.timePs);
                if (op.kind == WorkloadOpKind::Matmul || op.kind == WorkloadOpKind::Attention) {
                    QVERIFY2(seconds >= op.flops / core.config().peakFlops() * (1 - 1e-9), qPrintable(op.name));
                    QVERIFY2(seconds >= op.bytes / core.config().memoryBytesPerSecond() * (1 - 1e-9), qPrintable(op.name));
                }
                QVERIFY(t.timePs >= 0);
            }
        }
    }

    void decodeIsBoundByWeightStreaming() {
        // OPT-1.3B at batch 1 (the LPU paper's workload): a decode step streams every weight once.
        const LpuCore core{LpuConfig{}};
        const auto step = buildDecodeStep(opt(QStringLiteral("opt-1.3b")), workload(32, 2016), 33, 1);
        std::vector<LpuOpTiming> breakdown;
        const double seconds = timing::psToSeconds(core.time(step, &breakdown));
        const double streaming = bytesOf(step) / core.config().memoryBytesPerSecond();
        QVERIFY2(seconds >= streaming && seconds < 1.25 * streaming,
                 qPrintable(QStringLiteral("%1 s vs %2 s of streaming").arg(seconds).arg(streaming)));
        QCOMPARE(breakdown.size(), step.size());
        // Twice the memory bandwidth, trees resized by the rule: about twice as fast.
        LpuConfig wide;
        wide.channelBytesPerSecond *= 2;
        wide.macTrees = LpuConfig::macTreesForBandwidth(wide.memoryBytesPerSecond(), wide.treeWidth, wide.clockHz);
        const double faster = timing::psToSeconds(LpuCore(wide).time(step));
        QVERIFY2(seconds / faster > 1.7 && seconds / faster <= 2.0 + 1e-9, qPrintable(QString::number(seconds / faster)));
    }

    void longPrefillIsBoundByTheMacTrees() {
        const LpuCore core{LpuConfig{}};
        const auto prefill = buildPrefill(opt(QStringLiteral("opt-1.3b")), workload(2048), 1);
        double matmulFlops = 0;
        for (const WorkloadOp &op : prefill)
            if (op.kind == WorkloadOpKind::Matmul || op.kind == WorkloadOpKind::Attention)
                matmulFlops += op.flops;
        const double seconds = timing::psToSeconds(core.time(prefill));
        const double compute = matmulFlops / core.config().peakFlops();
        QVERIFY2(seconds >= compute && seconds < 1.3 * compute, qPrintable(QStringLiteral("%1 vs %2").arg(seconds).arg(compute)));
    }

    void devicesSplitTheWorkAndTheLinkOverlaps() {
        const TransformerConfig &model = opt(QStringLiteral("opt-6.7b"));
        const auto one = buildDecodeStep(model, workload(32, 100), 64, 1);
        const auto four = buildDecodeStep(model, workload(32, 100), 64, 4);
        LpuConfig single;
        LpuConfig quad;
        quad.devices = 4;
        const double t1 = timing::psToSeconds(LpuCore(single).time(one));
        std::vector<LpuOpTiming> breakdown;
        const double t4 = timing::psToSeconds(LpuCore(quad).time(four, &breakdown));
        QVERIFY2(t4 < t1 / 2, qPrintable(QStringLiteral("%1 vs %2").arg(t4).arg(t1)));
        TimePs exposed = 0, transfer = 0;
        for (const LpuOpTiming &t : breakdown)
            if (t.unit == LpuUnit::Esl) {
                exposed += t.timePs;
                transfer += t.memoryPs;
                QVERIFY(t.timePs <= t.memoryPs);
                QVERIFY(t.timePs >= t.memoryPs / quad.eslChunks);  // the last chunk is never hidden
            }
        QVERIFY(transfer > 0 && exposed < transfer);
        // Without chunking nothing hides.
        quad.eslChunks = 1;
        breakdown.clear();
        LpuCore(quad).time(four, &breakdown);
        for (const LpuOpTiming &t : breakdown)
            if (t.unit == LpuUnit::Esl)
                QCOMPARE(t.timePs, t.memoryPs);
    }

    void badConfigNamesTheField() {
        LpuConfig c;
        c.macTrees = 0;
        QVERIFY(test::errorOf([&] { LpuCore core(c); }).contains(QStringLiteral("mac_trees = 0")));
        c = {};
        c.devices = 2;
        c.eslBytesPerSecond = 0;
        QVERIFY(test::errorOf([&] { LpuCore core(c); }).contains(QStringLiteral("esl_bytes_per_second")));
    }
};

QTEST_APPLESS_MAIN(TestLpuCore)
#include "tst_lpucore.moc"
