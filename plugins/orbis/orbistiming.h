#pragma once
// ORBIS's hardware ([I]: the paper names a deeply pipelined, quantized matching unit next to the
// DiT compute but gives no sizes) and the timing of a video DiT generation on it.
//
// Main engine: `peArrays` systolic arrays of peRows × peCols BF16 MACs (matmuls, attention);
// vector unit: `vectorLanes` FP16 ops per cycle (norms, softmax, modulation, residuals, merge and
// unmerge); HBM: `hbmBytesPerSecond`. Per op: max(compute, memory) (double-buffered), ops one
// after another.
// Matching unit: a pipeline of `matchLanes` INT8 MAC lanes (2x lanes at 4 bits, 4x at 2 bits,
// a quarter at float) computing source × destination distances and the re-priced increments
// over the metric's width, a mean-update stage on the same lanes, and a priority-queue stage
// taking `queueOpsPerCycle` operations per cycle; the stages overlap, so a block's matching takes
// max(MAC stage, queue stage) + the pipeline depth.
// Pipelining: block b's matching for step t + 1 needs block b's output of step t, so it may run
// from the end of block b in step t until block b starts in step t + 1. Jobs queue in order on
// the one unit; when a job is not finished in time, block b waits (a stall).

#include <vector>

#include <QString>

#include "core/hw/baselinemodel.h"
#include "core/kernels/distributionmatching.h"
#include "core/workloads/diffusion.h"

namespace accelscope::orbis {

struct OrbisHardware {
    int peArrays = 8;                // [I] 8 x 128 x 128 BF16 MACs at 1.2 GHz: 315 TFLOPS, the A100's class
    int peRows = 128, peCols = 128;  // [I]
    double clockHz = 1.2e9;          // [I]
    int vectorLanes = 8192;          // [I] FP16 ops per cycle
    double hbmBytesPerSecond = 2.0e12;  // [I] HBM2e, the A100 80 GB's class
    int matchLanes = 2048;              // [I] INT8 MAC lanes of the matching unit
    int queueOpsPerCycle = 1;           // [I] one priority-queue operation per cycle (pipelined heap)
    int matchPipelineDepth = 64;        // [I] cycles to fill the matching pipeline
    double macEnergyPj = 0.4;           // [I] one BF16 MAC, 7 nm-class
    double matchMacEnergyPj = 0.05;     // [I] one INT8 MAC
    double vectorEnergyPj = 0.8;        // [I] one FP16 vector op
    double hbmEnergyPjPerByte = 31.0;   // [I] HBM2e about 3.9 pJ/bit
    double staticWatts = 40.0;          // [I] leakage, clocking, HBM PHY idle

    double peakFlops() const { return 2.0 * peArrays * peRows * peCols * clockHz; }
    // Matching-unit MACs per cycle at a metric width of `bits` (0: float).
    double matchMacsPerCycle(int bits) const;
    void validate() const;  // throws InputError naming the field
};

struct OpTiming {
    double seconds = 0, computeSeconds = 0, memorySeconds = 0;
    bool onEngine = false;  // matmul / attention (else the vector unit)
    double energyJoules = 0;
};

// One transformer block (or the embedding / final layer) of one step on the accelerator.
struct BlockSlot {
    int layer = -1;             // −1: the embedding (before the blocks) or the final layer (after)
    double begin = 0, end = 0;  // seconds on the main engine
    double stallSeconds = 0;    // waited for its matching before `begin`
    bool matched = false;       // a matching job fed this block
    double matchBegin = 0, matchEnd = 0;  // that job on the matching unit
};

struct StepSchedule {
    std::vector<BlockSlot> slots;  // embedding, blocks, final layer
    double begin = 0, end = 0;
    double stallSeconds = 0;
};

class OrbisTiming {
public:
    // Throws InputError for a backbone that does not denoise, a bad size or bad hardware.
    OrbisTiming(const DiffusionBackbone &backbone, const DiffusionWorkload &workload,
                const OrbisHardware &hardware, const kernels::SpatioTemporalSplit &strides);

    const DiffusionBackbone &backbone() const { return backbone_; }
    const DiffusionTokens &tokens() const { return tokens_; }
    const OrbisHardware &hardware() const { return hw_; }
    // The backbone's token grid with the strides' chunks.
    const kernels::SpatioTemporalSplit &split() const { return split_; }
    int blockCount() const { return backbone_.blocks + backbone_.singleBlocks; }

    // Video tokens entering attention when a share `ratio` is merged away (AsymRnR's count).
    int keptTokens(double ratio) const;
    // One step's ops; `keptTokens` below the token count merges, `gpuMatching` adds the similarity
    // ops a GPU runs itself (AsymRnR on the A100).
    std::vector<WorkloadOp> stepOps(int keptTokens, bool gpuMatching = false) const;
    OpTiming price(const WorkloadOp &op) const;
    // One step's ops by slot: [0] the embedding, [1 + b] block b, [blockCount() + 1] the final layer.
    std::vector<std::vector<WorkloadOp>> slotOps(int keptTokens) const;

    // DATM's work on one block of the full-size grid at `ratio` with `window`, from the counted
    // distances of that window and the functional run's measured re-pricing and queue rates.
    kernels::MatchingWork fullSizeWork(double ratio, int window, const kernels::MatchingWork &functional,
                                       std::int64_t functionalSources) const;
    double matchSeconds(const kernels::MatchingWork &work, int bits) const;
    double matchEnergyJoules(const kernels::MatchingWork &work) const;

    // The whole generation: `reduced[s]` says whether step s merges; a reduced step's blocks wait
    // for their matching job (`matchSecondsPerBlock`), released when the block finished in the
    // step before (`previousStepMetric`: output-guided) or when the block's own input is ready
    // (this step's input, AsymRnR: the job is on the critical path).
    std::vector<StepSchedule> schedule(const std::vector<bool> &reduced, double ratio,
                                       double matchSecondsPerBlock, bool previousStepMetric = true) const;
    // Energy of one step's ops (without the matching unit and static power).
    double stepDynamicEnergyJoules(int keptTokens) const;

private:
    DiffusionBackbone backbone_;
    DiffusionWorkload workload_;
    DiffusionTokens tokens_;
    OrbisHardware hw_;
    kernels::SpatioTemporalSplit split_;
};

}  // namespace accelscope::orbis
