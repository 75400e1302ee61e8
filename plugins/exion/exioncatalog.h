#pragma once
// What an EXION run can be given: the parameter schema, the presets (server and edge instances on
// image and video diffusion transformers, plus the dense and no-ConMerge ablations), the paper's
// claims, and the run configuration a ParamSet turns into.

#include <vector>

#include "core/api/claim.h"
#include "core/api/param.h"
#include "core/workloads/diffusion.h"
#include "exiontiming.h"
#include "functional/exionfunctional.h"

namespace accelscope::exion {

ParamSchema exionSchema();
std::vector<Preset> exionPresets();
std::vector<Claim> exionClaims();
QStringList exionServerPresets();  // the workloads the server claims range over
QStringList exionEdgePresets();

struct ExionRunConfig {
    DiffusionBackbone backbone;
    DiffusionWorkload workload;
    int steps = 50;
    ExionHardware hardware;
    ExionAlgorithm algorithm;
    FunctionalSettings functional;

    // Throws InputError naming the parameter, the problem and what is allowed.
    static ExionRunConfig fromParams(const ParamSet &params);
};

}  // namespace accelscope::exion
