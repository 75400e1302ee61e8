#include "core/accelerators/lpucore.h"

#include <algorithm>
#include <cmath>

#include "core/api/errors.h"

namespace accelscope {

namespace {
constexpr double kWeightBytes = 2.0;  // FP16 / BF16 weights, as the sizing rule assumes
}

timing::MacTreeArray LpuConfig::macTreeArray() const {
    timing::MacTreeArray array;
    array.lanes = macTrees;
    array.width = treeWidth;
    array.hz = clockHz;
    return array;
}

timing::VectorUnit LpuConfig::vectorUnit() const {
    timing::VectorUnit unit;
    unit.width = vectorLanes;
    unit.hz = clockHz;
    return unit;
}

int LpuConfig::macTreesForBandwidth(double memoryBytesPerSecond, int treeWidth, double clockHz) {
    return std::max(1, static_cast<int>(std::ceil(memoryBytesPerSecond / (treeWidth * kWeightBytes * clockHz) - 1e-9)));
}

void LpuConfig::validate() const {
    const auto check = [](bool ok, const QString &field, const QString &value, const QString &allowed) {
        if (!ok)
            throw InputError(QStringLiteral("LPU core: %1 = %2; allowed %3").arg(field, value, allowed));
    };
    check(macTrees >= 1 && macTrees <= 4096, QStringLiteral("mac_trees"), QString::number(macTrees), QStringLiteral("1 to 4096"));
    check(treeWidth >= 2 && treeWidth <= 1024, QStringLiteral("tree_width"), QString::number(treeWidth), QStringLiteral("2 to 1024"));
    check(clockHz >= 1e6 && clockHz <= 5e9, QStringLiteral("clock_hz"), QString::number(clockHz), QStringLiteral("1e6 to 5e9"));
    check(memoryChannels >= 1 && memoryChannels <= 1024, QStringLiteral("memory_channels"), QString::number(memoryChannels),
          QStringLiteral("1 to 1024"));
    check(channelBytesPerSecond > 0 && std::isfinite(channelBytesPerSecond), QStringLiteral("channel_bytes_per_second"),
          QString::number(channelBytesPerSecond), QStringLiteral("above 0"));
    check(vectorLanes >= 1, QStringLiteral("vector_lanes"), QString::number(vectorLanes), QStringLiteral("1 or more"));
    check(devices >= 1 && devices <= 64, QStringLiteral("devices"), QString::number(devices), QStringLiteral("1 to 64"));
    check(devices == 1 || eslBytesPerSecond > 0, QStringLiteral("esl_bytes_per_second"), QString::number(eslBytesPerSecond),
          QStringLiteral("above 0 with more than one device"));
    check(eslChunks >= 1 && eslChunks <= 256, QStringLiteral("esl_chunks"), QString::number(eslChunks), QStringLiteral("1 to 256"));
}

QString toString(LpuUnit unit) {
    switch (unit) {
        case LpuUnit::Sxe: return QStringLiteral("SXE");
        case LpuUnit::Vxe: return QStringLiteral("VXE");
        case LpuUnit::Sma: return QStringLiteral("SMA");
        case LpuUnit::Esl: return QStringLiteral("ESL");
    }
    return {};
}

LpuCore::LpuCore(LpuConfig config) : config_(config) {
    config_.validate();
    sxe_ = config_.macTreeArray();
    vxe_ = config_.vectorUnit();
    esl_.bytesPerSecond = config_.eslBytesPerSecond;
    esl_.latencyPs = config_.eslLatencyPs;
}

LpuOpTiming LpuCore::time(const WorkloadOp &op, TimePs previousMatmulPs) const {
    LpuOpTiming t;
    t.name = op.name;
    const timing::MemoryChannel memory{config_.memoryBytesPerSecond(), config_.memoryLatencyPs};
    const auto streamed = static_cast<std::uint64_t>(std::llround(op.bytes));
    switch (op.kind) {
        case WorkloadOpKind::Matmul:
        case WorkloadOpKind::Attention: {
            // Weights (or cached K and V) stream through the SMA into the MAC trees while they
            // compute: the op takes the longer of the two, plus the trees' pipeline fill.
            t.unit = LpuUnit::Sxe;
            const auto cycles = static_cast<std::int64_t>(std::ceil(op.flops / (2.0 * static_cast<double>(sxe_.macsPerCycle()))));
            t.computePs = timing::cyclesToPs(cycles + sxe_.pipelineLatencyCycles(), config_.clockHz);
            t.memoryPs = memory.transferPs(streamed);
            t.timePs = std::max(t.computePs, t.memoryPs);
            break;
        }
        case WorkloadOpKind::Embedding:
            t.unit = LpuUnit::Sma;  // a table row read, no arithmetic
            t.memoryPs = memory.transferPs(streamed);
            t.timePs = t.memoryPs;
            break;
        case WorkloadOpKind::Elementwise:
        case WorkloadOpKind::Norm:
        case WorkloadOpKind::Softmax:
            // On-chip activations (the LMU holds them): the VXE's lanes, one FLOP each per cycle.
            t.unit = LpuUnit::Vxe;
            t.computePs = timing::cyclesToPs(
                vxe_.cycles(static_cast<std::int64_t>(std::ceil(op.flops)), config_.vectorLatencyCycles), config_.clockHz);
            t.timePs = t.computePs;
            break;
        case WorkloadOpKind::Collective: {
            t.unit = LpuUnit::Esl;
            const auto perParticipant = static_cast<std::uint64_t>(std::llround(op.collectiveBytes));
            const TimePs transfer = op.collective == CollectivePattern::AllGather
                                        ? timing::ringAllGatherPs(esl_, op.participants,
                                                                  perParticipant / static_cast<std::uint64_t>(std::max(op.participants, 1)))
                                        : timing::ringAllReducePs(esl_, op.participants, perParticipant);
            t.memoryPs = transfer;
            // The ESL sends chunk i while chunk i + 1 is computed: all but the last chunk's
            // transfer hides behind the matmul that produced the data, as far as it lasts.
            const TimePs hidden = std::min(transfer - transfer / config_.eslChunks,
                                           previousMatmulPs * (config_.eslChunks - 1) / config_.eslChunks);
            t.timePs = op.participants > 1 ? transfer - std::max<TimePs>(0, hidden) : 0;
            break;
        }
    }
    return t;
}

TimePs LpuCore::time(const std::vector<WorkloadOp> &ops, std::vector<LpuOpTiming> *breakdown) const {
    TimePs total = 0;
    TimePs lastMatmul = 0;
    for (const WorkloadOp &op : ops) {
        const LpuOpTiming t = time(op, lastMatmul);
        if (op.kind == WorkloadOpKind::Matmul)
            lastMatmul = t.computePs;
        total += t.timePs;
        if (breakdown)
            breakdown->push_back(t);
    }
    return total;
}

}  // namespace accelscope
