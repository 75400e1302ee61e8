#pragma once
// What an Oaken run can be given: the parameter schema, the presets (the paper's models on
// Oaken-LPDDR and Oaken-HBM at batch 256, and the plain LPU running OPT at batch 1), the paper's
// claims, and the run configuration a ParamSet turns into.

#include <vector>

#include "core/api/claim.h"
#include "core/api/param.h"
#include "core/workloads/llmworkload.h"
#include "functional/kvquanttrack.h"
#include "oakenhardware.h"

namespace accelscope::oaken {

ParamSchema oakenSchema();
std::vector<Preset> oakenPresets();
std::vector<Claim> oakenClaims();

// The models of the paper's throughput evaluation, and the OPT models of the LPU's.
QStringList oakenPaperModels();
QStringList lpuModels();

struct OakenRunConfig {
    llm::Workload workload;
    OakenHardware hardware;
    KvQuantSettings functional;
    int a100Devices = 1;  // the GPU baseline: 2 for the paper's largest models, more if needed to fit

    // Throws InputError naming the parameter, the problem and what is allowed.
    static OakenRunConfig fromParams(const ParamSet &params);
};

// A100s the baseline uses for a model: the paper's two (pipeline parallel) for Llama-2-70B,
// OPT-30B and Mixtral-8x7B, otherwise one; doubled until the FP16 weights fit in 90 % of memory.
int a100DevicesFor(const TransformerConfig &model);

}  // namespace accelscope::oaken
