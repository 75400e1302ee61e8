#pragma once
// Seeded synthetic tensors. Functional models run on these when the user imports nothing; the
// generator is always passed in, so a run's data follows from its seed.

#include <cmath>
#include <cstdint>
#include <random>

#include "core/kernels/tensor.h"

namespace accelscope::kernels {

// Approximately standard-normal draws, cheap enough for the ~30 M parameters of a GPT-2 1.5B
// layer: the sum of four 16-bit uniforms from one 64-bit draw (Irwin–Hall, n = 4), centred and
// scaled to unit variance. Within 0.01 of the normal CDF everywhere and bounded at ±3.46 σ;
// about 10× faster than std::normal_distribution.
inline float approximatelyNormal(std::mt19937_64 &generator) {
    const std::uint64_t bits = generator();
    const double sum = static_cast<double>((bits & 0xFFFF) + ((bits >> 16) & 0xFFFF) +
                                           ((bits >> 32) & 0xFFFF) + (bits >> 48));
    // Each 16-bit part is uniform on {0 .. 65535}: mean 32767.5, variance (65536² - 1) / 12.
    constexpr double kMean = 4 * 32767.5;
    const double std = std::sqrt(4.0 * (65536.0 * 65536.0 - 1.0) / 12.0);
    return static_cast<float>((sum - kMean) / std);
}

// A rows × cols matrix of N(mean, stddev²) draws, each rounded to FP16.
inline MatrixF randomNormalFp16(Eigen::Index rows, Eigen::Index cols, std::mt19937_64 &generator,
                                float stddev = 1.0f, float mean = 0.0f) {
    MatrixF m(rows, cols);
    for (Eigen::Index i = 0; i < m.size(); ++i)
        m.data()[i] = roundToFp16(mean + stddev * approximatelyNormal(generator));
    return m;
}

}  // namespace accelscope::kernels
