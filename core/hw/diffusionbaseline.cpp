#include "core/hw/diffusionbaseline.h"

#include "core/api/errors.h"
#include "core/hw/baselinemodel.h"

namespace accelscope {

BaselineResult diffusionBaseline(const DiffusionBackbone &backbone, const DiffusionWorkload &workload, int steps,
                                 const QString &deviceId, int deviceCount) {
    if (steps < 1)
        throw InputError(QStringLiteral("denoising steps must be at least 1 for a diffusion baseline (got %1)").arg(steps));
    const BaselineModel model = BaselineModel::builtin(deviceId, deviceCount);
    const BaselineEstimate step = model.estimate(buildDenoisingStep(backbone, workload));
    BaselineResult result;
    result.device = deviceId;
    result.count = deviceCount;
    result.label = model.label();
    result.metrics = {
        {QStringLiteral("latency_ms"), step.seconds * steps * 1e3, QStringLiteral("ms"),
         QStringLiteral("%1 denoising steps of %2, FP16, shared roofline baseline model").arg(steps).arg(backbone.name)},
        {QStringLiteral("step_ms"), step.seconds * 1e3, QStringLiteral("ms"), QStringLiteral("One denoising step")},
        {QStringLiteral("energy_j"), step.energyJoules * steps, QStringLiteral("J"),
         QStringLiteral("All devices: (idle + (TDP - idle) x roofline utilisation) x time")},
        {QStringLiteral("average_power_w"), step.averagePowerWatts, QStringLiteral("W"),
         QStringLiteral("All devices: energy divided by latency")},
    };
    return result;
}

}  // namespace accelscope
