#pragma once
// Token selection for KV-cache eviction: which cached tokens stay under a budget, ranked by any
// per-token score, per cache (one layer's KV head, or one layer) or globally over several layers.
// Every selection keeps the newest `window` tokens (the observation window whose queries produced
// the scores) and meets its budget exactly; ties go to the older token. A selection is the sorted
// list of kept token indices.
//
// Also the score of the head-wise family (H2O, SnapKV): the attention a KV head's query heads pay
// each cached token over the window, optionally max-pooled over neighbouring positions.

#include <vector>

#include "core/kernels/tensor.h"

namespace accelscope::kernels {

using KeptTokens = std::vector<int>;  // ascending token indices

// The `keep` highest-scoring tokens of one cache, the last `window` always among them. Throws
// std::invalid_argument unless window <= keep <= scores.size().
KeptTokens keepTopScores(const std::vector<double> &scores, int keep, int window);

// One selection over several caches (layers) whose scores are comparable: the last `window`
// tokens of each are kept, the rest of `totalKeep` goes to the highest scores anywhere. Throws
// std::invalid_argument unless window × caches <= totalKeep <= all tokens.
std::vector<KeptTokens> keepTopScoresGlobal(const std::vector<std::vector<double>> &scores, int totalKeep,
                                            int window);

// Attention mass per cached token: the sum over the given probability matrices (window queries ×
// tokens, one per query head sharing the KV head) of each token's column. With poolKernel > 1 the
// sums are max-pooled over that many neighbouring positions (SnapKV's clustering; odd, centred).
std::vector<double> attentionMass(const std::vector<const MatrixF *> &probabilities, int poolKernel = 1);

}  // namespace accelscope::kernels
