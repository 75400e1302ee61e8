#include "core/hw/textgenerationbaseline.h"

#include "core/api/errors.h"
#include "core/workloads/textgeneration.h"

namespace accelscope {

BaselineEstimate TextGenerationEstimate::total() const {
    BaselineEstimate sum = prefill;
    sum.append(decode);
    return sum;
}

TextGenerationEstimate estimateTextGeneration(const BaselineModel &model, const TransformerConfig &config,
                                              const TextGenerationWorkload &workload) {
    if (workload.outputTokens < 1)
        throw InputError(QStringLiteral("output tokens must be at least 1 for text generation (got %1)")
                             .arg(workload.outputTokens));
    const int devices = model.deviceCount();
    TextGenerationEstimate result;
    const std::vector<WorkloadOp> prefillOps = buildPrefill(config, workload, devices);
    result.prefill = model.estimate(prefillOps);

    // The prompt pass produces the first output token; each further token is one decode step whose
    // new token attends to the prompt, the tokens generated before it, and itself.
    result.decodeSteps = workload.outputTokens - 1;
    for (int step = 1; step <= result.decodeSteps; ++step)
        result.decode.append(
            model.estimate(buildDecodeStep(config, workload, workload.inputTokens + step, devices)));
    if (result.decodeSteps > 0) {
        result.decodeSecondsPerToken = result.decode.seconds / result.decodeSteps;
    } else {
        // No step was run; report what the next one would cost so the metric stays meaningful.
        result.decodeSecondsPerToken =
            model.estimate(buildDecodeStep(config, workload, workload.inputTokens + 1, devices)).seconds;
    }

    const double contextAtEnd = double(workload.inputTokens) + workload.outputTokens;
    const double kvShare = config.kvHeads >= devices ? 1.0 / devices : 1.0 / config.kvHeads;
    result.memoryPerDeviceBytes =
        residentWeightBytes(prefillOps) +
        kvCacheBytesPerToken(config, workload) * kvShare * contextAtEnd * workload.batch;
    return result;
}

BaselineResult textGenerationBaseline(const TransformerConfig &config, const TextGenerationWorkload &workload,
                                      const QString &deviceId, int deviceCount) {
    const BaselineModel model = BaselineModel::builtin(deviceId, deviceCount);
    const TextGenerationEstimate e = estimateTextGeneration(model, config, workload);
    const BaselineEstimate total = e.total();
    const double capacityGb = model.device().memoryCapacityBytes / 1e9;
    const double memoryGb = e.memoryPerDeviceBytes / 1e9;

    BaselineResult result;
    result.device = deviceId;
    result.count = deviceCount;
    result.label = model.label();
    result.metrics = {
        {QStringLiteral("latency_ms"), total.seconds * 1e3, QStringLiteral("ms"),
         QStringLiteral("Prompt pass plus every decode step, shared roofline baseline model")},
        {QStringLiteral("prefill_ms"), e.prefill.seconds * 1e3, QStringLiteral("ms"),
         QStringLiteral("Prompt pass, which also yields the first output token")},
        {QStringLiteral("decode_ms_per_token"), e.decodeSecondsPerToken * 1e3, QStringLiteral("ms"),
         QStringLiteral(
             "Mean decode step over the growing KV context (batch generates one token per sequence)")},
        {QStringLiteral("tokens_per_s"), workload.batch * workload.outputTokens / total.seconds,
         QStringLiteral("tokens/s"), QStringLiteral("Output tokens of the whole batch divided by latency")},
        {QStringLiteral("energy_j"), total.energyJoules, QStringLiteral("J"),
         QStringLiteral("All devices: (idle + (TDP - idle) x roofline utilisation) x time")},
        {QStringLiteral("average_power_w"), total.averagePowerWatts, QStringLiteral("W"),
         QStringLiteral("All devices: energy divided by latency")},
        {QStringLiteral("memory_per_device_gb"), memoryGb, QStringLiteral("GB"),
         memoryGb <= capacityGb
             ? QStringLiteral("Resident weights plus the final KV cache on one device (capacity %1 GB)")
                   .arg(capacityGb, 0, 'f', 1)
             : QStringLiteral(
                   "Resident weights plus the final KV cache on one device: EXCEEDS the %1 GB capacity, "
                   "so this configuration cannot run as modelled")
                   .arg(capacityGb, 0, 'f', 1)},
    };
    return result;
}

}  // namespace accelscope
