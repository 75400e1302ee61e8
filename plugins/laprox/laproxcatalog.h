#pragma once
// What a LaProx run can be given: the parameter schema, the presets (a LongBench-length prompt on
// Llama-3-8B and Mistral-7B at the paper's budgets), the claims, and the run configuration a
// ParamSet turns into.

#include <vector>

#include "core/api/claim.h"
#include "core/api/param.h"
#include "core/workloads/llmworkload.h"
#include "functional/evictionexperiment.h"

namespace accelscope::laprox {

ParamSchema laproxSchema();
std::vector<Preset> laproxPresets();
std::vector<Claim> laproxClaims();

// The budgets whose output errors every run reports, as whole percents.
std::vector<int> reportedBudgetPercents();
// Metric names: "<method>_output_error_<percent>pct" and "error_ratio_laprox_<method>_<percent>pct".
QString outputErrorMetric(EvictionMethod method, int percent);
QString errorRatioMetric(EvictionMethod baseline, int percent);

struct LaproxRunConfig {
    llm::Workload workload;
    QString deviceId;
    int devices = 1;
    double budget = 0.05;  // fraction of the full KV cache kept after the prompt
    EvictionMethod method = EvictionMethod::Laprox;
    EvictionSettings functional;  // its budgets: the reported ones and the run's

    // Throws InputError naming the parameter, the problem and what is allowed.
    static LaproxRunConfig fromParams(const ParamSet &params);
};

}  // namespace accelscope::laprox
