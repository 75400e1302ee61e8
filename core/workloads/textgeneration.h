#pragma once
// Op graphs of transformer text generation, per device, for the shared baseline model.
//
// One call builds one forward pass of a decoder-only transformer on one of `tensorParallel`
// devices that split every layer Megatron-style: attention by heads, the FFN by columns (up) and
// rows (down), the embedding and LM head by vocabulary. Per layer that costs two all-reduces
// (after the attention output projection and after the FFN down projection); the vocabulary-split
// embedding adds one more and the LM head an all-gather of the logits.

#include <vector>

#include "core/workloads/transformer.h"
#include "core/workloads/workloadop.h"

namespace accelscope {

// The prompt pass: `workload.batch` sequences of `workload.inputTokens` tokens each. Attention is
// computed over the full prompt × prompt score matrix (masked, not skipped); the LM head runs for
// the last position of each sequence only, which is all generation needs.
std::vector<WorkloadOp> buildPrefill(const TransformerConfig &config, const TextGenerationWorkload &workload,
                                     int tensorParallel);

// One generation step: one new token per sequence attending to `contextTokens` cached positions
// (its own included), so step s after a prompt of P tokens has contextTokens = P + s.
std::vector<WorkloadOp> buildDecodeStep(const TransformerConfig &config,
                                        const TextGenerationWorkload &workload, int contextTokens,
                                        int tensorParallel);

// Total parameters of the model (all experts, tied embeddings counted once).
double parameterCount(const TransformerConfig &config);

// Bytes of K and V cached per token over all layers: 2 × layers × kvHeads × headDim × bytes.
double kvCacheBytesPerToken(const TransformerConfig &config, int bytesPerElement);
// The same at the workload's KV width (kvBitsPerElement when set, a quantized cache).
double kvCacheBytesPerToken(const TransformerConfig &config, const TextGenerationWorkload &workload);

// Sum of WorkloadOp::weightBytes: the parameter bytes resident on one device.
double residentWeightBytes(const std::vector<WorkloadOp> &ops);

// How a batch is served when memory holds the KV cache of only `maxBatch` sequences at full
// context: waves of at most that many sequences, one after another (`fullWaves` of maxBatch, then
// one of `remainder` when it is not 0). maxBatch is 0 when the weights leave no room for one.
struct BatchWaves {
    int maxBatch = 0;
    int waves = 0;
    int fullWaves = 0;
    int remainder = 0;
    // Sequences of the wave with this index (0-based).
    int waveBatch(int wave) const { return wave < fullWaves ? maxBatch : remainder; }

    static BatchWaves plan(int batch, double budgetBytes, double weightBytes, double kvBytesPerSequence);
};

// Throws InputError unless `tensorParallel` can split `config` (heads divisible by it, and KV
// heads either divisible by it or replicated) and the workload's sizes are positive.
void checkTextGeneration(const TransformerConfig &config, const TextGenerationWorkload &workload,
                         int tensorParallel);

}  // namespace accelscope
