#include "core/workloads/zkproof.h"

#include <cmath>

#include "core/api/errors.h"

namespace accelscope::zk {

QString toString(ProofSystem system) {
    switch (system) {
        case ProofSystem::Groth16:
            return QStringLiteral("groth16");
        case ProofSystem::Plonk:
            return QStringLiteral("plonk");
        case ProofSystem::Plonky2:
            return QStringLiteral("plonky2");
    }
    return {};
}

QStringList proofSystemNames() {
    return {QStringLiteral("groth16"), QStringLiteral("plonk"), QStringLiteral("plonky2")};
}

ProofSystem proofSystemFromString(const QString &text) {
    for (const auto s : {ProofSystem::Groth16, ProofSystem::Plonk, ProofSystem::Plonky2})
        if (toString(s) == text)
            return s;
    throw InputError(QStringLiteral("proof system '%1' is unknown; allowed: %2")
                         .arg(text, proofSystemNames().join(QStringLiteral(", "))));
}

QString toString(StageKind kind) {
    return kind == StageKind::Poly ? QStringLiteral("POLY") : QStringLiteral("EC");
}

QString toString(StageOp op) {
    switch (op) {
        case StageOp::Ntt:
            return QStringLiteral("NTT");
        case StageOp::Intt:
            return QStringLiteral("INTT");
        case StageOp::Pointwise:
            return QStringLiteral("element-wise");
        case StageOp::Msm:
            return QStringLiteral("MSM");
    }
    return {};
}

int fieldBits(const QString &field) {
    if (field == QStringLiteral("goldilocks"))
        return 64;
    if (field == QStringLiteral("bn254_fr") || field == QStringLiteral("bn254_fq"))
        return 254;
    if (field == QStringLiteral("bls12_381_fr"))
        return 255;
    if (field == QStringLiteral("bls12_381_fq"))
        return 381;
    throw InputError(QStringLiteral("field '%1' is unknown").arg(field));
}

int fieldLimbs(const QString &field) {
    return (fieldBits(field) + 63) / 64;
}

namespace {

ProofStage poly(QString name, StageOp op, std::int64_t size, int batch = 1, double mulsPerElement = 0) {
    return ProofStage{
        std::move(name), StageKind::Poly, op, size, batch, op == StageOp::Pointwise ? mulsPerElement : 1};
}

ProofStage msm(QString name, std::int64_t size, int batch = 1, double groupFactor = 1) {
    return ProofStage{std::move(name), StageKind::Ec, StageOp::Msm, size, batch, groupFactor};
}

// Groth16 prover (as in bellman/arkworks): the quotient H = (A·B − C)/Z by 3 INTTs, 3 coset NTTs,
// element-wise products on the coset and one coset INTT; then MSMs for A, B (G1 and G2), H and
// the private-input term L, all of about n points.
std::vector<ProofStage> groth16(std::int64_t n) {
    return {poly(QStringLiteral("INTT A, B, C"), StageOp::Intt, n, 3),
            poly(QStringLiteral("coset NTT A, B, C"), StageOp::Ntt, n, 3),
            poly(QStringLiteral("(A·B − C)·Z⁻¹ on the coset"), StageOp::Pointwise, n, 1, 3),
            poly(QStringLiteral("coset INTT H"), StageOp::Intt, n, 1),
            msm(QStringLiteral("MSM A (G1)"), n),
            msm(QStringLiteral("MSM B (G1)"), n),
            msm(QStringLiteral("MSM B (G2)"), n, 1, 3),
            msm(QStringLiteral("MSM H (G1)"), n),
            msm(QStringLiteral("MSM L (G1)"), n)};
}

// Plonk prover (Gabizon–Williamson–Ciobotaru rounds): wires a, b, c interpolated and committed;
// the permutation product z; the quotient t on a 4n coset from a, b, c, z and the selectors,
// split into three commitments; evaluations and the two opening proofs. Nine MSMs of n points.
std::vector<ProofStage> plonk(std::int64_t n) {
    return {poly(QStringLiteral("INTT wires a, b, c"), StageOp::Intt, n, 3),
            msm(QStringLiteral("MSM commit a, b, c"), n, 3),
            poly(QStringLiteral("permutation product z"), StageOp::Pointwise, n, 1, 8),
            poly(QStringLiteral("INTT z"), StageOp::Intt, n, 1),
            msm(QStringLiteral("MSM commit z"), n),
            poly(QStringLiteral("coset NTT a, b, c, z (4n)"), StageOp::Ntt, 4 * n, 4),
            poly(QStringLiteral("quotient numerator on 4n coset"), StageOp::Pointwise, 4 * n, 1, 24),
            poly(QStringLiteral("coset INTT t (4n)"), StageOp::Intt, 4 * n, 1),
            msm(QStringLiteral("MSM commit t_lo, t_mid, t_hi"), n, 3),
            poly(QStringLiteral("evaluations and linearisation"), StageOp::Pointwise, n, 1, 16),
            msm(QStringLiteral("MSM openings W_z, W_zω"), n, 2)};
}

// Plonky2-style prover over Goldilocks: 135 wire columns interpolated, low-degree extended by a
// blowup of 8 (rate_bits 3), and the quotient evaluated on the LDE; hashing (Poseidon Merkle
// trees) is not part of this model. No MSM.
std::vector<ProofStage> plonky2(std::int64_t n) {
    return {poly(QStringLiteral("INTT 135 wire columns"), StageOp::Intt, n, 135),
            poly(QStringLiteral("LDE NTT 135 columns (8n)"), StageOp::Ntt, 8 * n, 135),
            poly(QStringLiteral("INTT permutation products"), StageOp::Intt, n, 20),
            poly(QStringLiteral("LDE NTT products (8n)"), StageOp::Ntt, 8 * n, 20),
            poly(QStringLiteral("constraint evaluation on LDE"), StageOp::Pointwise, 8 * n, 1, 200),
            poly(QStringLiteral("INTT quotient (8n)"), StageOp::Intt, 8 * n, 2)};
}

}  // namespace

ProofWorkload buildProof(ProofSystem system, const QString &curve, int logSize) {
    if (logSize < 10 || logSize > 24)
        throw InputError(
            QStringLiteral("proof size 2^%1 is out of range; allowed: 2^10 to 2^24").arg(logSize));
    ProofWorkload w;
    w.system = system;
    w.logSize = logSize;
    const std::int64_t n = std::int64_t{1} << logSize;
    if (system == ProofSystem::Plonky2) {
        w.scalarField = QStringLiteral("goldilocks");
        w.stages = plonky2(n);
        return w;
    }
    if (curve != QStringLiteral("bn254") && curve != QStringLiteral("bls12_381"))
        throw InputError(QStringLiteral("curve '%1' is unknown; allowed: bn254, bls12_381").arg(curve));
    w.curve = curve;
    w.scalarField = curve + QStringLiteral("_fr");
    w.baseField = curve + QStringLiteral("_fq");
    w.stages = system == ProofSystem::Groth16 ? groth16(n) : plonk(n);
    return w;
}

double stageMulmods(const ProofWorkload &proof, const ProofStage &stage, int windowBits) {
    const double n = static_cast<double>(stage.size) * stage.batch;
    switch (stage.op) {
        case StageOp::Ntt:
        case StageOp::Intt:
            return 0.5 * n * std::log2(static_cast<double>(stage.size)) + (stage.op == StageOp::Intt ? n : 0);
        case StageOp::Pointwise:
            return n * stage.factor;
        case StageOp::Msm: {
            const double windows = std::ceil(fieldBits(proof.scalarField) / static_cast<double>(windowBits));
            const double adds = stage.batch * windows *
                                (static_cast<double>(stage.size) + 2 * (std::ldexp(1.0, windowBits) - 1));
            const double dbls = stage.batch * (windows - 1) * windowBits;
            return stage.factor * (16 * adds + 7 * dbls);
        }
    }
    return 0;
}

std::vector<WorkloadOp> baselineOps(const ProofWorkload &proof, int windowBits) {
    std::vector<WorkloadOp> ops;
    for (const auto &stage : proof.stages) {
        const QString &field = stage.kind == StageKind::Ec ? proof.baseField : proof.scalarField;
        const double limbs32 = std::ceil(fieldBits(field) / 32.0);
        const double elementBytes = 8.0 * fieldLimbs(field);
        const double n = static_cast<double>(stage.size) * stage.batch;
        WorkloadOp op;
        op.name = stage.name;
        op.kind = WorkloadOpKind::Elementwise;
        op.flops = stageMulmods(proof, stage, windowBits) * 2 * (2 * limbs32 * limbs32 + limbs32);
        // NTT: log passes over the vector that stay in cache only for small sizes — one read and
        // one write per element and pass; MSM: points (x, y) and a scalar per point per window.
        if (stage.op == StageOp::Msm) {
            const double windows = std::ceil(fieldBits(proof.scalarField) / static_cast<double>(windowBits));
            op.bytes = windows * n * stage.factor * (2 * elementBytes + 32);
        } else if (stage.op == StageOp::Pointwise) {
            op.bytes = n * elementBytes * (stage.factor + 1);
        } else {
            op.bytes = 2 * n * elementBytes * std::log2(static_cast<double>(stage.size));
        }
        ops.push_back(op);
    }
    return ops;
}

}  // namespace accelscope::zk
