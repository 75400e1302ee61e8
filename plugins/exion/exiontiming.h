#pragma once
// EXION's hardware ([I]: the paper names a dedicated architecture at server and edge level,
// compared with GPUs of similar specification, but gives no sizes) and the timing of one
// denoising step of a full-size backbone on it, driven by the counts the functional run measured.
//
// Per core: a `peRows` × `peCols` output-stationary FP16 PE array (a tile of outputs takes the
// reduction length in cycles); a log-domain predictor of exponent adders (`predictorAddsPerCycle`)
// that computes Q̂, K̂ and Ŝ while the array generates Q, K, V; a ConMerge unit reading
// `conMergeBitsPerCycle` mask bits per cycle; an FP16 vector unit (`vectorLanes`) for GELU,
// softmax, norms and residuals. Cores share the DRAM (`dramBytesPerSecond`).
//
// Per op: max(array, vector, predictor, ConMerge, DRAM) (double-buffered), summed over ops.
// - FFN fc1 and fc2 in a sparse iteration run the ConMerge-compacted tiles only (the functional
//   run's tile share; without ConMerge the non-empty uncompacted tiles); fc2 is the incremental
//   y = y_cache + Δh[mask]·W2. GELU runs on the recomputed entries only.
// - Self-attention scores and P·V run the predicted entries' compacted tiles; softmax only the
//   kept entries. Attention is fused: scores stay on chip.
// - DRAM: every weight once per step (FP16); FFN-Reuse's cache per block: a dense iteration
//   writes the mask bits, the marked GELU outputs and fc2's output; a sparse one reads them.
// Energy: per PE-slot cycle (idle slots of a tile included, so compaction saves energy), per
// exponent add, per vector op, per SRAM and DRAM byte, plus static power.

#include <array>
#include <vector>

#include <QString>

#include "core/workloads/diffusion.h"

namespace accelscope::exion {

struct ExionHardware {
    QString instance;                            // "server" or "edge"
    QString gpuId;                               // the GPU of similar specification it is compared with
    int cores = 16;                              // [I]
    int peRows = 64, peCols = 64;                // [I] FP16 MACs per core
    double clockHz = 1.2e9;                      // [I]
    int vectorLanes = 256;                       // [I] FP16 ops per cycle per core
    double predictorAddsPerCycle = 4 * 64 * 64;  // [I] exponent adders per core
    double conMergeBitsPerCycle = 1024;          // [I] mask bits per cycle per core
    double dramBytesPerSecond = 768e9;           // [I]
    double sramBytes = 16.0 * 1024 * 1024;       // [I] global buffer, all cores
    int sramBanks = 16;                          // [I]
    double macEnergyPj = 0.4;                    // [I] one FP16 MAC slot-cycle
    double addEnergyPj = 0.03;                   // [I] one exponent add into a partial sum
    double vectorEnergyPj = 0.8;                 // [I] one FP16 vector op
    double sramEnergyPjPerByte = 1.0;            // [I]
    double dramEnergyPjPerByte = 56;             // [I] GDDR6 about 7 pJ/bit (edge: LPDDR5 32)
    double staticWatts = 6.0;                    // [I]

    static ExionHardware server();  // vs RTX A6000 (154.8 FP16 TFLOPS, 768 GB/s GDDR6)
    static ExionHardware edge();    // vs Jetson AGX Orin 32 GB (26.7 FP16 TFLOPS, 204.8 GB/s LPDDR5)
    static ExionHardware forInstance(const QString &instance);  // throws InputError
    double macsPerCycle() const { return double(cores) * peRows * peCols; }
    double peakFlops() const { return 2.0 * macsPerCycle() * clockHz; }
    void validate() const;  // throws InputError naming the field
};

// What the functional run measured for one step (averaged over its blocks).
struct StepShares {
    bool denseFfn = true;
    double ffnPassShare = 1.0;  // FFN array passes run / dense passes (sparse iterations)
    double ffnDensity = 1.0;    // GELU entries recomputed
    bool prediction = false;
    double attentionPassShare = 1.0;  // score and P·V array passes run / dense passes
    double attentionDensity = 1.0;    // score entries kept
    double projectionAddsPerMac = 0;  // exponent adds per MAC of the Q and K projections
    double scoreAddsPerMac = 0;       // exponent adds per MAC of the scores
    bool ffnReuse = false;            // the FFN cache is kept (dense iterations write it)
};

enum class ExionUnit { PeArray = 0, Predictor = 1, ConMerge = 2, Vector = 3, Dram = 4 };
inline constexpr int kExionUnits = 5;
QString toString(ExionUnit u);

struct UnitWork {
    double seconds = 0;
    double bytes = 0;
    double flops = 0;
};

struct LayerTiming {
    std::array<UnitWork, kExionUnits> units{};
    double seconds = 0;
    double energyJoules = 0;
    double macSlots = 0;   // PE slot-cycles spent on matmuls and attention
    double denseMacs = 0;  // the same ops' MACs without any skipping
    double dramBytes = 0;
};

struct StepTiming {
    std::vector<LayerTiming>
        layers;  // per block (the embedding with the first, the final layer with the last)
    double seconds = 0;
    double energyJoules = 0;
    double macSlots = 0, denseMacs = 0, dramBytes = 0;
};

class ExionTiming {
public:
    // Throws InputError for a backbone this model does not time (next-scale, single-stream blocks).
    ExionTiming(const DiffusionBackbone &backbone, const DiffusionWorkload &workload,
                const ExionHardware &hardware);

    StepTiming step(const StepShares &shares) const;
    const ExionHardware &hardware() const { return hw_; }
    const DiffusionBackbone &backbone() const { return backbone_; }
    int blocks() const { return backbone_.blocks; }
    int tokens() const { return tokens_; }

private:
    DiffusionBackbone backbone_;
    DiffusionWorkload workload_;
    ExionHardware hw_;
    std::vector<WorkloadOp> ops_;
    int tokens_ = 0;
};

}  // namespace accelscope::exion
