#pragma once
// Op graphs for speculative decoding on a model stored compressed: the passes of
// textgeneration.h with the linear layers' weights at `weightBitsPerElement` bits as stored and
// streamed (biases, norms and the embedding table stay at the activation width; 0 keeps the
// activation width), and a pass of several new tokens with logits at every new position (the
// verification that checks drafted tokens at once). A quantized KV cache is set, as for the other
// builders, with TextGenerationWorkload::kvBitsPerElement. Implemented with the other builders
// in textgeneration.cpp.

#include <vector>

#include "core/workloads/transformer.h"
#include "core/workloads/workloadop.h"

namespace accelscope {

std::vector<WorkloadOp> buildPrefill(const TransformerConfig &config, const TextGenerationWorkload &workload,
                                     int tensorParallel, double weightBitsPerElement);
std::vector<WorkloadOp> buildDecodeStep(const TransformerConfig &config, const TextGenerationWorkload &workload,
                                        int contextTokens, int tensorParallel, double weightBitsPerElement);
// `newTokens` per sequence over a cache of `contextTokens` positions (the new ones included).
std::vector<WorkloadOp> buildMultiTokenStep(const TransformerConfig &config, const TextGenerationWorkload &workload,
                                            int newTokens, int contextTokens, int tensorParallel,
                                            double weightBitsPerElement = 0);

}  // namespace accelscope
