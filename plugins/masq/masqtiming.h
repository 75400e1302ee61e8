#pragma once
// MASQ's hardware ([I]: the paper names a block-wise multi-precision compute engine and a mask
// management unit but gives no sizes) and the timing of one denoising step on it.
//
// Block-wise engine: `blockPes` processing elements, each a 32-lane INT8 multiplier array that
// takes one pair of MX blocks per cycle and splits into 2 x 4-bit or 4 x 2-bit lanes, so a block
// pair at MXINT4 costs 1/2 and at MXINT2 1/4 of a cycle. Policy for mixed pairs: the pair runs at
// the wider operand's width (the narrow codes are sign-extended). Weights are stored once as
// MXINT8 and read narrowed to the token's width (mxNarrow), so an activation-weight product runs
// at the token's width. Attention products pair a recomputed query's width with each key's width.
// Vector unit: `vectorLanes` FP16 operations per cycle (norms, softmax, modulation, residuals).
// Mask management unit: reads the token mask, dilates it into the boundary, ranks saliency and
// writes the per-token precision and recompute table, `mmuTokensPerCycle` tokens per cycle per
// pass; it runs ahead of the step (overlapped).
// Memory: LPDDR with `dramBytesPerSecond`; a banked SRAM holds a block's activations and the
// weight tile being streamed.
// Per op: time = max(engine or vector cycles / clock, DRAM bytes / bandwidth) (double-buffered).

#include <array>
#include <vector>

#include <QString>

#include "core/api/trace.h"
#include "core/workloads/diffusion.h"
#include "precisionpolicy.h"

namespace accelscope::masq {

struct MasqHardware {
    int blockPes = 256;               // [I] 256 x 32 = 8192 INT8 MACs per cycle
    double clockHz = 1.0e9;           // [I]
    int vectorLanes = 512;            // [I] FP16 ops per cycle
    int mmuTokensPerCycle = 16;       // [I]
    int sramBanks = 32;               // [I]
    double sramBankBytes = 128 * 1024;  // [I] 4 MiB in total
    double dramBytesPerSecond = 102.4e9;  // [I] LPDDR5 128-bit at 6400 MT/s (edge-class, as Orin NX)
    double macEnergyPj = 0.25;        // [I] one INT8 MAC lane-cycle (multiply + accumulate), 28 nm-class
    double sramEnergyPjPerByte = 1.0;   // [I]
    double dramEnergyPjPerByte = 32.0;  // [I] LPDDR5 about 4 pJ/bit
    double vectorEnergyPj = 1.0;      // [I] one FP16 vector op
    double staticWatts = 0.5;         // [I] leakage and clocking

    double int8MacsPerSecond() const { return double(blockPes) * 32 * clockHz; }
    void validate() const;  // throws InputError naming the field
};

enum class MasqUnit { Engine = 0, Vector = 1, Mmu = 2, Dram = 3 };
inline constexpr int kMasqUnits = 4;
QString toString(MasqUnit u);

struct UnitWork {
    double seconds = 0;
    double bytes = 0;
    double flops = 0;
};

struct StepTiming {
    std::array<UnitWork, kMasqUnits> units{};
    double seconds = 0;        // the step (MMU overlapped, hidden unless longer)
    double energyJoules = 0;
    double engineCycles = 0;   // block-pair cycles
    double denseCycles = 0;    // the same step all at INT8 with every token recomputed
    double dramBytes = 0;
    double sramBytes = 0;
};

class MasqTiming {
public:
    MasqTiming(const DiffusionBackbone &backbone, const DiffusionWorkload &workload, const MasqHardware &hardware,
               int boundaryRadius = 1);

    // `computedAt` / `heldAt`: fractions of the image tokens recomputed / held at 8, 4, 2 bits.
    StepTiming step(const std::array<double, 3> &computedAt, const std::array<double, 3> &heldAt) const;
    int imageTokens() const { return imageTokens_; }
    const MasqHardware &hardware() const { return hw_; }
    double weightBytes() const { return weightBytes_; }

private:
    DiffusionBackbone backbone_;
    MasqHardware hw_;
    std::vector<WorkloadOp> ops_;
    int boundaryRadius_ = 1;
    int imageTokens_ = 0;
    double weightBytes_ = 0;  // MXINT8 weights
};

}  // namespace accelscope::masq
