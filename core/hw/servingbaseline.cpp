#include "core/hw/servingbaseline.h"

#include <algorithm>
#include <cmath>

#include "core/api/errors.h"
#include "core/workloads/textgeneration.h"

namespace accelscope {

void ServingConfig::validate() const {
    if (deviceCount < 1 || deviceCount > 64)
        throw InputError(QStringLiteral("serving baseline: device count = %1; allowed 1 to 64").arg(deviceCount));
    if (!(memoryFraction > 0 && memoryFraction <= 1))
        throw InputError(QStringLiteral("serving baseline: memory fraction = %1; allowed above 0 and up to 1")
                             .arg(memoryFraction));
    if (!(kvBitsPerElement >= 0 && kvBitsPerElement <= 64))
        throw InputError(QStringLiteral("serving baseline: KV bits per element = %1; allowed 0 (FP16) to 64")
                             .arg(kvBitsPerElement));
}

ServingEstimate estimateServing(const TransformerConfig &config, const TextGenerationWorkload &workload,
                                const ServingConfig &serving) {
    serving.validate();
    TextGenerationWorkload w = workload;
    w.kvBitsPerElement = serving.kvBitsPerElement;
    checkTextGeneration(config, w, serving.deviceCount);
    const BaselineModel model = BaselineModel::builtin(serving.deviceId, serving.deviceCount);

    ServingEstimate e;
    e.requestedBatch = w.batch;
    TextGenerationWorkload one = w;
    one.batch = 1;
    const int devices = serving.deviceCount;
    e.weightBytesPerDevice = residentWeightBytes(buildPrefill(config, one, devices));
    const double kvShare = config.kvHeads >= devices ? 1.0 / devices : 1.0 / config.kvHeads;
    e.kvBytesPerSequencePerDevice =
        kvCacheBytesPerToken(config, w) * kvShare * (double(w.inputTokens) + w.outputTokens);
    e.memoryBudgetPerDevice = serving.memoryFraction * model.device().memoryCapacityBytes;
    const BatchWaves plan =
        BatchWaves::plan(w.batch, e.memoryBudgetPerDevice, e.weightBytesPerDevice, e.kvBytesPerSequencePerDevice);
    if (plan.maxBatch < 1)
        throw InputError(QStringLiteral("%1 on %2 x %3 does not fit: %4 GB of weights and %5 GB of KV cache "
                                        "for one sequence per device, budget %6 GB (%7 of memory); use more devices")
                             .arg(config.id)
                             .arg(devices)
                             .arg(serving.deviceId)
                             .arg(e.weightBytesPerDevice / 1e9, 0, 'f', 1)
                             .arg(e.kvBytesPerSequencePerDevice / 1e9, 0, 'f', 2)
                             .arg(e.memoryBudgetPerDevice / 1e9, 0, 'f', 1)
                             .arg(serving.memoryFraction));
    e.maxBatch = plan.maxBatch;
    e.waves = plan.waves;

    // Full waves cost the same, so one is priced and repeated; a smaller last wave is priced alone.
    const auto addWaves = [&](int batch, int count) {
        if (count == 0)
            return;
        TextGenerationWorkload wave = w;
        wave.batch = batch;
        const TextGenerationEstimate t = estimateTextGeneration(model, config, wave);
        for (int i = 0; i < count; ++i) {
            e.prefill.append(t.prefill);
            e.total.append(t.total());
        }
        if (batch == e.maxBatch)
            e.decodeSecondsPerToken = t.decodeSecondsPerToken;
    };
    addWaves(plan.maxBatch, plan.fullWaves);
    addWaves(plan.remainder, plan.remainder > 0 ? 1 : 0);
    return e;
}

BaselineResult servingBaseline(const TransformerConfig &config, const TextGenerationWorkload &workload,
                               const ServingConfig &serving) {
    const ServingEstimate e = estimateServing(config, workload, serving);
    const BaselineModel model = BaselineModel::builtin(serving.deviceId, serving.deviceCount);
    const double kvBits = serving.kvBitsPerElement > 0 ? serving.kvBitsPerElement : 8.0 * workload.bytesPerElement;
    BaselineResult result;
    result.device = serving.deviceId;
    result.count = serving.deviceCount;
    result.label = serving.label.isEmpty() ? model.label() : serving.label;
    const double seconds = e.total.seconds;
    const double usedGb = (e.weightBytesPerDevice + e.kvBytesPerSequencePerDevice * e.maxBatch) / 1e9;
    result.metrics = {
        {QStringLiteral("latency_ms"), seconds * 1e3, QStringLiteral("ms"),
         QStringLiteral("Every wave one after another: prompt pass plus decode steps, shared roofline model")},
        {QStringLiteral("prefill_ms"), e.prefill.seconds * 1e3, QStringLiteral("ms"),
         QStringLiteral("Prompt passes of every wave")},
        {QStringLiteral("decode_ms_per_token"), e.decodeSecondsPerToken * 1e3, QStringLiteral("ms"),
         QStringLiteral("Mean decode step of a full wave over its growing KV context")},
        {QStringLiteral("tokens_per_s"),
         seconds > 0 ? double(workload.batch) * workload.outputTokens / seconds : 0.0, QStringLiteral("tokens/s"),
         QStringLiteral("Output tokens of every request divided by latency")},
        {QStringLiteral("energy_j"), e.total.energyJoules, QStringLiteral("J"),
         QStringLiteral("All devices: (idle + (TDP - idle) x roofline utilisation) x time")},
        {QStringLiteral("max_batch"), double(e.maxBatch), QStringLiteral("sequences"),
         QStringLiteral("Sequences whose full-context KV cache fits beside the weights in %1 of memory")
             .arg(serving.memoryFraction)},
        {QStringLiteral("waves"), double(e.waves), QStringLiteral("waves"),
         QStringLiteral("Batches of at most max_batch sequences served one after another")},
        {QStringLiteral("kv_bits_per_element"), kvBits, QStringLiteral("bits"),
         QStringLiteral("Bits one cached K or V entry occupies, scales included")},
        {QStringLiteral("memory_per_device_gb"), usedGb, QStringLiteral("GB"),
         QStringLiteral("Weights plus the KV cache of one full wave at full context, on one device")},
    };
    return result;
}

}  // namespace accelscope
