// ZkFlexModel and its cost model: precision scaling, optimizer choices, the linked-list memory,
// the recorded trace, and the functional check.
#include <QtTest>

#include "core/sim/trace.h"
#include "zkflexcatalog.h"
#include "zkflexcost.h"
#include "zkflexmodel.h"

using namespace accelscope;
using namespace accelscope::zkflex;

namespace {
ZkFlexConfig configFor(const QString &preset) {
    const ParamSchema schema = zkflexSchema();
    return ZkFlexConfig::fromParams(ParamSet::fromPreset(schema, *findPreset(zkflexPresets(), preset)));
}
double metric(const std::vector<Metric> &m, const QString &name) {
    const Metric *x = findMetric(m, name);
    return x ? x->value : -1;
}
}  // namespace

class TestZkFlexModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void precisionScalingFollowsLimbsAndToom() {
        ZkFlexHardware hw;
        // BN254: 4 limbs, Toom-2 12 products + REDC 20; BLS12-381 Fq: 6 limbs, Toom-3 20 + 42.
        QCOMPARE(hw.limbProductsPerMulmod(QStringLiteral("bn254_fq")), 32);
        QCOMPARE(hw.limbProductsPerMulmod(QStringLiteral("bls12_381_fq")), 62);
        QCOMPARE(hw.limbProductsPerMulmod(QStringLiteral("goldilocks")), 3);
        QVERIFY(hw.mulmodsPerCycle(QStringLiteral("bn254_fq")) >
                hw.mulmodsPerCycle(QStringLiteral("bls12_381_fq")));
        const ZkFlexHardware fixed = hw.baseline();
        QCOMPARE(fixed.limbProductsPerMulmod(QStringLiteral("bn254_fq")), 36 + 42);
    }

    void optimizersPickTheFastestCandidate() {
        const ZkFlexConfig c = configFor(QStringLiteral("groth16-bn254-2^20"));
        const auto &msmStage = c.proof.stages.back();
        const StagePlan chosen = planStage(c.hardware, c.proof, msmStage);
        QVERIFY(chosen.window >= 4 && chosen.window <= 20);
        for (int w : {4, 8, 12, 16, 20}) {
            ZkFlexHardware fixed = c.hardware;
            fixed.msmWindow = w;
            QVERIFY(planStage(fixed, c.proof, msmStage).totalPs() >= chosen.totalPs());
        }
        const StagePlan ntt = planStage(c.hardware, c.proof, c.proof.stages.front());
        for (const int radix : {2, 4}) {
            ZkFlexHardware fixed = c.hardware;
            fixed.nttRadix = radix;
            fixed.nttDecomposition = QStringLiteral("direct");
            QVERIFY(planStage(fixed, c.proof, c.proof.stages.front()).totalPs() >= ntt.totalPs());
        }
    }

    void runRecordsBanksEventsAndChecks() {
        ZkFlexModel model(configFor(QStringLiteral("plonk-bn254-2^16")), 3);
        Trace trace;
        std::int64_t steps = 0;
        while (model.step(0, trace))
            ++steps;
        trace.publish();
        QVERIFY(model.finished());
        QCOMPARE(model.progress(), 1.0);
        QVERIFY(steps > 20);
        QVERIFY(trace.eventCount() > static_cast<std::size_t>(steps));
        const auto m = model.metrics();
        QCOMPARE(metric(m, QStringLiteral("ntt_roundtrip_ok")), 1.0);
        QCOMPARE(metric(m, QStringLiteral("msm_matches_naive")), 1.0);
        QVERIFY(metric(m, QStringLiteral("proof_ms")) > 0);
        QCOMPARE(metric(m, QStringLiteral("poly_ms")) + metric(m, QStringLiteral("ec_ms")),
                 metric(m, QStringLiteral("proof_ms")));
        const double u = metric(m, QStringLiteral("tcore_utilization_pct"));
        QVERIFY(u > 0 && u <= 100);
        QVERIFY(metric(m, QStringLiteral("speedup_vs_baseline_accel")) > 1);
        QVERIFY(metric(m, QStringLiteral("speedup_vs_gpu")) > 0);
        QCOMPARE(model.baselines().size(), std::size_t{2});
        // Memory view series: one per bank, some bank held blocks at some point.
        const auto snap = trace.snapshot();
        bool sawOccupancy = false;
        for (std::size_t i = 0; i < snap.counterCount(); ++i)
            if (snap.counterValue(i) > 0)
                sawOccupancy = true;
        QVERIFY(sawOccupancy);
        QVERIFY(model.topology().find(QStringLiteral("zkflex/TCore15")) != kNoUnit);
        QCOMPARE(model.topology().memories().back().banks, 16);
        QVERIFY(model.narration(1, 1).contains(QStringLiteral("MSM")));
        QVERIFY(model.narration(2, 0).startsWith(QStringLiteral("POLY phase")));

        // Bucket fill of the checked MSM, one frame per MSM round: windows fill in order, and
        // each MSM's last round holds every point once per window with a nonzero digit.
        const FunctionalCheck &check = *model.functionalCheck();
        std::int64_t msmRounds = 0;
        for (const StagePlan &plan : model.plans())
            if (plan.stage.op == zk::StageOp::Msm)
                msmRounds += static_cast<std::int64_t>(plan.steps.size());
        QVERIFY(msmRounds > 0);
        QCOMPARE(static_cast<std::int64_t>(snap.frames().size()), msmRounds);
        const Frame last = snap.frames().back()->decompressed();
        QCOMPARE(last.name, QStringLiteral("msm/bucket_fill"));
        QCOMPARE(last.shape, (std::vector<std::int64_t>{check.msmWindows, std::int64_t{1} << check.msmWindowBits}));
        const auto *cells = reinterpret_cast<const float *>(last.data.constData());
        double points = 0;
        for (std::int64_t w = 0; w < check.msmWindows; ++w) {
            QCOMPARE(cells[w << check.msmWindowBits], 0.0f);  // digit 0 is skipped
            for (std::int64_t b = 0; b < (std::int64_t{1} << check.msmWindowBits); ++b)
                points += cells[(w << check.msmWindowBits) + b];
        }
        QVERIFY(points > 32 * (check.msmWindows - 2) && points <= 32 * check.msmWindows);  // full-width scalars
    }

    void plonky2HasNoMsm() {
        ZkFlexModel model(configFor(QStringLiteral("plonky2-2^16")), 1);
        Trace trace;
        while (model.step(2, trace)) {
        }
        const auto m = model.metrics();
        QCOMPARE(metric(m, QStringLiteral("ec_ms")), 0.0);
        QCOMPARE(metric(m, QStringLiteral("ntt_roundtrip_ok")), 1.0);
    }

    void linkedListMemoryHoldsOnlyTouchedBuckets() {
        // 2^16 points, c = 16: about 63 % of the 65 535 buckets are hit; a static array per bank
        // reserves all of them and needs more bucket-range passes, each re-reading the points.
        ZkFlexConfig c = configFor(QStringLiteral("groth16-bn254-2^16"));
        c.hardware.msmWindow = 16;
        const StagePlan linked = planStage(c.hardware, c.proof, c.proof.stages.back());
        c.hardware.linkedListMemory = false;
        const StagePlan fixed = planStage(c.hardware, c.proof, c.proof.stages.back());
        double linkedHbm = 0, fixedHbm = 0;
        for (const auto &s : linked.steps)
            linkedHbm += s.hbmBytes;
        for (const auto &s : fixed.steps)
            fixedHbm += s.hbmBytes;
        QVERIFY(linkedHbm < fixedHbm);
        QVERIFY(linked.totalPs() <= fixed.totalPs());
    }
};

QTEST_GUILESS_MAIN(TestZkFlexModel)
#include "tst_zkflexmodel.moc"
