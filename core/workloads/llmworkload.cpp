#include "core/workloads/llmworkload.h"

#include "core/api/errors.h"
#include "core/workloads/textgeneration.h"

namespace accelscope::llm {

std::vector<ParamSpec> workloadParams(const WorkloadChoices &choices) {
    using G = ParamGroup;
    std::vector<ParamSpec> specs{
        ParamSpec::choice(param::model, QStringLiteral("Model"), G::Workload, choices.defaultModel, choices.models,
                          choices.modelDoc.isEmpty() ? QStringLiteral("The transformer that runs") : choices.modelDoc),
        ParamSpec::integer(param::inputTokens, QStringLiteral("Input tokens"), G::Workload, choices.defaultInputTokens,
                           1, choices.maxTokens, QStringLiteral("tokens"),
                           QStringLiteral("Prompt length, processed in the prefill")),
        ParamSpec::integer(param::outputTokens, QStringLiteral("Output tokens"), G::Workload,
                           choices.defaultOutputTokens, 1, choices.maxTokens, QStringLiteral("tokens"),
                           QStringLiteral("Tokens generated; the first comes out of the prefill")),
    };
    if (choices.hasBatch)
        specs.push_back(ParamSpec::integer(param::batch, QStringLiteral("Batch"), G::Workload, choices.defaultBatch, 1,
                                           choices.maxBatch, QStringLiteral("requests"),
                                           QStringLiteral("Requests generated together, each with these lengths")));
    return specs;
}

Workload Workload::fromParams(const ParamSet &params, const ModelZoo &zoo) {
    Workload w;
    w.modelId = params.choice(param::model);
    w.model = zoo.transformer(w.modelId);
    w.shape.inputTokens = static_cast<int>(params.integer(param::inputTokens));
    w.shape.outputTokens = static_cast<int>(params.integer(param::outputTokens));
    w.shape.batch = params.schema().find(param::batch) ? static_cast<int>(params.integer(param::batch)) : 1;
    if (w.contextTokens() > w.model.maxPositions)
        throw InputError(QStringLiteral("input_tokens + output_tokens = %1 exceeds %2's context of %3 positions; "
                                        "allowed: a sum of at most %3")
                             .arg(w.contextTokens())
                             .arg(w.modelId)
                             .arg(w.model.maxPositions));
    return w;
}

double Workload::kvCacheBytes(int bytesPerElement) const {
    return kvCacheBytesPerToken(model, bytesPerElement) * static_cast<double>(contextTokens()) *
           static_cast<double>(shape.batch);
}

std::vector<Metric> standardMetrics(const GenerationTiming &t) {
    const int output = std::max(t.outputTokens, 1);
    const double decodePerToken = output > 1 ? (t.totalSeconds - t.prefillSeconds) / (output - 1) : 0.0;
    return {
        {QStringLiteral("latency_ms"), t.totalSeconds * 1e3, QStringLiteral("ms"), t.latencyDoc},
        {QStringLiteral("prefill_ms"), t.prefillSeconds * 1e3, QStringLiteral("ms"), t.prefillDoc},
        {QStringLiteral("decode_ms_per_token"), decodePerToken * 1e3, QStringLiteral("ms"),
         QStringLiteral("Decode time per token after the first (0 with one output token)")},
        {QStringLiteral("tokens_per_s"),
         t.totalSeconds > 0 ? static_cast<double>(output) * t.batch / t.totalSeconds : 0.0, QStringLiteral("tokens/s"),
         QStringLiteral("Output tokens of the whole batch / latency")},
        {QStringLiteral("energy_j"), t.energyJoules, QStringLiteral("J"), t.energyDoc},
    };
}

}  // namespace accelscope::llm
