#include "discmodel.h"

#include <algorithm>
#include <cmath>

#include "core/api/framebuilder.h"
#include "core/hw/diffusionbaseline.h"
#include "core/sim/timing/units.h"

namespace accelscope::disc {

namespace {

constexpr double kBytesPerItem = 4.0;  // [I] one sparse work item in a bank queue: a BF16 score and a 16-bit key index
const char *const kGpus[] = {"a100-sxm-80gb", "h100-sxm"};

OpKind opKindOf(DiscUnit u) {
    switch (u) {
        case DiscUnit::PeArray:
            return OpKind::Matrix;
        case DiscUnit::Vector:
            return OpKind::Vector;
        case DiscUnit::Hbm:
            return OpKind::MemoryRead;
        case DiscUnit::Banks:
            return OpKind::Sync;
    }
    return OpKind::Other;
}

double metricOf(const BaselineResult &b, const char *name) {
    for (const Metric &m : b.metrics)
        if (m.name == QLatin1String(name))
            return m.value;
    return 0;
}

QString pct(double share) {
    return QString::number(100.0 * share, 'f', 0) + QLatin1Char('%');
}

}  // namespace

DiscModel::DiscModel(const DiscRunConfig &config, std::uint64_t seed) : config_(config), seed_(seed) {
    timing_ = std::make_unique<DiscTiming>(config_.backbone, config_.workload, config_.hardware);
    pipeline_ = std::make_unique<DenoisingPipeline>(config_.functional, seed);
    reference_ = std::make_unique<DenoisingReference>(*pipeline_);
    run_ = runDisc(*reference_, config_.algorithm);
    for (const StepRecord &r : run_.steps) {
        stepTimings_.push_back(timing_->step(sharesOf(r, false)));
        naiveTimings_.push_back(timing_->step(sharesOf(r, true)));
    }
    denseTiming_ = timing_->step(StepShares{});
    buildTopology();
}

StepShares DiscModel::sharesOf(const StepRecord &r, bool naiveBanks) const {
    StepShares s;
    s.tokenReuse = config_.algorithm.tokenReuse;
    s.recomputed = r.tokenStates.empty() ? 1.0 : double(r.recomputedTokens) / double(r.tokenStates.size());
    s.sparse = config_.algorithm.sparseAttention;
    s.maskGenerated = r.maskGenerated;
    s.density = r.attentionDensity();
    const kernels::BankDistribution &banks = naiveBanks ? r.naiveBanks : r.banks;
    s.bankEfficiency = banks.items > 0 ? banks.efficiency() : 1.0;
    return s;
}

std::vector<StepLevel> DiscModel::stepLevels() const {
    return {{QStringLiteral("block"), QStringLiteral("One transformer block of the backbone on the accelerator")},
            {QStringLiteral("step"), QStringLiteral("One denoising step")}};
}

void DiscModel::buildTopology() {
    const DiscHardware &hw = config_.hardware;
    const kernels::BankSettings &b = config_.algorithm.banks;
    const UnitId device =
        topology_.addUnit(QStringLiteral("disc"), UnitKind::Device, kNoUnit, QStringLiteral("DiSC accelerator ([I] sizes)"));
    const UnitId core = topology_.addUnit(QStringLiteral("core"), UnitKind::Core, device,
                                          QStringLiteral("Unified dense-sparse dataflow, no sparsity units"));
    units_.resize(kDiscUnits);
    units_[0] = topology_.addUnit(QStringLiteral("pe_arrays"), UnitKind::Compute, core,
                                  QStringLiteral("%1 x %2x%3 BF16 arrays at %4 MHz: dense matmuls, and the sparse "
                                                 "scores and P.V fed through the banks")
                                      .arg(hw.peArrays)
                                      .arg(hw.peRows)
                                      .arg(hw.peCols)
                                      .arg(hw.clockHz / 1e6));
    units_[1] = topology_.addUnit(QStringLiteral("vector"), UnitKind::Compute, core,
                                  QStringLiteral("%1 FP16 lanes: norms, softmax and its threshold, GELU, residuals, "
                                                 "CTR's change test")
                                      .arg(hw.vectorLanes));
    units_[3] = topology_.addUnit(QStringLiteral("distributor"), UnitKind::Compute, core,
                                  QStringLiteral("Hash distributor: issues %1 sparse items per cycle to %2 banks (%3); "
                                                 "its events are the engine's conflict stalls")
                                      .arg(b.issueWidth)
                                      .arg(b.banks)
                                      .arg(kernels::toString(b.hash)));
    units_[2] = topology_.addUnit(QStringLiteral("hbm"), UnitKind::Memory, device,
                                  QStringLiteral("HBM, %1 GB/s: weights, the CTR output cache, mask bits")
                                      .arg(hw.hbmBytesPerSecond / 1e9));
    topology_.addLink(QStringLiteral("hbm_bus"), device, units_[2], core, hw.hbmBytesPerSecond);
    const auto capacity = static_cast<std::int64_t>(kBytesPerItem * b.queueDepth);
    const double bankBytesPerSecond = kBytesPerItem * b.ports * hw.clockHz;
    banks_ = topology_.addMemory(
        QStringLiteral("banks"), core, b.banks, capacity, bankBytesPerSecond,
        QStringLiteral("Queues of the %1 SRAM banks (%2 mapping, %3 items of %4 B each): the functional run's sparse "
                       "work waiting per bank, sampled through the step; conflicts counted per bank")
            .arg(b.banks)
            .arg(kernels::toString(b.hash))
            .arg(b.queueDepth)
            .arg(kBytesPerItem));
    naiveBanks_ = topology_.addMemory(QStringLiteral("banks_blocked"), core, b.banks, capacity, bankBytesPerSecond,
                                      QStringLiteral("The same work on contiguous (blocked) banks, for comparison"));
}

double DiscModel::progress() const {
    return std::min(1.0, (step_ + double(block_) / std::max(1, timing_->blocks())) / config_.steps);
}

double DiscModel::seconds() const {
    double s = 0;
    for (const StepTiming &t : stepTimings_)
        s += t.seconds;
    return s;
}

double DiscModel::energyJoules() const {
    double e = 0;
    for (const StepTiming &t : stepTimings_)
        e += t.energyJoules;
    return e;
}

double DiscModel::naiveBankSeconds() const {
    double s = 0;
    for (const StepTiming &t : naiveTimings_)
        s += t.seconds;
    return s;
}

double DiscModel::denseSeconds() const {
    return denseTiming_.seconds * config_.steps;
}

void DiscModel::begin(TraceSink &sink) {
    begun_ = true;
    recomputedSeries_ = sink.counterSeries(QStringLiteral("recomputed_tokens_pct"), QStringLiteral("%"));
    densitySeries_ = sink.counterSeries(QStringLiteral("attention_density_pct"), QStringLiteral("%"));
    psnrSeries_ = sink.counterSeries(QStringLiteral("latent_psnr_db"), QStringLiteral("dB"));
    efficiencySeries_ = sink.counterSeries(QStringLiteral("bank_efficiency_pct"), QStringLiteral("%"));
    naiveEfficiencySeries_ = sink.counterSeries(QStringLiteral("blocked_bank_efficiency_pct"), QStringLiteral("%"));
    const int banks = config_.algorithm.banks.banks;
    const QString path = topology_.path(banks_), naivePath = topology_.path(naiveBanks_);
    for (int b = 0; b < banks; ++b) {
        bankSeries_.push_back(sink.counterSeries(path + QStringLiteral("/bank%1").arg(b), QStringLiteral("B")));
        bankConflictSeries_.push_back(sink.counterSeries(path + QStringLiteral("/bank%1/conflicts").arg(b), QString()));
        naiveBankSeries_.push_back(sink.counterSeries(naivePath + QStringLiteral("/bank%1").arg(b), QStringLiteral("B")));
        naiveConflictSeries_.push_back(
            sink.counterSeries(naivePath + QStringLiteral("/bank%1/conflicts").arg(b), QString()));
    }
    conflicts_.assign(static_cast<std::size_t>(banks), 0);
    naiveConflicts_.assign(static_cast<std::size_t>(banks), 0);
}

void DiscModel::emitStepData(TraceSink &sink, int step) {
    const StepRecord &r = run_.steps[static_cast<std::size_t>(step)];
    const int gh = pipeline_->gridHeight(), gw = pipeline_->gridWidth(), n = pipeline_->tokens();
    sink.counter(recomputedSeries_, now_, 100.0 * r.recomputedTokens / std::max(1, n));
    sink.counter(densitySeries_, now_, 100.0 * r.attentionDensity());
    sink.counter(psnrSeries_, now_, kernels::reportedPsnrDb(r.latentPsnrDb));
    if (r.banks.items > 0) {
        sink.counter(efficiencySeries_, now_, 100.0 * r.banks.efficiency());
        sink.counter(naiveEfficiencySeries_, now_, 100.0 * r.naiveBanks.efficiency());
    }
    sink.frame(matrixFrame(step, now_, FrameKind::Tokens, QStringLiteral("reuse_map"), gh, gw, r.tokenStates));
    sink.frame(matrixFrame(step, now_, FrameKind::Heat, QStringLiteral("input_change"), gh, gw, r.inputChange));
    if (r.mask.size() > 0) {
        const std::vector<std::uint8_t> bits(r.mask.data(), r.mask.data() + r.mask.size());
        sink.frame(matrixFrame(step, now_, FrameKind::Mask, QStringLiteral("block0/head0/attention_mask"), n, n, bits));
    }
    const std::size_t banks = r.banks.loads.size();
    if (banks > 0) {
        std::vector<float> loads;
        for (std::int64_t l : r.banks.loads)
            loads.push_back(float(l));
        for (std::int64_t l : r.naiveBanks.loads)
            loads.push_back(float(l));
        // Row 0: the chosen hash; row 1: contiguous banks.
        sink.frame(matrixFrame(step, now_, FrameKind::Heat, QStringLiteral("bank_load"), 2,
                               static_cast<std::int64_t>(banks), loads));
    }
}

// The bank queues while block `block` runs: snapshot block · K / blocks of the step's sampled
// work, and the step's conflicts spread evenly over its blocks (running counts).
void DiscModel::emitBankState(TraceSink &sink, int step, int block) {
    const StepRecord &r = run_.steps[static_cast<std::size_t>(step)];
    const int blocks = timing_->blocks();
    const auto emit = [&](const kernels::BankDistribution &d, const std::vector<std::uint32_t> &occupancy,
                          const std::vector<std::uint32_t> &conflictSeries, std::vector<std::int64_t> &conflicts) {
        if (d.loads.empty())
            return;
        const std::size_t k = d.queueSnapshots.empty()
                                  ? 0
                                  : std::min(d.queueSnapshots.size() - 1, std::size_t(block) * d.queueSnapshots.size() /
                                                                              std::size_t(blocks));
        for (std::size_t b = 0; b < d.loads.size(); ++b) {
            const double queued = d.queueSnapshots.empty() ? 0.0 : double(d.queueSnapshots[k][b]);
            sink.counter(occupancy[b], now_, kBytesPerItem * queued);
            const std::int64_t share = d.conflicts[b] * (block + 1) / blocks - d.conflicts[b] * block / blocks;
            if (share > 0 || (step == 0 && block == 0)) {
                conflicts[b] += share;
                sink.counter(conflictSeries[b], now_, double(conflicts[b]));
            }
        }
    };
    emit(r.banks, bankSeries_, bankConflictSeries_, conflicts_);
    emit(r.naiveBanks, naiveBankSeries_, naiveConflictSeries_, naiveConflicts_);
}

int DiscModel::advance(TraceSink &sink) {
    if (!begun_)
        begin(sink);
    const int s = step_;
    if (block_ == 0)
        emitStepData(sink, s);
    emitBankState(sink, s, block_);
    const LayerTiming &layer = stepTimings_[static_cast<std::size_t>(s)].layers[static_cast<std::size_t>(block_)];
    const bool generated = run_.steps[static_cast<std::size_t>(s)].maskGenerated;
    const QString label = QStringLiteral("block %1, %2").arg(block_).arg(
        !config_.algorithm.sparseAttention ? QStringLiteral("dense attention")
        : generated                        ? QStringLiteral("mask generation")
                                           : QStringLiteral("mask reuse"));
    for (int u = 0; u < kDiscUnits; ++u) {
        const UnitWork &w = layer.units[static_cast<std::size_t>(u)];
        if (w.seconds <= 0)
            continue;
        const std::uint32_t type =
            sink.eventType(units_[static_cast<std::size_t>(u)], opKindOf(static_cast<DiscUnit>(u)), label);
        sink.appendEvent(type, now_, now_ + timing::secondsToPs(w.seconds), static_cast<std::uint64_t>(w.bytes),
                         static_cast<std::uint64_t>(w.flops));
    }
    now_ += timing::secondsToPs(layer.seconds);
    if (++block_ < timing_->blocks())
        return kLevelBlock;
    block_ = 0;
    ++step_;
    return kLevelStep;
}

QString DiscModel::narration(int level, std::int64_t index) const {
    const int s = static_cast<int>(
        std::clamp<std::int64_t>(level == kLevelBlock ? index / timing_->blocks() : index, 0, config_.steps - 1));
    const StepRecord &r = run_.steps[static_cast<std::size_t>(s)];
    const DiscAlgorithm &a = config_.algorithm;
    const int n = static_cast<int>(r.tokenStates.size());
    QString text = QStringLiteral("Step %1 of %2 (t = %3): ").arg(s + 1).arg(config_.steps).arg(r.timestep);
    if (!a.tokenReuse)
        text += QStringLiteral("every token is computed (CTR off); ");
    else if (s < a.warmupSteps)
        text += QStringLiteral("a warm-up step computes all %1 tokens and fills the cache; ").arg(n);
    else
        text += QStringLiteral("%1 of %2 tokens changed by at least %3 of their content and are recomputed, the "
                               "rest reuse their cached outputs; ")
                    .arg(r.recomputedTokens)
                    .arg(n)
                    .arg(pct(a.reuseThreshold));
    if (!a.sparseAttention)
        text += QStringLiteral("attention is dense.");
    else
        text += QStringLiteral("%1 (%2 of the entries kept); the %3 hash spreads them at %4 bank efficiency, "
                               "contiguous banks would reach %5.")
                    .arg(r.maskGenerated ? QStringLiteral("the softmax runs densely once and sets new masks")
                                         : QStringLiteral("the masks of step %1 are reused")
                                               .arg(s - s % a.maskInterval + 1))
                    .arg(pct(r.attentionDensity()))
                    .arg(kernels::toString(a.banks.hash))
                    .arg(pct(r.banks.efficiency()))
                    .arg(pct(r.naiveBanks.efficiency()));
    return text;
}

DataSource DiscModel::dataSource() const {
    return {QStringLiteral("Timing: %1 at %2x%3, %4 steps, on the DiSC model; A100 and H100 through the shared "
                           "roofline model. Algorithms: %5")
                .arg(config_.backbone.name)
                .arg(config_.workload.width)
                .arg(config_.workload.height)
                .arg(config_.steps)
                .arg(pipeline_->dataSource()),
            true};
}

std::vector<BaselineResult> DiscModel::baselines() const {
    if (baselines_.empty())
        for (const char *gpu : kGpus)
            baselines_.push_back(diffusionBaseline(config_.backbone, config_.workload, config_.steps,
                                                   QString::fromLatin1(gpu)));
    return baselines_;
}

std::vector<Metric> DiscModel::metrics() const {
    const double total = seconds(), energy = energyJoules();
    const std::vector<BaselineResult> gpus = baselines();
    const double a100 = metricOf(gpus[0], "latency_ms") / 1e3, h100 = metricOf(gpus[1], "latency_ms") / 1e3;
    const double a100Energy = metricOf(gpus[0], "energy_j"), h100Energy = metricOf(gpus[1], "energy_j");
    const kernels::BankDistribution banks = run_.banks(), naive = run_.naiveBanks();
    double stall = 0, macs = 0, denseMacs = 0;
    for (const StepTiming &t : stepTimings_) {
        stall += t.stallSeconds;
        macs += t.macs;
        denseMacs += t.denseMacs;
    }
    return {
        {QStringLiteral("latency_ms"), 1e3 * timing::psToSeconds(now_), QStringLiteral("ms"),
         QStringLiteral("The generation on DiSC, as far as the run got")},
        {QStringLiteral("generation_ms"), 1e3 * total, QStringLiteral("ms"), QStringLiteral("The whole generation on DiSC")},
        {QStringLiteral("speedup_vs_a100"), a100 / total, QStringLiteral("x"),
         QStringLiteral("Unreduced generation on an A100 SXM 80 GB / this run on DiSC")},
        {QStringLiteral("speedup_vs_h100"), h100 / total, QStringLiteral("x"),
         QStringLiteral("Unreduced generation on an H100 SXM / this run on DiSC")},
        {QStringLiteral("speedup"), denseSeconds() / total, QStringLiteral("x"),
         QStringLiteral("DiSC without CTR and ST / this run, same accelerator (the sweep's speed axis)")},
        {QStringLiteral("speedup_vs_blocked_banks"), naiveBankSeconds() / total, QStringLiteral("x"),
         QStringLiteral("The same run with its sparse work on contiguous banks / this run")},
        {QStringLiteral("energy_j"), energy, QStringLiteral("J"), QStringLiteral("DiSC, whole generation")},
        {QStringLiteral("energy_saving_vs_a100_pct"), 100.0 * (1.0 - energy / a100Energy), QStringLiteral("%"),
         QStringLiteral("1 - DiSC energy / the A100's for the unreduced generation")},
        {QStringLiteral("energy_saving_vs_h100_pct"), 100.0 * (1.0 - energy / h100Energy), QStringLiteral("%"),
         QStringLiteral("1 - DiSC energy / the H100's for the unreduced generation")},
        {QStringLiteral("psnr_db"), kernels::reportedPsnrDb(run_.psnrDb), QStringLiteral("dB"),
         QStringLiteral("Final latent of the toy pipeline against its unreduced run (100 when identical)")},
        {QStringLiteral("mse"), run_.mse, QString(), QStringLiteral("Mean squared error of the same")},
        {QStringLiteral("recomputed_tokens_pct"), 100.0 * run_.recomputedShare(), QStringLiteral("%"),
         QStringLiteral("CTR: tokens computed over all steps (the rest reuse their cache)")},
        {QStringLiteral("attention_density_pct"), 100.0 * run_.attentionDensity(), QStringLiteral("%"),
         QStringLiteral("ST: kept score entries in the recomputed rows, all blocks, heads and steps")},
        {QStringLiteral("mask_generation_steps"), double(run_.maskGenerations()), QStringLiteral("steps"),
         QStringLiteral("Steps that computed the softmax densely and set new masks")},
        {QStringLiteral("mac_share_pct"), denseMacs > 0 ? 100.0 * macs / denseMacs : 100.0, QStringLiteral("%"),
         QStringLiteral("Engine MACs run / the unreduced model's, full-size backbone")},
        {QStringLiteral("bank_efficiency_pct"), 100.0 * banks.efficiency(), QStringLiteral("%"),
         QStringLiteral("Sparse work: ideal cycles / simulated cycles on the chosen hash")},
        {QStringLiteral("blocked_bank_efficiency_pct"), 100.0 * naive.efficiency(), QStringLiteral("%"),
         QStringLiteral("The same on contiguous banks")},
        {QStringLiteral("bank_max_over_mean"), banks.maxOverMean(), QStringLiteral("x"),
         QStringLiteral("Busiest bank's load / mean, whole run, chosen hash")},
        {QStringLiteral("blocked_bank_max_over_mean"), naive.maxOverMean(), QStringLiteral("x"),
         QStringLiteral("The same on contiguous banks")},
        {QStringLiteral("bank_window_imbalance"), banks.windowImbalance, QStringLiteral("x"),
         QStringLiteral("Per issue window: busiest bank / mean, chosen hash")},
        {QStringLiteral("blocked_bank_window_imbalance"), naive.windowImbalance, QStringLiteral("x"),
         QStringLiteral("The same on contiguous banks")},
        {QStringLiteral("bank_stall_ms"), 1e3 * stall, QStringLiteral("ms"),
         QStringLiteral("Engine time lost to bank conflicts, whole generation")},
    };
}

}  // namespace accelscope::disc
