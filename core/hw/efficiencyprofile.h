#pragma once
// The achievable fractions of a device class's datasheet peaks, shared by every device of the
// class (resources/devices/profiles.json). These are public, library-level figures; they are
// never fitted to a paper's results.

#include "core/hw/devicespec.h"

namespace accelscope {

struct EfficiencyProfile {
    DeviceClass deviceClass = DeviceClass::DatacenterGpu;
    double gemmComputeEfficiency = 0;          // large matmuls, fraction of the tensor peak
    double smallMatmulComputeEfficiency = 0;   // one-row matmuls (GEMV)
    double largeGemmRows = 0;                  // rows from which a matmul counts as large
    double vectorComputeEfficiency = 0;        // elementwise / norm / softmax, fraction of the FP32 peak
    double memoryEfficiency = 0;               // fraction of the memory bandwidth
    double launchOverheadSeconds = 0;          // per kernel / operator
    double collectiveBaseLatencySeconds = 0;   // software floor of one collective
    double collectiveBandwidthEfficiency = 0;  // fraction of the interconnect bandwidth
    double memoryBoundPowerFraction = 0;       // share of the dynamic power a bandwidth-bound op draws
};

}  // namespace accelscope
