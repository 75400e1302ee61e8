#pragma once
// Row-wise layer normalization and softmax (one row per token).

#include "core/kernels/tensor.h"

namespace accelscope::kernels {

// (x - mean) / sqrt(var + eps) * gamma + beta for every row; population variance as GPT-2.
MatrixF layerNorm(const MatrixF &rows, const VectorF &gamma, const VectorF &beta, float epsilon = 1e-5f);

// Numerically stable softmax of every row (subtracts the row maximum first, as the reduce-max
// unit of a hardware softmax does). -infinity entries (masked) become exactly 0.
MatrixF softmaxRows(const MatrixF &scores);

}  // namespace accelscope::kernels
