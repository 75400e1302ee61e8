#include "orbismodel.h"

#include <algorithm>
#include <cmath>

#include "core/sim/timing/units.h"

namespace accelscope::orbis {

namespace {

QString pct(double share) {
    return QString::number(100.0 * share, 'f', 0) + QLatin1Char('%');
}

template <class T>
QByteArray bytesOf(const std::vector<T> &values) {
    return QByteArray(reinterpret_cast<const char *>(values.data()),
                      static_cast<qsizetype>(values.size() * sizeof(T)));
}

// DATM's work per block averaged over the run's reduced steps and blocks, and the sources it saw.
kernels::MatchingWork averageWork(const ReductionRun &run, std::int64_t &sources, int tokens, int chunks) {
    kernels::MatchingWork sum = run.totalWork();
    std::int64_t jobs = 0;
    for (const StepRecord &s : run.steps)
        jobs += s.reduced ? static_cast<std::int64_t>(s.work.size()) : 0;
    sources = tokens - chunks;
    if (jobs == 0)
        return {};
    sum.distances /= jobs;
    sum.reevaluations /= jobs;
    sum.merges /= jobs;
    sum.queueOperations /= jobs;
    sum.loss /= double(jobs);
    return sum;
}

}  // namespace

OrbisModel::OrbisModel(const OrbisRunConfig &config, std::uint64_t seed)
    : config_(config), seed_(seed), gpu_(BaselineModel::builtin(config.gpuId, 1)) {
    const ReductionSettings &r = config_.reduction;
    kernels::SpatioTemporalSplit strides;
    strides.strideFrames = r.strideFrames;
    strides.strideHeight = r.strideHeight;
    strides.strideWidth = r.strideWidth;
    timing_ = std::make_unique<OrbisTiming>(diffusionBackbone(config_.backboneId), config_.workload,
                                            config_.hardware, strides);
    pipeline_ = std::make_unique<DenoisingPipeline>(config_.functional, seed);
    reference_ = std::make_unique<ReferenceRun>(*pipeline_);

    // Quality: the method at its ratio, and the other method at the same quality.
    const kernels::SpatioTemporalSplit functionalSplit = toySplit(*pipeline_, r);
    const double maxRatio = maxReductionRatio(functionalSplit);
    run_ = config_.ratioMode == RatioMode::Target
               ? ratioForQuality(*reference_, config_.method, r, config_.psnrTargetDb, seed, maxRatio)
               : runReduction(*reference_, config_.method, r, seed);
    if (config_.compare) {
        const ReductionMethod other =
            config_.method == ReductionMethod::AsymRnR ? ReductionMethod::Orbis : ReductionMethod::AsymRnR;
        const double target = config_.ratioMode == RatioMode::Target
                                  ? config_.psnrTargetDb
                                  : std::min(kernels::reportedPsnrDb(run_.psnrDb), 99.0);
        comparison_ = ratioForQuality(*reference_, other, r, target, seed, maxRatio);
    }

    // Matching: DATM's measured work scaled to the full-size grid; the greedy methods search all
    // destinations once per source (AsymRnR's global nearest destination, then a ranking).
    std::int64_t sources = 0;
    const kernels::MatchingWork toyWork = averageWork(
        run_, sources, static_cast<int>(reference_->pipeline().tokens()), functionalSplit.chunks());
    const int window = config_.method == ReductionMethod::Orbis ? r.window : -1;
    if (config_.method == ReductionMethod::Orbis) {
        fullWork_ = timing_->fullSizeWork(ratio(), window, toyWork, sources);
    } else {
        const int n = timing_->tokens().tokens(), chunks = timing_->split().chunks();
        fullWork_.merges = kernels::spatioTemporalMerges(n, n - chunks, chunks, ratio());
        fullWork_.distances = fullWork_.merges > 0 ? kernels::candidateDistances(timing_->split(), -1) : 0;
        fullWork_.queueOperations = fullWork_.merges > 0 ? n - chunks : 0;
    }
    matchSeconds_ =
        timing_->matchSeconds(fullWork_, config_.method == ReductionMethod::Orbis ? r.matchBits : 8);
    std::vector<bool> reduced;
    for (const StepRecord &s : run_.steps)
        reduced.push_back(s.reduced && timing_->keptTokens(ratio()) < timing_->tokens().tokens());
    schedule_ =
        timing_->schedule(reduced, ratio(), matchSeconds_, config_.method != ReductionMethod::AsymRnR);
    slotOps_[0] = timing_->slotOps(timing_->tokens().tokens());
    slotOps_[1] = timing_->slotOps(timing_->keptTokens(ratio()));

    gpuDense_ = gpu_.estimate(timing_->stepOps(timing_->tokens().tokens()));
    if (comparison_ && comparison_->method == ReductionMethod::AsymRnR)
        gpuComparison_ =
            gpu_.estimate(timing_->stepOps(timing_->keptTokens(comparison_->settings.ratio), true));
    buildTopology();
}

std::vector<StepLevel> OrbisModel::stepLevels() const {
    return {{QStringLiteral("block"),
             QStringLiteral("One transformer block of the video DiT on the accelerator")},
            {QStringLiteral("step"), QStringLiteral("One denoising step")}};
}

void OrbisModel::buildTopology() {
    const OrbisHardware &hw = config_.hardware;
    const UnitId device = topology_.addUnit(QStringLiteral("orbis"), UnitKind::Device, kNoUnit,
                                            QStringLiteral("ORBIS accelerator ([I] sizes)"));
    const UnitId core =
        topology_.addUnit(QStringLiteral("core"), UnitKind::Core, device, QStringLiteral("DiT core"));
    engine_ =
        topology_.addUnit(QStringLiteral("pe_arrays"), UnitKind::Compute, core,
                          QStringLiteral("%1 x %2x%3 BF16 systolic arrays at %4 MHz: matmuls, attention")
                              .arg(hw.peArrays)
                              .arg(hw.peRows)
                              .arg(hw.peCols)
                              .arg(hw.clockHz / 1e6));
    vector_ = topology_.addUnit(
        QStringLiteral("vector"), UnitKind::Compute, core,
        QStringLiteral("%1 FP16 lanes: norms, softmax, modulation, residuals, merge and unmerge")
            .arg(hw.vectorLanes));
    matcher_ = topology_.addUnit(
        QStringLiteral("matching_unit"), UnitKind::Compute, core,
        QStringLiteral("Pipelined DATM: %1 INT8 distance lanes, group-mean update, priority "
                       "queue; works one step ahead of the blocks")
            .arg(hw.matchLanes));
    hbm_ = topology_.addUnit(QStringLiteral("hbm"), UnitKind::Memory, device,
                             QStringLiteral("HBM, %1 GB/s").arg(hw.hbmBytesPerSecond / 1e9));
    topology_.addLink(QStringLiteral("hbm_bus"), device, hbm_, core, hw.hbmBytesPerSecond);
}

double OrbisModel::progress() const {
    const int slots = timing_->blockCount() + 2;
    return std::min(1.0, (step_ + double(slot_) / slots) / config_.steps);
}

double OrbisModel::seconds() const {
    return schedule_.empty() ? 0 : schedule_.back().end;
}

double OrbisModel::a100Seconds() const {
    return gpuDense_.seconds * config_.steps;
}

double OrbisModel::stallSeconds() const {
    double s = 0;
    for (const StepSchedule &st : schedule_)
        s += st.stallSeconds;
    return s;
}

double OrbisModel::energyJoules() const {
    const double dense = timing_->stepDynamicEnergyJoules(timing_->tokens().tokens());
    const double merged = timing_->stepDynamicEnergyJoules(timing_->keptTokens(ratio()));
    double e = 0;
    for (std::size_t s = 0; s < schedule_.size(); ++s) {
        const std::vector<BlockSlot> &slots = schedule_[s].slots;
        const bool matched =
            std::any_of(slots.begin(), slots.end(), [](const BlockSlot &b) { return b.matched; });
        e += run_.steps[s].reduced ? merged : dense;
        if (matched)
            e += timing_->blockCount() * timing_->matchEnergyJoules(fullWork_);
    }
    return e + config_.hardware.staticWatts * seconds();
}

void OrbisModel::begin(TraceSink &sink) {
    begun_ = true;
    tokensSeries_ = sink.counterSeries(QStringLiteral("attention_tokens"), QStringLiteral("tokens"));
    psnrSeries_ = sink.counterSeries(QStringLiteral("latent_psnr_db"), QStringLiteral("dB"));
    stallSeries_ = sink.counterSeries(QStringLiteral("match_stall_us"), QStringLiteral("us"));
    slackSeries_ = sink.counterSeries(QStringLiteral("match_slack_us"), QStringLiteral("us"));
    if (comparison_)
        comparisonPsnrSeries_ = sink.counterSeries(
            QStringLiteral("%1_latent_psnr_db").arg(toString(comparison_->method)), QStringLiteral("dB"));
}

void OrbisModel::emitStepData(TraceSink &sink, int step) {
    const StepRecord &r = run_.steps[static_cast<std::size_t>(step)];
    const bool reduced = r.reduced;
    sink.counter(tokensSeries_, now_, reduced ? timing_->keptTokens(ratio()) : timing_->tokens().tokens());
    sink.counter(psnrSeries_, now_, kernels::reportedPsnrDb(r.latentPsnrDb));
    if (comparison_)
        sink.counter(
            comparisonPsnrSeries_, now_,
            kernels::reportedPsnrDb(comparison_->steps[static_cast<std::size_t>(step)].latentPsnrDb));
    const DenoisingPipeline &p = *pipeline_;
    const std::vector<std::int64_t> shape = {p.spec().content.frames, p.gridHeight(), p.gridWidth()};
    for (std::size_t b = 0; b < r.pairs.size(); ++b) {
        std::vector<std::int32_t> states(r.pairs[b].size(), token_state::kKept);
        for (std::size_t i = 0; i < states.size(); ++i)
            if (const int d = r.pairs[b][i]; d >= 0)
                states[i] = token_state::kMergedBase + d;
        sink.frame(Frame{step, now_, FrameKind::Tokens, QStringLiteral("block%1/matches").arg(b), shape,
                         DType::I32, bytesOf(states)});
        sink.frame(Frame{step, now_, FrameKind::Heat, QStringLiteral("block%1/output_error").arg(b), shape,
                         DType::F32, bytesOf(r.outputError[b])});
        if (comparison_) {
            const StepRecord &c = comparison_->steps[static_cast<std::size_t>(step)];
            std::vector<std::int32_t> other(c.pairs[b].size(), token_state::kKept);
            for (std::size_t i = 0; i < other.size(); ++i)
                if (const int d = c.pairs[b][i]; d >= 0)
                    other[i] = token_state::kMergedBase + d;
            const QString name = toString(comparison_->method);
            sink.frame(Frame{step, now_, FrameKind::Tokens,
                             QStringLiteral("block%1/%2_matches").arg(b).arg(name), shape, DType::I32,
                             bytesOf(other)});
            sink.frame(Frame{step, now_, FrameKind::Heat,
                             QStringLiteral("block%1/%2_output_error").arg(b).arg(name), shape, DType::F32,
                             bytesOf(c.outputError[b])});
        }
    }
}

void OrbisModel::emitSlot(TraceSink &sink, int step, std::size_t index) {
    const BlockSlot &slot = schedule_[static_cast<std::size_t>(step)].slots[index];
    const bool reduced = run_.steps[static_cast<std::size_t>(step)].reduced;
    if (slot.matched) {
        const std::uint32_t type = sink.eventType(
            matcher_, OpKind::Special, QStringLiteral("DATM block %1 for step %2").arg(slot.layer).arg(step));
        sink.appendEvent(
            type, timing::secondsToPs(slot.matchBegin), timing::secondsToPs(slot.matchEnd), 0,
            static_cast<std::uint64_t>(2.0 * double(fullWork_.distances + fullWork_.reevaluations) *
                                       timing_->backbone().hidden));
        sink.counter(stallSeries_, timing::secondsToPs(slot.begin), 1e6 * slot.stallSeconds);
        sink.counter(slackSeries_, timing::secondsToPs(slot.begin),
                     1e6 * (slot.begin - slot.stallSeconds - slot.matchEnd));
        if (slot.stallSeconds > 0) {
            const std::uint32_t wait =
                sink.eventType(engine_, OpKind::Sync, QStringLiteral("wait for matching"));
            sink.appendEvent(wait, timing::secondsToPs(slot.begin - slot.stallSeconds),
                             timing::secondsToPs(slot.begin));
        }
    }
    double t = slot.begin;
    for (const WorkloadOp &op : slotOps_[reduced ? 1 : 0][index]) {
        const OpTiming c = timing_->price(op);
        const UnitId unit = c.onEngine ? engine_ : vector_;
        const OpKind kind = c.onEngine                           ? OpKind::Matrix
                            : op.kind == WorkloadOpKind::Softmax ? OpKind::Special
                                                                 : OpKind::Vector;
        sink.appendEvent(sink.eventType(unit, kind, op.name), timing::secondsToPs(t),
                         timing::secondsToPs(t + c.seconds), static_cast<std::uint64_t>(op.bytes),
                         static_cast<std::uint64_t>(op.flops));
        if (c.memorySeconds > 0)
            sink.appendEvent(sink.eventType(hbm_, OpKind::MemoryRead, op.name), timing::secondsToPs(t),
                             timing::secondsToPs(t + c.memorySeconds), static_cast<std::uint64_t>(op.bytes));
        t += c.seconds;
    }
    now_ = timing::secondsToPs(slot.end);
}

int OrbisModel::advance(TraceSink &sink) {
    if (!begun_)
        begin(sink);
    const StepSchedule &st = schedule_[static_cast<std::size_t>(step_)];
    if (slot_ == 0) {
        now_ = timing::secondsToPs(st.begin);
        emitStepData(sink, step_);
        emitSlot(sink, step_, 0);
        slot_ = 1;
    }
    emitSlot(sink, step_, static_cast<std::size_t>(slot_));
    ++slot_;
    if (slot_ < static_cast<int>(st.slots.size()) - 1)
        return kLevelBlock;
    emitSlot(sink, step_, st.slots.size() - 1);
    slot_ = 0;
    ++step_;
    return kLevelStep;
}

QString OrbisModel::narration(int level, std::int64_t index) const {
    const int tokens = timing_->tokens().tokens(), kept = timing_->keptTokens(ratio());
    const int blocks = timing_->blockCount();
    const int step =
        level == kLevelStep ? static_cast<int>(index) : static_cast<int>(index / std::max(1, blocks));
    const StepRecord &r = run_.steps.at(static_cast<std::size_t>(std::clamp(step, 0, config_.steps - 1)));
    const QString quality = QStringLiteral("the toy latent is at %1 dB against the unreduced run")
                                .arg(kernels::reportedPsnrDb(r.latentPsnrDb), 0, 'f', 1);
    if (!r.reduced)
        return QStringLiteral(
                   "Step %1 (t = %2) runs unreduced (warm-up): all %3 video tokens enter attention, and "
                   "their outputs will guide the next step's matching; %4.")
            .arg(step)
            .arg(r.timestep)
            .arg(tokens)
            .arg(quality);
    const StepSchedule &st = schedule_.at(static_cast<std::size_t>(std::clamp(step, 0, config_.steps - 1)));
    const QString hidden =
        st.stallSeconds > 0
            ? QStringLiteral("the matching unit fell behind and the blocks waited %1 us")
                  .arg(1e6 * st.stallSeconds, 0, 'f', 1)
            : QStringLiteral("the matching unit (%1 us per block) stayed hidden behind compute")
                  .arg(1e6 * matchSeconds_, 0, 'f', 1);
    const QString how = config_.method == ReductionMethod::Orbis
                            ? QStringLiteral(
                                  "matched on the previous step's block outputs with distribution-aware "
                                  "matching (3-D windows across frames)")
                        : config_.method == ReductionMethod::AsymRnR
                            ? QStringLiteral("matched on this step's block inputs, greedily (AsymRnR)")
                            : QStringLiteral("matched on the previous step's outputs, greedily");
    return QStringLiteral(
               "Step %1 (t = %2): each block merges %3 of %4 tokens (%5 enter attention), %6; %7; %8.")
        .arg(step)
        .arg(r.timestep)
        .arg(tokens - kept)
        .arg(tokens)
        .arg(pct(double(kept) / tokens))
        .arg(how, hidden, quality);
}

DataSource OrbisModel::dataSource() const {
    return {
        QStringLiteral("Timing: %1, %2 frames at %3x%4 on the ORBIS model and %5 (shared roofline model). "
                       "Quality: %6")
            .arg(timing_->backbone().name)
            .arg(config_.workload.frames)
            .arg(config_.workload.width)
            .arg(config_.workload.height)
            .arg(gpu_.device().name, pipeline_->dataSource()),
        true};
}

std::vector<BaselineResult> OrbisModel::baselines() const {
    BaselineResult b;
    b.device = config_.gpuId;
    b.count = 1;
    b.label = gpu_.device().name + QStringLiteral(" unreduced");
    b.metrics = {{QStringLiteral("latency_ms"), 1e3 * a100Seconds(), QStringLiteral("ms"),
                  QStringLiteral("Every step of the unreduced model")},
                 {QStringLiteral("energy_j"), gpuDense_.energyJoules * config_.steps, QStringLiteral("J"),
                  QStringLiteral("Shared power model over the unreduced generation")}};
    std::vector<BaselineResult> out{b};
    if (comparison_ && comparison_->method == ReductionMethod::AsymRnR) {
        BaselineResult a = b;
        a.label = gpu_.device().name + QStringLiteral(" AsymRnR at equal quality");
        double seconds = 0, energy = 0;
        for (const StepRecord &s : comparison_->steps) {
            const BaselineEstimate &e = s.reduced ? gpuComparison_ : gpuDense_;
            seconds += e.seconds;
            energy += e.energyJoules;
        }
        a.metrics = {
            {QStringLiteral("latency_ms"), 1e3 * seconds, QStringLiteral("ms"),
             QStringLiteral("AsymRnR at the ratio reaching the same quality, matching on the GPU")},
            {QStringLiteral("energy_j"), energy, QStringLiteral("J"), QStringLiteral("Shared power model")}};
        out.push_back(a);
    }
    return out;
}

std::vector<Metric> OrbisModel::metrics() const {
    const double total = seconds();
    const double a100Energy = gpuDense_.energyJoules * config_.steps;
    int matchedJobs = 0, hiddenJobs = 0;
    double matchBusy = 0;
    for (const StepSchedule &st : schedule_)
        for (const BlockSlot &b : st.slots)
            if (b.matched) {
                ++matchedJobs;
                hiddenJobs += b.stallSeconds <= 0 ? 1 : 0;
                matchBusy += b.matchEnd - b.matchBegin;
            }
    std::vector<Metric> m = {
        {QStringLiteral("latency_ms"), 1e3 * timing::psToSeconds(now_), QStringLiteral("ms"),
         QStringLiteral("The generation on ORBIS, as far as the run got")},
        {QStringLiteral("generation_ms"), 1e3 * total, QStringLiteral("ms"),
         QStringLiteral("The whole generation on ORBIS")},
        {QStringLiteral("speedup_vs_a100"), a100Seconds() / total, QStringLiteral("x"),
         QStringLiteral("Unreduced generation on the baseline GPU / this run on ORBIS")},
        {QStringLiteral("energy_j"), energyJoules(), QStringLiteral("J"),
         QStringLiteral("ORBIS, whole generation")},
        {QStringLiteral("energy_reduction_vs_a100_pct"), 100.0 * (1.0 - energyJoules() / a100Energy),
         QStringLiteral("%"), QStringLiteral("1 - ORBIS energy / the unreduced GPU generation's")},
        {QStringLiteral("reduction_ratio"), ratio(), QString(),
         QStringLiteral("Share of tokens merged away per block (searched for the target, or as set)")},
        {QStringLiteral("attention_tokens_kept_pct"),
         100.0 * timing_->keptTokens(ratio()) / timing_->tokens().tokens(), QStringLiteral("%"),
         QStringLiteral("Video tokens entering attention at a reduced step (full-size grid)")},
        {QStringLiteral("psnr_db"), kernels::reportedPsnrDb(run_.psnrDb), QStringLiteral("dB"),
         QStringLiteral(
             "Final latent of the toy video pipeline against its unreduced run (100 when identical)")},
        {QStringLiteral("mse"), run_.mse, QString(), QStringLiteral("Mean squared error of the same")},
        {QStringLiteral("match_us_per_block"), 1e6 * matchSeconds_, QStringLiteral("us"),
         QStringLiteral("The matching unit's time for one block of the full-size grid")},
        {QStringLiteral("match_hidden_pct"), matchedJobs ? 100.0 * hiddenJobs / matchedJobs : 100.0,
         QStringLiteral("%"), QStringLiteral("Matching jobs finished before their block needed them")},
        {QStringLiteral("match_stall_ms"), 1e3 * stallSeconds(), QStringLiteral("ms"),
         QStringLiteral("Time the blocks waited for matching, whole generation")},
        {QStringLiteral("match_unit_busy_pct"), total > 0 ? 100.0 * matchBusy / total : 0.0,
         QStringLiteral("%"), QStringLiteral("Share of the generation the matching unit works")},
        {QStringLiteral("match_distances_per_block"), double(fullWork_.distances), QString(),
         QStringLiteral("Source-destination distances per block on the full-size grid")},
    };
    if (comparison_) {
        const bool orbisMain = config_.method != ReductionMethod::AsymRnR;
        const QString other = toString(comparison_->method);
        const double orbisRatio = orbisMain ? ratio() : comparison_->settings.ratio;
        const double asymRatio = orbisMain ? comparison_->settings.ratio : ratio();
        m.push_back({QStringLiteral("%1_ratio_at_equal_quality").arg(other), comparison_->settings.ratio,
                     QString(),
                     QStringLiteral("The other method's largest ratio reaching the same quality")});
        m.push_back({QStringLiteral("%1_psnr_db").arg(other), kernels::reportedPsnrDb(comparison_->psnrDb),
                     QStringLiteral("dB"), QStringLiteral("Its final-latent PSNR at that ratio")});
        m.push_back({QStringLiteral("reduction_ratio_gain_vs_asymrnr"),
                     asymRatio > 0 ? orbisRatio / asymRatio : 0.0, QStringLiteral("x"),
                     QStringLiteral("ORBIS's ratio / AsymRnR's at equal quality (0: AsymRnR reached none)")});
        if (comparison_->method == ReductionMethod::AsymRnR) {
            const std::vector<BaselineResult> b = baselines();
            m.push_back({QStringLiteral("speedup_vs_a100_asymrnr"),
                         b.back().metrics.front().value / (1e3 * total), QStringLiteral("x"),
                         QStringLiteral("The GPU running AsymRnR at equal quality / ORBIS")});
        }
    }
    return m;
}

}  // namespace accelscope::orbis
