#pragma once
// MASQ's stage-wise precision assignment ([I] reading of the paper's abstract): every image token
// gets a region class from the mask and the source image, and each denoising stage maps the
// classes to MXINT8 / MXINT4 / MXINT2 and decides which tokens are recomputed.
//
// Classes: masked (to generate), boundary (unmasked, within `boundaryRadius` tokens of a masked
// one), salient (unmasked, not boundary, in the top `salientFraction` by the source's local
// gradient energy: the semantically important context), background (the rest).
// Stages by step position s = step / steps: early [0, earlyEnd), middle [earlyEnd, lateStart),
// late [lateStart, 1]. In the late stage background tokens are recomputed only every
// `refreshInterval` steps; otherwise their block outputs (and keys and values) are reused.

#include <array>
#include <cstdint>
#include <vector>

#include <QString>

#include "core/kernels/latent.h"
#include "core/workloads/inpaintingmask.h"

namespace accelscope::masq {

enum class TokenClass { Masked = 0, Boundary = 1, Salient = 2, Background = 3 };
inline constexpr int kTokenClasses = 4;
QString toString(TokenClass c);

enum class Stage { Early = 0, Middle = 1, Late = 2 };
inline constexpr int kStages = 3;
QString toString(Stage s);

struct PrecisionPolicy {
    int boundaryRadius = 1;         // tokens (Chebyshev distance)
    double salientFraction = 0.15;  // of the unmasked non-boundary tokens
    double earlyEnd = 0.3;
    double lateStart = 0.7;
    int refreshInterval = 4;        // late-stage background recompute period (1: always)
    // bits[stage][class]
    std::array<std::array<int, kTokenClasses>, kStages> bits{{{8, 8, 4, 4}, {8, 4, 4, 2}, {8, 4, 2, 2}}};

    Stage stageOf(int step, int steps) const;
    // Throws InputError naming the field.
    void validate() const;
};

// What one denoising step does to each token.
struct TokenPlan {
    std::vector<std::uint8_t> bits;  // 8, 4 or 2 per token
    std::vector<bool> recompute;     // false: reuse the previous outputs, keys and values
    Stage stage = Stage::Early;
    std::array<int, 3> computedAt{};  // recomputed tokens at 8, 4, 2 bits
    std::array<int, 3> heldAt{};      // all tokens (recomputed or reused) at 8, 4, 2 bits
    int computed() const { return computedAt[0] + computedAt[1] + computedAt[2]; }
};

int precisionIndex(int bits);  // 8 → 0, 4 → 1, 2 → 2

class PrecisionPlanner {
public:
    // `tokenMask`: per token of the grid (row-major), true = masked. `source`: the known image's
    // latent (its positions are grouped into patch × patch tokens for saliency).
    PrecisionPlanner(const PrecisionPolicy &policy, const std::vector<bool> &tokenMask, int gridHeight, int gridWidth,
                     const kernels::Latent &source, int patch);

    const std::vector<TokenClass> &classes() const { return classes_; }
    std::array<int, kTokenClasses> classCounts() const;
    int gridHeight() const { return gridHeight_; }
    int gridWidth() const { return gridWidth_; }
    TokenPlan plan(int step, int steps) const;
    const PrecisionPolicy &policy() const { return policy_; }

private:
    PrecisionPolicy policy_;
    int gridHeight_, gridWidth_;
    std::vector<TokenClass> classes_;
};

}  // namespace accelscope::masq
