#include "disctiming.h"

#include <algorithm>

#include "core/api/errors.h"
#include "core/api/rangecheck.h"

namespace accelscope::disc {

namespace {

constexpr double kBytesPerElement = 2.0;  // BF16 / FP16

bool is(const WorkloadOp &op, const char *name) {
    return op.name == QLatin1String(name);
}
bool startsWith(const WorkloadOp &op, const char *prefix) {
    return op.name.startsWith(QLatin1String(prefix));
}

// Ops that run on the recomputed tokens only (the query side of a block).
bool querySide(const WorkloadOp &op) {
    return is(op, "attn_out") || is(op, "gated_residual1") || is(op, "norm2") || is(op, "mlp_up") || is(op, "gelu") ||
           is(op, "mlp_down") || is(op, "gated_residual2") || is(op, "cross_q") || is(op, "cross_out") ||
           startsWith(op, "cross_attn_");
}

}  // namespace

QString toString(DiscUnit u) {
    switch (u) {
        case DiscUnit::PeArray:
            return QStringLiteral("pe_arrays");
        case DiscUnit::Vector:
            return QStringLiteral("vector");
        case DiscUnit::Hbm:
            return QStringLiteral("hbm");
        case DiscUnit::Banks:
            return QStringLiteral("bank_stalls");
    }
    return {};
}

void DiscHardware::validate() const {
    RangeCheck(QStringLiteral("DiSC hardware"))
        .within("pe_arrays", peArrays, 1, 1024)
        .within("pe_rows", peRows, 1, 1024)
        .within("pe_cols", peCols, 1, 1024)
        .within("clock_mhz", clockHz / 1e6, 1.0, 10000.0)
        .within("vector_lanes", vectorLanes, 1, 1 << 20)
        .within("hbm_gbps", hbmBytesPerSecond / 1e9, 1.0, 100000.0);
}

DiscTiming::DiscTiming(const DiffusionBackbone &backbone, const DiffusionWorkload &workload,
                       const DiscHardware &hardware)
    : backbone_(backbone), workload_(workload), hw_(hardware) {
    hw_.validate();
    if (backbone.kind != DiffusionBlockKind::Dit || backbone.singleBlocks > 0 || backbone.isVideo())
        throw InputError(QStringLiteral("backbone '%1' is not timed by DiSC's model; allowed: image DiT backbones "
                                        "(dit-xl-2, pixart-sigma)")
                             .arg(backbone.id));
    ops_ = buildDenoisingStep(backbone, workload);
    tokens_ = diffusionTokens(backbone, workload).tokens();
}

StepTiming DiscTiming::step(const StepShares &s) const {
    StepTiming st;
    st.layers.resize(static_cast<std::size_t>(std::max(1, backbone_.blocks)));
    const double clock = hw_.clockHz, macsPerCycle = hw_.macsPerCycle();
    const double vectorPerCycle = hw_.vectorLanes;
    const double n = tokens_, batch = workload_.batch, d = backbone_.hidden, heads = backbone_.heads;
    const double r = s.tokenReuse ? s.recomputed : 1.0;
    const double density = s.sparse ? s.density : 1.0;
    const double efficiency = s.sparse ? std::clamp(s.bankEfficiency, 1e-6, 1.0) : 1.0;
    for (const WorkloadOp &op : ops_) {
        const int layer = std::clamp(op.layer, 0, static_cast<int>(st.layers.size()) - 1);
        LayerTiming &lt = st.layers[static_cast<std::size_t>(layer)];
        double share = 1.0, vectorOps = 0, macs = 0;
        bool viaBanks = false;
        double dram = op.weightBytes;  // weights once per step
        const bool selfAttention = startsWith(op, "self_attn_");
        if (is(op, "qkv"))
            share = (2.0 + r) / 3.0;  // K and V for every token, Q for the recomputed ones
        else if (querySide(op))
            share = r;
        if (selfAttention) {
            const bool denseScores = !s.sparse || (s.maskGenerated && !is(op, "self_attn_context"));
            share = denseScores ? r : r * density;
            viaBanks = s.sparse && !denseScores;
        }
        if (op.kind == WorkloadOpKind::Matmul || op.kind == WorkloadOpKind::Attention) {
            macs = op.flops / 2.0 * share;
        } else {
            vectorOps = op.flops * share;
            if (is(op, "self_attn_softmax") && s.sparse && s.maskGenerated)
                vectorOps += op.flops / 5.0 * r;  // one threshold compare per probability
        }
        if (is(op, "self_attn_score") && s.sparse)
            dram += r * batch * heads * n * n / 8.0;  // the mask bits: written when generated, else read
        if (is(op, "gated_residual2") && s.tokenReuse) {
            dram += batch * n * d * kBytesPerElement;  // reused outputs read, recomputed ones written
        }
        if (is(op, "patch_embed") && s.tokenReuse)
            vectorOps += batch * n * d * 6.0;  // CTR's change test: two distances per token, once per step
        const double sram = std::max(0.0, op.bytes - op.weightBytes) * share;
        const double engineSeconds = macs / macsPerCycle / clock;
        const double bankedSeconds = viaBanks ? engineSeconds / efficiency : engineSeconds;
        const double vectorSeconds = vectorOps / vectorPerCycle / clock;
        const double dramSeconds = dram / hw_.hbmBytesPerSecond;
        const double seconds = std::max({bankedSeconds, vectorSeconds, dramSeconds});
        const double stall = seconds - std::max({engineSeconds, vectorSeconds, dramSeconds});  // added by conflicts
        lt.units[0].seconds += engineSeconds;
        lt.units[0].flops += 2.0 * macs;
        lt.units[1].seconds += vectorSeconds;
        lt.units[1].flops += vectorOps;
        lt.units[2].seconds += dramSeconds;
        lt.units[2].bytes += dram;
        lt.units[3].seconds += stall;
        lt.seconds += seconds;
        lt.macs += macs;
        lt.denseMacs += op.kind == WorkloadOpKind::Matmul || op.kind == WorkloadOpKind::Attention ? op.flops / 2.0 : 0.0;
        lt.energyJoules += (macs * hw_.macEnergyPj + vectorOps * hw_.vectorEnergyPj + sram * hw_.sramEnergyPjPerByte +
                            dram * hw_.hbmEnergyPjPerByte) *
                               1e-12 +
                           hw_.staticWatts * seconds;
        st.stallSeconds += stall;
    }
    for (const LayerTiming &lt : st.layers) {
        st.seconds += lt.seconds;
        st.energyJoules += lt.energyJoules;
        st.macs += lt.macs;
        st.denseMacs += lt.denseMacs;
    }
    return st;
}

}  // namespace accelscope::disc
