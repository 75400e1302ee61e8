#pragma once
// Sparse attention from a predicted score mask: the top-k entries of each row of (approximate)
// scores, how many of the exact top-k a prediction keeps (recall), and softmax over the kept
// entries only, as an accelerator computes exact scores and P·V for the predicted entries alone.

#include "core/kernels/pruning.h"
#include "core/kernels/tensor.h"

namespace accelscope::kernels {

// 1 for the `k` largest entries of every row (ties to the lower column), clamped to [0, cols].
MaskU8 topKPerRow(const MatrixF &scores, int k);

// Share of the exact scores' per-row top-k that `predicted` keeps, averaged over rows (1 when
// k is 0). Throws std::invalid_argument when the shapes differ.
double topKRecall(const MaskU8 &predicted, const MatrixF &exactScores, int k);

// Softmax thresholding: 1 where a probability is at least `threshold` (DiSC's sparsity mask from a
// dense softmax). A threshold of at most 1 / cols keeps every row's largest entry.
MaskU8 probabilityThresholdMask(const MatrixF &probabilities, double threshold);

// Softmax of every row over the entries the mask keeps; the others get 0 (a row with none kept is
// all 0). With every entry kept it is softmaxRows up to float rounding.
MatrixF maskedSoftmaxRows(const MatrixF &scores, const MaskU8 &mask);

}  // namespace accelscope::kernels
