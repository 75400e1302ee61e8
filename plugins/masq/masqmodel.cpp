#include "masqmodel.h"

#include <algorithm>
#include <cmath>

#include "core/hw/diffusionbaseline.h"
#include "core/sim/timing/units.h"

namespace accelscope::masq {

namespace {

const QString kA100 = QStringLiteral("a100-sxm-80gb");
const QString kOrinNx = QStringLiteral("jetson-orin-nx-16gb");
constexpr std::array<double, 3> kStorageBits = {8.25, 4.25, 2.25};

OpKind opKindOf(MasqUnit u) {
    switch (u) {
        case MasqUnit::Engine: return OpKind::Matrix;
        case MasqUnit::Vector: return OpKind::Vector;
        case MasqUnit::Mmu: return OpKind::Control;
        case MasqUnit::Dram: return OpKind::MemoryRead;
    }
    return OpKind::Other;
}

template <typename T>
Frame gridFrame(std::int64_t step, TimePs time, FrameKind kind, const QString &name, int h, int w, DType dtype,
                const std::vector<T> &values) {
    Frame f;
    f.step = step;
    f.time = time;
    f.kind = kind;
    f.name = name;
    f.shape = {h, w};
    f.dtype = dtype;
    f.data = QByteArray(reinterpret_cast<const char *>(values.data()), static_cast<qsizetype>(values.size() * sizeof(T)));
    return f;
}

}  // namespace

MasqModel::MasqModel(const MasqRunConfig &config, std::uint64_t seed) : config_(config), seed_(seed) {
    functional_ = std::make_unique<MasqFunctional>(config_.functional, config_.policy, seed);
    timing_ = std::make_unique<MasqTiming>(config_.backbone, config_.workload, config_.hardware,
                                           config_.policy.boundaryRadius);
    const double tokens = double(functional_->planner().classes().size());
    for (int s = 0; s < config_.steps; ++s) {
        plans_.push_back(functional_->planner().plan(s, config_.steps));
        std::array<double, 3> computed{}, held{};
        for (std::size_t p = 0; p < 3; ++p) {
            computed[p] = plans_.back().computedAt[p] / tokens;
            held[p] = plans_.back().heldAt[p] / tokens;
        }
        stepTimings_.push_back(timing_->step(computed, held));
    }
    const MasqHardware &hw = config_.hardware;
    const UnitId device = topology_.addUnit(QStringLiteral("masq"), UnitKind::Device, kNoUnit,
                                            QStringLiteral("MASQ accelerator ([I] sizes)"));
    const UnitId core = topology_.addUnit(QStringLiteral("core"), UnitKind::Core, device, QStringLiteral("MASQ core"));
    units_[0] = topology_.addUnit(toString(MasqUnit::Engine), UnitKind::Compute, core,
                                  QStringLiteral("Block-wise multi-precision engine: %1 PEs x 32 INT8 lanes at %2 MHz, "
                                                 "split 2x at MXINT4 and 4x at MXINT2 (%3 INT8 TOPS)")
                                      .arg(hw.blockPes)
                                      .arg(hw.clockHz / 1e6)
                                      .arg(hw.int8MacsPerSecond() * 2 / 1e12, 0, 'f', 1));
    units_[1] = topology_.addUnit(toString(MasqUnit::Vector), UnitKind::Compute, core,
                                  QStringLiteral("FP16 vector unit: norms, softmax, modulation, residuals (%1 lanes)")
                                      .arg(hw.vectorLanes));
    units_[2] = topology_.addUnit(toString(MasqUnit::Mmu), UnitKind::Compute, core,
                                  QStringLiteral("Mask management unit: mask dilation, saliency ranking, per-token "
                                                 "precision and recompute table"));
    units_[3] = topology_.addUnit(toString(MasqUnit::Dram), UnitKind::Compute, core,
                                  QStringLiteral("DMA from LPDDR at %1 GB/s").arg(hw.dramBytesPerSecond / 1e9));
    sram_ = topology_.addMemory(QStringLiteral("SRAM"), device, hw.sramBanks, static_cast<std::int64_t>(hw.sramBankBytes),
                                hw.clockHz * 64.0 * hw.sramBanks,
                                QStringLiteral("%1 banks of %2 KiB: one block's activations by precision, then the "
                                               "weight tile being streamed")
                                    .arg(hw.sramBanks)
                                    .arg(hw.sramBankBytes / 1024));
}

std::vector<StepLevel> MasqModel::stepLevels() const {
    return {{QStringLiteral("step"), QStringLiteral("One denoising step over every block of the backbone")},
            {QStringLiteral("stage"), QStringLiteral("A denoising stage (early, middle, late) with its precision table")}};
}

void MasqModel::begin(TraceSink &sink) {
    begun_ = true;
    const QString path = topology_.path(sram_);
    for (int b = 0; b < config_.hardware.sramBanks; ++b) {
        const QString bank = path + QStringLiteral("/bank%1").arg(b);
        bankSeries_.push_back({sink.counterSeries(bank + QStringLiteral("/act_int8"), QStringLiteral("B")),
                               sink.counterSeries(bank + QStringLiteral("/act_int4"), QStringLiteral("B")),
                               sink.counterSeries(bank + QStringLiteral("/act_int2"), QStringLiteral("B")),
                               sink.counterSeries(bank + QStringLiteral("/weights"), QStringLiteral("B"))});
    }
    bitsSeries_ = sink.counterSeries(QStringLiteral("average_bits"), QStringLiteral("bits"));
    recomputeSeries_ = sink.counterSeries(QStringLiteral("tokens_recomputed"), QStringLiteral("%"));
    const MasqFunctional &f = *functional_;
    std::vector<std::uint8_t> mask(f.mask().masked.begin(), f.mask().masked.end());
    sink.frame(gridFrame(0, 0, FrameKind::Mask, QStringLiteral("mask"), f.mask().height, f.mask().width, DType::U8, mask));
    std::vector<float> classes;
    for (const TokenClass c : f.planner().classes())
        classes.push_back(float(static_cast<int>(c)));
    sink.frame(gridFrame(0, 0, FrameKind::Heat, QStringLiteral("region_class"), f.planner().gridHeight(),
                         f.planner().gridWidth(), DType::F32, classes));
}

void MasqModel::emitFrames(TraceSink &sink, int step) {
    const TokenPlan &p = plans_[static_cast<std::size_t>(step)];
    const int h = functional_->planner().gridHeight(), w = functional_->planner().gridWidth();
    std::vector<std::int32_t> states(p.bits.size());
    std::vector<float> bits(p.bits.size());
    std::vector<std::uint8_t> recompute(p.bits.size());
    for (std::size_t t = 0; t < p.bits.size(); ++t) {
        states[t] = p.recompute[t] ? token_state::kPrecisionBase + p.bits[t] : token_state::kReused;
        bits[t] = p.recompute[t] ? float(p.bits[t]) : 0.f;
        recompute[t] = p.recompute[t] ? 1 : 0;
    }
    sink.frame(gridFrame(step, now_, FrameKind::Tokens, QStringLiteral("precision"), h, w, DType::I32, states));
    sink.frame(gridFrame(step, now_, FrameKind::Heat, QStringLiteral("precision_bits"), h, w, DType::F32, bits));
    sink.frame(gridFrame(step, now_, FrameKind::Mask, QStringLiteral("recompute"), h, w, DType::U8, recompute));
}

void MasqModel::emitBanks(TraceSink &sink, int step) {
    // Contiguous allocation: MXINT8 activations first, then MXINT4, MXINT2, then the weight tile.
    const TokenPlan &p = plans_[static_cast<std::size_t>(step)];
    const double tokens = double(p.bits.size());
    const double perToken = double(timing_->imageTokens()) * config_.backbone.hidden / 8.0;
    const double bank = config_.hardware.sramBankBytes;
    const int banks = config_.hardware.sramBanks;
    std::array<double, 4> owner{};
    double used = 0;
    for (std::size_t i = 0; i < 3; ++i) {
        owner[i] = std::min(p.heldAt[i] / tokens * perToken * kStorageBits[i], bank * banks - used);
        used += owner[i];
    }
    owner[3] = std::min(bank * banks - used, timing_->weightBytes() / std::max(1, config_.backbone.blocks));
    double cursor = 0;
    std::vector<std::array<double, 4>> fill(static_cast<std::size_t>(banks), std::array<double, 4>{});
    for (std::size_t o = 0; o < 4; ++o) {
        double left = owner[o];
        while (left > 0 && cursor < bank * banks) {
            const int b = static_cast<int>(cursor / bank);
            const double room = std::min(left, (b + 1) * bank - cursor);
            fill[static_cast<std::size_t>(b)][o] += room;
            cursor += room;
            left -= room;
        }
    }
    for (int b = 0; b < banks; ++b)
        for (std::size_t o = 0; o < 4; ++o)
            sink.counter(bankSeries_[static_cast<std::size_t>(b)][o], now_, fill[static_cast<std::size_t>(b)][o]);
    double bits = 0;
    for (std::size_t i = 0; i < 3; ++i)
        bits += p.heldAt[i] / tokens * kStorageBits[i];
    sink.counter(bitsSeries_, now_, bits);
    sink.counter(recomputeSeries_, now_, 100.0 * p.computed() / tokens);
}

int MasqModel::advance(TraceSink &sink) {
    if (!begun_)
        begin(sink);
    const int s = step_;
    emitFrames(sink, s);
    emitBanks(sink, s);
    const StepTiming &t = stepTimings_[static_cast<std::size_t>(s)];
    const QString label = QStringLiteral("step %1 (%2)").arg(s).arg(toString(plans_[static_cast<std::size_t>(s)].stage));
    for (int u = 0; u < kMasqUnits; ++u) {
        const UnitWork &w = t.units[static_cast<std::size_t>(u)];
        if (w.seconds <= 0)
            continue;
        const std::uint32_t type = sink.eventType(units_[static_cast<std::size_t>(u)], opKindOf(static_cast<MasqUnit>(u)), label);
        sink.appendEvent(type, now_, now_ + timing::secondsToPs(w.seconds), static_cast<std::uint64_t>(w.bytes),
                         static_cast<std::uint64_t>(w.flops));
    }
    now_ += timing::secondsToPs(t.seconds);
    ++step_;
    if (step_ == config_.steps) {
        const MasqFunctional &f = *functional_;
        sink.frame(gridFrame(s, now_, FrameKind::Heat, QStringLiteral("final_error"), f.reference().height,
                             f.reference().width, DType::F32, f.errorMap()));
    }
    const bool stageEnds = step_ == config_.steps ||
                           config_.policy.stageOf(step_, config_.steps) != plans_[static_cast<std::size_t>(s)].stage;
    return stageEnds ? kLevelStage : kLevelStep;
}

QString MasqModel::narration(int level, std::int64_t index) const {
    if (level == kLevelStage) {
        const Stage stage = static_cast<Stage>(std::clamp<std::int64_t>(index, 0, kStages - 1));
        const auto &b = config_.policy.bits[static_cast<std::size_t>(stage)];
        return QStringLiteral("The %1 stage ends. Its table: masked MXINT%2, boundary MXINT%3, salient MXINT%4, "
                              "background MXINT%5%6.")
            .arg(toString(stage))
            .arg(b[0])
            .arg(b[1])
            .arg(b[2])
            .arg(b[3])
            .arg(stage == Stage::Late ? QStringLiteral(", background recomputed every %1 steps")
                                            .arg(config_.policy.refreshInterval)
                                      : QString());
    }
    const int s = static_cast<int>(std::clamp<std::int64_t>(index, 0, config_.steps - 1));
    const TokenPlan &p = plans_[static_cast<std::size_t>(s)];
    const StepTiming &t = stepTimings_[static_cast<std::size_t>(s)];
    const double n = double(p.bits.size());
    return QStringLiteral("Step %1 of %2 (timestep %3, %4 stage): the mask unit sets %5 % of the tokens to MXINT8, "
                          "%6 % to MXINT4 and %7 % to MXINT2; %8 % are recomputed, the rest reuse their cached "
                          "outputs. The engine needs %9 % of the all-INT8 cycles; the step takes %10 ms, %11.")
        .arg(s + 1)
        .arg(config_.steps)
        .arg(functional_->pipeline().sampler().timestep(s))
        .arg(toString(p.stage))
        .arg(100.0 * p.heldAt[0] / n, 0, 'f', 0)
        .arg(100.0 * p.heldAt[1] / n, 0, 'f', 0)
        .arg(100.0 * p.heldAt[2] / n, 0, 'f', 0)
        .arg(100.0 * p.computed() / n, 0, 'f', 0)
        .arg(t.denseCycles > 0 ? 100.0 * t.engineCycles / t.denseCycles : 0.0, 0, 'f', 0)
        .arg(t.seconds * 1e3, 0, 'f', 2)
        .arg(t.units[3].seconds >= t.units[0].seconds ? QStringLiteral("bound by streaming the MXINT8 weights")
                                                      : QStringLiteral("bound by the engine"));
}

DataSource MasqModel::dataSource() const {
    return {QStringLiteral("Timing from %1's dimensions at %2x%3. Functional: %4")
                .arg(config_.backbone.name)
                .arg(config_.workload.width)
                .arg(config_.workload.height)
                .arg(functional_->dataSource()),
            true};
}

double MasqModel::totalSeconds() const {
    double s = 0;
    for (const StepTiming &t : stepTimings_)
        s += t.seconds;
    return s;
}

double MasqModel::totalEnergy() const {
    double e = 0;
    for (const StepTiming &t : stepTimings_)
        e += t.energyJoules;
    return e;
}

std::vector<BaselineResult> MasqModel::baselines() const {
    if (!baselines_)
        baselines_ = std::vector<BaselineResult>{
            diffusionBaseline(config_.backbone, config_.workload, config_.steps, kA100),
            diffusionBaseline(config_.backbone, config_.workload, config_.steps, kOrinNx)};
    return *baselines_;
}

std::vector<Metric> MasqModel::metrics() const {
    const double seconds = totalSeconds(), energy = totalEnergy();
    double engine = 0, dense = 0, dram = 0, computed = 0, bits = 0;
    for (std::size_t s = 0; s < stepTimings_.size(); ++s) {
        engine += stepTimings_[s].engineCycles;
        dense += stepTimings_[s].denseCycles;
        dram += stepTimings_[s].dramBytes;
        const double n = double(plans_[s].bits.size());
        computed += plans_[s].computed() / n;
        for (std::size_t p = 0; p < 3; ++p)
            bits += plans_[s].heldAt[p] / n * kStorageBits[p];
    }
    const double steps = double(config_.steps);
    const MasqFunctional &f = *functional_;
    std::vector<Metric> m = {
        {QStringLiteral("latency_ms"), seconds * 1e3, QStringLiteral("ms"),
         QStringLiteral("Every denoising step of the full-size backbone on MASQ")},
        {QStringLiteral("energy_j"), energy, QStringLiteral("J"),
         QStringLiteral("MAC, vector, SRAM and DRAM energy per access plus static power x latency")},
        {QStringLiteral("average_power_w"), seconds > 0 ? energy / seconds : 0.0, QStringLiteral("W"),
         QStringLiteral("energy_j / latency")},
    };
    for (const BaselineResult &b : baselines()) {
        const QString suffix = b.device == kA100 ? QStringLiteral("a100") : QStringLiteral("orin_nx");
        const Metric *lat = findMetric(b.metrics, QStringLiteral("latency_ms"));
        const Metric *en = findMetric(b.metrics, QStringLiteral("energy_j"));
        m.push_back({QStringLiteral("speedup_vs_") + suffix, lat->value / (seconds * 1e3), QStringLiteral("x"),
                     QStringLiteral("%1 latency / MASQ latency, same image and steps").arg(b.label)});
        m.push_back({QStringLiteral("energy_gain_vs_") + suffix, en->value / energy, QStringLiteral("x"),
                     QStringLiteral("%1 energy / MASQ energy, same image and steps").arg(b.label)});
    }
    m.insert(m.end(),
             {{QStringLiteral("psnr_db"), f.psnrDb(), QStringLiteral("dB"),
               QStringLiteral("Final latent of the quantized functional run vs the unquantized run, same seed")},
              {QStringLiteral("mse"), f.mse(), QString(), QStringLiteral("Mean squared error of the same")},
              {QStringLiteral("masked_mse"), f.maskedMse(), QString(),
               QStringLiteral("Mean squared error over the masked (generated) positions only")},
              {QStringLiteral("average_bits"), bits / steps, QStringLiteral("bits"),
               QStringLiteral("MX storage bits per activation element, averaged over tokens and steps")},
              {QStringLiteral("recomputed_token_pct"), 100.0 * computed / steps, QStringLiteral("%"),
               QStringLiteral("Tokens recomputed per step, averaged over steps")},
              {QStringLiteral("masked_token_pct"),
               100.0 * f.planner().classCounts()[0] / double(f.planner().classes().size()), QStringLiteral("%"),
               QStringLiteral("Tokens touching the mask (functional grid)")},
              {QStringLiteral("engine_speedup_vs_int8"), engine > 0 ? dense / engine : 0.0, QStringLiteral("x"),
               QStringLiteral("Engine cycles all at MXINT8 with every token / the plan's cycles")},
              {QStringLiteral("dram_gb"), dram / 1e9, QStringLiteral("GB"),
               QStringLiteral("DRAM traffic of the run (MXINT8 weights once per step)")}});
    return m;
}

}  // namespace accelscope::masq
