#include "orbistiming.h"

#include <algorithm>
#include <cmath>

#include "core/api/errors.h"
#include "core/api/rangecheck.h"
#include "core/kernels/tokenmerge.h"

namespace accelscope::orbis {

double OrbisHardware::matchMacsPerCycle(int bits) const {
    return bits == 0 ? matchLanes / 4.0 : matchLanes * 8.0 / bits;
}

void OrbisHardware::validate() const {
    RangeCheck(QStringLiteral("ORBIS hardware"))
        .within("pe_arrays", peArrays, 1, 1024)
        .within("pe_rows", peRows, 1, 1024)
        .within("pe_cols", peCols, 1, 1024)
        .within("clock_mhz", clockHz / 1e6, 1.0, 10000.0)
        .within("vector_lanes", vectorLanes, 1, 1 << 20)
        .within("hbm_gbps", hbmBytesPerSecond / 1e9, 1.0, 100000.0)
        .within("match_lanes", matchLanes, 1, 1 << 20)
        .within("queue_ops_per_cycle", queueOpsPerCycle, 1, 1024);
}

OrbisTiming::OrbisTiming(const DiffusionBackbone &backbone, const DiffusionWorkload &workload,
                         const OrbisHardware &hardware, const kernels::SpatioTemporalSplit &strides)
    : backbone_(backbone), workload_(workload), tokens_(diffusionTokens(backbone, workload)), hw_(hardware) {
    hw_.validate();
    buildDenoisingStep(backbone_, workload_);  // rejects a backbone that does not denoise
    split_ = strides;
    split_.frames = tokens_.gridFrames;
    split_.height = tokens_.gridHeight;
    split_.width = tokens_.gridWidth;
    split_.validate(tokens_.tokens(), "ORBIS timing");
}

int OrbisTiming::keptTokens(double ratio) const {
    const int n = tokens_.tokens(), destinations = split_.chunks();
    return n - kernels::spatioTemporalMerges(n, n - destinations, destinations, ratio);
}

std::vector<WorkloadOp> OrbisTiming::stepOps(int keptTokens, bool gpuMatching) const {
    DiffusionWorkload w = workload_;
    if (keptTokens < tokens_.tokens()) {
        w.merging.keptTokens = keptTokens;
        w.merging.matching = gpuMatching;
        w.merging.destinationShare = double(split_.chunks()) / tokens_.tokens();
    }
    return buildDenoisingStep(backbone_, w);
}

OpTiming OrbisTiming::price(const WorkloadOp &op) const {
    OpTiming t;
    t.onEngine = op.kind == WorkloadOpKind::Matmul || op.kind == WorkloadOpKind::Attention;
    t.computeSeconds =
        t.onEngine ? op.flops / hw_.peakFlops() : op.flops / (double(hw_.vectorLanes) * hw_.clockHz);
    t.memorySeconds = op.bytes / hw_.hbmBytesPerSecond;
    t.seconds = std::max(t.computeSeconds, t.memorySeconds);
    t.energyJoules = ((t.onEngine ? op.flops / 2.0 * hw_.macEnergyPj : op.flops * hw_.vectorEnergyPj) +
                      op.bytes * hw_.hbmEnergyPjPerByte) *
                     1e-12;
    return t;
}

kernels::MatchingWork OrbisTiming::fullSizeWork(double ratio, int window,
                                                const kernels::MatchingWork &functional,
                                                std::int64_t functionalSources) const {
    kernels::MatchingWork w;
    const int n = tokens_.tokens(), destinations = split_.chunks();
    w.merges = kernels::spatioTemporalMerges(n, n - destinations, destinations, ratio);
    if (w.merges == 0)
        return {};
    w.distances = kernels::candidateDistances(split_, window);
    // Re-pricing scales with the distances, queue operations with the sources (rates measured on
    // the functional grid at the same ratio and window).
    if (functional.distances > 0)
        w.reevaluations = static_cast<std::int64_t>(std::llround(
            double(w.distances) * double(functional.reevaluations) / double(functional.distances)));
    if (functionalSources > 0)
        w.queueOperations = static_cast<std::int64_t>(std::llround(
            double(n - destinations) * double(functional.queueOperations) / double(functionalSources)));
    return w;
}

double OrbisTiming::matchSeconds(const kernels::MatchingWork &work, int bits) const {
    if (work.merges == 0)
        return 0;
    const double width = backbone_.hidden;
    const double macs = double(work.distances + work.reevaluations + work.merges) * width;
    const double macCycles = std::ceil(macs / hw_.matchMacsPerCycle(bits));
    const double queueCycles = std::ceil(double(work.queueOperations) / hw_.queueOpsPerCycle);
    return (std::max(macCycles, queueCycles) + hw_.matchPipelineDepth) / hw_.clockHz;
}

double OrbisTiming::matchEnergyJoules(const kernels::MatchingWork &work) const {
    return double(work.distances + work.reevaluations + work.merges) * backbone_.hidden *
           hw_.matchMacEnergyPj * 1e-12;
}

std::vector<std::vector<WorkloadOp>> OrbisTiming::slotOps(int keptTokens) const {
    const int blocks = blockCount();
    std::vector<std::vector<WorkloadOp>> slots(static_cast<std::size_t>(blocks) + 2);
    bool afterBlocks = false;
    for (const WorkloadOp &op : stepOps(keptTokens)) {
        afterBlocks = afterBlocks || op.layer >= 0;
        const std::size_t slot = op.layer >= 0 ? std::size_t(op.layer) + 1
                                 : afterBlocks ? std::size_t(blocks) + 1
                                               : 0;
        slots[slot].push_back(op);
    }
    return slots;
}

double OrbisTiming::stepDynamicEnergyJoules(int keptTokens) const {
    double e = 0;
    for (const WorkloadOp &op : stepOps(keptTokens))
        e += price(op).energyJoules;
    return e;
}

std::vector<StepSchedule> OrbisTiming::schedule(const std::vector<bool> &reduced, double ratio,
                                                double matchSecondsPerBlock, bool previousStepMetric) const {
    const int blocks = blockCount();
    const auto layerSeconds = [&](int kept) {
        std::vector<double> seconds;
        for (const std::vector<WorkloadOp> &ops : slotOps(kept)) {
            seconds.push_back(0.0);
            for (const WorkloadOp &op : ops)
                seconds.back() += price(op).seconds;
        }
        return seconds;
    };
    const std::vector<double> dense = layerSeconds(tokens_.tokens()),
                              merged = layerSeconds(keptTokens(ratio));
    std::vector<StepSchedule> out;
    std::vector<double> previousEnd(static_cast<std::size_t>(blocks), 0.0);
    double now = 0, matchFree = 0;
    for (std::size_t s = 0; s < reduced.size(); ++s) {
        const std::vector<double> &seconds = reduced[s] ? merged : dense;
        StepSchedule step;
        step.begin = now;
        for (int slot = 0; slot < blocks + 2; ++slot) {
            BlockSlot b;
            b.layer = slot == 0 || slot == blocks + 1 ? -1 : slot - 1;
            if (b.layer >= 0 && reduced[s] && matchSecondsPerBlock > 0 && (s > 0 || !previousStepMetric)) {
                const auto k = static_cast<std::size_t>(b.layer);
                b.matched = true;
                b.matchBegin = std::max(previousStepMetric ? previousEnd[k] : now, matchFree);
                b.matchEnd = matchFree = b.matchBegin + matchSecondsPerBlock;
                b.stallSeconds = std::max(0.0, b.matchEnd - now);
                now += b.stallSeconds;
                step.stallSeconds += b.stallSeconds;
            }
            b.begin = now;
            now += seconds[static_cast<std::size_t>(slot)];
            b.end = now;
            if (b.layer >= 0)
                previousEnd[static_cast<std::size_t>(b.layer)] = now;
            step.slots.push_back(b);
        }
        step.end = now;
        out.push_back(std::move(step));
    }
    return out;
}

}  // namespace accelscope::orbis
