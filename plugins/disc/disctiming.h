#pragma once
// DiSC's hardware ([I]: the paper names a unified dataflow without dedicated sparsity units, in
// which a hash-based distribution over the on-chip banks lets the dense engines run the sparse
// work, but gives no sizes) and the timing of one denoising step of a full-size backbone on it,
// driven by the shares the functional run measured.
//
// Dense engine: `peArrays` arrays of peRows × peCols BF16 MACs; vector unit: `vectorLanes` FP16
// ops per cycle (norms, softmax and its threshold compare, GELU, residuals, CTR's change test);
// banked SRAM feeding the engine; HBM. Per op: max(engine, vector, HBM) (double-buffered), ops
// one after another.
// - CTR: the query-side ops (Q of the QKV projection, the attention rows, the output projection,
//   cross-attention queries, norm2, the MLP and residuals) run on the recomputed share of the
//   tokens; K and V, norm1 and text keys/values on every token. The output cache is in HBM: each
//   block reads the reused tokens' outputs and writes the recomputed ones'.
// - ST: a mask-generation step runs the recomputed rows' scores and softmax densely (plus one
//   compare per probability) and writes the mask bits to HBM; every step runs P·V, and a reusing
//   step also the scores and softmax, at the kept entries only and reads the mask bits.
// - Sparse ops reach the engine through the banks: their engine time is divided by the bank
//   efficiency (ideal cycles / simulated cycles of the functional run's sparse work on the chosen
//   hash), so conflict stalls lengthen them.
// Weights are read from HBM once per step; activations and scores stay on chip ([I]).
// Energy: per MAC, per vector op, per SRAM and HBM byte, plus static power over the time.

#include <array>
#include <vector>

#include <QString>

#include "core/workloads/diffusion.h"

namespace accelscope::disc {

struct DiscHardware {
    int peArrays = 8;                   // [I] 8 x 128 x 128 BF16 MACs at 1.2 GHz: 315 TFLOPS, the A100's class
    int peRows = 128, peCols = 128;     // [I]
    double clockHz = 1.2e9;             // [I]
    int vectorLanes = 8192;             // [I] FP16 ops per cycle
    double hbmBytesPerSecond = 2.0e12;  // [I] HBM2e, the A100 80 GB's class
    double sramBytes = 32.0 * 1024 * 1024;  // [I] banked on-chip buffer
    double macEnergyPj = 0.4;           // [I] one BF16 MAC, 7 nm-class
    double vectorEnergyPj = 0.8;        // [I] one FP16 vector op
    double sramEnergyPjPerByte = 1.0;   // [I]
    double hbmEnergyPjPerByte = 31.0;   // [I] HBM2e about 3.9 pJ/bit
    double staticWatts = 40.0;          // [I] leakage, clocking, HBM PHY idle

    double macsPerCycle() const { return double(peArrays) * peRows * peCols; }
    double peakFlops() const { return 2.0 * macsPerCycle() * clockHz; }
    void validate() const;  // throws InputError naming the field
};

// What the functional run measured for one step.
struct StepShares {
    double recomputed = 1.0;      // CTR: share of the tokens computed
    bool tokenReuse = false;      // the output cache is kept (reads and writes per block)
    bool sparse = false;          // ST is on
    bool maskGenerated = false;   // this step computes the softmax densely and sets the masks
    double density = 1.0;         // kept score entries among the recomputed rows
    double bankEfficiency = 1.0;  // ideal / simulated cycles of the sparse work on the banks
};

enum class DiscUnit { PeArray = 0, Vector = 1, Hbm = 2, Banks = 3 };
inline constexpr int kDiscUnits = 4;
QString toString(DiscUnit u);

struct UnitWork {
    double seconds = 0;
    double bytes = 0;
    double flops = 0;
};

struct LayerTiming {
    std::array<UnitWork, kDiscUnits> units{};  // Banks: the time bank conflicts add to the step
    double seconds = 0;
    double energyJoules = 0;
    double macs = 0, denseMacs = 0;
};

struct StepTiming {
    std::vector<LayerTiming> layers;  // per block (the embedding with the first, the final layer with the last)
    double seconds = 0;
    double energyJoules = 0;
    double macs = 0, denseMacs = 0;
    double stallSeconds = 0;  // bank conflict stalls
};

class DiscTiming {
public:
    // Throws InputError for a backbone this model does not time (next-scale, single-stream blocks).
    DiscTiming(const DiffusionBackbone &backbone, const DiffusionWorkload &workload, const DiscHardware &hardware);

    StepTiming step(const StepShares &shares) const;
    const DiscHardware &hardware() const { return hw_; }
    const DiffusionBackbone &backbone() const { return backbone_; }
    int blocks() const { return backbone_.blocks; }
    int tokens() const { return tokens_; }

private:
    DiffusionBackbone backbone_;
    DiffusionWorkload workload_;
    DiscHardware hw_;
    std::vector<WorkloadOp> ops_;
    int tokens_ = 0;
};

}  // namespace accelscope::disc
