#include "exiontiming.h"

#include <algorithm>

#include "core/api/errors.h"
#include "core/api/rangecheck.h"

namespace accelscope::exion {

namespace {

constexpr double kBytesPerElement = 2.0;  // FP16

bool endsWith(const QString &name, const char *suffix) {
    return name.endsWith(QLatin1String(suffix));
}

bool isFfnMatmul(const WorkloadOp &op) {
    return op.kind == WorkloadOpKind::Matmul &&
           (endsWith(op.name, "mlp_up") || endsWith(op.name, "mlp_down"));
}
bool isGelu(const WorkloadOp &op) {
    return endsWith(op.name, "gelu");
}
bool isSelfAttention(const WorkloadOp &op) {
    return op.name.startsWith(QLatin1String("self_attn_")) ||
           op.name.startsWith(QLatin1String("joint_attn_"));
}
bool isQkv(const WorkloadOp &op) {
    return op.kind == WorkloadOpKind::Matmul && endsWith(op.name, "qkv");
}

}  // namespace

QString toString(ExionUnit u) {
    switch (u) {
        case ExionUnit::PeArray:
            return QStringLiteral("pe_array");
        case ExionUnit::Predictor:
            return QStringLiteral("predictor");
        case ExionUnit::ConMerge:
            return QStringLiteral("conmerge");
        case ExionUnit::Vector:
            return QStringLiteral("vector");
        case ExionUnit::Dram:
            return QStringLiteral("dram");
    }
    return {};
}

ExionHardware ExionHardware::server() {
    ExionHardware hw;
    hw.instance = QStringLiteral("server");
    hw.gpuId = QStringLiteral("rtx-a6000");
    return hw;  // the defaults: 16 cores x 64 x 64 at 1.2 GHz = 157 FP16 TFLOPS, GDDR6 768 GB/s
}

ExionHardware ExionHardware::edge() {
    ExionHardware hw;
    hw.instance = QStringLiteral("edge");
    hw.gpuId = QStringLiteral("jetson-agx-orin-32gb");
    hw.cores = 4;
    hw.clockHz = 0.8e9;               // 4 x 64 x 64 at 0.8 GHz = 26.2 FP16 TFLOPS
    hw.dramBytesPerSecond = 204.8e9;  // LPDDR5 256-bit at 6400 MT/s
    hw.sramBytes = 4.0 * 1024 * 1024;
    hw.sramBanks = 8;
    hw.dramEnergyPjPerByte = 32;  // LPDDR5 about 4 pJ/bit
    hw.staticWatts = 1.0;
    return hw;
}

ExionHardware ExionHardware::forInstance(const QString &instance) {
    if (instance == QLatin1String("server"))
        return server();
    if (instance == QLatin1String("edge"))
        return edge();
    throw InputError(QStringLiteral("instance '%1' is unknown; allowed: server, edge").arg(instance));
}

void ExionHardware::validate() const {
    RangeCheck(QStringLiteral("EXION hardware"))
        .within("cores", cores, 1, 4096)
        .within("pe_rows", peRows, 1, 4096)
        .within("pe_cols", peCols, 1, 4096)
        .within("clock_mhz", clockHz / 1e6, 1, 10000)
        .within("vector_lanes", vectorLanes, 1, 1 << 20)
        .within("predictor_adds_per_cycle", predictorAddsPerCycle, 1, 1e9)
        .within("dram_gbps", dramBytesPerSecond / 1e9, 0.1, 100000);
}

ExionTiming::ExionTiming(const DiffusionBackbone &backbone, const DiffusionWorkload &workload,
                         const ExionHardware &hardware)
    : backbone_(backbone), workload_(workload), hw_(hardware) {
    hw_.validate();
    if (backbone.kind == DiffusionBlockKind::NextScale || backbone.singleBlocks > 0)
        throw InputError(
            QStringLiteral("backbone '%1' is not timed by EXION's model: its blocks fuse the MLP into "
                           "single-stream projections or generate scale by scale; allowed: DiT and "
                           "double-stream MMDiT backbones")
                .arg(backbone.id));
    ops_ = buildDenoisingStep(backbone, workload);
    tokens_ = diffusionTokens(backbone, workload).tokens();
}

StepTiming ExionTiming::step(const StepShares &s) const {
    StepTiming st;
    st.layers.resize(static_cast<std::size_t>(std::max(1, backbone_.blocks)));
    const double clock = hw_.clockHz;
    const double macsPerCycle = hw_.macsPerCycle();
    const double vectorPerCycle = double(hw_.cores) * hw_.vectorLanes;
    const double addsPerCycle = double(hw_.cores) * hw_.predictorAddsPerCycle;
    const double bitsPerCycle = double(hw_.cores) * hw_.conMergeBitsPerCycle;
    const double d = backbone_.hidden, m = backbone_.hidden * backbone_.mlpRatio;
    for (const WorkloadOp &op : ops_) {
        const int layer = std::clamp(op.layer, 0, static_cast<int>(st.layers.size()) - 1);
        LayerTiming &lt = st.layers[static_cast<std::size_t>(layer)];
        double macs = 0, share = 1.0, vectorOps = 0, adds = 0, maskBits = 0;
        double dram = op.weightBytes;  // FP16 weights, once per step
        double sram = std::max(0.0, op.bytes - op.weightBytes);
        if (op.kind == WorkloadOpKind::Matmul || op.kind == WorkloadOpKind::Attention) {
            macs = op.flops / 2.0;
            if (isFfnMatmul(op) && !s.denseFfn) {
                share = s.ffnPassShare;
                if (endsWith(op.name, "mlp_up"))
                    maskBits = op.rows * m;
            } else if (op.kind == WorkloadOpKind::Attention && isSelfAttention(op) && s.prediction) {
                share = s.attentionPassShare;
                if (endsWith(op.name, "_score"))
                    maskBits = op.flops / 2.0 / (d / backbone_.heads);  // one bit per score entry
            }
            if (isQkv(op) && s.prediction)
                adds += macs * 2.0 / 3.0 * s.projectionAddsPerMac;  // Q̂ and K̂ while Q, K, V are generated
            if (op.kind == WorkloadOpKind::Attention && isSelfAttention(op) && s.prediction &&
                endsWith(op.name, "_score"))
                adds += macs * s.scoreAddsPerMac;  // Ŝ
            // FFN-Reuse's cache: mask bits, the marked GELU outputs and fc2's output per block.
            if (s.ffnReuse && endsWith(op.name, "mlp_down"))
                dram += op.rows * (m / 8.0 + m * s.ffnDensity * kBytesPerElement + d * kBytesPerElement);
            sram *= share;
        } else {
            double elementShare = 1.0;
            if (isGelu(op) && !s.denseFfn)
                elementShare = s.ffnDensity;
            else if (op.kind == WorkloadOpKind::Softmax && isSelfAttention(op) && s.prediction)
                elementShare = s.attentionDensity;
            vectorOps = op.flops * elementShare;
            if (isGelu(op) && s.denseFfn && s.ffnReuse)
                vectorOps += op.flops / 8.0 * 2.0;  // |h| and the threshold compare per GELU output
            sram *= elementShare;
        }
        const double macSlots = macs * share;
        const double arraySeconds = macSlots / macsPerCycle / clock;
        const double vectorSeconds = vectorOps / vectorPerCycle / clock;
        const double predictorSeconds = adds / addsPerCycle / clock;
        const double conMergeSeconds = maskBits / bitsPerCycle / clock;
        const double dramSeconds = dram / hw_.dramBytesPerSecond;
        const double seconds =
            std::max({arraySeconds, vectorSeconds, predictorSeconds, conMergeSeconds, dramSeconds});
        const std::array<double, kExionUnits> busy = {arraySeconds, predictorSeconds, conMergeSeconds,
                                                      vectorSeconds, dramSeconds};
        for (int u = 0; u < kExionUnits; ++u)
            lt.units[static_cast<std::size_t>(u)].seconds += busy[static_cast<std::size_t>(u)];
        lt.units[0].flops += 2.0 * macSlots;
        lt.units[1].flops += adds;
        lt.units[2].bytes += maskBits / 8.0;
        lt.units[3].flops += vectorOps;
        lt.units[4].bytes += dram;
        lt.seconds += seconds;
        lt.macSlots += macSlots;
        lt.denseMacs += macs;
        lt.dramBytes += dram;
        lt.energyJoules +=
            (macSlots * hw_.macEnergyPj + adds * hw_.addEnergyPj + vectorOps * hw_.vectorEnergyPj +
             sram * hw_.sramEnergyPjPerByte + dram * hw_.dramEnergyPjPerByte) *
                1e-12 +
            hw_.staticWatts * seconds;
    }
    for (const LayerTiming &lt : st.layers) {
        st.seconds += lt.seconds;
        st.energyJoules += lt.energyJoules;
        st.macSlots += lt.macSlots;
        st.denseMacs += lt.denseMacs;
        st.dramBytes += lt.dramBytes;
    }
    return st;
}

}  // namespace accelscope::exion
