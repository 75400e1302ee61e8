#pragma once
// A tensor read from a file, turned into a frame the existing views show: a Mask (bit matrix,
// nonzero or above a threshold), a Heat map (float matrix) or Tokens (per-token kept / pruned).
// Tensors of more than two dimensions are reduced to their last two by choosing an index in each
// leading dimension.

#include <cstdint>
#include <optional>
#include <vector>

#include <QString>

#include "core/api/trace.h"
#include "core/io/tensorfile.h"

namespace accelscope::io {

enum class TensorView { Mask, Heat, Tokens };
QString toString(TensorView view);              // "mask", "heat", "tokens"
TensorView tensorViewFromString(const QString &text);  // throws InputError

// The views draw one pixel or square per element; larger matrices are refused.
inline constexpr std::int64_t kMaxFrameElements = std::int64_t{1} << 24;  // 4096 × 4096

struct TensorFrameOptions {
    TensorView view = TensorView::Heat;
    // Mask: an element is set when it is above the threshold; Tokens: a token is kept when its
    // value is above it. Without one, nonzero means set / kept.
    std::optional<double> threshold;
    // One index per leading dimension (all but the last two); missing ones are 0.
    std::vector<std::int64_t> leadingIndex;
};

// The frame (step 0, time 0) named `name`. Throws InputError naming `source` when the tensor is
// empty, an index is out of range, or the matrix is too large to show.
Frame tensorToFrame(const Tensor &tensor, const TensorFrameOptions &options, const QString &name,
                    const QString &source);

}  // namespace accelscope::io
