#pragma once
// DFX's hardware, one FPGA (Xilinx Alveo U280) with one compute core. Every constant carries its
// source tag: [V] the paper, [S] a secondary summary of it, [I] our reconstruction. README.md
// lists them all with their sources.

#include <algorithm>
#include <cstdint>

#include "core/api/trace.h"
#include "core/sim/timing/computeunits.h"
#include "core/sim/timing/memoryunits.h"

namespace accelscope::dfx {

struct DfxHardware {
    // Core clock; the DMA's HBM interfaces run on it too. [S]
    double clockHz = 200e6;

    // Matrix processing unit: l lanes of d-input FP16 MAC trees. (d, l) = (64, 16) [S].
    int macLanes = 16;
    int macWidth = 64;
    int multiplierLatency = 6;  // FP16 multiply, cycles [S]
    int adderLatency = 11;      // FP16 add, cycles, per tree level [S]

    // Vector processing unit, 64 elements wide [S]; per-operation latencies in cycles.
    int vectorWidth = 64;
    int vectorAddLatency = 11;    // add / sub [S]
    int vectorMulLatency = 6;     // [S]
    int vectorSquareLatency = 4;  // [S]
    int vectorExpLatency = 20;    // exp [I]: a pipelined FP16 exponential, between mul and recip
    // Special function units.
    int sfuMaskLatency = 2;         // causal mask + 1/sqrt(dk) multiply stage select [I]
    int sfuCompareLatency = 2;      // one reduce-max comparator level [I]
    int sfuGeluLatency = 4;         // LUT read, then one multiply-add of the interpolation [I]
    int sfuReciprocalLatency = 20;  // reciprocal / reciprocal square root [I]
    int lutGeluPoints = 2048;       // samples over [-8, 8] [S]

    // HBM2: 32 channels of 512 bit at the core clock through the DMA [S]; 8 GB per card [S].
    int hbmChannels = 32;
    int hbmChannelBits = 512;
    std::int64_t hbmChannelBytes = std::int64_t{256} << 20;
    // The HBM stack's own peak, 460 GB/s over 32 channels [S]: the DMA's 512-bit interface at
    // the core clock cannot pull more than this, however fast the clock is set.
    double hbmChannelPeakBytesPerSecond = 460e9 / 32;
    TimePs hbmLatencyPs = 150 * kPsPerNs;  // first beat of a read [I]
    // DDR4 for token embeddings, tokens and rarely used parameters: 32 GB, 38 GB/s [S].
    double ddrBytesPerSecond = 38e9;
    std::int64_t ddrBytes = std::int64_t{32} << 30;
    TimePs ddrLatencyPs = 100 * kPsPerNs;  // [I]

    // Ring: QSFP 100 Gb/s per direction [S], Aurora 64b/66b coding (~3 %) [S].
    double ringBitsPerSecond = 100e9;
    double ringEfficiency = 64.0 / 66.0;
    TimePs ringHopLatencyPs = 200 * kPsPerNs;  // Aurora TX+RX and router per hop [I]

    // Host link, PCIe Gen3 x16 [S]; latency [I].
    double pcieBytesPerSecond = 16e9;
    TimePs pcieLatencyPs = 1 * kPsPerUs;

    // Board power while running [I]: not in the sources used; see README.md.
    double boardPowerW = 75.0;

    int bytesPerElement = 2;  // every parameter and activation is FP16 [S]

    // 32 × 64 B × 200 MHz = 409.6 GB/s at the paper's clock; capped at the HBM peak above.
    double hbmBytesPerSecond() const {
        const double interface = hbmChannelBits / 8.0 * clockHz;
        return static_cast<double>(hbmChannels) * std::min(interface, hbmChannelPeakBytesPerSecond);
    }
    std::int64_t hbmCapacityBytes() const { return hbmChannelBytes * hbmChannels; }

    timing::MacTreeArray mpu() const {
        return timing::MacTreeArray{macLanes, macWidth, multiplierLatency, adderLatency, clockHz};
    }
    timing::VectorUnit vpu() const { return timing::VectorUnit{vectorWidth, clockHz}; }
    timing::MemoryChannel hbm() const { return timing::MemoryChannel{hbmBytesPerSecond(), hbmLatencyPs}; }
    timing::MemoryChannel ddr() const { return timing::MemoryChannel{ddrBytesPerSecond, ddrLatencyPs}; }
    timing::LinkModel ring() const {
        return timing::LinkModel{ringBitsPerSecond / 8.0, ringHopLatencyPs, ringEfficiency};
    }
    timing::LinkModel pcie() const { return timing::LinkModel{pcieBytesPerSecond, pcieLatencyPs, 1.0}; }
};

}  // namespace accelscope::dfx
