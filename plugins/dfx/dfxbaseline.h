#pragma once
// The paper's baseline for a DFX workload: the same text generation on 4 x V100 through the
// shared baseline model (core/hw). Kept in its own translation unit because core/hw's headers
// declare a workload OpKind that clashes with the trace's OpKind (core/api/trace.h).

#include "core/api/metric.h"
#include "core/workloads/transformer.h"

namespace accelscope::dfx {

BaselineResult fourV100Baseline(const TransformerConfig &model, const TextGenerationWorkload &workload);

}  // namespace accelscope::dfx
