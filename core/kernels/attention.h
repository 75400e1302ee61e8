#pragma once
// Causal multi-head self-attention with a key/value cache, as text generation runs it: the
// prompt's keys and values are cached in the summarization stage, and each generated token
// appends one key row and one value row per head.

#include <vector>

#include "core/kernels/tensor.h"

namespace accelscope::kernels {

// Keys and values of `heads` heads, one row per cached token (positions 0 .. length()-1).
class KvCache {
public:
    KvCache() = default;
    KvCache(int heads, int headDim);

    int heads() const { return static_cast<int>(keys_.size()); }
    int headDim() const { return headDim_; }
    int length() const { return keys_.empty() ? 0 : static_cast<int>(keys_.front().rows()); }
    // Appends rows for every head; `keys` and `values` are tokens × (heads · headDim), head h
    // in columns [h · headDim, (h+1) · headDim).
    void append(const MatrixF &keys, const MatrixF &values);
    const MatrixF &keys(int head) const { return keys_.at(static_cast<std::size_t>(head)); }
    const MatrixF &values(int head) const { return values_.at(static_cast<std::size_t>(head)); }
    // Bytes held at `bytesPerElement` (FP16: 2).
    std::int64_t bytes(int bytesPerElement = 2) const;

private:
    int headDim_ = 0;
    std::vector<MatrixF> keys_;
    std::vector<MatrixF> values_;
};

// Attention of `queries` (new tokens × headDim, the newest cache rows' positions) over one head
// of the cache, which already holds those tokens. Query row i sits at absolute position
// cache.length() - queries.rows() + i and sees keys 0 .. that position (causal mask).
// When `scores` is given it receives the softmax probabilities (queries × cache length, zeros
// above the diagonal).
MatrixF causalAttentionHead(const MatrixF &queries, const KvCache &cache, int head,
                            MatrixF *scores = nullptr);

// Attention of `queries` over explicit `keys` and `values` (one head, float32, no FP16 rounding),
// for models that attend over a subset of a cache (evicted, compacted) or from positions after it.
// With `firstQueryPosition` >= 0 query row i sits at that position + i and sees keys 0 .. its
// position (causal); with -1 every query sees every key. `probabilities`, when given, receives the
// softmax (queries × keys, zeros where masked).
MatrixF attentionHead(const MatrixF &queries, const MatrixF &keys, const MatrixF &values,
                      int firstQueryPosition = -1, MatrixF *probabilities = nullptr);

// All heads of the cache; `queries` is tokens × (heads · headDim). Output rounded to FP16.
MatrixF causalAttention(const MatrixF &queries, const KvCache &cache, MatrixF *firstHeadScores = nullptr);

}  // namespace accelscope::kernels
