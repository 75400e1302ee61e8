#pragma once
// What a DiSC run can be given: the parameter schema, the presets (DiT-XL/2 and PixArt-Σ at the
// resolutions the paper's "resolution-scalable" claim spans, plus ablations), the paper's claims,
// and the run configuration a ParamSet turns into.

#include <vector>

#include "core/api/claim.h"
#include "core/api/param.h"
#include "core/workloads/denoisingpipeline.h"
#include "core/workloads/diffusion.h"
#include "disctiming.h"
#include "functional/discfunctional.h"

namespace accelscope::disc {

ParamSchema discSchema();
std::vector<Preset> discPresets();
std::vector<Claim> discClaims();
// The presets the speedup and energy claims span.
QStringList discClaimPresets();

struct DiscRunConfig {
    DiffusionBackbone backbone;
    DiffusionWorkload workload;  // the full-size image, for timing and the GPU baselines
    int steps = 20;
    DiscHardware hardware;
    DiscAlgorithm algorithm;
    DenoisingSpec functional;  // the seeded toy pipeline the algorithms run on for real

    // Throws InputError naming the parameter, the problem and what is allowed.
    static DiscRunConfig fromParams(const ParamSet &params);
};

}  // namespace accelscope::disc
