#pragma once
// What a DiTo run can be given: the parameter schema, the presets (the paper's Fig. 1 workloads,
// Flux.1 and SD3 text-to-image at 1024², plus PixArt-Σ, and ToMeSD on the same workloads), the
// paper's claims, and the run configuration a ParamSet turns into.

#include <vector>

#include "core/api/claim.h"
#include "core/api/param.h"
#include "core/workloads/denoisingpipeline.h"
#include "core/workloads/diffusion.h"
#include "functional/ditoreduction.h"

namespace accelscope::dito {

ParamSchema ditoSchema();
std::vector<Preset> ditoPresets();
std::vector<Claim> ditoClaims();

struct DitoRunConfig {
    QString backboneId;
    DiffusionWorkload workload;  // the paper's model at its resolution, for timing
    QString gpuId;
    int steps = 28;
    ReductionMethod method = ReductionMethod::Dito;
    ReductionSettings reduction;
    DenoisingSpec functional;  // the seeded toy pipeline the reduction runs on for real
    bool compareToMeSd = true;   // DiTo runs: also run ToMeSD at the same speedup

    // Throws InputError naming the parameter, the problem and what is allowed.
    static DitoRunConfig fromParams(const ParamSet &params);
};

}  // namespace accelscope::dito
