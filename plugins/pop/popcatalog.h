#pragma once
// What a POP run can be given: the parameter schema, the presets (the paper's dense LLMs at 20 %
// and 40 % pruning on an RTX A6000, batch 10, generation-length workloads), the claims, and the run
// configuration a ParamSet turns into.

#include <vector>

#include "core/api/claim.h"
#include "core/api/param.h"
#include "core/workloads/llmworkload.h"
#include "functional/popexperiment.h"

namespace accelscope::pop {

ParamSchema popSchema();
std::vector<Preset> popPresets();
std::vector<Claim> popClaims();

// The FFN pruning ratio that meets an overall ratio of the layers' linear weights (attention and
// FFN) when only the FFN is pruned, as POP does: r × (attention + FFN) / FFN weights per layer.
double ffnPruneRatioFor(const TransformerConfig &model, double overallRatio);

// Metric names: "<method>_ffn_output_error_pct".
QString outputErrorMetric(PruneMethod method);

struct PopRunConfig {
    llm::Workload workload;
    QString deviceId;
    int devices = 1;
    double overallPruneRatio = 0.2;  // of the layers' linear weights
    PopSettings functional;          // its ratio is the FFN's

    bool prunes() const { return functional.ffnPruneRatio > 0; }
    // Throws InputError naming the parameter, the problem and what is allowed.
    static PopRunConfig fromParams(const ParamSet &params);
};

}  // namespace accelscope::pop
