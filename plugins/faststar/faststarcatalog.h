#pragma once
// What a FastSTAR run can be given: the parameter schema, the presets (the paper's workloads,
// InfinityStar text-to-video and image-to-video at 720p, 5 s), the paper's claims, and the run
// configuration a ParamSet turns into.

#include <vector>

#include "core/api/claim.h"
#include "core/api/param.h"
#include "core/workloads/diffusion.h"
#include "core/workloads/nextscalegenerator.h"
#include "functional/spatiotemporalpruning.h"

namespace accelscope::faststar {

ParamSchema fastStarSchema();
std::vector<Preset> fastStarPresets();
std::vector<Claim> fastStarClaims();

struct FastStarRunConfig {
    QString backboneId = QStringLiteral("infinitystar-8b");
    DiffusionWorkload workload;  // the paper's video, for timing
    bool imageToVideo = false;
    QString gpuId;
    PruningSettings pruning;
    NextScaleToySpec functional;  // the seeded toy generator the pruning runs on for real

    // Throws InputError naming the parameter, the problem and what is allowed.
    static FastStarRunConfig fromParams(const ParamSet &params);
};

// The toy's scale pyramid: the backbone's first `scales` scale sides shrunk so the last is `side`,
// at the video's aspect (so toy scale k stands for the backbone's scale k).
std::vector<std::pair<int, int>> toyGrids(const DiffusionBackbone &backbone, double heightOverWidth, int scales,
                                          int side);

}  // namespace accelscope::faststar
