#pragma once
// What a DFX run can be given: the parameter schema, the presets (the paper's configuration and
// the input × output grid it evaluates), the paper's claims, and the validated run configuration
// a ParamSet turns into.

#include <vector>

#include "core/api/claim.h"
#include "core/api/param.h"
#include "core/workloads/transformer.h"
#include "dfxhardware.h"

namespace accelscope::dfx {

ParamSchema dfxSchema();
std::vector<Preset> dfxPresets();
std::vector<Claim> dfxClaims();

// The GPT-2 models DFX runs, in the schema's order.
QStringList dfxModelIds();

struct DfxRunConfig {
    TransformerConfig model;
    DfxHardware hardware;
    int devices = 4;
    int inputTokens = 64;
    int outputTokens = 256;
    int functionalLayers = 1;
    int functionalSteps = 4;

    // Checks what the schema cannot (devices dividing the model, context length, HBM capacity);
    // throws InputError naming the parameter, the problem and what is allowed.
    static DfxRunConfig fromParams(const ParamSet &params);
};

}  // namespace accelscope::dfx
