#include "laproxmodel.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/api/errors.h"
#include "core/hw/devicelibrary.h"
#include "core/hw/textgenerationbaseline.h"
#include "core/sim/timing/units.h"
#include "core/workloads/passlayers.h"
#include "core/workloads/textgeneration.h"

namespace accelscope::laprox {

namespace {

constexpr int kBankSeries = 3;  // total, weights, kv

QString lanePurpose(ServingLane lane) {
    switch (lane) {
        case ServingLane::TensorCores: return QStringLiteral("Tensor cores");
        case ServingLane::VectorUnits: return QStringLiteral("Vector units");
        case ServingLane::Plugin: return QStringLiteral("LaProx scoring");
        case ServingLane::Interconnect: return QStringLiteral("Interconnect");
    }
    return {};
}

QString gb(double bytes) {
    return QString::number(bytes / 1e9, 'f', bytes < 10e9 ? 2 : 1);
}

QString mb(double bytes) {
    return QString::number(bytes / 1e6, 'f', 1);
}

// Rows are (layer, KV head), layer-major, so every method's map has the same shape; a layer-wise
// method repeats its row over the layer's KV heads.
Frame maskFrame(std::int64_t step, TimePs time, const QString &name, const Selection &selection, int tokens) {
    Frame f;
    f.step = step;
    f.time = time;
    f.kind = FrameKind::Mask;
    f.name = name;
    f.dtype = DType::U8;
    std::vector<const kernels::KeptTokens *> rows;
    for (const LayerSelection &layer : selection)
        for (const kernels::KeptTokens &head : layer)
            rows.push_back(&head);
    f.shape = {static_cast<std::int64_t>(rows.size()), tokens};
    f.data = QByteArray(static_cast<qsizetype>(rows.size()) * tokens, char(0));
    for (std::size_t r = 0; r < rows.size(); ++r)
        for (const int t : *rows[r])
            f.data[static_cast<qsizetype>(r) * tokens + t] = char(1);
    return f;
}

}  // namespace

LaproxModel::LaproxModel(const LaproxRunConfig &config, std::uint64_t seed)
    : config_(config), seed_(seed), gpu_(BaselineModel::builtin(config.deviceId, config.devices)) {
    experiment_ = std::make_unique<EvictionExperiment>(config_.workload.model, config_.functional, seed);
    const TextGenerationWorkload &w = config_.workload.shape;
    weightBytes_ = residentWeightBytes(buildPrefill(config_.workload.model, w, config_.devices));
    const double capacity = gpu_.device().memoryCapacityBytes;
    const double needed = weightBytes_ + config_.workload.model.layers * kvBytesPerLayer(w.inputTokens);
    if (needed > capacity)
        throw InputError(QStringLiteral("%1 with %2 prompt tokens x batch %3 needs %4 GB per GPU (weights %5 GB and the "
                                        "prompt's full KV cache, held until the model-wide selection) but a %6 has %7 "
                                        "GB; lower input_tokens or batch, or raise devices")
                             .arg(config_.workload.modelId)
                             .arg(w.inputTokens)
                             .arg(w.batch)
                             .arg(gb(needed), gb(weightBytes_), gpu_.device().shortName, gb(capacity)));
    splitBudgetOverLayers();
    sampleEvery_ = std::max(1, w.outputTokens / 128);
    buildTopology();
}

std::vector<StepLevel> LaproxModel::stepLevels() const {
    return {{QStringLiteral("layer"),
             QStringLiteral("One decoder layer of a pass (with LaProx's scoring in the prompt pass), or the selection")},
            {QStringLiteral("token"),
             QStringLiteral("The prompt pass and its eviction, then one decode step per further output token")}};
}

double LaproxModel::kvBytesPerLayer(std::int64_t tokens) const {
    const TransformerConfig &m = config_.workload.model;
    const double share = m.kvHeads >= config_.devices ? 1.0 / config_.devices : 1.0 / m.kvHeads;
    return 2.0 * m.kvWidth() * config_.workload.shape.kvBytesPerElement() * config_.workload.shape.batch *
           double(tokens) * share;
}

void LaproxModel::splitBudgetOverLayers() {
    const int layers = config_.workload.model.layers;
    const int input = config_.workload.shape.inputTokens;
    if (!evicts()) {
        keptPerLayer_.assign(static_cast<std::size_t>(layers), input);
        keptMean_ = input;
        return;
    }
    keptMean_ = std::clamp(static_cast<int>(std::lround(config_.budget * input)), 1, input);
    // Each model layer keeps in proportion to what its nearest functional layer (at or below it) kept.
    const Selection selection = experiment_->select(config_.method, config_.budget);
    const std::vector<int> &sampled = experiment_->modelLayers();
    std::vector<double> weight(static_cast<std::size_t>(layers));
    for (int l = 0; l < layers; ++l) {
        std::size_t f = 0;
        while (f + 1 < sampled.size() && sampled[f + 1] <= l)
            ++f;
        double kept = 0;
        for (const auto &head : selection[f])
            kept += double(head.size());
        weight[static_cast<std::size_t>(l)] = kept;
    }
    const double total = double(keptMean_) * layers;
    const double sum = std::accumulate(weight.begin(), weight.end(), 0.0);
    keptPerLayer_.assign(static_cast<std::size_t>(layers), 0);
    std::vector<double> remainder(static_cast<std::size_t>(layers));
    std::int64_t assigned = 0;
    for (std::size_t l = 0; l < weight.size(); ++l) {
        const double ideal = std::min<double>(input, total * weight[l] / sum);
        keptPerLayer_[l] = static_cast<int>(std::floor(ideal));
        remainder[l] = ideal - keptPerLayer_[l];
        assigned += keptPerLayer_[l];
    }
    // Largest remainder first, then any layer with room, until the total is met exactly.
    std::vector<std::size_t> order(weight.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return remainder[a] > remainder[b]; });
    for (std::int64_t left = static_cast<std::int64_t>(total) - assigned; left > 0;)
        for (const std::size_t l : order)
            if (left > 0 && keptPerLayer_[l] < input) {
                ++keptPerLayer_[l];
                --left;
            }
}

