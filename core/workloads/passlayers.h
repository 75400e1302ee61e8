#pragma once
// A forward pass's ops (from textgeneration.h) as a model steps through them layer by layer, and
// how a timeline draws each op.

#include <vector>

#include "core/api/trace.h"
#include "core/workloads/workloadop.h"

namespace accelscope {

// Matmuls and attention as matrix work, softmax as special functions, collectives as transfers,
// embedding lookups as memory reads, the rest as vector work.
OpKind traceOpKind(const WorkloadOp &op);

// The ops of decoder layer `layer` of one pass, in order, with the ops before the layer stack
// (embedding) attached to layer 0 and those after it (final norm, LM head) to `lastLayer`, so
// stepping layer by layer covers the whole pass exactly once.
std::vector<WorkloadOp> opsOfLayer(const std::vector<WorkloadOp> &pass, int layer, int lastLayer);

}  // namespace accelscope
