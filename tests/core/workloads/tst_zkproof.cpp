// ZK proof workloads: the POLY/EC stage lists per proof system and their baseline ops.
#include <QtTest>

#include "core/workloads/zkproof.h"
#include "tests/support/errorof.h"

using namespace accelscope;
using namespace accelscope::zk;

class TestZkProof : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void groth16HasSevenTransformsAndFiveMsms() {
        const ProofWorkload w = buildProof(ProofSystem::Groth16, QStringLiteral("bn254"), 16);
        int transforms = 0, msms = 0;
        for (const auto &s : w.stages) {
            if (s.op == StageOp::Ntt || s.op == StageOp::Intt)
                transforms += s.batch;
            if (s.op == StageOp::Msm)
                msms += s.batch;
            QCOMPARE(s.size, std::int64_t{1} << 16);
        }
        QCOMPARE(transforms, 7);
        QCOMPARE(msms, 5);
        QCOMPARE(w.baseField, QStringLiteral("bn254_fq"));
        QCOMPARE(fieldLimbs(w.baseField), 4);
        // POLY first, then EC: one shift.
        QVERIFY(w.stages.front().kind == StageKind::Poly);
        QVERIFY(w.stages.back().kind == StageKind::Ec);
    }

    void plonkHasNineMsmsAndShiftsRepeatedly() {
        const ProofWorkload w = buildProof(ProofSystem::Plonk, QStringLiteral("bls12_381"), 12);
        int msms = 0, shifts = 0;
        for (std::size_t i = 0; i < w.stages.size(); ++i) {
            if (w.stages[i].op == StageOp::Msm)
                msms += w.stages[i].batch;
            if (i > 0 && w.stages[i].kind != w.stages[i - 1].kind)
                ++shifts;
        }
        QCOMPARE(msms, 9);
        QVERIFY(shifts >= 6);
        QCOMPARE(fieldBits(w.baseField), 381);
    }

    void plonky2IsGoldilocksPolyOnly() {
        const ProofWorkload w = buildProof(ProofSystem::Plonky2, QString(), 16);
        QCOMPARE(w.scalarField, QStringLiteral("goldilocks"));
        for (const auto &s : w.stages)
            QVERIFY(s.kind == StageKind::Poly);
    }

    void msmMulmodsFollowPippenger() {
        const ProofWorkload w = buildProof(ProofSystem::Groth16, QStringLiteral("bn254"), 10);
        const ProofStage &msm = w.stages.back();
        // ⌈254/8⌉ = 32 windows × (1024 + 2·255) additions × 16 + 31·8 doublings × 7
        QCOMPARE(stageMulmods(w, msm, 8), 32.0 * (1024 + 510) * 16 + 31.0 * 8 * 7);
        const auto ops = baselineOps(w, 8);
        QCOMPARE(ops.size(), w.stages.size());
        for (const auto &op : ops)
            QVERIFY(op.flops > 0 && op.bytes > 0);
    }

    void badInputIsNamed() {
        QVERIFY(test::errorOf([] {
                    buildProof(ProofSystem::Groth16, QStringLiteral("bn254"), 30);
                }).contains(QStringLiteral("2^10 to 2^24")));
        QVERIFY(test::errorOf([] {
                    buildProof(ProofSystem::Plonk, QStringLiteral("secp256k1"), 16);
                }).contains(QStringLiteral("allowed: bn254, bls12_381")));
        QVERIFY(test::errorOf([] {
                    proofSystemFromString(QStringLiteral("stark"));
                }).contains(QStringLiteral("plonky2")));
    }
};

QTEST_GUILESS_MAIN(TestZkProof)
#include "tst_zkproof.moc"
