#include "faststarmodel.h"

#include <algorithm>
#include <cmath>

#include <QLocale>

#include "core/sim/timing/units.h"

namespace accelscope::faststar {

namespace {

bool isScoringOp(const WorkloadOp &op) {
    return op.name == QLatin1String("spatial_similarity") || op.name == QLatin1String("temporal_similarity") ||
           op.name == QLatin1String("token_select") || op.name == QLatin1String("partial_update");
}

QString pct(double share) { return QString::number(100.0 * share, 'f', 0) + QLatin1Char('%'); }

QString count(double n) { return QLocale(QLocale::English).toString(static_cast<qlonglong>(std::llround(n))); }

template <class T>
QByteArray bytesOf(const std::vector<T> &values) {
    return QByteArray(reinterpret_cast<const char *>(values.data()), static_cast<qsizetype>(values.size() * sizeof(T)));
}

}  // namespace

FastStarModel::FastStarModel(const FastStarRunConfig &config, std::uint64_t seed) : config_(config), seed_(seed) {
    timing_ = std::make_unique<FastStarTiming>(diffusionBackbone(config_.backboneId), config_.workload, config_.gpuId,
                                               config_.imageToVideo, config_.pruning.prunedScales);
    generator_ = std::make_unique<NextScaleGenerator>(config_.functional, seed);
    run_ = runPruning(*generator_, config_.pruning);
    plan_ = timing_->plan([this](int clip, int scale) {
        const ScaleRecord &r = run_.at(clip, scale);
        return double(r.predicted) / r.tokens();
    });
    unpruned_ = timing_->plan();
    std::int64_t passes = 0, blocks = 0;
    for (const ScalePass &p : plan_) {
        firstPassOf_.push_back(passes);
        firstBlockOf_.push_back(blocks);
        passes += p.repetitions;
        blocks += std::int64_t(p.repetitions) * timing_->backbone().blocks;
    }
    buildTopology();
}

std::vector<StepLevel> FastStarModel::stepLevels() const {
    return {{QStringLiteral("block"), QStringLiteral("One transformer block of one pass on the GPU")},
            {QStringLiteral("pass"), QStringLiteral("One pass of the transformer over a scale's tokens")},
            {QStringLiteral("scale"), QStringLiteral("Every pass of one scale (scoring and selection first when it prunes)")},
            {QStringLiteral("clip"), QStringLiteral("Every scale of one clip, coarse to fine")}};
}

double FastStarModel::speedup() const { return timing_->seconds(unpruned_) / timing_->seconds(plan_); }

void FastStarModel::buildTopology() {
    gpuLanes_ = std::make_unique<GpuLanes>(
        topology_, timing_->gpu(), QStringLiteral("RMSNorms, SwiGLU, softmax, bit sampling, residuals"),
        QStringLiteral("token pruning"), QStringLiteral("Spatial and temporal similarity, top-k selection, partial-update scatter"));
}

double FastStarModel::progress() const {
    if (plan_.empty())
        return 1.0;
    const std::int64_t total = firstBlockOf_.back() + std::int64_t(plan_.back().repetitions) * timing_->backbone().blocks;
    if (pass_ >= plan_.size())
        return 1.0;
    const std::int64_t done = firstBlockOf_[pass_] + std::int64_t(repetition_) * timing_->backbone().blocks + block_;
    return double(done) / double(total);
}

void FastStarModel::begin(TraceSink &sink) {
    begun_ = true;
    queriesSeries_ = sink.counterSeries(QStringLiteral("query_tokens"), QStringLiteral("tokens"));
    prunedSeries_ = sink.counterSeries(QStringLiteral("pruned_tokens"), QStringLiteral("tokens"));
    keptShareSeries_ = sink.counterSeries(QStringLiteral("kept_share_pct"), QStringLiteral("%"));
    emitOps(sink, timing_->textPrefixOps());
}

void FastStarModel::emitScaleData(TraceSink &sink, const ScalePass &pass) {
    sink.counter(queriesSeries_, now_, pass.queries);
    sink.counter(prunedSeries_, now_, pass.tokens - pass.queries);
    sink.counter(keptShareSeries_, now_, 100.0 * pass.queries / pass.tokens);
    const ScaleRecord &r = run_.at(pass.clip, pass.scale);
    if (!r.pruning)
        return;
    const std::vector<std::int64_t> shape = {r.frames, r.height, r.width};
    const std::int64_t step = firstPassOf_[pass_];
    std::vector<std::int32_t> states(r.kept.size());
    for (std::size_t i = 0; i < states.size(); ++i)
        states[i] = r.kept[i] ? token_state::kKept : token_state::kPruned;
    const QString prefix = QStringLiteral("scale%1/").arg(pass.scale);
    sink.frame(Frame{step, now_, FrameKind::Tokens, prefix + QStringLiteral("tokens"), shape, DType::I32, bytesOf(states)});
    const auto heat = [&](const QString &what, const std::vector<float> &values) {
        if (!values.empty())
            sink.frame(Frame{step, now_, FrameKind::Heat, prefix + what, shape, DType::F32, bytesOf(values)});
    };
    heat(QStringLiteral("spatial_similarity"), r.scores.spatial);
    heat(QStringLiteral("temporal_similarity"), r.scores.temporal);
    heat(QStringLiteral("importance"), r.scores.importance);
}

void FastStarModel::emitOps(TraceSink &sink, const std::vector<WorkloadOp> &ops) {
    now_ = gpuLanes_->emit(sink, ops, now_, isScoringOp);
}

int FastStarModel::advance(TraceSink &sink) {
    if (!begun_)
        begin(sink);
    const ScalePass &pass = plan_[pass_];
    const int blocks = timing_->backbone().blocks;
    if (block_ == 0) {
        if (repetition_ == 0)
            emitScaleData(sink, pass);
        // Split the pass into what runs before the blocks, each block, and the head.
        const std::vector<WorkloadOp> ops = timing_->passOps(pass, repetition_ == 0);
        before_.clear();
        after_.clear();
        blocks_.assign(static_cast<std::size_t>(blocks), {});
        bool inBlocks = false;
        for (const WorkloadOp &op : ops) {
            if (op.layer >= 0) {
                inBlocks = true;
                blocks_[static_cast<std::size_t>(op.layer)].push_back(op);
            } else {
                (inBlocks ? after_ : before_).push_back(op);
            }
        }
        emitOps(sink, before_);
    }
    emitOps(sink, blocks_[static_cast<std::size_t>(block_)]);
    if (++block_ < blocks)
        return kLevelBlock;
    emitOps(sink, after_);
    block_ = 0;
    if (++repetition_ < pass.repetitions)
        return kLevelPass;
    repetition_ = 0;
    ++pass_;
    return pass_ >= plan_.size() || plan_[pass_].clip != pass.clip ? kLevelClip : kLevelScale;
}

const ScalePass &FastStarModel::passAt(int level, std::int64_t index) const {
    const std::vector<std::int64_t> *starts = level == kLevelBlock ? &firstBlockOf_ : level == kLevelPass ? &firstPassOf_ : nullptr;
    if (!starts)
        return plan_.at(static_cast<std::size_t>(std::clamp<std::int64_t>(index, 0, std::int64_t(plan_.size()) - 1)));
    const auto it = std::upper_bound(starts->begin(), starts->end(), index);
    return plan_[static_cast<std::size_t>(std::max<std::ptrdiff_t>(0, it - starts->begin() - 1))];
}

QString FastStarModel::narration(int level, std::int64_t index) const {
    const NextScaleSchedule &s = timing_->schedule();
    if (level == kLevelClip) {
        const int clip = static_cast<int>(index);
        double tokens = 0, queries = 0;
        for (const ScalePass &p : plan_)
            if (p.clip == clip && !p.givenImage) {
                tokens += double(p.tokens) * p.repetitions;
                queries += double(p.queries) * p.repetitions;
            }
        if (clip == 0 && config_.imageToVideo)
            return QStringLiteral("Clip 0 is the given image: one pass wrote its %1 tokens' keys and values for the "
                                  "video clip to attend to; nothing was generated or pruned.")
                .arg(count(s.latentHeight * s.latentWidth));
        return QStringLiteral("Clip %1 (%2) is done: %3 scales coarse to fine ran %4 of %5 token passes; pruning at "
                              "the last %6 scales skipped %7 (%8 of the clip's).")
            .arg(clip)
            .arg(clip == 0 ? QStringLiteral("the first frame, appearance") : QStringLiteral("motion"))
            .arg(s.scalesPerClip)
            .arg(count(queries))
            .arg(count(tokens))
            .arg(config_.pruning.prunedScales)
            .arg(count(tokens - queries))
            .arg(pct(1.0 - queries / std::max(tokens, 1.0)));
    }
    const ScalePass &p = passAt(level, index);
    const NextScaleStage &st = s.stages[static_cast<std::size_t>(p.stage)];
    const QString grid = QStringLiteral("%1x%2%3").arg(st.height).arg(st.width).arg(
        st.frames > 1 ? QStringLiteral(" x %1 frames").arg(st.frames) : QString());
    // Scales are numbered from 0 (as in the frame names); say where in the pyramid one is.
    const QString scale = QStringLiteral("scale %1 (%2 of %3 coarse to fine)").arg(p.scale).arg(p.scale + 1).arg(s.scalesPerClip);
    if (p.givenImage)
        return QStringLiteral("Clip 0 is the given image: one pass over its %1 tokens (%2) writes the keys and values "
                              "the video clip attends to.")
            .arg(count(p.tokens))
            .arg(grid);
    if (level == kLevelBlock) {
        return QStringLiteral("Clip %1, %2, %3: a block runs %4 of %5 tokens as queries against %6 keys "
                              "(text, context and every token of this scale).")
            .arg(p.clip)
            .arg(scale, grid)
            .arg(count(p.queries))
            .arg(count(p.tokens))
            .arg(count(timing_->backbone().textTokens + st.keyTokens));
    }
    if (!p.pruning)
        return QStringLiteral("Clip %1, %2, %3 = %4 tokens: %5 pass(es) predict every token's residual codes; "
                              "the scale is too coarse to prune.")
            .arg(p.clip)
            .arg(scale, grid)
            .arg(count(p.tokens))
            .arg(p.repetitions);
    const ScaleRecord &r = run_.at(p.clip, p.scale);
    const QString temporal = p.clip == 0 ? QStringLiteral("convergence from the previous scale (the first clip has no "
                                                          "previous clip)")
                                         : QStringLiteral("convergence from the previous scale and change since the "
                                                          "previous clip");
    return QStringLiteral("Clip %1, %2, %3: tokens were ranked by %4; %5 of %6 run as queries (%7), the other %8 "
                          "keep the codes the coarser scales gave them (partial update). On the toy, %9 of %10 tokens "
                          "were predicted.")
        .arg(p.clip)
        .arg(scale, grid, temporal)
        .arg(count(p.queries))
        .arg(count(p.tokens))
        .arg(pct(double(p.queries) / p.tokens))
        .arg(count(p.tokens - p.queries))
        .arg(r.predicted)
        .arg(r.tokens());
}

DataSource FastStarModel::dataSource() const {
    return {QStringLiteral("Timing: %1 %2 at %3x%4, %5 frames on %6 (shared roofline model). Quality: %7")
                .arg(timing_->backbone().name,
                     config_.imageToVideo ? QStringLiteral("image-to-video") : QStringLiteral("text-to-video"))
                .arg(config_.workload.width)
                .arg(config_.workload.height)
                .arg(config_.workload.frames)
                .arg(timing_->gpu().device().name, generator_->dataSource()),
            true};
}

std::vector<BaselineResult> FastStarModel::baselines() const {
    BaselineResult b;
    b.device = config_.gpuId;
    b.count = 1;
    b.label = timing_->gpu().device().name + QStringLiteral(" unpruned");
    b.metrics = {{QStringLiteral("latency_ms"), 1e3 * timing_->seconds(unpruned_), QStringLiteral("ms"),
                  QStringLiteral("Every scale of the unpruned InfinityStar generation")},
                 {QStringLiteral("energy_j"), timing_->energyJoules(unpruned_), QStringLiteral("J"),
                  QStringLiteral("Shared power model over the unpruned generation")}};
    return {b};
}

std::vector<Metric> FastStarModel::metrics() const {
    double tokens = 0, queries = 0, lastSeconds = 0;
    for (const ScalePass &p : plan_)
        if (p.pruning) {
            tokens += double(p.tokens) * p.repetitions;
            queries += double(p.queries) * p.repetitions;
        }
    for (const ScalePass &p : unpruned_)
        if (timing_->pruningScale(p.scale) && !p.givenImage)
            lastSeconds += timing_->estimate(p).seconds;
    return {
        {QStringLiteral("latency_ms"), 1e3 * timing::psToSeconds(now_), QStringLiteral("ms"),
         QStringLiteral("The pruned generation on the GPU, as far as the run got")},
        {QStringLiteral("speedup_vs_unpruned"), speedup(), QStringLiteral("x"),
         QStringLiteral("Unpruned generation time / pruned (shared roofline model, whole video)")},
        {QStringLiteral("psnr_db"), kernels::reportedPsnrDb(run_.psnrDb), QStringLiteral("dB"),
         QStringLiteral("Final latent video of the toy generator against its unpruned run (100 when identical)")},
        {QStringLiteral("mse"), run_.mse, QString(), QStringLiteral("Mean squared error of the same")},
        {QStringLiteral("energy_j"), timing_->energyJoules(plan_), QStringLiteral("J"),
         QStringLiteral("Shared GPU power model, whole pruned generation")},
        {QStringLiteral("pruned_token_passes_pct"), 100.0 * (1.0 - queries / std::max(tokens, 1.0)), QStringLiteral("%"),
         QStringLiteral("Token passes skipped at the pruned scales (repetitions counted)")},
        {QStringLiteral("toy_pruned_tokens"), double(run_.tokens() - run_.predictedTokens()), QStringLiteral("tokens"),
         QStringLiteral("Tokens the functional run did not predict, every clip and scale")},
        {QStringLiteral("pruned_scales_time_share_pct"), 100.0 * lastSeconds / timing_->seconds(unpruned_),
         QStringLiteral("%"), QStringLiteral("Share of the unpruned generation's time in the scales that prune")},
    };
}

}  // namespace accelscope::faststar
