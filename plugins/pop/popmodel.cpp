#include "popmodel.h"

#include <algorithm>
#include <cmath>

#include "core/api/errors.h"
#include "core/hw/devicelibrary.h"
#include "core/hw/textgenerationbaseline.h"
#include "core/sim/timing/units.h"
#include "core/workloads/passlayers.h"
#include "core/workloads/textgeneration.h"

namespace accelscope::pop {

namespace {

QString lanePurpose(ServingLane lane) {
    switch (lane) {
        case ServingLane::TensorCores:
            return QStringLiteral("Tensor cores");
        case ServingLane::VectorUnits:
            return QStringLiteral("Vector units");
        case ServingLane::Plugin:
            return QStringLiteral("POP pruner");
        case ServingLane::Interconnect:
            return QStringLiteral("Interconnect");
    }
    return {};
}

WorkloadOp vectorOp(const QString &name, int layer, double flops, double bytes) {
    WorkloadOp o;
    o.name = name;
    o.kind = WorkloadOpKind::Elementwise;
    o.layer = layer;
    o.flops = flops;
    o.bytes = bytes;
    return o;
}

Frame matrixFrame(std::int64_t step, TimePs time, FrameKind kind, const QString &name, std::int64_t rows,
                  std::int64_t cols) {
    Frame f;
    f.step = step;
    f.time = time;
    f.kind = kind;
    f.name = name;
    f.shape = {rows, cols};
    f.dtype = kind == FrameKind::Mask ? DType::U8 : DType::F32;
    f.data = QByteArray(static_cast<qsizetype>(rows * cols * (kind == FrameKind::Mask ? 1 : 4)), char(0));
    return f;
}

// One row of a mask frame: the sequence's channels in its prompt-rank order, set when kept.
void fillRankRow(Frame &f, std::int64_t row, const std::vector<int> &order, const kernels::Channels &kept) {
    std::vector<char> isKept(order.size(), 0);
    for (const int c : kept)
        isKept[static_cast<std::size_t>(c)] = 1;
    const auto cols = static_cast<std::int64_t>(order.size());
    for (std::int64_t j = 0; j < cols; ++j)
        f.data[static_cast<qsizetype>(row * cols + j)] =
            isKept[static_cast<std::size_t>(order[static_cast<std::size_t>(j)])];
}

QString pct(double share) {
    return QString::number(100.0 * share, 'f', 1);
}

}  // namespace

PopModel::PopModel(const PopRunConfig &config, std::uint64_t seed)
    : config_(config), seed_(seed), gpu_(BaselineModel::builtin(config.deviceId, config.devices)) {
    const TextGenerationWorkload &w = config_.workload.shape;
    const double weightBytes = residentWeightBytes(buildPrefill(config_.workload.model, w, config_.devices));
    const double kvBytes = kvCacheBytesPerToken(config_.workload.model, w) * w.batch *
                           double(config_.workload.contextTokens()) / config_.devices;
    const double capacity = gpu_.device().memoryCapacityBytes;
    if (weightBytes + kvBytes > capacity)
        throw InputError(
            QStringLiteral("%1 with batch %2 x %3 tokens needs %4 GB per GPU (weights, all resident for "
                           "online pruning, and the KV cache) but a %5 has %6 GB; lower batch or the "
                           "token counts, or raise devices")
                .arg(config_.workload.modelId)
                .arg(w.batch)
                .arg(config_.workload.contextTokens())
                .arg((weightBytes + kvBytes) / 1e9, 0, 'f', 1)
                .arg(gpu_.device().shortName)
                .arg(capacity / 1e9, 0, 'f', 1));
    experiment_ = std::make_unique<PopExperiment>(config_.functional, seed);
    if (config_.prunes())
        popShare_ = {experiment_->batchComputedShare(), experiment_->batchKeptShare()};
    buildTopology();
}

std::vector<StepLevel> PopModel::stepLevels() const {
    return {
        {QStringLiteral("layer"),
         QStringLiteral("One decoder layer of a pass (with POP's channel scoring or selection)")},
        {QStringLiteral("token"),
         QStringLiteral(
             "The prompt pass and its channel partition, then one decode step per further output token")}};
}

FfnChannelShare PopModel::staticShare() const {
    if (!config_.prunes())
        return {};
    const double ffn = config_.workload.model.ffn;
    const double keptShare = std::lround((1.0 - config_.functional.ffnPruneRatio) * ffn) / ffn;
    return {keptShare, keptShare};
}

BaselineResult PopModel::staticBaseline() const {
    const TransformerConfig &m = config_.workload.model;
    const TextGenerationWorkload &w = config_.workload.shape;
    const auto priced = [&](std::vector<WorkloadOp> ops) {
        pruneFfnChannels(ops, m, w, config_.devices, staticShare());
        return gpu_.estimate(ops);
    };
    BaselineEstimate total = priced(buildPrefill(m, w, config_.devices));
    llm::GenerationTiming t;
    t.prefillSeconds = total.seconds;
    for (int step = 1; step < w.outputTokens; ++step)
        total.append(priced(buildDecodeStep(m, w, w.inputTokens + step, config_.devices)));
    t.totalSeconds = total.seconds;
    t.outputTokens = w.outputTokens;
    t.batch = w.batch;
    t.energyJoules = total.energyJoules;
    t.latencyDoc =
        QStringLiteral("Prompt pass plus every decode step with a static FFN mask of the same budget");
    BaselineResult r;
    r.device = config_.deviceId;
    r.count = config_.devices;
    r.label = QStringLiteral("%1x %2 static pruning").arg(config_.devices).arg(gpu_.device().shortName);
    r.metrics = llm::standardMetrics(t);
    return r;
}

double PopModel::channelsPerDevice() const {
    return double(config_.workload.model.ffn) / config_.devices;
}

void PopModel::buildTopology() {
    const DeviceSpec &spec = gpu_.device();
    const UnitId device = topology_.addUnit(
        QStringLiteral("gpu0"), UnitKind::Device, kNoUnit,
        QStringLiteral("%1 (one of %2; all run the same shard)").arg(spec.name).arg(config_.devices));
    const UnitId core = topology_.addUnit(QStringLiteral("SMs"), UnitKind::Core, device,
                                          QStringLiteral("Streaming multiprocessors"));
    lanes_.assign(kServingLaneCount, kNoUnit);
    const auto add = [&](ServingLane lane, const QString &doc) {
        lanes_[static_cast<std::size_t>(lane)] =
            topology_.addUnit(lanePurpose(lane), UnitKind::Compute, core, doc);
    };
    add(ServingLane::TensorCores,
        QStringLiteral("GEMMs, GEMVs over the kept FFN channels, attention: %1 TFLOPS FP16 peak")
            .arg(spec.peakFp16TensorFlops / 1e12));
    add(ServingLane::VectorUnits, QStringLiteral("Norms, softmax, residuals, SwiGLU, embedding"));
    add(ServingLane::Plugin,
        QStringLiteral("POP kernels: channel scores and partition in the prompt pass; candidate "
                       "re-scoring and exact top-k per decode token"));
    if (config_.devices > 1)
        add(ServingLane::Interconnect, spec.interconnect.name);
    const QString memoryName = spec.memoryType.section(QLatin1Char(' '), 0, 0);
    const int banks = 8;
    const UnitId memory = topology_.addMemory(
        memoryName.isEmpty() ? QStringLiteral("DRAM") : memoryName, device, banks,
        static_cast<std::int64_t>(spec.memoryCapacityBytes / banks), spec.memoryBytesPerSecond,
        QStringLiteral(
            "%1; every FFN weight stays resident, a decode step streams the kept channels' rows and "
            "columns only")
            .arg(spec.memoryType));
    for (const ServingLane lane : {ServingLane::TensorCores, ServingLane::VectorUnits, ServingLane::Plugin})
        topology_.addLink(QStringLiteral("%1 port").arg(lanePurpose(lane)), device, memory,
                          lanes_[static_cast<std::size_t>(lane)], spec.memoryBytesPerSecond);
}

double PopModel::progress() const {
    if (done_)
        return 1.0;
    const double layers = config_.workload.model.layers;
    const double pass = phase_ == Phase::Decode ? token_ : 0;
    return std::min(1.0, (pass + layer_ / layers) / config_.workload.shape.outputTokens);
}

std::vector<WorkloadOp> PopModel::scoringOps(int layer) const {
    const TextGenerationWorkload &w = config_.workload.shape;
    const double e = w.bytesPerElement, rows = double(w.batch) * w.inputTokens, n = channelsPerDevice();
    const double groups = maskGroups();
    // ||h_k||_2 over each mask group's prompt tokens times the channel's weight factor
    // (Σ_i |W_down[i,k]|, computed once when the weights are loaded), then a sort of each group's
    // channels into the three sets.
    return {vectorOp(QStringLiteral("pop_channel_scores"), layer, 2.0 * rows * n + groups * n,
                     rows * n * e + n * 4.0 + groups * n * 4.0),
            vectorOp(QStringLiteral("pop_partition"), layer, groups * n * std::log2(std::max(n, 2.0)),
                     2.0 * groups * n * 4.0)};
}

std::vector<WorkloadOp> PopModel::selectionOps(int layer) const {
    const TextGenerationWorkload &w = config_.workload.shape;
    const double e = w.bytesPerElement, n = channelsPerDevice(), groups = maskGroups();
    const double candidates = std::max(1.0, std::round(config_.functional.gamma * n));
    const double kept = std::round((1.0 - config_.functional.ffnPruneRatio) * n);
    // Per step: ||h_c|| over each group's tokens × the factor for every candidate, an exact top-k
    // per group; the kept index lists are what the down-projection GEMV gathers by.
    return {vectorOp(
        QStringLiteral("pop_select"), layer,
        2.0 * w.batch * candidates + groups * candidates * (1.0 + std::log2(std::max(candidates, 2.0))),
        w.batch * candidates * e + candidates * 4.0 + groups * kept * 4.0)};
}

double PopModel::maskGroups() const {
    return config_.functional.scope == MaskScope::Batch ? 1.0 : double(config_.workload.shape.batch);
}

double PopModel::ffnSecondsPerLayer(const FfnChannelShare &share, bool pop) const {
    const TextGenerationWorkload &w = config_.workload.shape;
    std::vector<WorkloadOp> ops =
        buildDecodeStep(config_.workload.model, w, w.inputTokens + 1, config_.devices);
    pruneFfnChannels(ops, config_.workload.model, w, config_.devices, share);
    double seconds = 0;
    for (const WorkloadOp &op : ops)
        if (op.layer == 0 && (op.name == QStringLiteral("ffn_up") || op.name == QStringLiteral("ffn_act") ||
                              op.name == QStringLiteral("ffn_down")))
            seconds += gpu_.cost(op).seconds;
    if (pop && config_.prunes())
        for (const WorkloadOp &op : selectionOps(0))
            seconds += gpu_.cost(op).seconds;
    return seconds;
}

void PopModel::begin(TraceSink &sink) {
    begun_ = true;
    keptSeries_ = sink.counterSeries(QStringLiteral("ffn_kept_channels_pct"), QStringLiteral("%"));
    computedSeries_ = sink.counterSeries(QStringLiteral("ffn_computed_channels_pct"), QStringLiteral("%"));
    sink.counter(keptSeries_, 0, 100.0);
    sink.counter(computedSeries_, 0, 100.0);
}

TimePs PopModel::emitOps(TraceSink &sink, const std::vector<WorkloadOp> &ops, TimePs start, bool pruner) {
    return emitServingOps(sink, gpu_, lanes_, ops, start, pruner, energyJ_);
}

void PopModel::emitPartitionFrames(TraceSink &sink) {
    const PopExperiment &x = *experiment_;
    const PopSettings &f = x.settings();
    for (int l = 0; l < f.layers; ++l) {
        Frame heat = matrixFrame(stepsDone_, now_, FrameKind::Heat,
                                 QStringLiteral("layer%1/partition").arg(l), f.groups(), f.channels);
        auto *values = reinterpret_cast<float *>(heat.data.data());
        for (int g = 0; g < f.groups(); ++g) {
            const kernels::ChannelPartition &p = x.partition(l, g);
            for (const auto &[set, value] : {std::pair{&p.retained, 2.0f}, std::pair{&p.candidates, 1.0f}})
                for (const int c : *set)
                    values[static_cast<std::size_t>(g) * f.channels + static_cast<std::size_t>(c)] = value;
        }
        sink.frame(std::move(heat));
    }
}

void PopModel::emitMaskFrames(TraceSink &sink, int functionalToken) {
    const PopExperiment &x = *experiment_;
    const PopSettings &f = x.settings();
    for (int l = 0; l < f.layers; ++l) {
        // The first group's masks so far, a row per decode step, in its prompt-rank order.
        Frame history = matrixFrame(stepsDone_, now_, FrameKind::Mask,
                                    QStringLiteral("layer%1/history").arg(l), f.decodeTokens, f.channels);
        for (int t = 0; t <= functionalToken; ++t)
            fillRankRow(history, t, x.rankOrder(l, 0), x.kept(l, 0)[static_cast<std::size_t>(t)]);
        sink.frame(std::move(history));
        if (f.groups() == 1)
            continue;
        Frame groups = matrixFrame(stepsDone_, now_, FrameKind::Mask,
                                   QStringLiteral("layer%1/sequences").arg(l), f.groups(), f.channels);
        for (int g = 0; g < f.groups(); ++g)
            fillRankRow(groups, g, x.rankOrder(l, g),
                        x.kept(l, g)[static_cast<std::size_t>(functionalToken)]);
        sink.frame(std::move(groups));
    }
}

int PopModel::advance(TraceSink &sink) {
    if (!begun_)
        begin(sink);
    const TransformerConfig &m = config_.workload.model;
    const TextGenerationWorkload &w = config_.workload.shape;
    const int layers = m.layers;
    ++stepsDone_;
    if (phase_ == Phase::Prefill) {
        if (layer_ == 0)
            pass_ = buildPrefill(m, w, config_.devices);
        TimePs t = emitOps(sink, opsOfLayer(pass_, layer_, layers - 1), now_, false);
        if (config_.prunes()) {
            const TimePs scored = emitOps(sink, scoringOps(layer_), t, true);
            scoringPs_ += scored - t;
            t = scored;
        }
        prefillPs_ += t - now_;
        now_ = t;
        if (layer_ < layers - 1) {
            ++layer_;
            return kLevelLayer;
        }
        layer_ = 0;
        emitPartitionFrames(sink);
        sink.counter(computedSeries_, now_, 100.0 * popShare_.upGate);
        sink.counter(keptSeries_, now_, 100.0 * popShare_.down);
        phase_ = Phase::Decode;
        token_ = 1;
        done_ = w.outputTokens <= 1;
        return kLevelToken;
    }
    if (layer_ == 0) {
        pass_ = buildDecodeStep(m, w, w.inputTokens + token_, config_.devices);
        if (config_.prunes())
            pruneFfnChannels(pass_, m, w, config_.devices, popShare_);
    }
    std::vector<WorkloadOp> ops = opsOfLayer(pass_, layer_, layers - 1);
    TimePs t = now_;
    if (config_.prunes()) {
        // The selection sits between the activation (which produced the candidates' hidden values)
        // and the down projection that gathers the kept columns.
        const auto down = std::find_if(
            ops.begin(), ops.end(), [](const WorkloadOp &o) { return o.name == QStringLiteral("ffn_down"); });
        const std::vector<WorkloadOp> before(ops.begin(), down), after(down, ops.end());
        t = emitOps(sink, before, t, false);
        const TimePs selected = emitOps(sink, selectionOps(layer_), t, true);
        selectionPs_ += selected - t;
        t = emitOps(sink, after, selected, false);
    } else {
        t = emitOps(sink, ops, t, false);
    }
    decodePs_ += t - now_;
    now_ = t;
    if (layer_ < layers - 1) {
        ++layer_;
        return kLevelLayer;
    }
    layer_ = 0;
    const int functionalToken = token_ - 1;
    if (config_.prunes() && functionalToken < config_.functional.decodeTokens)
        emitMaskFrames(sink, functionalToken);
    if (token_ >= w.outputTokens - 1) {
        done_ = true;
        return kLevelToken;
    }
    ++token_;
    return kLevelToken;
}

QString PopModel::narration(int level, std::int64_t index) const {
    const TransformerConfig &m = config_.workload.model;
    const TextGenerationWorkload &w = config_.workload.shape;
    const int layers = m.layers;
    const PopSettings &f = config_.functional;
    const int keep = static_cast<int>(std::lround((1.0 - f.ffnPruneRatio) * m.ffn));
    const int band = static_cast<int>(std::lround(f.gamma * m.ffn));
    if (level == kLevelToken) {
        if (index == 0)
            return config_.prunes()
                       ? QStringLiteral(
                             "Prompt pass: %1 sequences of %2 tokens through all %3 layers, dense. In every "
                             "layer POP scores the %4 FFN channels on %7 and keeps the top %5 always, marks "
                             "%6 around the budget as candidates and drops the rest.")
                             .arg(w.batch)
                             .arg(w.inputTokens)
                             .arg(layers)
                             .arg(m.ffn)
                             .arg(std::max(0, keep - band / 2))
                             .arg(band)
                             .arg(f.scope == MaskScope::Batch ? QStringLiteral("the whole batch's prompts")
                                                              : QStringLiteral("each sequence's own prompt"))
                       : QStringLiteral(
                             "Prompt pass: %1 sequences of %2 tokens through all %3 layers (no pruning).")
                             .arg(w.batch)
                             .arg(w.inputTokens)
                             .arg(layers);
        return config_.prunes()
                   ? QStringLiteral(
                         "Decode step %1: the retained and candidate channels are computed, the candidates "
                         "re-scored on this step's tokens and exactly %2 of %3 kept per layer%6; the GEMVs "
                         "stream %4 % of the gate and up rows and %5 % of the down columns.")
                         .arg(index)
                         .arg(keep)
                         .arg(m.ffn)
                         .arg(pct(popShare_.upGate))
                         .arg(pct(popShare_.down))
                         .arg(f.scope == MaskScope::Batch
                                  ? QStringLiteral(" for the whole batch")
                                  : QStringLiteral(" by each sequence (the batch streams the union)"))
                   : QStringLiteral("Decode step %1: one token per sequence through the dense model.")
                         .arg(index);
    }
    if (index < layers)
        return QStringLiteral("Prompt layer %1 of %2: attention and the dense FFN over %3 tokens%4.")
            .arg(index)
            .arg(layers)
            .arg(w.inputTokens)
            .arg(config_.prunes()
                     ? QStringLiteral(", then POP's channel scores (||h_k|| x sum |W_down|) and the "
                                      "retained / candidate / pruned split")
                     : QString());
    const std::int64_t decodeIndex = index - layers;
    return QStringLiteral("Decode step %1, layer %2: attention over %3 cached tokens%4.")
        .arg(decodeIndex / layers + 1)
        .arg(decodeIndex % layers)
        .arg(w.inputTokens + decodeIndex / layers + 1)
        .arg(config_.prunes()
                 ? QStringLiteral("; the FFN computes gate and up for %1 % of the channels, re-scores "
                                  "%2 candidates per token and projects down over the kept ones")
                       .arg(pct(popShare_.upGate))
                       .arg(band)
                 : QString());
}

DataSource PopModel::dataSource() const {
    const PopSettings &f = experiment_->settings();
    return {QStringLiteral(
                "Timing from %1's dimensions on %2x %3 (shared roofline model). Functional: seeded synthetic "
                "gated FFN layers (seed %4): %5 layers of width %6 with %7 channels, %8 sequences of %9 "
                "prompt and %10 decode tokens of synthetic activations (massive channels, heavy tails, a "
                "per-sequence offset); one mask per %11.")
                .arg(config_.workload.modelId)
                .arg(config_.devices)
                .arg(gpu_.device().shortName)
                .arg(seed_)
                .arg(f.layers)
                .arg(f.dModel)
                .arg(f.channels)
                .arg(f.sequences)
                .arg(f.promptTokens)
                .arg(f.decodeTokens)
                .arg(f.scope == MaskScope::Batch ? QStringLiteral("batch") : QStringLiteral("sequence")),
            true};
}

std::vector<BaselineResult> PopModel::baselines() const {
    if (!baselines_) {
        BaselineResult dense = textGenerationBaseline(config_.workload.model, config_.workload.shape,
                                                      config_.deviceId, config_.devices);
        dense.label += QStringLiteral(" dense");
        std::vector<BaselineResult> all{dense};
        if (config_.prunes())
            all.push_back(staticBaseline());
        baselines_ = all;
    }
    return *baselines_;
}

std::vector<Metric> PopModel::metrics() const {
    const TextGenerationWorkload &w = config_.workload.shape;
    llm::GenerationTiming t;
    t.prefillSeconds = timing::psToSeconds(prefillPs_);
    t.totalSeconds = timing::psToSeconds(now_);
    t.outputTokens = w.outputTokens;
    t.batch = w.batch;
    t.energyJoules = energyJ_;
    t.prefillDoc = QStringLiteral("Dense prompt pass with POP's channel scoring and partition");
    t.energyDoc = QStringLiteral(
        "Shared baseline power model over every op: (idle + (TDP - idle) x utilisation) x time");
    std::vector<Metric> m = llm::standardMetrics(t);
    const std::vector<BaselineResult> base = baselines();
    const auto ratio = [](const Metric *a, const Metric *b) {
        return a && b && b->value > 0 ? a->value / b->value : 0.0;
    };
    const auto speedup = [&](const BaselineResult &b, const char *name) {
        return ratio(findMetric(b.metrics, QLatin1String(name)), findMetric(m, QLatin1String(name)));
    };
    const double latencyVsDense = speedup(base.front(), "latency_ms");
    const double decodeVsDense = speedup(base.front(), "decode_ms_per_token");
    m.push_back({QStringLiteral("speedup_vs_dense"), latencyVsDense, QStringLiteral("x"),
                 QStringLiteral("End-to-end latency of the dense model / with POP (same GPU)")});
    m.push_back({QStringLiteral("decode_speedup_vs_dense"), decodeVsDense, QStringLiteral("x"),
                 QStringLiteral("Decode step time of the dense model / with POP")});
    if (base.size() > 1)
        m.push_back({QStringLiteral("static_speedup_vs_dense"),
                     ratio(findMetric(base.front().metrics, QStringLiteral("latency_ms")),
                           findMetric(base[1].metrics, QStringLiteral("latency_ms"))),
                     QStringLiteral("x"),
                     QStringLiteral("End-to-end latency dense / with a static mask of the same budget")});
    const PopExperiment &x = *experiment_;
    const double staticFfn = ffnSecondsPerLayer(staticShare(), false),
                 popFfn = ffnSecondsPerLayer(popShare_, true);
    const double denseFfn = ffnSecondsPerLayer({}, false);
    m.insert(
        m.end(),
        {{QStringLiteral("overall_prune_ratio_pct"), 100.0 * config_.overallPruneRatio, QStringLiteral("%"),
          QStringLiteral("Share of the layers' linear weights pruned (attention and FFN counted)")},
         {QStringLiteral("ffn_prune_ratio_pct"), 100.0 * config_.functional.ffnPruneRatio,
          QStringLiteral("%"),
          QStringLiteral("Share of the FFN channels each token drops (only the FFN is pruned)")},
         {QStringLiteral("batch_computed_channels_pct"), 100.0 * popShare_.upGate, QStringLiteral("%"),
          QStringLiteral(
              "Gate/up rows a decode step streams: the union of the batch's retained and candidates")},
         {QStringLiteral("batch_kept_channels_pct"), 100.0 * popShare_.down, QStringLiteral("%"),
          QStringLiteral(
              "Down-projection columns a decode step streams: the union of the batch's kept channels")},
         {QStringLiteral("group_computed_channels_pct"), 100.0 * x.groupComputedShare(), QStringLiteral("%"),
          QStringLiteral("Retained + candidate channels of one mask group (the batch, or a sequence)")},
         {QStringLiteral("kept_channels_pct"), 100.0 * x.groupKeptShare(), QStringLiteral("%"),
          QStringLiteral("Channels one token keeps (the budget, functional width)")},
         {QStringLiteral("budget_met_exactly"), x.budgetMetExactly() ? 1.0 : 0.0, QString(),
          QStringLiteral("1 when every decode step of every mask group and layer kept exactly the budget")},
         {QStringLiteral("ffn_overhead_vs_static_pct"),
          staticFfn > 0 ? 100.0 * (popFfn / staticFfn - 1.0) : 0.0, QStringLiteral("%"),
          QStringLiteral(
              "Decode FFN time with POP (union of the batch's channels, selection) / with a static mask")},
         {QStringLiteral("ffn_extra_cost_pct"), denseFfn > 0 ? 100.0 * (popFfn - staticFfn) / denseFfn : 0.0,
          QStringLiteral("%"),
          QStringLiteral(
              "POP's extra decode FFN time over a static mask of the same budget, as a share of the "
              "dense FFN's time (candidates computed and re-scored)")},
         {QStringLiteral("scoring_overhead_pct"),
          prefillPs_ > scoringPs_ ? 100.0 * double(scoringPs_) / double(prefillPs_ - scoringPs_) : 0.0,
          QStringLiteral("%"), QStringLiteral("POP's channel scoring and partition / the dense prompt pass")},
         {QStringLiteral("selection_share_of_decode_pct"),
          decodePs_ > 0 ? 100.0 * double(selectionPs_) / decodePs_ : 0.0, QStringLiteral("%"),
          QStringLiteral("Candidate re-scoring and top-k / all decode time")},
         {QStringLiteral("top_half_overlap"), x.topHalfOverlap(), QString(),
          QStringLiteral("Overlap of consecutive decode tokens' top-50 % channel sets (dense scores)")},
         {QStringLiteral("static_agreement_pct"), 100.0 * x.staticAgreement(), QStringLiteral("%"),
          QStringLiteral("Share of a token's POP channels that the static mask also keeps")}});
    for (const PruneMethod method : {PruneMethod::Pop, PruneMethod::Static, PruneMethod::Oracle})
        m.push_back(
            {outputErrorMetric(method), 100.0 * x.outputError(method), QStringLiteral("%"),
             QStringLiteral("Relative FFN output error of %1 pruning over the decode tokens (mean over "
                            "functional layers)")
                 .arg(toString(method))});
    const double fixedError = x.outputError(PruneMethod::Static);
    m.push_back({QStringLiteral("error_ratio_pop_static"),
                 fixedError > 0 ? x.outputError(PruneMethod::Pop) / fixedError : 0.0, QStringLiteral("x"),
                 QStringLiteral("POP's FFN output error / static pruning's (below 1: POP is closer)")});
    return m;
}

}  // namespace accelscope::pop
