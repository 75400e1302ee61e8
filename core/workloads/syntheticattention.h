#pragma once
// A seeded stand-in for one attention layer of a decoder as KV-cache eviction sees it: the cached
// keys and values of every KV head (from syntheticTensor: Student-t tails, outlier key channels),
// the queries of the prompt's last positions (the observation window) and of later positions
// (decode steps), and the output projection W_O split per query head. With real weights absent it
// gives attention the properties eviction methods rely on, each a chosen knob [I]:
//   - concentration differs by layer and head: queries are scaled by a log-normal factor per
//     layer and per head (sharper heads pay most attention to few tokens);
//   - heavy hitters: a query is partly along a persistent direction of its head (shared in part by
//     the heads of a KV group), so some keys draw attention from every query;
//   - an attention sink: token 0's key lies along the group's shared direction, its value is small;
//   - values differ in size per token (log-normal row factor) and heads in the size of their W_O
//     slice (log-normal factor), which attention weights alone do not see.
// Deterministic in (spec, seed, layer).

#include <cstdint>
#include <vector>

#include "core/kernels/tensor.h"
#include "core/workloads/transformer.h"

namespace accelscope {

struct SyntheticAttentionSpec {
    int tokens = 256;        // cached prompt tokens
    int windowQueries = 16;  // the prompt's last positions; their queries score the cache
    int laterQueries = 16;   // positions after the prompt, where outputs are compared
    int heads = 32;          // query heads
    int kvHeads = 8;
    int headDim = 128;
    int outputWidth = 128;  // columns of the layer output modelled (a slice of d_model)

    double layerSharpnessSpread = 0.4;  // log-space spread of the per-layer query scale
    double headSharpnessSpread = 0.4;   // log-space spread of the per-head query scale
    double queryFocus = 0.5;            // share of a query's variance along its head's persistent direction
    double valueNormSpread = 0.4;       // log-space spread of the per-token value factor
    double outputScaleSpread = 0.4;     // log-space spread of the per-head W_O factor
    double sinkStrength = 1.5;          // token 0's key along the shared direction (0: no sink)
    double sinkValueScale = 0.1;        // token 0's value factor

    // The model's heads, KV heads and head dim with the other fields as given.
    static SyntheticAttentionSpec forModel(const TransformerConfig &model, int tokens, int outputWidth);
    // Throws InputError naming the field, its value and what is allowed.
    void validate() const;
    int kvHeadOf(int head) const { return head / (heads / kvHeads); }
};

struct SyntheticAttentionLayer {
    std::vector<kernels::MatrixF> keys;              // per KV head: tokens × headDim
    std::vector<kernels::MatrixF> values;            // per KV head: tokens × headDim
    std::vector<kernels::MatrixF> windowQueries;     // per query head: windowQueries × headDim
    std::vector<kernels::MatrixF> laterQueries;      // per query head: laterQueries × headDim
    std::vector<kernels::MatrixF> outputProjection;  // per query head: headDim × outputWidth
};

SyntheticAttentionLayer syntheticAttentionLayer(const SyntheticAttentionSpec &spec, std::uint64_t seed, int layer);

}  // namespace accelscope