void LaproxModel::buildTopology() {
    const DeviceSpec &spec = gpu_.device();
    const UnitId device = topology_.addUnit(QStringLiteral("gpu0"), UnitKind::Device, kNoUnit,
                                            QStringLiteral("%1 (one of %2; all run the same shard)")
                                                .arg(spec.name)
                                                .arg(config_.devices));
    const UnitId core =
        topology_.addUnit(QStringLiteral("SMs"), UnitKind::Core, device, QStringLiteral("Streaming multiprocessors"));
    lanes_.assign(kServingLaneCount, kNoUnit);
    const auto add = [&](ServingLane lane, const QString &doc) {
        lanes_[static_cast<std::size_t>(lane)] = topology_.addUnit(lanePurpose(lane), UnitKind::Compute, core, doc);
    };
    add(ServingLane::TensorCores, QStringLiteral("GEMMs and attention: %1 TFLOPS FP16 peak").arg(spec.peakFp16TensorFlops / 1e12));
    add(ServingLane::VectorUnits, QStringLiteral("Norms, softmax, residuals, activations, embedding"));
    add(ServingLane::Plugin, QStringLiteral("LaProx kernels: window attention, V x W_O projection, token contributions, "
                                          "global top-k and compaction"));
    if (config_.devices > 1)
        add(ServingLane::Interconnect, spec.interconnect.name);
    const QString memoryName = spec.memoryType.section(QLatin1Char(' '), 0, 0);
    hbm_ = topology_.addMemory(memoryName.isEmpty() ? QStringLiteral("HBM") : memoryName, device, hbmBanks_,
                               static_cast<std::int64_t>(spec.memoryCapacityBytes / hbmBanks_), spec.memoryBytesPerSecond,
                               QStringLiteral("%1 in %2 equal slices; weights and KV striped over them")
                                   .arg(spec.memoryType)
                                   .arg(hbmBanks_));
    const TextGenerationWorkload &w = config_.workload.shape;
    kvMemory_ = topology_.addMemory(
        QStringLiteral("KV cache"), device, config_.workload.model.layers,
        static_cast<std::int64_t>(std::ceil(kvBytesPerLayer(std::int64_t{w.inputTokens} + w.outputTokens))),
        spec.memoryBytesPerSecond,
        QStringLiteral("The KV cache by layer (a bank per decoder layer, capacity: the full cache at the last token)"));
}

