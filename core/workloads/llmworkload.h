#pragma once
// What every LLM plugin shares: the workload parameters (`model`, `input_tokens`,
// `output_tokens`, `batch`) with one meaning and one validation, and the standard metrics
// (latency_ms, prefill_ms, decode_ms_per_token, tokens_per_s, energy_j) computed one way, so runs
// of different plugins line up in sweeps, comparisons and reports.

#include <vector>

#include "core/api/metric.h"
#include "core/api/param.h"
#include "core/workloads/transformer.h"

namespace accelscope::llm {

namespace param {
inline const QString model = QStringLiteral("model");
inline const QString inputTokens = QStringLiteral("input_tokens");
inline const QString outputTokens = QStringLiteral("output_tokens");
inline const QString batch = QStringLiteral("batch");
}  // namespace param

// Which models a plugin runs and its limits; the parameters are built from it.
struct WorkloadChoices {
    QStringList models;  // ids in ModelZoo::builtin()
    QString defaultModel;
    QString modelDoc;
    int defaultInputTokens = 1024;
    int defaultOutputTokens = 1024;
    int maxTokens = 32768;  // for each of input and output; the model's context bounds the sum
    bool hasBatch = true;   // false for a batch-1 design; `batch` is then absent and 1
    int defaultBatch = 1;
    int maxBatch = 256;
};

std::vector<ParamSpec> workloadParams(const WorkloadChoices &choices);

struct Workload {
    QString modelId;
    TransformerConfig model;
    TextGenerationWorkload shape;  // batch, input and output tokens, bytes per element

    // Reads the common parameters (batch is 1 when the schema has none). Throws InputError when
    // input_tokens + output_tokens exceed the model's context, naming both keys and the limit.
    static Workload fromParams(const ParamSet &params, const ModelZoo &zoo = ModelZoo::builtin());
    int contextTokens() const { return shape.inputTokens + shape.outputTokens; }
    // The KV cache of the whole batch at full context, in bytes.
    double kvCacheBytes(int bytesPerElement) const;
};

// Run times of one generation: prefill produces the first token, each later token is one decode
// step. Docs say how the plugin's time and energy come about (defaults are generic).
struct GenerationTiming {
    double prefillSeconds = 0;
    double totalSeconds = 0;
    int outputTokens = 1;
    int batch = 1;
    double energyJoules = 0;
    QString latencyDoc = QStringLiteral("End-to-end time: prefill plus every decode step");
    QString prefillDoc = QStringLiteral("Prefill: the prompt through all layers and the first token");
    QString energyDoc = QStringLiteral("Energy over the whole run");
};

// latency_ms, prefill_ms, decode_ms_per_token (0 with one output token), tokens_per_s (output
// tokens of the whole batch per second of latency), energy_j.
std::vector<Metric> standardMetrics(const GenerationTiming &timing);

}  // namespace accelscope::llm
