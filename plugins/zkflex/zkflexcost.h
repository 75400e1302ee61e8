#pragma once
// The timing of one proof stage on a ZkFlexHardware: the POLY optimizer's choice of NTT radix and
// decomposition, the EC optimizer's choice of MSM window (each the fastest candidate under this
// same cost model when the configuration leaves it to them), and the resulting steps — NTT
// passes, MSM rounds of concurrent windows, element-wise sweeps — each bounded by the slowest of
// TCore compute, SRAM ports, HBM and the NoC, which overlap.
#include <cstdint>
#include <vector>

#include <QString>

#include "core/api/trace.h"
#include "core/workloads/zkproof.h"
#include "zkflexhardware.h"

namespace accelscope::zkflex {

struct StepCost {
    QString label;
    TimePs durationPs = 0;
    TimePs computePs = 0;  // TCore busy time within the step
    TimePs hbmPs = 0;
    TimePs nocPs = 0;
    double mulmods = 0;
    double hbmBytes = 0;
    double nocBytes = 0;
    int activeTcores = 0;
    std::int64_t sramBytesPerTcore = 0;  // resident while the step runs (buckets or polynomial slice)
};

struct StagePlan {
    zk::ProofStage stage;
    QString field;
    int limbs = 0;
    int radix = 0;          // NTT
    QString decomposition;  // NTT: direct, four_step
    int window = 0;         // MSM
    int concurrentTcores = 0;
    std::vector<StepCost> steps;
    TimePs totalPs() const;
    double mulmods() const;
};

StagePlan planStage(const ZkFlexHardware &hw, const zk::ProofWorkload &proof, const zk::ProofStage &stage);
std::vector<StagePlan> planProof(const ZkFlexHardware &hw, const zk::ProofWorkload &proof);

}  // namespace accelscope::zkflex
