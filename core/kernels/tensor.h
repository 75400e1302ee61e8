#pragma once
// Dense types shared by the functional kernels, and FP16 storage rounding.
//
// Kernels compute in float32 and round to FP16 (Eigen::half, IEEE binary16, round to nearest
// even) wherever the modelled hardware stores a value in FP16: weights, activations written
// back to a register file, and KV-cache entries. Rows are tokens, columns are features.

#include <Eigen/Core>

namespace accelscope::kernels {

using MatrixF = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using VectorF = Eigen::VectorXf;
using RowVectorF = Eigen::RowVectorXf;

// The float nearest to `value` that FP16 can hold.
inline float roundToFp16(float value) {
    return static_cast<float>(Eigen::half(value));
}

// Rounds every element of a matrix or vector expression to FP16 in place.
template <typename Derived>
void roundToFp16InPlace(Eigen::DenseBase<Derived> &values) {
    values = values.derived().unaryExpr([](float v) { return roundToFp16(v); });
}

}  // namespace accelscope::kernels
