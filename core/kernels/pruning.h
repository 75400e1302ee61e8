#pragma once
// Unstructured value pruning masks (1 = kept, 0 = pruned):
// - Wanda (Sun et al., "A Simple and Effective Pruning Approach for LLMs"): a weight's score is
//   |W_ij| · ||X_j||_2, its magnitude times the L2 norm of its input feature over calibration
//   tokens, compared within each output (Wanda's per-output grouping).
// - Per-row magnitude top-k over groups of columns, e.g. one token's key or value entries of one
//   head of a KV cache.
// Counts are exact: a group of n keeps round((1 − sparsity) · n) values; ties go to the lower index.

#include <cstdint>

#include "core/kernels/tensor.h"

namespace accelscope::kernels {

using MaskU8 = Eigen::Matrix<std::uint8_t, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// ||X_j||_2 of every column of `activations` (tokens × features).
VectorF columnL2Norms(const MatrixF &activations);

// `weight` in Conv1D layout (inputs × outputs, y = x W): each output column keeps its
// highest-scoring inputs. `inputNorms` has one entry per input. Throws std::invalid_argument for
// mismatched sizes or a sparsity outside [0, 1].
MaskU8 wandaMask(const MatrixF &weight, const VectorF &inputNorms, double sparsity);

// Each row, in groups of `groupWidth` consecutive columns, keeps its largest magnitudes.
MaskU8 topMagnitudeMask(const MatrixF &values, int groupWidth, double sparsity);

// Values where the mask is 1, zero elsewhere.
MatrixF applyMask(const MatrixF &values, const MaskU8 &mask);

}  // namespace accelscope::kernels
