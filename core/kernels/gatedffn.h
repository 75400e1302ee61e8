#pragma once
// The gated FFN of Llama-style models (SwiGLU): y = W_down · (SiLU(W_gate · x) ⊙ (W_up · x)).
// Intermediate channel c is row c of W_gate and W_up and column c of W_down, so a structured
// pruner that drops channel c drops those three vectors. The kernels compute the hidden
// activations and the output for any subset of channels; the subset of all channels in ascending
// order gives the dense FFN bit for bit.

#include <cstdint>
#include <random>
#include <vector>

#include "core/kernels/tensor.h"

namespace accelscope::kernels {

struct GatedFfnWeights {
    MatrixF gate;  // channels × dModel
    MatrixF up;    // channels × dModel
    MatrixF down;  // dModel × channels
    int dModel() const { return static_cast<int>(gate.cols()); }
    int channels() const { return static_cast<int>(gate.rows()); }
};

// Seeded FP16 weights, N(0, 1/dModel) for gate and up and N(0, 1/channels) for down, each channel
// (its gate and up rows together, its down column) scaled by a log-normal factor of log-space
// spread `channelScaleSpread`, so channels differ in how much they matter, as in trained models.
GatedFfnWeights syntheticGatedFfn(int dModel, int channels, std::mt19937_64 &generator,
                                  double channelScaleSpread = 0.5);

// x · x̂ / (1 + e^-x), the SiLU.
float silu(float x);

// SiLU(x · W_gate[c]^T) · (x · W_up[c]^T) for the listed channels: tokens × channels.size(),
// column j for channel channels[j]. Throws std::invalid_argument on a channel out of range or a
// width mismatch.
MatrixF gatedFfnHidden(const MatrixF &x, const GatedFfnWeights &w, const std::vector<int> &channels);
// `hidden` (tokens × channels.size(), column j for channels[j]) through those columns of W_down.
MatrixF gatedFfnOutput(const MatrixF &hidden, const GatedFfnWeights &w, const std::vector<int> &channels);
// The dense FFN over every channel.
MatrixF gatedFfn(const MatrixF &x, const GatedFfnWeights &w);

// The FFN of the listed channels only (their gate and up rows, their down columns), as a
// structured pruner stores it; gatedFfn on it equals gatedFfnOutput(gatedFfnHidden(x, w,
// channels), w, channels) bit for bit.
GatedFfnWeights gatedFfnSubset(const GatedFfnWeights &w, const std::vector<int> &channels);

// 0, 1, ..., count - 1.
std::vector<int> allChannels(int count);

}  // namespace accelscope::kernels
