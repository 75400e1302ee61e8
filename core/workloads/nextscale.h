#pragma once
// Next-scale ("coarse to fine") video generation as InfinityStar does it: a video is split into
// clips (the first is one latent frame, the image; every later clip holds clipLatentFrames
// latent frames), and each clip is generated over a pyramid of scales whose token grids grow to
// the final resolution. Every scale runs the transformer `repetitions` times on its tokens, which
// attend to the text prefix, to context from the clip and from the previous clip (NextScaleContext),
// and to themselves. This file gives the schedule and the op graph of one pass at one scale.

#include <utility>
#include <vector>

#include "core/workloads/diffusion.h"
#include "core/workloads/workloadop.h"

namespace accelscope {

struct NextScaleStage {
    int clip = 0;         // 0: the first (image) clip
    int scaleInClip = 0;  // 0: the coarsest
    int frames = 1, height = 0, width = 0;  // token grid (latent positions; patch 1)
    int repetitions = 1;  // transformer passes at this scale
    bool semantic = false;  // predicted by the semantic head (the coarse scales)
    int keyTokens = 0;      // visual keys each query sees (its own scale's included, text excluded)
    int tokens() const { return frames * height * width; }
};

// Which earlier tokens a scale attends to, besides the text prefix and itself.
enum class NextScaleContext {
    ClipSoFar,            // every earlier scale of the clip, plus the previous clip's last (full-size) scale [I]
    PreviousClipLargest,  // only the previous clip's last scale (the released code with context_from_largest_no = 1)
};

struct NextScaleSchedule {
    std::vector<NextScaleStage> stages;  // clip by clip, coarse to fine
    int latentFrames = 1, latentHeight = 0, latentWidth = 0;
    int clips = 1;
    int scalesPerClip = 0;
};

// InfinityStar's grid of scale side s at aspect h/w: width round(sqrt(s² / (h/w))), height
// round(that · h/w), rounding half to even as numpy does.
std::pair<int, int> nextScaleGrid(int side, double heightOverWidth);

// The scales of every clip for a video (or an image, frames = 1). Throws InputError unless the
// backbone is a NextScale one, the size lands on one of its scale grids, and the frames fill
// whole clips (1 + a multiple of vae_temporal · clip_latent_frames).
NextScaleSchedule nextScaleSchedule(const DiffusionBackbone &backbone, const DiffusionWorkload &workload,
                                    NextScaleContext context = NextScaleContext::ClipSoFar);

// The text prefix's one pass through every block (it fills the key/value cache all scales read).
std::vector<WorkloadOp> buildNextScaleTextPrefix(const DiffusionBackbone &backbone, const DiffusionWorkload &workload);
// One transformer pass at one stage: embedding of the accumulated codes at the stage's grid, the
// blocks (RMSNorm, GQA attention with q/k norms over text + keyTokens, SwiGLU MLP), the bit head
// and sampling, and accumulating the upsampled prediction into the clip.
// `queryTokens` (token pruning, FastSTAR's partial update): only that many of the stage's tokens
// run as queries through the blocks and the head; every token is still embedded and projected
// to keys and values, so the attention keys stay whole. -1 (the default) runs every token;
// throws InputError above the stage's tokens.
std::vector<WorkloadOp> buildNextScalePass(const DiffusionBackbone &backbone, const DiffusionWorkload &workload,
                                           const NextScaleSchedule &schedule, const NextScaleStage &stage,
                                           int queryTokens = -1);

// FLOPs of a whole generation: the text prefix and each stage's passes (all repetitions).
struct NextScaleCost {
    double textFlops = 0;
    std::vector<double> stageFlops;  // same order as the schedule's stages
    double totalFlops() const;
    // Share of the total taken by the last `count` stages.
    double lastStagesShare(int count) const;
};
NextScaleCost nextScaleCost(const DiffusionBackbone &backbone, const DiffusionWorkload &workload,
                            NextScaleContext context = NextScaleContext::ClipSoFar);

// Parameters of a NextScale backbone (text projection, blocks, embedding and both heads).
double nextScaleParameterCount(const DiffusionBackbone &backbone);

}  // namespace accelscope
