#pragma once
// The hardware of an Oaken accelerator: an LPU-style core (core/accelerators/lpucore.h) whose DMA
// unit holds Oaken's quantization engine, dequantization engine and KV memory-management unit
// (MMU), on HBM or LPDDR. The same struct describes the plain LPU (KV cache in FP16, no engines).
// Every constant is listed with its source tag in README.md.

#include <array>

#include "core/accelerators/lpucore.h"

namespace accelscope::oaken {

enum class MemoryKind { Hbm, Lpddr, Hbm3 };
QString toString(MemoryKind kind);  // "hbm", "lpddr", "hbm3"
MemoryKind memoryKindFromString(const QString &text);

enum class KvMode { Oaken, Fp16 };
QString toString(KvMode mode);  // "oaken", "fp16"

struct OakenHardware {
    MemoryKind memory = MemoryKind::Lpddr;
    KvMode kv = KvMode::Oaken;
    // Core: 2110 MAC trees of 64 at 1 GHz = 270 TFLOPS FP16 (paper [V]; clock and tree shape [I]).
    // Memory: LPDDR, 16 channels of 68.75 GB/s and 16 GB = 1.1 TB/s, 256 GB (totals [V], split [I]).
    LpuConfig lpu = [] {
        LpuConfig c;
        c.macTrees = 2110;
        c.treeWidth = 64;
        c.clockHz = 1.0e9;
        c.memoryChannels = 16;
        c.channelBytesPerSecond = 68.75e9;
        c.memoryLatencyPs = 100 * kPsPerNs;
        c.vectorLanes = 1024;
        return c;
    }();
    double channelCapacityBytes = 16e9;
    // Oaken engines in the DMA unit [I]: entries per cycle and pipeline depth.
    int quantLanes = 1024;
    int dequantLanes = 4096;
    int engineLatencyCycles = 32;
    // MMU [I]: page size of the dense and sparse tables, translations per cycle.
    int pageBytes = 4096;
    int mmuTranslationsPerCycle = 1;
    // Share of memory for weights + KV cache, as vLLM's gpu_memory_utilization [I].
    double memoryFraction = 0.9;
    double powerW = 222.7;  // per device, paper Table 4 [S]
    // Offline-profiled group fractions: outer, middle, inner [V].
    std::array<double, 3> fractions{0.04, 0.90, 0.06};

    double capacityBytes() const { return channelCapacityBytes * lpu.memoryChannels; }
    bool quantized() const { return kv == KvMode::Oaken; }

    static OakenHardware oakenLpddr();  // the defaults above
    static OakenHardware oakenHbm();    // 40 channels of 50 GB/s and 2 GB: 2.0 TB/s, 80 GB
    static OakenHardware plainLpu();
    // The LPU's sizing rule, l × v × 2 B × f = bandwidth, to the nearest tree (3.28 TB/s at
    // 64 × 0.8 GHz: 32.03, so 32).
    static int treesMatching(const LpuConfig &lpu);         // HBM3 3.28 TB/s, 32 MAC trees of 64 at 0.8 GHz, FP16 KV
};

}  // namespace accelscope::oaken
