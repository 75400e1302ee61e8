#pragma once
// Structured channel pruning of a linear layer's input channels (an FFN's intermediate neurons):
// Wanda-style importance scores, an exact top-k selection, and the coarse three-way partition an
// online pruner refines per token. Every selection is a sorted list of channel indices and meets
// its count exactly; ties go to the lower index.

#include <vector>

#include "core/kernels/tensor.h"

namespace accelscope::kernels {

using Channels = std::vector<int>;  // ascending channel indices

// How a channel's weight magnitudes (one per output of the layer) combine into one number.
enum class ChannelAggregation { Sum, Max };

// Per input channel k of a layer with weight `weight` (outputs × inputs) fed `inputs` (tokens ×
// inputs): I_k = ||X_k||_2 · A_i |W_ik| (Wanda's |W|·||X|| aggregated over the channel's weights).
// With one token ||X_k||_2 is |x_k|, the score of that token alone.
std::vector<double> channelImportance(const MatrixF &inputs, const MatrixF &weight,
                                      ChannelAggregation aggregation = ChannelAggregation::Sum);
// The aggregated weight magnitudes alone, A_i |W_ik| per channel, which do not change between
// tokens; `channelImportance(inputs, weight) == inputNorms · weightFactors` channel by channel.
std::vector<double> channelWeightFactors(const MatrixF &weight, ChannelAggregation aggregation);

// The `keep` highest of `scores` among `among` (every channel when empty). Throws
// std::invalid_argument unless 0 <= keep <= the number to choose from.
Channels topChannels(const std::vector<double> &scores, int keep, const Channels &among = {});

// The coarse partition for a budget of `keep` of `scores.size()` channels: the highest
// keep − band/2 are retained (always computed), the next `band` are candidates (re-scored per
// token), the rest are pruned. Retained plus every candidate is at least `keep`, so any budget
// can be met from the candidates.
struct ChannelPartition {
    Channels retained, candidates, pruned;
    int keep = 0;
    // Retained and candidates, the channels a token computes before its fine selection.
    Channels computed() const;
    // How many candidates a token selects: keep − retained.
    int candidatesToKeep() const { return keep - static_cast<int>(retained.size()); }
};
// Throws std::invalid_argument unless 0 <= keep <= channels and band >= 0.
ChannelPartition partitionChannels(const std::vector<double> &scores, int keep, int band);

// Union of sorted channel lists, sorted.
Channels mergeChannels(const Channels &a, const Channels &b);

}  // namespace accelscope::kernels
