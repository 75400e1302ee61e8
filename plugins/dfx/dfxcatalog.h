#pragma once
// What a DFX run can be given: the parameter schema, the presets (the paper's configuration and
// the input × output grid it evaluates), the paper's claims, and the validated run configuration
// a ParamSet turns into.

#include <memory>
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
    // The functional layers' input activations from a file (the `hidden_states` tensor: tokens ×
    // d_model, prompt rows first, then one row per generated token); null: synthetic ones.
    std::shared_ptr<const io::Tensor> hiddenStates;
    QString hiddenStatesSource;  // "acts.safetensors, tensor 'h.0', sha256 1a2b…"

    // Checks what the schema cannot (devices dividing the model, context length, HBM capacity);
    // throws InputError naming the parameter, the problem and what is allowed.
    static DfxRunConfig fromParams(const ParamSet &params);
    // Token rows of hidden states the functional steps read: the prompt, then one per further step.
    int hiddenStateRowsNeeded() const;
    // Checks `hidden` against the model (d_model) and the functional steps (rows); throws
    // InputError naming the file, its shape and what is allowed.
    void useHiddenStates(const io::LoadedTensor &hidden, const QString &modelId);
};

}  // namespace accelscope::dfx
