#pragma once
// An LPU-style LLM core (HyperAccel's LPU, which DFX led to and Oaken and V-Rex build on): a
// streamlined execution engine (SXE) of `macTrees` MAC trees, each `treeWidth` inputs wide, fed
// by a memory-access unit (SMA) that streams weights and KV entries from every memory channel
// (HBM or LPDDR); a vector engine (VXE) for norms, softmax and residuals; and a synchronization
// link (ESL) between devices that sends each column chunk of a matmul's result while the next
// chunk is computed. It prices the ops of core/workloads on one device of a tensor-parallel group.

#include <vector>

#include <QString>

#include "core/sim/timing/computeunits.h"
#include "core/sim/timing/memoryunits.h"
#include "core/workloads/workloadop.h"

namespace accelscope {

struct LpuConfig {
    int macTrees = 32;  // l
    int treeWidth = 64;  // v
    double clockHz = 0.8e9;
    int memoryChannels = 32;
    double channelBytesPerSecond = 102.5e9;  // 32 × 102.5 GB/s = 3.28 TB/s (HBM3)
    TimePs memoryLatencyPs = 100 * kPsPerNs;
    int vectorLanes = 64;  // VXE FLOPs per cycle
    int vectorLatencyCycles = 16;
    int devices = 1;
    double eslBytesPerSecond = 50e9;  // one direction, per device
    TimePs eslLatencyPs = 500 * kPsPerNs;
    int eslChunks = 4;  // column chunks a matmul's result is sent in

    double memoryBytesPerSecond() const { return memoryChannels * channelBytesPerSecond; }
    double peakFlops() const { return macTreeArray().peakFlops(); }
    timing::MacTreeArray macTreeArray() const;
    timing::VectorUnit vectorUnit() const;

    // The LPU's sizing rule: one FP16 weight per multiplier per cycle at full memory bandwidth,
    // l × v × 2 B × f = bandwidth, so l = ceil(bandwidth / (v × 2 B × f)).
    static int macTreesForBandwidth(double memoryBytesPerSecond, int treeWidth, double clockHz);
    // Throws InputError naming the field, its value and what is allowed.
    void validate() const;
};

enum class LpuUnit { Sxe, Vxe, Sma, Esl };
QString toString(LpuUnit unit);  // "SXE", "VXE", "SMA", "ESL"

struct LpuOpTiming {
    QString name;
    LpuUnit unit = LpuUnit::Sxe;
    TimePs computePs = 0;  // on the engine
    TimePs memoryPs = 0;   // streaming from memory (overlapped with compute)
    TimePs timePs = 0;     // what the op adds to the run
};

class LpuCore {
public:
    explicit LpuCore(LpuConfig config);  // validates
    const LpuConfig &config() const { return config_; }

    // One op. `previousMatmulPs`: the compute time of the matmul whose result a collective
    // sends, which the link overlaps chunk by chunk.
    LpuOpTiming time(const WorkloadOp &op, TimePs previousMatmulPs = 0) const;
    // The ops in order (each waits for the one before), with their timings appended to
    // `breakdown` when given.
    TimePs time(const std::vector<WorkloadOp> &ops, std::vector<LpuOpTiming> *breakdown = nullptr) const;

private:
    LpuConfig config_;
    timing::MacTreeArray sxe_;
    timing::VectorUnit vxe_;
    timing::LinkModel esl_;
};

}  // namespace accelscope
