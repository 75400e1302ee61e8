#pragma once
// Test helper: a seeded matrix of standard-normal draws (std::normal_distribution, so it repeats
// with the same standard library).

#include <cstdint>
#include <random>

#include "core/kernels/tensor.h"

namespace accelscope::test {

inline kernels::MatrixF gaussianMatrix(Eigen::Index rows, Eigen::Index cols, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::normal_distribution<float> normal;
    kernels::MatrixF m(rows, cols);
    for (Eigen::Index i = 0; i < m.size(); ++i)
        m.data()[i] = normal(rng);
    return m;
}

}  // namespace accelscope::test
