#include "ditomodel.h"

#include <algorithm>
#include <cmath>

#include "core/sim/timing/units.h"

namespace accelscope::dito {

namespace {

bool isMatchingOp(const WorkloadOp &op) {
    return op.name.startsWith(QLatin1String("match_")) || op.name == QLatin1String("merge") ||
           op.name == QLatin1String("unmerge");
}

QString pct(double share) { return QString::number(100.0 * share, 'f', 0) + QLatin1Char('%'); }

}  // namespace

DitoModel::DitoModel(const DitoRunConfig &config, std::uint64_t seed) : config_(config), seed_(seed) {
    timing_ = std::make_unique<DitoTiming>(diffusionBackbone(config_.backboneId), config_.workload, config_.gpuId,
                                           config_.reduction.cellWidth, config_.reduction.cellHeight);
    pipeline_ = std::make_unique<DenoisingPipeline>(config_.functional, seed);
    reference_ = std::make_unique<ReferenceRun>(*pipeline_);
    run_ = runReduction(*reference_, config_.method, config_.reduction, seed);
    if (config_.method == ReductionMethod::Dito && config_.compareToMeSd) {
        ReductionSettings s = config_.reduction;
        s.ratio = comparisonRatio_ = timing_->toMeSdRatioForSpeedup(speedup(), config_.steps);
        comparison_ = runReduction(*reference_, ReductionMethod::ToMeSd, s, seed);
    }
    for (int s = 0; s < config_.steps; ++s) {
        const bool starts = s == 0 || config_.method == ReductionMethod::ToMeSd || run_.steps[static_cast<std::size_t>(s)].matching;
        if (starts)
            intervals_.push_back({s, s});
        intervals_.back().second = s;
        intervalOf_.push_back(static_cast<int>(intervals_.size()) - 1);
    }
    buildTopology();
}

std::vector<StepLevel> DitoModel::stepLevels() const {
    return {{QStringLiteral("block"), QStringLiteral("One transformer block of the backbone on the GPU")},
            {QStringLiteral("step"), QStringLiteral("One denoising step")},
            {QStringLiteral("interval"),
             QStringLiteral("A Matching step and the Reduction steps that reuse its pairs (ToMeSD: one step)")}};
}

double DitoModel::speedup() const {
    const double reduced = config_.method == ReductionMethod::Dito
                               ? timing_->ditoSeconds(run_.steps, config_.reduction.ratio)
                               : timing_->toMeSdSeconds(config_.reduction.ratio, config_.steps);
    return timing_->denseSeconds(config_.steps) / reduced;
}

double DitoModel::comparisonSpeedup() const {
    return timing_->denseSeconds(config_.steps) / timing_->toMeSdSeconds(comparisonRatio_, config_.steps);
}

StepShape DitoModel::shapeOf(int step) const {
    const StepRecord &r = run_.steps.at(static_cast<std::size_t>(step));
    return config_.method == ReductionMethod::Dito ? timing_->ditoStep(r.matching, r.reduced, config_.reduction.ratio)
                                                   : timing_->toMeSdStep(config_.reduction.ratio);
}

void DitoModel::buildTopology() {
    gpuLanes_ = std::make_unique<GpuLanes>(
        topology_, timing_->gpu(), QStringLiteral("Norms, softmax, GELU, residuals, modulation"),
        QStringLiteral("token merging"), QStringLiteral("Similarity of sources and destinations, selection, merge and unmerge"));
}

double DitoModel::progress() const {
    const int blocks = timing_->backbone().blocks + timing_->backbone().singleBlocks;
    return std::min(1.0, (step_ + double(block_) / std::max(blocks, 1)) / config_.steps);
}

void DitoModel::begin(TraceSink &sink) {
    begun_ = true;
    tokensSeries_ = sink.counterSeries(QStringLiteral("attention_tokens"), QStringLiteral("tokens"));
    psnrSeries_ = sink.counterSeries(QStringLiteral("latent_psnr_db"), QStringLiteral("dB"));
    if (config_.method == ReductionMethod::Dito) {
        intervalSeries_ = sink.counterSeries(QStringLiteral("matching_interval"), QStringLiteral("steps"));
        pmrSeries_ = sink.counterSeries(QStringLiteral("pair_match_ratio"), QString());
    }
    if (comparison_)
        comparisonPsnrSeries_ = sink.counterSeries(QStringLiteral("tomesd_latent_psnr_db"), QStringLiteral("dB"));
}

void DitoModel::emitStepData(TraceSink &sink, int step) {
    const StepRecord &r = run_.steps[static_cast<std::size_t>(step)];
    sink.counter(tokensSeries_, now_, shapeOf(step).keptTokens);
    sink.counter(psnrSeries_, now_, kernels::reportedPsnrDb(r.latentPsnrDb));
    if (config_.method == ReductionMethod::Dito) {
        sink.counter(intervalSeries_, now_, r.interval);
        if (r.pmr >= 0)
            sink.counter(pmrSeries_, now_, r.pmr);
    }
    if (comparison_)
        sink.counter(comparisonPsnrSeries_, now_,
                     kernels::reportedPsnrDb(comparison_->steps[static_cast<std::size_t>(step)].latentPsnrDb));

    const int h = pipeline_->gridHeight(), w = pipeline_->gridWidth();
    const auto heat = [&](const QString &name, const std::vector<float> &values) {
        Frame f;
        f.step = step;
        f.time = now_;
        f.kind = FrameKind::Heat;
        f.name = name;
        f.shape = {h, w};
        f.dtype = DType::F32;
        f.data = QByteArray(reinterpret_cast<const char *>(values.data()), static_cast<qsizetype>(values.size() * sizeof(float)));
        sink.frame(std::move(f));
    };
    for (std::size_t b = 0; b < r.pairs.size(); ++b) {
        std::vector<std::int32_t> states(r.pairs[b].size(), token_state::kKept);
        if (r.reduced || r.matching)
            for (std::size_t i = 0; i < states.size(); ++i)
                if (const int d = r.pairs[b][i]; d >= 0)
                    states[i] = token_state::kMergedBase + d;
        Frame f;
        f.step = step;
        f.time = now_;
        f.kind = FrameKind::Tokens;
        f.name = QStringLiteral("block%1/pairs").arg(b);
        f.shape = {h, w};
        f.dtype = DType::I32;
        f.data = QByteArray(reinterpret_cast<const char *>(states.data()), static_cast<qsizetype>(states.size() * sizeof(std::int32_t)));
        sink.frame(std::move(f));
        heat(QStringLiteral("block%1/output_error").arg(b), r.outputError[b]);
        if (!r.selectionCount[b].empty())
            heat(QStringLiteral("block%1/selection_count").arg(b), r.selectionCount[b]);
        if (comparison_)
            heat(QStringLiteral("block%1/tomesd_output_error").arg(b),
                 comparison_->steps[static_cast<std::size_t>(step)].outputError[b]);
    }
}

void DitoModel::emitBlockOps(TraceSink &sink, const std::vector<WorkloadOp> &ops, int layer) {
    std::vector<WorkloadOp> block;
    std::copy_if(ops.begin(), ops.end(), std::back_inserter(block), [layer](const WorkloadOp &op) { return op.layer == layer; });
    now_ = gpuLanes_->emit(sink, block, now_, isMatchingOp);
}

int DitoModel::advance(TraceSink &sink) {
    if (!begun_)
        begin(sink);
    const int blocks = timing_->backbone().blocks + timing_->backbone().singleBlocks;
    if (block_ == 0) {
        stepOps_ = timing_->ops(shapeOf(step_));
        emitStepData(sink, step_);
        // The embedding: the ops before the first block.
        const auto first = std::find_if(stepOps_.begin(), stepOps_.end(), [](const WorkloadOp &o) { return o.layer >= 0; });
        emitBlockOps(sink, std::vector<WorkloadOp>(stepOps_.begin(), first), -1);
        stepOps_.erase(stepOps_.begin(), first);
    }
    emitBlockOps(sink, stepOps_, block_);
    if (block_ < blocks - 1) {
        ++block_;
        return kLevelBlock;
    }
    emitBlockOps(sink, stepOps_, -1);  // the final layer
    block_ = 0;
    const int step = step_++;
    return intervals_[static_cast<std::size_t>(intervalOf_[static_cast<std::size_t>(step)])].second == step
               ? kLevelInterval
               : kLevelStep;
}

QString DitoModel::narration(int level, std::int64_t index) const {
    const bool dito = config_.method == ReductionMethod::Dito;
    const int tokens = timing_->tokens().tokens();
    const int kept = timing_->keptTokens(config_.reduction.ratio);
    if (level == kLevelInterval) {
        const auto [first, last] = intervals_.at(static_cast<std::size_t>(index));
        if (!dito)
            return QStringLiteral("ToMeSD step %1: every block matched its input tokens and merged %2 of %3 before "
                                  "attention.")
                .arg(first)
                .arg(tokens - kept)
                .arg(tokens);
        const StepRecord &m = run_.steps[static_cast<std::size_t>(first)];
        const QString pmr = m.pmr >= 0 ? QStringLiteral("PMR %1 %2 %3, so the interval became %4")
                                             .arg(m.pmr, 0, 'f', 2)
                                             .arg(m.pmr >= config_.reduction.pmrThreshold ? QStringLiteral(">=")
                                                                                          : QStringLiteral("<"))
                                             .arg(config_.reduction.pmrThreshold, 0, 'f', 2)
                                             .arg(m.interval)
                                       : QStringLiteral("the first matching, interval %1").arg(m.interval);
        return QStringLiteral("Interval %1: Matching step %2 (%3); its pairs were reused by %4.")
            .arg(index + 1)
            .arg(first)
            .arg(pmr)
            .arg(last > first + 1   ? QStringLiteral("Reduction steps %1-%2").arg(first + 1).arg(last)
                 : last == first + 1 ? QStringLiteral("Reduction step %1").arg(last)
                                     : QStringLiteral("no step (the run ended)"));
    }
    const int step = level == kLevelStep ? static_cast<int>(index)
                                         : static_cast<int>(index / std::max(1, timing_->backbone().blocks +
                                                                                    timing_->backbone().singleBlocks));
    const StepRecord &r = run_.steps.at(static_cast<std::size_t>(std::min(step, config_.steps - 1)));
    const QString quality = QStringLiteral("the latent is at %1 dB against the unreduced run")
                                .arg(kernels::reportedPsnrDb(r.latentPsnrDb), 0, 'f', 1);
    if (!dito)
        return QStringLiteral("Step %1 (t = %2): each block matches its input tokens by cosine similarity, merges %3 "
                              "of %4 into their 2x2-cell destinations for attention and copies the results back; %5.")
            .arg(step)
            .arg(r.timestep)
            .arg(tokens - kept)
            .arg(tokens)
            .arg(quality);
    if (r.matching)
        return QStringLiteral("Step %1 (t = %2) is a Matching step: every block runs on all %3 tokens, and the "
                              "cosine similarity of its attention outputs, minus the selection-frequency penalty, "
                              "pairs %4 sources with destinations for the next steps; %5.")
            .arg(step)
            .arg(r.timestep)
            .arg(tokens)
            .arg(tokens - kept)
            .arg(quality);
    return QStringLiteral("Step %1 (t = %2) is a Reduction step: the pairs of step %3 merge %4 of %5 tokens before "
                          "each block's attention (%6 of the tokens enter it), and merged tokens copy their "
                          "destination's output; %7.")
        .arg(step)
        .arg(r.timestep)
        .arg(intervals_[static_cast<std::size_t>(intervalOf_[static_cast<std::size_t>(r.step)])].first)
        .arg(tokens - kept)
        .arg(tokens)
        .arg(pct(double(kept) / tokens))
        .arg(quality);
}

DataSource DitoModel::dataSource() const {
    return {QStringLiteral("Timing: %1 at %2x%3 on %4 (shared roofline model). Quality: %5")
                .arg(timing_->backbone().name)
                .arg(config_.workload.width)
                .arg(config_.workload.height)
                .arg(timing_->gpu().device().name, pipeline_->dataSource()),
            true};
}

std::vector<BaselineResult> DitoModel::baselines() const {
    const BaselineEstimate &dense = timing_->estimate(timing_->dense());
    BaselineResult b;
    b.device = config_.gpuId;
    b.count = 1;
    b.label = timing_->gpu().device().name + QStringLiteral(" unreduced");
    b.metrics = {{QStringLiteral("latency_ms"), 1e3 * dense.seconds * config_.steps, QStringLiteral("ms"),
                  QStringLiteral("Every step of the unreduced model")},
                 {QStringLiteral("energy_j"), dense.energyJoules * config_.steps, QStringLiteral("J"),
                  QStringLiteral("Shared power model over the unreduced generation")}};
    return {b};
}

std::vector<Metric> DitoModel::metrics() const {
    const bool dito = config_.method == ReductionMethod::Dito;
    const double seconds = timing::psToSeconds(now_);
    double energy = 0;
    for (int s = 0; s < config_.steps; ++s)
        energy += timing_->estimate(shapeOf(s)).energyJoules;
    double pmrSum = 0;
    int pmrCount = 0;
    for (const StepRecord &r : run_.steps)
        if (r.pmr >= 0) {
            pmrSum += r.pmr;
            ++pmrCount;
        }
    std::vector<Metric> m = {
        {QStringLiteral("latency_ms"), 1e3 * seconds, QStringLiteral("ms"),
         QStringLiteral("Every denoising step on the GPU, as far as the run got")},
        {QStringLiteral("speedup_vs_unreduced"), speedup(), QStringLiteral("x"),
         QStringLiteral("Unreduced generation time / this method's (shared roofline model, whole run)")},
        {QStringLiteral("psnr_db"), kernels::reportedPsnrDb(run_.psnrDb), QStringLiteral("dB"),
         QStringLiteral("Final latent of the toy pipeline against its unreduced run (100 when identical)")},
        {QStringLiteral("mse"), run_.mse, QString(), QStringLiteral("Mean squared error of the same")},
        {QStringLiteral("energy_j"), energy, QStringLiteral("J"), QStringLiteral("Shared GPU power model, whole run")},
        {QStringLiteral("attention_tokens_kept_pct"), 100.0 * timing_->keptTokens(config_.reduction.ratio) /
                                                          timing_->tokens().tokens(),
         QStringLiteral("%"), QStringLiteral("Image tokens entering attention at a reduced step")},
        {QStringLiteral("reduced_steps"), double(run_.reducedSteps()), QStringLiteral("steps"),
         QStringLiteral("Steps whose attention ran on merged tokens")},
    };
    if (dito) {
        m.push_back({QStringLiteral("matching_steps"), double(run_.matchingSteps()), QStringLiteral("steps"),
                     QStringLiteral("Unreduced steps that set new pairs")});
        m.push_back({QStringLiteral("mean_pair_match_ratio"), pmrCount ? pmrSum / pmrCount : 0.0, QString(),
                     QStringLiteral("Mean PMR over Matching steps after the first")});
    }
    if (comparison_) {
        const double gain = kernels::reportedPsnrDb(run_.psnrDb) - kernels::reportedPsnrDb(comparison_->psnrDb);
        m.push_back({QStringLiteral("tomesd_ratio_at_equal_speedup"), comparisonRatio_, QString(),
                     QStringLiteral("ToMeSD reduction ratio whose speedup equals DiTo's")});
        m.push_back({QStringLiteral("tomesd_speedup_at_equal_speedup"), comparisonSpeedup(), QStringLiteral("x"),
                     QStringLiteral("ToMeSD's speedup at that ratio")});
        m.push_back({QStringLiteral("tomesd_psnr_at_equal_speedup_db"), kernels::reportedPsnrDb(comparison_->psnrDb),
                     QStringLiteral("dB"), QStringLiteral("ToMeSD's final-latent PSNR at that ratio")});
        m.push_back({QStringLiteral("psnr_gain_vs_tomesd_db"), gain, QStringLiteral("dB"),
                     QStringLiteral("psnr_db minus ToMeSD's at the same speedup")});
    }
    return m;
}

}  // namespace accelscope::dito
