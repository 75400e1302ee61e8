#include "oakentiming.h"

#include <algorithm>
#include <cmath>

#include "core/sim/timing/computeunits.h"
#include "core/workloads/textgeneration.h"

namespace accelscope::oaken {

QString toString(OakenUnit unit) {
    switch (unit) {
        case OakenUnit::Sxe: return QStringLiteral("SXE");
        case OakenUnit::Vxe: return QStringLiteral("VXE");
        case OakenUnit::Sma: return QStringLiteral("SMA");
        case OakenUnit::Esl: return QStringLiteral("ESL");
        case OakenUnit::Quant: return QStringLiteral("Quant engine");
        case OakenUnit::Dequant: return QStringLiteral("Dequant engine");
        case OakenUnit::Mmu: return QStringLiteral("MMU");
    }
    return {};
}

void BlockTiming::add(OakenUnit unit, TimePs at, TimePs busy, double bytes, double flops) {
    if (busy <= 0)
        return;
    UnitBusy &u = units[static_cast<std::size_t>(unit)];
    if (u.first < 0)
        u.first = at;
    u.busy += busy;
    u.bytes += bytes;
    u.flops += flops;
}

std::int64_t KvLayout::densePages(std::int64_t tokens) const {
    return static_cast<std::int64_t>(std::ceil(double(tokens) * denseBytesPerTokenHead / pageBytes - 1e-9));
}
std::int64_t KvLayout::sparsePages(std::int64_t tokens) const {
    return static_cast<std::int64_t>(std::ceil(double(tokens) * sparseBytesPerTokenHead / pageBytes - 1e-9));
}

OakenTiming::OakenTiming(const TransformerConfig &model, const OakenHardware &hardware, double kvBitsPerEntry,
                         double sparseFraction)
    : model_(model), oneLayer_(model), hw_(hardware), core_(hardware.lpu) {
    oneLayer_.layers = 1;
    const int devices = hw_.lpu.devices;
    kvHeadsPerDevice_ = model.kvHeads >= devices ? model.kvHeads / devices : 1;
    kvBits_ = hw_.quantized() ? kvBitsPerEntry : 16.0;
    const double sparse = hw_.quantized() ? sparseFraction : 0.0;
    layout_.pageBytes = hw_.pageBytes;
    layout_.sparseBytesPerTokenHead = model.headDim * sparse * 1.0;  // one byte per sparse entry
    layout_.denseBytesPerTokenHead = model.headDim * kvBits_ / 8.0 - layout_.sparseBytesPerTokenHead;
    TextGenerationWorkload one;
    one.inputTokens = 1;
    weightBytes_ = residentWeightBytes(buildPrefill(model, one, devices));
}

std::int64_t OakenTiming::densePagesPerSequence(std::int64_t tokens) const {
    return std::int64_t{2} * model_.layers * kvHeadsPerDevice_ * layout_.densePages(tokens);
}
std::int64_t OakenTiming::sparsePagesPerSequence(std::int64_t tokens) const {
    return std::int64_t{2} * model_.layers * kvHeadsPerDevice_ * layout_.sparsePages(tokens);
}
double OakenTiming::kvPageBytesPerSequence(std::int64_t tokens) const {
    return double(densePagesPerSequence(tokens) + sparsePagesPerSequence(tokens)) * layout_.pageBytes;
}

PassTiming OakenTiming::prefill(int batch, int inputTokens) const {
    TextGenerationWorkload w;
    w.batch = batch;
    w.inputTokens = inputTokens;
    w.outputTokens = 1;
    w.kvBitsPerElement = hw_.quantized() ? kvBits_ : 0;
    return time(w, inputTokens, true);
}

PassTiming OakenTiming::decode(int batch, int contextTokens) const {
    TextGenerationWorkload w;
    w.batch = batch;
    w.inputTokens = 1;
    w.outputTokens = 1;
    w.kvBitsPerElement = hw_.quantized() ? kvBits_ : 0;
    return time(w, contextTokens, false);
}

PassTiming OakenTiming::time(const TextGenerationWorkload &w, int contextTokens, bool prefill) const {
    const int devices = hw_.lpu.devices;
    const std::vector<WorkloadOp> ops = prefill ? buildPrefill(oneLayer_, w, devices)
                                                : buildDecodeStep(oneLayer_, w, contextTokens, devices);
    const double f = hw_.lpu.clockHz;
    const double kvWidth = double(kvHeadsPerDevice_) * model_.headDim;
    const double rows = double(w.batch) * (prefill ? w.inputTokens : 1);
    const TimePs latency = timing::cyclesToPs(hw_.engineLatencyCycles, f);
    const auto cycles = [&](double work, double perCycle) {
        return timing::cyclesToPs(static_cast<std::int64_t>(std::ceil(work / perCycle)), f);
    };

    PassTiming pass;
    pass.layers = model_.layers;
    TimePs lastMatmul = 0;
    bool layerSeen = false;
    for (const WorkloadOp &op : ops) {
        layerSeen = layerSeen || op.layer >= 0;
        BlockTiming &block = op.layer >= 0 ? pass.layer : layerSeen ? pass.tail : pass.head;
        const LpuOpTiming t = core_.time(op, lastMatmul);
        if (op.kind == WorkloadOpKind::Matmul)
            lastMatmul = t.computePs;
        const TimePs at = block.duration;
        TimePs duration = t.timePs;
        switch (t.unit) {
            case LpuUnit::Sxe:
                block.add(OakenUnit::Sxe, at, t.computePs, 0, op.flops);
                block.add(OakenUnit::Sma, at, t.memoryPs, op.bytes, 0);
                break;
            case LpuUnit::Sma: block.add(OakenUnit::Sma, at, t.memoryPs, op.bytes, 0); break;
            case LpuUnit::Vxe: block.add(OakenUnit::Vxe, at, t.computePs, 0, op.flops); break;
            case LpuUnit::Esl: block.add(OakenUnit::Esl, at, t.timePs, op.collectiveBytes, 0); break;
        }
        if (hw_.quantized() && op.kind == WorkloadOpKind::Attention) {
            // The cached K (scores) or V (context) streams through the dequantizer, its pages
            // through the MMU's dense and sparse tables.
            const double entries = double(w.batch) * contextTokens * kvWidth;
            const TimePs dequant = cycles(entries, hw_.dequantLanes);
            const std::int64_t pages = std::int64_t{w.batch} * kvHeadsPerDevice_ *
                                       (layout_.densePages(contextTokens) + layout_.sparsePages(contextTokens));
            const TimePs mmu = cycles(double(pages), hw_.mmuTranslationsPerCycle);
            duration = std::max({t.computePs, t.memoryPs, dequant, mmu}) + latency;
            block.add(OakenUnit::Dequant, at, dequant + latency, entries * kvBits_ / 8.0, 0);
            block.add(OakenUnit::Mmu, at, mmu, 0, 0);
        }
        block.duration += duration;
        if (hw_.quantized() && op.name == QLatin1String("qkv")) {
            // The new K and V rows are decomposed, shifted, scaled and packed before the write.
            const double entries = rows * 2.0 * kvWidth;
            const TimePs quant = cycles(entries, hw_.quantLanes) + latency;
            block.add(OakenUnit::Quant, block.duration, quant, entries * kvBits_ / 8.0, 0);
            const std::int64_t pages = std::int64_t{w.batch} * kvHeadsPerDevice_ * 2;  // the tail page of each table
            block.add(OakenUnit::Mmu, block.duration, cycles(double(pages), hw_.mmuTranslationsPerCycle), 0, 0);
            block.duration += quant;
        }
    }
    return pass;
}

}  // namespace accelscope::oaken