double LaproxModel::progress() const {
    const double layers = config_.workload.model.layers;
    const double passes = config_.workload.shape.outputTokens;
    if (done_)
        return 1.0;
    const double pass = phase_ == Phase::Decode ? token_ : 0;
    return std::min(1.0, (pass + layer_ / layers) / passes);
}

std::vector<WorkloadOp> LaproxModel::passOps(int layer) const {
    return opsOfLayer(pass_, layer, config_.workload.model.layers - 1);
}

std::vector<WorkloadOp> LaproxModel::scoringOps(int layer) const {
    const TransformerConfig &m = config_.workload.model;
    const TextGenerationWorkload &w = config_.workload.shape;
    const int devices = config_.devices;
    const double e = w.bytesPerElement, b = w.batch, n = w.inputTokens, win = config_.functional.window;
    const double heads = double(m.heads) / devices, d = m.headDim, dm = m.dModel;
    const double kvWidth = (m.kvHeads >= devices ? double(m.kvHeads) / devices : 1.0) * d;
    std::vector<WorkloadOp> ops;
    WorkloadOp window;
    window.name = QStringLiteral("score_window_attention");
    window.kind = WorkloadOpKind::Attention;
    window.layer = layer;
    window.rows = win;
    window.flops = 2.0 * b * heads * win * n * d + 5.0 * b * heads * win * n;
    window.bytes = b * n * kvWidth * e + b * win * heads * d * e;
    ops.push_back(window);
    WorkloadOp project;
    project.name = QStringLiteral("score_value_projection");
    project.kind = WorkloadOpKind::Matmul;
    project.layer = layer;
    project.rows = b * n;
    project.flops = 2.0 * b * n * heads * d * dm;
    project.bytes = b * n * kvWidth * e + heads * d * dm * e;
    ops.push_back(project);
    WorkloadOp combine;
    combine.name = QStringLiteral("score_contributions");
    combine.kind = WorkloadOpKind::Matmul;
    combine.layer = layer;
    combine.rows = win;
    combine.flops = 2.0 * b * n * win * heads * dm + 2.0 * b * n * win * dm;
    combine.bytes = b * n * 4.0;
    ops.push_back(combine);
    if (devices > 1) {
        // Each GPU holds some heads' rank-one terms; a token's norm needs their sum.
        WorkloadOp reduce;
        reduce.name = QStringLiteral("score_allreduce");
        reduce.kind = WorkloadOpKind::Collective;
        reduce.layer = layer;
        reduce.collective = CollectivePattern::AllReduce;
        reduce.collectiveBytes = b * n * win * dm * e;
        reduce.participants = devices;
        ops.push_back(reduce);
    }
    return ops;
}

std::vector<WorkloadOp> LaproxModel::evictionOps() const {
    const TextGenerationWorkload &w = config_.workload.shape;
    const double entries = double(w.batch) * config_.workload.model.layers * w.inputTokens;
    WorkloadOp select;
    select.name = QStringLiteral("global_top_k");
    select.kind = WorkloadOpKind::Elementwise;
    select.flops = entries * std::log2(std::max(entries, 2.0));
    select.bytes = 2.0 * entries * 4.0;
    WorkloadOp compact;
    compact.name = QStringLiteral("kv_compaction");
    compact.kind = WorkloadOpKind::Elementwise;
    compact.bytes = 2.0 * config_.workload.model.layers * kvBytesPerLayer(keptMean_);
    return {select, compact};
}

void LaproxModel::begin(TraceSink &sink) {
    begun_ = true;
    const QString hbm = topology_.path(hbm_);
    for (int b = 0; b < hbmBanks_; ++b) {
        const QString bank = hbm + QStringLiteral("/bank%1").arg(b);
        bankSeries_.push_back(sink.counterSeries(bank, QStringLiteral("B")));
        bankSeries_.push_back(sink.counterSeries(bank + QStringLiteral("/weights"), QStringLiteral("B")));
        bankSeries_.push_back(sink.counterSeries(bank + QStringLiteral("/kv"), QStringLiteral("B")));
    }
    const QString kv = topology_.path(kvMemory_);
    for (int l = 0; l < config_.workload.model.layers; ++l)
        layerSeries_.push_back(sink.counterSeries(kv + QStringLiteral("/bank%1/kv").arg(l), QStringLiteral("B")));
    kvSeries_ = sink.counterSeries(QStringLiteral("kv_cache_bytes"), QStringLiteral("B"));
    fullKvSeries_ = sink.counterSeries(QStringLiteral("kv_full_cache_bytes"), QStringLiteral("B"));
    keptPctSeries_ = sink.counterSeries(QStringLiteral("kv_kept_pct"), QStringLiteral("%"));
    emitMemory(sink, std::vector<std::int64_t>(static_cast<std::size_t>(config_.workload.model.layers), 0));
}

