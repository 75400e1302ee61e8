#pragma once
// What a MASQ run can be given: the parameter schema, the presets (the paper's masked-diffusion
// tasks: inpainting, region-specific synthesis, editing), the paper's claims, and the run
// configuration a ParamSet turns into.

#include <vector>

#include "core/api/claim.h"
#include "core/api/param.h"
#include "core/workloads/diffusion.h"
#include "functional/masqfunctional.h"
#include "masqtiming.h"
#include "precisionpolicy.h"

namespace accelscope::masq {

ParamSchema masqSchema();
std::vector<Preset> masqPresets();
std::vector<Claim> masqClaims();
QStringList masqTaskPresets();  // the presets the claims aggregate over

struct MasqRunConfig {
    DiffusionBackbone backbone;
    DiffusionWorkload workload;
    int steps = 50;
    bool uniformInt8 = false;  // ablation: every token MXINT8 and recomputed every step
    PrecisionPolicy policy;
    MasqHardware hardware;
    FunctionalSettings functional;

    // Throws InputError naming the parameter, the problem and what is allowed.
    static MasqRunConfig fromParams(const ParamSet &params);
};

}  // namespace accelscope::masq
