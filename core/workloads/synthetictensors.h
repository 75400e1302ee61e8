#pragma once
// Seeded stand-ins for the tensors a transformer produces, with the statistics that matter to
// KV-cache quantization, eviction and pruning: heavy-tailed values, per-channel scales, and in
// the keys a few outlier channels of large magnitude and a consistent sign. Every model that acts
// on "real-looking" tensors without real weights uses these, and says so (DataSource); real
// tensors replace them through tensor import.
//
// A tensor is tokens × channels (one head's keys or values: channels = head_dim; a layer's
// activations: channels = d_model), row-major in an Eigen matrix. The same spec, seed, layer and
// head always give the same tensor; the outlier channels of a (layer, head) are the same for every
// token count, as in a real model.

#include <cstdint>

#include <QString>

#include "core/kernels/tensor.h"

namespace accelscope {

enum class SyntheticTensorKind { Keys, Values, Activations };
QString toString(SyntheticTensorKind kind);

struct SyntheticTensorSpec {
    SyntheticTensorKind kind = SyntheticTensorKind::Keys;
    int tokens = 128;
    int channels = 128;
    // Values are Student-t with this many degrees of freedom (heavy tails; must be > 4 so the
    // kurtosis is finite), scaled per channel by a log-normal factor of this log-space spread.
    double tailDegreesOfFreedom = 5.0;
    double channelScaleSpread = 0.35;
    // Outlier channels: this fraction of the channels (at least one when > 0), whose scale is
    // `outlierMagnitude` times the typical one and whose values lean to one sign by
    // `outlierBias` of that scale.
    double outlierChannelFraction = 0.0;
    double outlierMagnitude = 12.0;
    double outlierBias = 0.8;

    // The defaults for a kind: keys with about 2 % outlier channels, values without, activations
    // with a few massive channels (about 0.2 %, 30 times typical).
    static SyntheticTensorSpec forKind(SyntheticTensorKind kind, int tokens, int channels);
    // Throws InputError naming the field, its value and what is allowed.
    void validate() const;
    int outlierChannelCount() const;
};

struct SyntheticTensor {
    kernels::MatrixF values;
    std::vector<int> outlierChannels;  // ascending
};

// Deterministic in (spec, seed, layer, head).
SyntheticTensor syntheticTensor(const SyntheticTensorSpec &spec, std::uint64_t seed, int layer = 0, int head = 0);

}  // namespace accelscope
