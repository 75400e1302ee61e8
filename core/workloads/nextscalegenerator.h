#pragma once
// A functional next-scale generator on synthetic latents, for token pruning across scales and
// clips (FastSTAR): each clip is built coarse to fine; at every scale the accumulated latent is
// resampled to the scale's grid, a residual is predicted there, upsampled to the clip's grid and
// added. The prediction is the exact residual to the target content at that grid (what a
// multi-scale residual quantizer encodes) plus a seeded network's output, so skipping tokens
// changes the result measurably while the unpruned run reproduces the content.
//
// A ScaleSelector may keep a subset of each scale's tokens: the others keep what the previous
// scales gave them (their residual is not predicted), which is FastSTAR's partial update.

#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

#include <QString>

#include "core/kernels/dit.h"
#include "core/kernels/latent.h"
#include "core/workloads/syntheticlatent.h"

namespace accelscope {

struct NextScaleToySpec {
    SyntheticLatentSpec content;                 // frames = 1 + clips · clipFrames
    int clipFrames = 4;                          // latent frames per clip after the first
    std::vector<std::pair<int, int>> grids = {{1, 1}, {2, 2}, {4, 4}, {8, 8}, {16, 16}, {32, 32}};  // (height, width) per scale
    kernels::DitConfig network = [] {            // patch must be 1
        kernels::DitConfig c;
        c.patch = 1;
        return c;
    }();
    double residualScale = 0.3;                  // weight of the network's output
    bool firstClipGiven = false;                 // image-to-video: clip 0 is the content's first frame
                                                 // as given (no scale predicts it, no selector sees it)

    // Throws InputError naming the field: grids must grow to the content's size, frames fill clips.
    void validate() const;
    int clips() const { return 1 + (content.frames - 1) / clipFrames; }
};

// What a selector sees at one scale of one clip.
struct ScaleCall {
    int clip = 0, scale = 0;
    int frames = 1, height = 0, width = 0;
    const kernels::Latent *accumulated = nullptr;   // the clip so far, resampled to this scale's grid
    const kernels::Latent *previousScale = nullptr; // the clip before the previous scale's prediction, at
                                                    // this grid (null at scale 0): where the two agree,
                                                    // the clip has converged
    const kernels::Latent *previousClip = nullptr;  // the previous clip's result at this grid (its last
                                                    // frame repeated for every frame); null in clip 0
};
// Which of the scale's tokens to predict (size frames · height · width); empty keeps all.
using ScaleSelector = std::function<std::vector<bool>(const ScaleCall &)>;

class NextScaleGenerator {
public:
    NextScaleGenerator(const NextScaleToySpec &spec, std::uint64_t seed);

    const NextScaleToySpec &spec() const { return spec_; }
    const kernels::Latent &target() const { return target_; }
    const kernels::DitNetwork &network() const { return network_; }

    // The whole video. `predictedTokens` receives how many tokens each (clip, scale) predicted,
    // clip-major (0 at every scale of a given first clip). `runner` replaces the network's blocks (see dit.h).
    kernels::Latent generate(const ScaleSelector &select = {}, std::vector<int> *predictedTokens = nullptr,
                             const kernels::BlockRunner &runner = {}) const;

    QString dataSource() const;

private:
    NextScaleToySpec spec_;
    std::uint64_t seed_;
    kernels::Latent target_;
    kernels::DitNetwork network_;
};

}  // namespace accelscope