void LaproxModel::emitMemory(TraceSink &sink, const std::vector<std::int64_t> &tokensPerLayer) {
    double kv = 0, full = 0;
    const std::int64_t fullTokens =
        phase_ == Phase::Decode ? std::int64_t{config_.workload.shape.inputTokens} + token_ : config_.workload.shape.inputTokens;
    for (std::size_t l = 0; l < tokensPerLayer.size(); ++l) {
        const double bytes = kvBytesPerLayer(tokensPerLayer[l]);
        kv += bytes;
        full += tokensPerLayer[l] > 0 ? kvBytesPerLayer(fullTokens) : 0.0;
        sink.counter(layerSeries_[l], now_, bytes);
    }
    for (int b = 0; b < hbmBanks_; ++b) {
        const auto *s = &bankSeries_[static_cast<std::size_t>(b * kBankSeries)];
        sink.counter(s[0], now_, (weightBytes_ + kv) / hbmBanks_);
        sink.counter(s[1], now_, weightBytes_ / hbmBanks_);
        sink.counter(s[2], now_, kv / hbmBanks_);
    }
    sink.counter(kvSeries_, now_, kv);
    sink.counter(fullKvSeries_, now_, full);
    sink.counter(keptPctSeries_, now_, full > 0 ? 100.0 * kv / full : 0.0);
}

void LaproxModel::emitFrames(TraceSink &sink) {
    const EvictionExperiment &x = *experiment_;
    const int tokens = x.settings().tokens;
    const auto &scores = x.layerScores();
    const int kvHeads = x.spec().kvHeads;
    Frame heat;
    heat.step = stepsDone_;
    heat.time = now_;
    heat.kind = FrameKind::Heat;
    heat.name = QStringLiteral("laprox_score_log10");
    heat.dtype = DType::F32;
    heat.shape = {static_cast<std::int64_t>(scores.size()) * kvHeads, tokens};
    heat.data.resize(static_cast<qsizetype>(scores.size()) * kvHeads * tokens * 4);
    auto *values = reinterpret_cast<float *>(heat.data.data());
    for (std::size_t row = 0; row < scores.size() * static_cast<std::size_t>(kvHeads); ++row)
        for (int t = 0; t < tokens; ++t)
            values[row * static_cast<std::size_t>(tokens) + static_cast<std::size_t>(t)] = static_cast<float>(
                std::log10(std::max(scores[row / static_cast<std::size_t>(kvHeads)][static_cast<std::size_t>(t)], 1e-6)));
    sink.frame(std::move(heat));
    sink.frame(maskFrame(stepsDone_, now_, QStringLiteral("retention"), x.select(config_.method, config_.budget),
                         tokens));
    for (const int p : reportedBudgetPercents()) {
        if (p == 100)
            continue;
        for (const EvictionMethod m : allEvictionMethods())
            sink.frame(maskFrame(stepsDone_, now_, QStringLiteral("budget%1/%2").arg(p).arg(toString(m)),
                                 x.select(m, p / 100.0), tokens));
    }
}

TimePs LaproxModel::emitOps(TraceSink &sink, const std::vector<WorkloadOp> &ops, TimePs start, bool scoring) {
    return emitServingOps(sink, gpu_, lanes_, ops, start, scoring, energyJ_);
}

