#pragma once
// Batched LLM serving on GPUs, vLLM-style: the weights stay resident, a fixed fraction of each
// device's memory holds weights plus the KV cache (vLLM's gpu_memory_utilization, 0.9 by
// default), and the number of sequences that decode together is whatever KV cache fits in the
// rest. A batch larger than that is served in waves of at most that many sequences, one after
// another, each a prompt pass and its decode steps priced by the shared BaselineModel. The KV
// cache may be stored narrower than the weights (a 4-bit KV baseline such as KIVI or QServe's KV4),
// which both shrinks the attention traffic and lets more sequences fit.

#include "core/api/metric.h"
#include "core/hw/textgenerationbaseline.h"

namespace accelscope {

struct ServingConfig {
    QString deviceId = QStringLiteral("a100-sxm-80gb");
    int deviceCount = 1;            // tensor-parallel devices sharing the model and the KV cache
    double memoryFraction = 0.9;    // of each device's capacity for weights + KV cache
    double kvBitsPerElement = 0;    // 0: the weights' width (FP16)
    QString label;                  // "A100 vLLM FP16"; empty: the device label

    // Throws InputError naming the field, its value and what is allowed.
    void validate() const;
};

struct ServingEstimate {
    int requestedBatch = 0;
    int maxBatch = 0;  // sequences whose full-context KV cache fits beside the weights
    int waves = 0;     // ceil(requested / max)
    double weightBytesPerDevice = 0;
    double kvBytesPerSequencePerDevice = 0;  // at full context (prompt + output)
    double memoryBudgetPerDevice = 0;        // memoryFraction × capacity
    BaselineEstimate prefill;                // every wave's prompt pass
    BaselineEstimate total;                  // prompt passes and decode steps of every wave
    double decodeSecondsPerToken = 0;        // mean decode step of the largest wave
};

// Throws InputError when the weights alone exceed the budget (naming the model, the devices and
// the sizes) or the workload cannot be split over the devices.
ServingEstimate estimateServing(const TransformerConfig &config, const TextGenerationWorkload &workload,
                                const ServingConfig &serving);

// Metrics: latency_ms (all waves), prefill_ms (all prompt passes), decode_ms_per_token (largest
// wave), tokens_per_s (every request's output tokens / latency), energy_j, max_batch, waves,
// kv_bits_per_element, memory_per_device_gb.
BaselineResult servingBaseline(const TransformerConfig &config, const TextGenerationWorkload &workload,
                               const ServingConfig &serving);

}  // namespace accelscope
