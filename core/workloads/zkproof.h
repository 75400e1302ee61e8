#pragma once
// The POLY and EC stages of one zero-knowledge proof, per proof system and circuit size: what a
// ZKP accelerator (ZK-Flex) executes and what the shared baseline model prices on CPUs and GPUs.
// Stage lists are reconstructions of the provers' structure [I] (ZK-Flex does not list its
// benchmarks); each system's comment says where its counts come from.
#include <cstdint>
#include <vector>

#include <QString>
#include <QStringList>

#include "core/workloads/workloadop.h"

namespace accelscope::zk {

enum class ProofSystem { Groth16, Plonk, Plonky2 };
QString toString(ProofSystem system);
ProofSystem proofSystemFromString(const QString &text);  // throws InputError
QStringList proofSystemNames();

enum class StageKind { Poly, Ec };
enum class StageOp { Ntt, Intt, Pointwise, Msm };
QString toString(StageKind kind);  // "POLY", "EC"
QString toString(StageOp op);      // "NTT", "INTT", "element-wise", "MSM"

struct ProofStage {
    QString name;  // "INTT a", "MSM H (G1)"
    StageKind kind = StageKind::Poly;
    StageOp op = StageOp::Ntt;
    std::int64_t size = 0;  // transform length, vector length or MSM point count
    int batch = 1;          // independent polynomials of this size handled together
    // Pointwise: field multiplications per element. MSM: field-cost factor of the group (1 for G1;
    // 3 for G2, whose Fq2 products cost three Fq products by Karatsuba).
    double factor = 1;
};

struct ProofWorkload {
    ProofSystem system = ProofSystem::Groth16;
    QString curve;        // "bn254", "bls12_381"; empty for Plonky2 (Goldilocks only)
    QString scalarField;  // field of the POLY stage: "bn254_fr", "bls12_381_fr", "goldilocks"
    QString baseField;    // field of the EC stage: "bn254_fq", "bls12_381_fq"; empty without MSM
    int logSize = 20;     // log2 constraints (gates, rows)
    std::vector<ProofStage> stages;
};

// Throws InputError for an unknown curve, a size outside 2^10..2^24, or a curve with Plonky2.
ProofWorkload buildProof(ProofSystem system, const QString &curve, int logSize);

// Bits and 64-bit limbs of a named field.
int fieldBits(const QString &field);
int fieldLimbs(const QString &field);

// Field multiplications of a stage (radix-2 NTT, Pippenger with `windowBits`, Jacobian
// additions of 16 products), the count a CPU or GPU baseline performs.
double stageMulmods(const ProofWorkload &proof, const ProofStage &stage, int windowBits);

// The proof as WorkloadOps for the shared baseline model: one element-wise op per stage whose
// "flops" are 32-bit limb multiply-adds (2 per product; a Montgomery product of n 32-bit limbs
// costs 2n² + n of them) and whose bytes are the stage's operands read and results written.
std::vector<WorkloadOp> baselineOps(const ProofWorkload &proof, int windowBits);

}  // namespace accelscope::zk