int LaproxModel::advance(TraceSink &sink) {
    if (!begun_)
        begin(sink);
    const TransformerConfig &m = config_.workload.model;
    const TextGenerationWorkload &w = config_.workload.shape;
    const int layers = m.layers;
    const auto finishPrompt = [&] {
        phase_ = Phase::Decode;
        token_ = 1;
        layer_ = 0;
        done_ = w.outputTokens <= 1;
        return kLevelToken;
    };
    ++stepsDone_;
    switch (phase_) {
        case Phase::Prefill: {
            if (layer_ == 0)
                pass_ = buildPrefill(m, w, config_.devices);
            TimePs t = emitOps(sink, passOps(layer_), now_, false);
            if (evicts()) {
                const TimePs scored = emitOps(sink, scoringOps(layer_), t, true);
                scoringPs_ += scored - t;
                t = scored;
            }
            prefillPs_ += t - now_;
            now_ = t;
            std::vector<std::int64_t> tokens(static_cast<std::size_t>(layers), 0);
            std::fill(tokens.begin(), tokens.begin() + layer_ + 1, w.inputTokens);
            emitMemory(sink, tokens);
            if (layer_ < layers - 1) {
                ++layer_;
                return kLevelLayer;
            }
            layer_ = 0;
            if (evicts()) {
                phase_ = Phase::Evict;
                return kLevelLayer;
            }
            emitFrames(sink);
            return finishPrompt();
        }
        case Phase::Evict: {
            const TimePs t = emitOps(sink, evictionOps(), now_, true);
            evictionPs_ += t - now_;
            prefillPs_ += t - now_;
            now_ = t;
            emitMemory(sink, std::vector<std::int64_t>(keptPerLayer_.begin(), keptPerLayer_.end()));
            emitFrames(sink);
            return finishPrompt();
        }
        case Phase::Decode: {
            if (layer_ == 0)
                pass_ = buildDecodeStep(m, w, keptMean_ + token_, config_.devices);
            const TimePs t = emitOps(sink, passOps(layer_), now_, false);
            decodePs_ += t - now_;
            now_ = t;
            if (layer_ < layers - 1) {
                ++layer_;
                return kLevelLayer;
            }
            layer_ = 0;
            decodeKvBytes_ += layers * kvBytesPerLayer(keptMean_ + token_);
            const bool last = token_ >= w.outputTokens - 1;
            if (token_ % sampleEvery_ == 0 || last) {
                std::vector<std::int64_t> tokens(keptPerLayer_.begin(), keptPerLayer_.end());
                for (std::int64_t &n : tokens)
                    n += token_;
                emitMemory(sink, tokens);
            }
            if (last) {
                done_ = true;
                return kLevelToken;
            }
            ++token_;
            return kLevelToken;
        }
    }
    return kLevelToken;
}

QString LaproxModel::narration(int level, std::int64_t index) const {
    const TransformerConfig &m = config_.workload.model;
    const TextGenerationWorkload &w = config_.workload.shape;
    const int layers = m.layers;
    const QString method = toString(config_.method);
    const double keptPct = 100.0 * config_.budget;
    if (level == kLevelToken) {
        if (index == 0)
            return evicts() ? QStringLiteral("Prompt pass: %1 tokens through all %2 layers, each scored by LaProx; then "
                                             "one model-wide selection keeps %3 % of the KV cache (%4 of %5 tokens per "
                                             "layer on average) and compacts it.")
                                  .arg(w.inputTokens)
                                  .arg(layers)
                                  .arg(keptPct, 0, 'g', 3)
                                  .arg(keptMean_)
                                  .arg(w.inputTokens)
                            : QStringLiteral("Prompt pass: %1 tokens through all %2 layers; the full KV cache stays "
                                             "(100 % budget).")
                                  .arg(w.inputTokens)
                                  .arg(layers);
        return QStringLiteral("Decode step %1: the new token attends to %2 cached tokens per layer instead of %3, "
                              "streaming %4 MB of KV instead of %5 MB.")
            .arg(index)
            .arg(keptMean_ + index)
            .arg(w.inputTokens + index)
            .arg(mb(layers * kvBytesPerLayer(keptMean_ + index)))
            .arg(mb(layers * kvBytesPerLayer(w.inputTokens + index)));
    }
    if (index < layers)
        return evicts() ? QStringLiteral("Prompt layer %1 of %2: attention and FFN over %3 tokens write the layer's full "
                                         "KV; LaProx recomputes the last %4 queries' attention, projects every cached "
                                         "value through W_O and scores each token's contribution to the layer output "
                                         "across all %5 heads.")
                              .arg(index)
                              .arg(layers)
                              .arg(w.inputTokens)
                              .arg(config_.functional.window)
                              .arg(m.heads)
                        : QStringLiteral("Prompt layer %1 of %2: attention and FFN over %3 tokens write the layer's KV.")
                              .arg(index)
                              .arg(layers)
                              .arg(w.inputTokens);
    if (evicts() && index == layers) {
        const auto [lo, hi] = std::minmax_element(keptPerLayer_.begin(), keptPerLayer_.end());
        return QStringLiteral("Model-wide selection (%1): the %2 highest-scoring token-layer entries stay, %3 % of the "
                              "prompt's KV; layers keep %4 to %5 tokens (layer %6 the most). Compaction frees %7 of %8 "
                              "GB.")
            .arg(method)
            .arg(std::int64_t{keptMean_} * layers)
            .arg(keptPct, 0, 'g', 3)
            .arg(*lo)
            .arg(*hi)
            .arg(hi - keptPerLayer_.begin())
            .arg(gb(layers * (kvBytesPerLayer(w.inputTokens) - kvBytesPerLayer(keptMean_))))
            .arg(gb(layers * kvBytesPerLayer(w.inputTokens)));
    }
    const std::int64_t decodeIndex = index - layers - (evicts() ? 1 : 0);
    const std::int64_t step = decodeIndex / layers + 1;
    const int layer = static_cast<int>(decodeIndex % layers);
    return QStringLiteral("Decode step %1, layer %2: QKV appends one token; attention reads %3 kept tokens (%4 MB of K "
                          "and V) where the full cache would be %5.")
        .arg(step)
        .arg(layer)
        .arg(keptPerLayer_[static_cast<std::size_t>(layer)] + step)
        .arg(mb(kvBytesPerLayer(keptPerLayer_[static_cast<std::size_t>(layer)] + step)))
        .arg(w.inputTokens + step);
}

