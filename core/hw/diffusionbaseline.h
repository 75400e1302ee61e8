#pragma once
// A diffusion run (the denoising steps of one image or video) on baseline devices, priced by the
// shared roofline model: every step is buildDenoisingStep's ops in FP16.

#include "core/api/metric.h"
#include "core/workloads/diffusion.h"

namespace accelscope {

// Metrics: latency_ms, step_ms, energy_j, average_power_w. Throws InputError for an unknown
// device or steps < 1.
BaselineResult diffusionBaseline(const DiffusionBackbone &backbone, const DiffusionWorkload &workload, int steps,
                                 const QString &deviceId, int deviceCount = 1);

}  // namespace accelscope
