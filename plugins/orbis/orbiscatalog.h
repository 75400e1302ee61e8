#pragma once
// What an ORBIS run can be given: the parameter schema, the presets (video DiTs the AsymRnR
// baseline was released for: CogVideoX-2B/5B, HunyuanVideo), the paper's claims, and the run
// configuration a ParamSet turns into.

#include <vector>

#include "core/api/claim.h"
#include "core/api/param.h"
#include "core/workloads/denoisingpipeline.h"
#include "core/workloads/diffusion.h"
#include "functional/orbisreduction.h"
#include "orbistiming.h"

namespace accelscope::orbis {

ParamSchema orbisSchema();
std::vector<Preset> orbisPresets();
std::vector<Claim> orbisClaims();

// How the run's reduction ratio is set.
enum class RatioMode {
    Target,  // the largest ratio whose final latent reaches psnrTargetDb (searched on the functional run)
    Fixed    // reduction_ratio as given
};

struct OrbisRunConfig {
    QString backboneId;
    DiffusionWorkload workload;  // the video DiT at its resolution and frames, for timing
    QString gpuId;               // the baseline GPU
    OrbisHardware hardware;
    int steps = 50;
    ReductionMethod method = ReductionMethod::Orbis;
    RatioMode ratioMode = RatioMode::Target;
    double psnrTargetDb = 48;
    ReductionSettings reduction;
    DenoisingSpec functional;  // the seeded toy video pipeline the reduction runs on for real
    bool compare = true;       // also find AsymRnR's (or, for AsymRnR, ORBIS's) ratio at the same quality

    // Throws InputError naming the parameter, the problem and what is allowed.
    static OrbisRunConfig fromParams(const ParamSet &params);
};

}  // namespace accelscope::orbis
