#pragma once
// Text generation (prompt, then one token at a time) on N baseline devices with Megatron tensor
// parallelism, priced by the shared BaselineModel. This is what LLM plugins return from
// Model::baselines().

#include "core/api/metric.h"
#include "core/hw/baselinemodel.h"
#include "core/workloads/transformer.h"

namespace accelscope {

struct TextGenerationEstimate {
    BaselineEstimate prefill;  // the prompt pass; it also yields the first output token
    BaselineEstimate decode;   // all generation steps together
    int decodeSteps = 0;       // outputTokens − 1
    double decodeSecondsPerToken = 0;
    double memoryPerDeviceBytes = 0;  // resident weights + the KV cache at the last step
    BaselineEstimate total() const;
};

// Every decode step is priced at its own context length (prompt + tokens generated so far), so
// the growing KV cache is accounted for exactly. Throws InputError for a workload that cannot be
// split over the model's devices or has non-positive sizes.
TextGenerationEstimate estimateTextGeneration(const BaselineModel &model, const TransformerConfig &config,
                                              const TextGenerationWorkload &workload);

// Metrics: latency_ms, prefill_ms, decode_ms_per_token, tokens_per_s, energy_j, average_power_w,
// memory_per_device_gb. Label "4x V100".
BaselineResult textGenerationBaseline(const TransformerConfig &config, const TextGenerationWorkload &workload,
                                      const QString &deviceId, int deviceCount);

}  // namespace accelscope