DataSource LaproxModel::dataSource() const {
    const EvictionSettings &f = experiment_->settings();
    const QString layers =
        f.imported.given() ? QStringLiteral("imported attention: %1; W_O seeded synthetic (seed %2)")
                                 .arg(f.imported.description())
                                 .arg(seed_)
               : QStringLiteral("seeded synthetic attention layers (seed %1)").arg(seed_);
    return {QStringLiteral("Timing from %1's dimensions on %2x %3 (shared roofline model). Functional: %4: %5 layers%6, "
                           "%7 cached tokens, %8 heads / %9 KV heads of %10, a %11-query observation window, %12 later "
                           "queries, %13 output columns.")
                .arg(config_.workload.modelId)
                .arg(config_.devices)
                .arg(gpu_.device().shortName)
                .arg(layers)
                .arg(f.layers)
                .arg(f.imported.given() ? QString() : QStringLiteral(" evenly spaced over the model"))
                .arg(f.tokens)
                .arg(experiment_->spec().heads)
                .arg(experiment_->spec().kvHeads)
                .arg(experiment_->spec().headDim)
                .arg(f.window)
                .arg(f.laterQueries)
                .arg(f.outputWidth),
            !f.imported.given()};
}

std::vector<BaselineResult> LaproxModel::baselines() const {
    if (!baselines_) {
        BaselineResult full = textGenerationBaseline(config_.workload.model, config_.workload.shape, config_.deviceId,
                                                     config_.devices);
        full.label += QStringLiteral(" full KV cache");
        baselines_ = std::vector<BaselineResult>{full};
    }
    return *baselines_;
}

