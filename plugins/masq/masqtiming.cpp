#include "masqtiming.h"

#include <algorithm>
#include <cmath>

#include "core/api/errors.h"
#include "core/kernels/mxint.h"

namespace accelscope::masq {

namespace {

constexpr std::array<double, 3> kLanes = {1.0, 2.0, 4.0};  // block pairs per PE-cycle at 8, 4, 2 bits
constexpr std::array<double, 3> kBits = {8.25, 4.25, 2.25};  // MX storage bits per element

}  // namespace

QString toString(MasqUnit u) {
    switch (u) {
        case MasqUnit::Engine: return QStringLiteral("mp_engine");
        case MasqUnit::Vector: return QStringLiteral("vector");
        case MasqUnit::Mmu: return QStringLiteral("mask_unit");
        case MasqUnit::Dram: return QStringLiteral("dram");
    }
    return {};
}

void MasqHardware::validate() const {
    const auto check = [](bool ok, const QString &field, double v, const QString &allowed) {
        if (!ok)
            throw InputError(QStringLiteral("%1 = %2 is out of range; allowed: %3").arg(field).arg(v).arg(allowed));
    };
    check(blockPes >= 1, QStringLiteral("block_pes"), blockPes, QStringLiteral("at least 1"));
    check(clockHz > 0, QStringLiteral("clock_mhz"), clockHz / 1e6, QStringLiteral("above 0"));
    check(vectorLanes >= 1, QStringLiteral("vector_lanes"), vectorLanes, QStringLiteral("at least 1"));
    check(dramBytesPerSecond > 0, QStringLiteral("dram_gbps"), dramBytesPerSecond / 1e9, QStringLiteral("above 0"));
    check(sramBanks >= 1, QStringLiteral("sram_banks"), sramBanks, QStringLiteral("at least 1"));
}

MasqTiming::MasqTiming(const DiffusionBackbone &backbone, const DiffusionWorkload &workload, const MasqHardware &hardware,
                       int boundaryRadius)
    : backbone_(backbone), hw_(hardware), boundaryRadius_(boundaryRadius) {
    hw_.validate();
    ops_ = buildDenoisingStep(backbone, workload);
    imageTokens_ = diffusionTokens(backbone, workload).tokens() * workload.batch;
    for (const WorkloadOp &op : ops_)
        weightBytes_ += op.weightBytes / workload.bytesPerElement * kBits[0] / 8.0;
}

StepTiming MasqTiming::step(const std::array<double, 3> &computedAt, const std::array<double, 3> &heldAt) const {
    StepTiming st;
    const double clock = hw_.clockHz;
    const double macsPerCycle = double(hw_.blockPes) * kernels::kMxBlockSize;
    double computedShare = 0, cyclesPerToken = 0, heldBits = 0;
    for (int p = 0; p < 3; ++p) {
        computedShare += computedAt[std::size_t(p)];
        cyclesPerToken += computedAt[std::size_t(p)] / kLanes[std::size_t(p)];
        heldBits += heldAt[std::size_t(p)] * kBits[std::size_t(p)];
    }
    // Attention: recomputed queries at width a against keys at width b run at the wider one.
    double attentionShare = 0;
    for (int a = 0; a < 3; ++a)
        for (int b = 0; b < 3; ++b)
            attentionShare += computedAt[std::size_t(a)] * heldAt[std::size_t(b)] / kLanes[std::size_t(std::min(a, b))];
    double macEnergyCycles = 0, vectorOps = 0;
    for (const WorkloadOp &op : ops_) {
        const bool image = op.rows >= imageTokens_;  // the image stream (text-stream ops run at INT8, in full)
        double engineCycles = 0, vectorCycles = 0;
        const double activationBytes = std::max(0.0, op.bytes - op.weightBytes);
        double dram = op.weightBytes / 2.0 * kBits[0] / 8.0;  // MXINT8 weights, once per step
        double sram = 0;
        if (op.kind == WorkloadOpKind::Matmul || op.kind == WorkloadOpKind::Attention) {
            const double macs = op.flops / 2.0;
            const double share = !image ? 1.0 : op.kind == WorkloadOpKind::Matmul ? cyclesPerToken : attentionShare;
            engineCycles = macs / macsPerCycle * share;
            st.denseCycles += macs / macsPerCycle;
            macEnergyCycles += engineCycles;
            sram = activationBytes / 2.0 * (image ? heldBits / 8.0 : kBits[0] / 8.0);
        } else {
            const double share = image ? computedShare : 1.0;
            vectorOps += op.flops * share;
            vectorCycles = op.flops * share / hw_.vectorLanes;
            sram = activationBytes * share;  // FP16 in the vector path
        }
        const double engine = engineCycles / clock, vector = vectorCycles / clock, memory = dram / hw_.dramBytesPerSecond;
        st.units[0].seconds += engine;
        st.units[0].flops += engineCycles * macsPerCycle * 2.0;
        st.units[1].seconds += vector;
        st.units[1].flops += op.flops * (image && op.kind != WorkloadOpKind::Matmul ? computedShare : 1.0);
        st.units[3].seconds += memory;
        st.units[3].bytes += dram;
        st.seconds += std::max({engine, vector, memory});
        st.engineCycles += engineCycles;
        st.dramBytes += dram;
        st.sramBytes += sram;
    }
    // Mask unit: one pass over the mask, one per row of the dilation window, one for the saliency ranking and one
    // writing the precision table.
    const double mmuPasses = 3.0 + (2.0 * boundaryRadius_ + 1);
    st.units[2].seconds = mmuPasses * imageTokens_ / hw_.mmuTokensPerCycle / clock;
    st.units[2].bytes = imageTokens_ * 2.0;
    st.seconds = std::max(st.seconds, st.units[2].seconds);
    st.energyJoules = (macEnergyCycles * macsPerCycle * hw_.macEnergyPj + vectorOps * hw_.vectorEnergyPj +
                       st.sramBytes * hw_.sramEnergyPjPerByte + st.dramBytes * hw_.dramEnergyPjPerByte) *
                          1e-12 +
                      hw_.staticWatts * st.seconds;
    return st;
}

}  // namespace accelscope::masq
