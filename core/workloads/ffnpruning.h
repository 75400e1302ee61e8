#pragma once
// Structured FFN pruning in a text-generation op graph: the FFN up (gate and up) and down
// projections of every layer stream and compute only a share of their intermediate channels, and
// the activation follows the up share. Every weight stays resident (an online pruner picks other
// channels for the next pass), so weightBytes is unchanged.

#include <vector>

#include "core/workloads/transformer.h"
#include "core/workloads/workloadop.h"

namespace accelscope {

struct FfnChannelShare {
    double upGate = 1.0;  // gate and up rows computed (retained and candidate channels)
    double down = 1.0;    // down-projection columns used (kept channels)
};

// Rewrites the ffn_up, ffn_act and ffn_down ops of a pass built by textgeneration.h for
// `config` and `workload` on `tensorParallel` devices. Throws InputError for a mixture-of-experts
// model or a share outside (0, 1].
void pruneFfnChannels(std::vector<WorkloadOp> &ops, const TransformerConfig &config,
                      const TextGenerationWorkload &workload, int tensorParallel,
                      const FfnChannelShare &share);

}  // namespace accelscope