std::vector<Metric> LaproxModel::metrics() const {
    const TextGenerationWorkload &w = config_.workload.shape;
    const int layers = config_.workload.model.layers;
    llm::GenerationTiming t;
    t.prefillSeconds = timing::psToSeconds(prefillPs_);
    t.totalSeconds = timing::psToSeconds(now_);
    t.outputTokens = w.outputTokens;
    t.batch = w.batch;
    t.energyJoules = energyJ_;
    t.prefillDoc = QStringLiteral("Prompt pass with LaProx's scoring, the selection and the compaction");
    t.energyDoc = QStringLiteral("Shared baseline power model over every op: (idle + (TDP - idle) x utilisation) x time");
    std::vector<Metric> m = llm::standardMetrics(t);
    const std::vector<BaselineResult> base = baselines();
    const BaselineResult &full = base.front();
    const auto ratio = [](const Metric *a, const Metric *b) { return a && b && b->value > 0 ? a->value / b->value : 0.0; };
    m.push_back({QStringLiteral("decode_speedup_vs_full_cache"),
                 ratio(findMetric(full.metrics, QStringLiteral("decode_ms_per_token")),
                       findMetric(m, QStringLiteral("decode_ms_per_token"))),
                 QStringLiteral("x"), QStringLiteral("Decode step time with the full cache / with the kept cache (same GPU)")});
    m.push_back({QStringLiteral("speedup_vs_full_cache"),
                 ratio(findMetric(full.metrics, QStringLiteral("latency_ms")), findMetric(m, QStringLiteral("latency_ms"))),
                 QStringLiteral("x"), QStringLiteral("End-to-end latency with the full cache / with eviction")});
    const double keptBytes = layers * kvBytesPerLayer(keptMean_), fullBytes = layers * kvBytesPerLayer(w.inputTokens);
    m.insert(m.end(),
             {{QStringLiteral("kv_prompt_kept_gb"), keptBytes / 1e9, QStringLiteral("GB"),
               QStringLiteral("The prompt's KV bytes kept on one GPU after the selection")},
              {QStringLiteral("kv_prompt_full_gb"), fullBytes / 1e9, QStringLiteral("GB"),
               QStringLiteral("The prompt's full KV bytes on one GPU")},
              {QStringLiteral("kv_bytes_kept_pct"), 100.0 * keptBytes / fullBytes, QStringLiteral("%"),
               QStringLiteral("Kept / full prompt KV bytes (the budget, rounded to whole tokens per layer)")},
              {QStringLiteral("kv_tokens_kept_per_layer"), double(keptMean_), QStringLiteral("tokens"),
               QStringLiteral("Mean prompt tokens a layer keeps; layers differ, their sum is exact")},
              {QStringLiteral("decode_kv_gb_streamed"), decodeKvBytes_ / 1e9, QStringLiteral("GB"),
               QStringLiteral("K and V bytes attention read over all decode steps on one GPU")},
              {QStringLiteral("scoring_overhead_pct"),
               prefillPs_ > 0 ? 100.0 * double(scoringPs_ + evictionPs_) / double(prefillPs_ - scoringPs_ - evictionPs_) : 0.0,
               QStringLiteral("%"), QStringLiteral("Scoring, selection and compaction time / the plain prompt pass")}});
    const EvictionExperiment &x = *experiment_;
    for (const EvictionMethod method : allEvictionMethods())
        for (const int p : reportedBudgetPercents())
            m.push_back({outputErrorMetric(method, p), 100.0 * x.outputError(method, p / 100.0), QStringLiteral("%"),
                         QStringLiteral("Relative layer-output error of %1 at a %2 % budget (mean over functional layers)")
                             .arg(toString(method))
                             .arg(p)});
    for (const EvictionMethod baseline : {EvictionMethod::H2o, EvictionMethod::SnapKv, EvictionMethod::LaproxLayerwise,
                                          EvictionMethod::LaproxKvHead})
        for (const int p : reportedBudgetPercents()) {
            if (p == 100)
                continue;
            const double base = x.outputError(baseline, p / 100.0);
            m.push_back({errorRatioMetric(baseline, p), base > 0 ? x.outputError(EvictionMethod::Laprox, p / 100.0) / base : 0.0,
                         QStringLiteral("x"),
                         QStringLiteral("LaProx's output error / %1's at a %2 % budget (below 1: LaProx is closer)")
                             .arg(toString(baseline))
                             .arg(p)});
        }
    const double laprox5 = x.outputError(EvictionMethod::Laprox, 0.05);
    const double best5 = std::min(x.outputError(EvictionMethod::H2o, 0.05), x.outputError(EvictionMethod::SnapKv, 0.05));
    m.push_back({QStringLiteral("best_baseline_over_laprox_error_5pct"), laprox5 > 0 ? best5 / laprox5 : 0.0,
                 QStringLiteral("x"), QStringLiteral("The better of H2O's and SnapKV's output error / LaProx's, at 5 %")});
    m.push_back({QStringLiteral("output_error_pct"), 100.0 * x.outputError(config_.method, config_.budget),
                 QStringLiteral("%"), QStringLiteral("The run's method at the run's budget")});
    return m;
}

}  // namespace accelscope::laprox
