#pragma once
// DFX's intra-layer model parallelism, functionally: one GPT-2 decoder layer split over D cores.
// Attention is split head-wise (core d owns heads [d·H/D, (d+1)·H/D) with their Q, K, V columns
// and their KV cache), the output projection and both FC layers column-wise. After each of the
// four partitioned matmuls whose output the next step needs whole, a ring all-gather gives every
// core the full vector:
//   1. attention context (heads → full attention width)   2. projection output (→ dModel)
//   3. FC1 + GELU output (→ ffn)                           4. FC2 output (→ dModel)
// LayerNorm and the residual adds run replicated on every core's full copy.

#include <vector>

#include "core/kernels/gpt2.h"
#include "ringallgather.h"

namespace accelscope::dfx {

class ModelParallelDecoder {
public:
    static constexpr int kSynchronizationsPerLayer = 4;

    // Throws std::invalid_argument if `devices` does not divide heads, dModel and ffn.
    ModelParallelDecoder(const kernels::Gpt2LayerWeights &weights, const TransformerConfig &config,
                         int devices, kernels::GeluMode gelu);

    // New tokens × dModel at the next positions; returns the layer output (core 0's copy; the
    // others hold the same values). `firstHeadScores`: head 0's probabilities (on core 0).
    kernels::MatrixF forward(const kernels::MatrixF &x, kernels::MatrixF *firstHeadScores = nullptr);

    int devices() const { return devices_; }
    // All-gathers done so far and the hops they took.
    int synchronizations() const { return synchronizations_; }
    std::int64_t hops() const { return hops_; }
    // The largest difference between two cores' copies of the output seen so far (0 when the
    // ring delivered the same data to everyone).
    float replicaMismatch() const { return replicaMismatch_; }
    const kernels::KvCache &cache(int device) const { return caches_.at(static_cast<std::size_t>(device)); }

    static bool divides(const TransformerConfig &config, int devices);
    // Device counts in 1 .. maxDevices that split heads, dModel and ffn evenly.
    static std::vector<int> allowedDeviceCounts(const TransformerConfig &config, int maxDevices);

private:
    std::vector<kernels::MatrixF> allGather(const std::vector<kernels::MatrixF> &parts);

    const kernels::Gpt2LayerWeights &weights_;
    TransformerConfig config_;
    int devices_;
    kernels::GeluMode gelu_;
    kernels::LutGelu lut_;
    RingAllGather ring_;
    std::vector<kernels::KvCache> caches_;
    int synchronizations_ = 0;
    std::int64_t hops_ = 0;
    float replicaMismatch_ = 0;
};

}  // namespace accelscope::dfx
