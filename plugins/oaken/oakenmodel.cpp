#include "oakenmodel.h"

#include <algorithm>
#include <cmath>

#include "core/api/errors.h"
#include "core/hw/servingbaseline.h"
#include "core/sim/timing/units.h"

namespace accelscope::oaken {

namespace {

constexpr int kBankSeries = 4;  // total, weights, kv_dense, kv_sparse

OpKind opKindOf(OakenUnit unit) {
    switch (unit) {
        case OakenUnit::Sxe: return OpKind::Matrix;
        case OakenUnit::Vxe: return OpKind::Vector;
        case OakenUnit::Sma: return OpKind::MemoryRead;
        case OakenUnit::Esl: return OpKind::Transfer;
        case OakenUnit::Quant:
        case OakenUnit::Dequant: return OpKind::Special;
        case OakenUnit::Mmu: return OpKind::Control;
    }
    return OpKind::Other;
}

QString memoryName(MemoryKind kind) {
    switch (kind) {
        case MemoryKind::Hbm: return QStringLiteral("HBM");
        case MemoryKind::Lpddr: return QStringLiteral("LPDDR");
        case MemoryKind::Hbm3: return QStringLiteral("HBM3");
    }
    return {};
}

QString gb(double bytes) {
    return QString::number(bytes / 1e9, 'f', bytes < 10e9 ? 2 : 1);
}

}  // namespace

OakenModel::OakenModel(const OakenRunConfig &config, std::uint64_t seed) : config_(config), seed_(seed) {
    const OakenHardware &hw = config_.hardware;
    functional_ = std::make_unique<KvQuantTrack>(config_.workload.model, config_.functional, seed);
    const KvQuantSummary &q = functional_->summary();
    timing_ = std::make_unique<OakenTiming>(config_.workload.model, hw, q.bitsPerEntry(), q.sparseFraction());
    const TextGenerationWorkload &w = config_.workload.shape;
    const double budget = hw.memoryFraction * hw.capacityBytes();
    const double perSequence = timing_->kvPageBytesPerSequence(std::int64_t{w.inputTokens} + w.outputTokens);
    waves_ = BatchWaves::plan(w.batch, budget, timing_->weightBytesPerDevice(), perSequence);
    if (waves_.maxBatch < 1)
        throw InputError(QStringLiteral("%1 on %2 device(s) with %3 GB of %4 each does not fit: %5 GB of weights and "
                                        "%6 GB of KV cache for one sequence per device, budget %7 GB "
                                        "(memory_fraction %8); raise devices or the memory")
                             .arg(config_.workload.modelId)
                             .arg(hw.lpu.devices)
                             .arg(gb(hw.capacityBytes()), memoryName(hw.memory), gb(timing_->weightBytesPerDevice()),
                                  gb(perSequence), gb(budget))
                             .arg(hw.memoryFraction));
    sampleEvery_ = std::max(1, w.outputTokens / 128);
    buildTopology();
}

std::vector<StepLevel> OakenModel::stepLevels() const {
    return {{QStringLiteral("layer"), QStringLiteral("One decoder layer of one pass for every sequence of the wave")},
            {QStringLiteral("token"), QStringLiteral("The prompt pass, then one decode step per further output token")},
            {QStringLiteral("wave"), QStringLiteral("Sequences that fit in memory together, from prompt to last token")}};
}

void OakenModel::buildTopology() {
    const OakenHardware &hw = config_.hardware;
    const int devices = hw.lpu.devices;
    const bool oaken = hw.quantized();
    const QString name = oaken ? QStringLiteral("oaken%1") : QStringLiteral("lpu%1");
    for (int d = 0; d < devices; ++d) {
        const UnitId device = topology_.addUnit(
            name.arg(d), UnitKind::Device, kNoUnit,
            oaken ? QStringLiteral("Oaken accelerator: an LPU core with Oaken's KV modules in its DMA unit")
                  : QStringLiteral("HyperAccel LPU"));
        const UnitId core = topology_.addUnit(QStringLiteral("core"), UnitKind::Core, device,
                                              QStringLiteral("LPU-style core"));
        std::vector<UnitId> units(kOakenUnitCount, kNoUnit);
        const auto add = [&](OakenUnit u, const QString &doc) {
            units[static_cast<std::size_t>(u)] = topology_.addUnit(toString(u), UnitKind::Compute, core, doc);
        };
        add(OakenUnit::Sxe, QStringLiteral("%1 MAC trees of %2 inputs at %3 MHz (%4 TFLOPS)")
                                .arg(hw.lpu.macTrees)
                                .arg(hw.lpu.treeWidth)
                                .arg(hw.lpu.clockHz / 1e6)
                                .arg(hw.lpu.peakFlops() / 1e12, 0, 'f', 1));
        add(OakenUnit::Vxe, QStringLiteral("Vector engine: norms, softmax, residuals, activations"));
        add(OakenUnit::Sma, QStringLiteral("DMA streaming weights and KV from every memory channel"));
        if (oaken) {
            add(OakenUnit::Quant, QStringLiteral("DMA path: decomposer, group shift, min/max, 4-bit codes, zero removal"));
            add(OakenUnit::Dequant, QStringLiteral("DMA path: dense and sparse dequantizers, zero insertion, merge"));
            add(OakenUnit::Mmu, QStringLiteral("KV memory management: dense and sparse page tables per head"));
        }
        if (devices > 1)
            add(OakenUnit::Esl, QStringLiteral("Synchronization link: partial results in column chunks"));
        units_.push_back(units);
        memories_.push_back(topology_.addMemory(
            memoryName(hw.memory), device, hw.lpu.memoryChannels, static_cast<std::int64_t>(hw.channelCapacityBytes),
            hw.lpu.memoryBytesPerSecond(),
            QStringLiteral("%1 channels of %2 GB/s and %3 GB; banks are channels, the MMU stripes pages over them")
                .arg(hw.lpu.memoryChannels)
                .arg(hw.lpu.channelBytesPerSecond / 1e9)
                .arg(hw.channelCapacityBytes / 1e9)));
    }
    for (int d = 0; devices > 1 && d < devices; ++d)
        topology_.addLink(QStringLiteral("ESL %1-%2").arg(d).arg((d + 1) % devices), kNoUnit,
                          topology_.find(name.arg(d)), topology_.find(name.arg((d + 1) % devices)),
                          hw.lpu.eslBytesPerSecond, true, QStringLiteral("Expandable synchronization link"));
}

UnitId OakenModel::unitOf(int device, OakenUnit unit) const {
    return units_.at(static_cast<std::size_t>(device)).at(static_cast<std::size_t>(unit));
}

double OakenModel::kvBytesPerDevice(int sequences, std::int64_t tokens) const {
    return sequences * timing_->kvPageBytesPerSequence(tokens);
}

double OakenModel::progress() const {
    const double perWave = config_.workload.shape.outputTokens;
    const double total = perWave * std::max(waves_.waves, 1);
    return std::min(1.0, (wave_ * perWave + token_ + double(layer_) / config_.workload.model.layers) / total);
}

void OakenModel::begin(TraceSink &sink) {
    begun_ = true;
    const OakenHardware &hw = config_.hardware;
    for (int d = 0; d < hw.lpu.devices; ++d) {
        const QString path = topology_.path(memories_[static_cast<std::size_t>(d)]);
        std::vector<std::uint32_t> series;
        for (int c = 0; c < hw.lpu.memoryChannels; ++c) {
            const QString bank = path + QStringLiteral("/bank%1").arg(c);
            series.push_back(sink.counterSeries(bank, QStringLiteral("B")));
            series.push_back(sink.counterSeries(bank + QStringLiteral("/weights"), QStringLiteral("B")));
            series.push_back(sink.counterSeries(bank + QStringLiteral("/kv_dense"), QStringLiteral("B")));
            series.push_back(sink.counterSeries(bank + QStringLiteral("/kv_sparse"), QStringLiteral("B")));
        }
        bankSeries_.push_back(series);
    }
    kvSeries_ = sink.counterSeries(QStringLiteral("kv_cache_bytes"), QStringLiteral("B"));
    tokensSeries_ = sink.counterSeries(QStringLiteral("tokens_generated"), QStringLiteral("tokens"));
    batchSeries_ = sink.counterSeries(QStringLiteral("sequences_in_flight"), QStringLiteral("sequences"));
    pagesSeries_ = sink.counterSeries(QStringLiteral("mmu_pages"), QStringLiteral("pages"));
    emitMemory(sink, 0, 0, 0);
    sink.counter(tokensSeries_, 0, 0);
}

void OakenModel::emitMemory(TraceSink &sink, TimePs time, int sequences, std::int64_t tokens) {
    const OakenHardware &hw = config_.hardware;
    const int channels = hw.lpu.memoryChannels;
    const std::int64_t dense = sequences * timing_->densePagesPerSequence(tokens);
    const std::int64_t sparse = sequences * timing_->sparsePagesPerSequence(tokens);
    const double weights = timing_->weightBytesPerDevice() / channels;
    const double page = hw.pageBytes;
    // Pages are striped over the channels in allocation order: dense first, then sparse.
    const auto share = [channels](std::int64_t pages, int c, std::int64_t offset) {
        const std::int64_t first = (c - offset % channels + channels) % channels;  // first page landing on c
        return pages > first ? (pages - first + channels - 1) / channels : std::int64_t{0};
    };
    for (int d = 0; d < hw.lpu.devices; ++d)
        for (int c = 0; c < channels; ++c) {
            const double kvDense = double(share(dense, c, 0)) * page;
            const double kvSparse = double(share(sparse, c, dense)) * page;
            const auto *s = &bankSeries_[static_cast<std::size_t>(d)][static_cast<std::size_t>(c * kBankSeries)];
            sink.counter(s[0], time, weights + kvDense + kvSparse);
            sink.counter(s[1], time, weights);
            sink.counter(s[2], time, kvDense);
            sink.counter(s[3], time, kvSparse);
        }
    const double kv = double(dense + sparse) * page;
    peakKvBytesPerDevice_ = std::max(peakKvBytesPerDevice_, kv);
    sink.counter(kvSeries_, time, kv * hw.lpu.devices);
    sink.counter(batchSeries_, time, sequences);
    sink.counter(pagesSeries_, time, double(dense + sparse));
}

void OakenModel::emitBlock(TraceSink &sink, const BlockTiming &block, TimePs start, const QString &label) {
    for (int u = 0; u < kOakenUnitCount; ++u) {
        const UnitBusy &busy = block.units[static_cast<std::size_t>(u)];
        if (busy.busy <= 0)
            continue;
        busyPs_[static_cast<std::size_t>(u)] += busy.busy;
        for (int d = 0; d < config_.hardware.lpu.devices; ++d) {
            const UnitId unit = unitOf(d, static_cast<OakenUnit>(u));
            if (unit == kNoUnit)
                continue;
            const std::uint32_t type = sink.eventType(unit, opKindOf(static_cast<OakenUnit>(u)), label);
            sink.appendEvent(type, start + busy.first, start + busy.first + busy.busy,
                             static_cast<std::uint64_t>(busy.bytes), static_cast<std::uint64_t>(busy.flops));
        }
    }
}

void OakenModel::emitMasks(TraceSink &sink, int layer) {
    const KvQuantTrack &f = *functional_;
    if (layer >= static_cast<int>(f.layers().size()))
        return;
    const LayerQuantization &q = f.layers()[static_cast<std::size_t>(layer)];
    const int tokens = f.settings().tokens, channels = f.channels(), headDim = f.headDim();
    for (int h = 0; h < f.heads(); ++h)
        for (const auto &[what, tensor] : {std::pair{QStringLiteral("k_sparse"), &q.keys},
                                           std::pair{QStringLiteral("v_sparse"), &q.values}}) {
            Frame frame;
            frame.step = stepsDone_;
            frame.time = now_;
            frame.kind = FrameKind::Mask;
            frame.name = QStringLiteral("layer%1/head%2/%3").arg(layer).arg(h).arg(what);
            frame.shape = {tokens, headDim};
            frame.dtype = DType::U8;
            frame.data.resize(static_cast<qsizetype>(tokens) * headDim);
            for (int t = 0; t < tokens; ++t)
                for (int c = 0; c < headDim; ++c)
                    frame.data[static_cast<qsizetype>(t) * headDim + c] = static_cast<char>(
                        tensor->sparseMask[static_cast<std::size_t>(t) * channels + static_cast<std::size_t>(h * headDim + c)]);
            sink.frame(std::move(frame));
        }
}

int OakenModel::advance(TraceSink &sink) {
    if (!begun_)
        begin(sink);
    const TextGenerationWorkload &w = config_.workload.shape;
    const int layers = config_.workload.model.layers;
    const int batch = batchOf(wave_);
    if (layer_ == 0)
        pass_ = token_ == 0 ? timing_->prefill(batch, w.inputTokens) : timing_->decode(batch, w.inputTokens + token_);
    const QString stage = token_ == 0 ? QStringLiteral("prefill") : QStringLiteral("decode");
    TimePs t = now_;
    if (layer_ == 0) {
        emitBlock(sink, pass_.head, t, stage + QStringLiteral(" embedding"));
        t += pass_.head.duration;
    }
    emitBlock(sink, pass_.layer, t, stage + QStringLiteral(" layer"));
    t += pass_.layer.duration;
    if (layer_ == layers - 1) {
        emitBlock(sink, pass_.tail, t, stage + QStringLiteral(" LM head"));
        t += pass_.tail.duration;
    }
    now_ = t;
    if (wave_ == 0 && token_ == 0)
        emitMasks(sink, layer_);
    ++stepsDone_;

    if (layer_ < layers - 1) {
        ++layer_;
        return kLevelLayer;
    }
    // The pass is done: every sequence of the wave has one more token.
    layer_ = 0;
    if (token_ == 0)
        prefillPs_ += pass_.total();
    tokensGenerated_ += batch;
    sink.counter(tokensSeries_, now_, double(tokensGenerated_));
    const bool lastToken = token_ == w.outputTokens - 1;
    if (token_ % sampleEvery_ == 0 || lastToken)
        emitMemory(sink, now_, batch, std::int64_t{w.inputTokens} + token_);
    if (!lastToken) {
        ++token_;
        return kLevelToken;
    }
    // The wave's sequences finish; their pages are freed for the next wave (the last wave's
    // stay, so the end of the run shows the full cache).
    if (wave_ + 1 < waves_.waves)
        emitMemory(sink, now_, 0, 0);
    token_ = 0;
    ++wave_;
    return kLevelWave;
}

std::int64_t OakenModel::tokenIndex() const {
    return std::int64_t{wave_} * config_.workload.shape.outputTokens + token_;
}

QString OakenModel::narration(int level, std::int64_t index) const {
    const TextGenerationWorkload &w = config_.workload.shape;
    const int layers = config_.workload.model.layers;
    const bool oaken = config_.hardware.quantized();
    const double bits = timing_->kvBitsPerEntry();
    if (level == kLevelWave) {
        const int wave = static_cast<int>(index);
        return QStringLiteral("Wave %1 of %2 done: %3 sequences of %4 + %5 tokens (memory holds the KV cache of at most "
                              "%6 at full context); %7")
            .arg(wave + 1)
            .arg(waves_.waves)
            .arg(batchOf(wave))
            .arg(w.inputTokens)
            .arg(w.outputTokens)
            .arg(waves_.maxBatch)
            .arg(wave + 1 < waves_.waves ? QStringLiteral("their pages are freed for the next wave.")
                                         : QStringLiteral("the last wave, so its pages stay."));
    }
    const std::int64_t tokenIndex = level == kLevelToken ? index : index / layers;
    const int wave = static_cast<int>(tokenIndex / w.outputTokens);
    const int token = static_cast<int>(tokenIndex % w.outputTokens);
    const int batch = batchOf(std::min(wave, std::max(waves_.waves - 1, 0)));
    const double kvMb = double(batch) * (w.inputTokens + token) * config_.workload.model.kvWidth() * 2 * bits / 8 / 1e6;
    if (level == kLevelToken) {
        if (token == 0)
            return QStringLiteral("Wave %1, prompt pass: %2 sequences x %3 tokens through all %4 layers; %5")
                .arg(wave + 1)
                .arg(batch)
                .arg(w.inputTokens)
                .arg(layers)
                .arg(oaken ? QStringLiteral("the quantization engine folds every new K and V row into %1-bit "
                                            "dense codes plus sparse outliers on its way to memory.")
                                 .arg(bits, 0, 'f', 2)
                           : QStringLiteral("K and V are written in FP16."));
        return QStringLiteral("Wave %1, decode step %2: %3 sequences each attend to %4 cached tokens (%5 MB of KV "
                              "per layer at %6 bits); the weights stream once for the whole batch.")
            .arg(wave + 1)
            .arg(token)
            .arg(batch)
            .arg(w.inputTokens + token)
            .arg(kvMb, 0, 'f', 1)
            .arg(bits, 0, 'f', 2);
    }
    const int layer = static_cast<int>(index % layers);
    const QString pass = token == 0 ? QStringLiteral("prompt pass") : QStringLiteral("decode step %1").arg(token);
    if (!oaken)
        return QStringLiteral("Layer %1 of %2 (wave %3, %4): the SMA streams the layer's FP16 weights and KV into the "
                              "MAC trees; the VXE does norms, softmax and residuals.")
            .arg(layer)
            .arg(layers)
            .arg(wave + 1)
            .arg(pass);
    return QStringLiteral("Layer %1 of %2 (wave %3, %4): after QKV the quantization engine packs the new K and V; "
                          "for attention the MMU walks each head's dense and sparse page tables while the "
                          "dequantization engine restores %5 MB of cached KV as the SMA streams it to the MAC trees.")
        .arg(layer)
        .arg(layers)
        .arg(wave + 1)
        .arg(pass)
        .arg(kvMb, 0, 'f', 1);
}

DataSource OakenModel::dataSource() const {
    const KvQuantSettings &s = functional_->settings();
    if (!s.keys && !s.values)
        return {QStringLiteral("Timing from %1's dimensions. Functional: seeded synthetic keys and values (Student-t "
                               "tails, 2 % outlier key channels; seed %2) of the first %3 layer(s), %4 tokens x %5 "
                               "channels, thresholds profiled on %6 other seeded tensors per layer.")
                    .arg(config_.workload.modelId)
                    .arg(seed_)
                    .arg(s.layers)
                    .arg(s.tokens)
                    .arg(functional_->channels())
                    .arg(s.profileSamples),
                true};
    const auto describe = [&](const std::optional<HeadTensors> &online, const std::optional<HeadTensors> &profile,
                              const QString &name) {
        const QString tensor = online ? QStringLiteral("imported %1").arg(online->description())
                                      : QStringLiteral("seeded synthetic %1 (seed %2)").arg(name).arg(seed_);
        const QString thresholds =
            profile ? QStringLiteral("profiled on %1 inferences of imported %2").arg(s.profileSamples).arg(profile->description())
            : online ? QStringLiteral("profiled on the same tensor (no profile_%1 given)").arg(name)
                     : QStringLiteral("profiled on %1 other seeded tensors per layer").arg(s.profileSamples);
        return QStringLiteral("%1, thresholds %2").arg(tensor, thresholds);
    };
    return {QStringLiteral("Timing from %1's dimensions. Functional: the first %2 layer(s), %3 tokens x %4 channels; "
                           "%5; %6.")
                .arg(config_.workload.modelId)
                .arg(s.layers)
                .arg(s.tokens)
                .arg(functional_->channels())
                .arg(describe(s.keys, s.profileKeys, QStringLiteral("keys")),
                     describe(s.values, s.profileValues, QStringLiteral("values"))),
            false};
}

std::vector<BaselineResult> OakenModel::baselines() const {
    if (!baselines_) {
        const TransformerConfig &model = config_.workload.model;
        ServingConfig fp16;
        fp16.deviceCount = config_.a100Devices;
        fp16.label = QStringLiteral("%1x A100 vLLM FP16").arg(fp16.deviceCount);
        ServingConfig kv4 = fp16;
        kv4.kvBitsPerElement = functional_->summary().kiviBitsPerEntry();
        kv4.label = QStringLiteral("%1x A100 KV4").arg(kv4.deviceCount);
        baselines_ = std::vector<BaselineResult>{servingBaseline(model, config_.workload.shape, fp16),
                                                 servingBaseline(model, config_.workload.shape, kv4)};
    }
    return *baselines_;
}

std::vector<Metric> OakenModel::metrics() const {
    const OakenHardware &hw = config_.hardware;
    const double seconds = timing::psToSeconds(now_);
    llm::GenerationTiming t;
    t.prefillSeconds = timing::psToSeconds(prefillPs_);
    t.totalSeconds = seconds;
    t.outputTokens = config_.workload.shape.outputTokens;
    t.batch = config_.workload.shape.batch;
    t.energyJoules = hw.powerW * hw.lpu.devices * seconds;
    t.latencyDoc = QStringLiteral("Every wave one after another: prompt pass plus decode steps");
    t.prefillDoc = QStringLiteral("Prompt passes of every wave");
    t.energyDoc = QStringLiteral("power_w x devices x latency");
    std::vector<Metric> m = llm::standardMetrics(t);
    const KvQuantSummary &q = functional_->summary();
    const auto pct = [seconds](TimePs busy) { return seconds > 0 ? 100.0 * timing::psToSeconds(busy) / seconds : 0.0; };
    const double tokensPerS = findMetric(m, QStringLiteral("tokens_per_s"))->value;
    for (const BaselineResult &b : baselines()) {
        const Metric *gpu = findMetric(b.metrics, QStringLiteral("tokens_per_s"));
        const bool kv4 = b.label.contains(QStringLiteral("KV4"));
        if (gpu && gpu->value > 0)
            m.push_back({kv4 ? QStringLiteral("speedup_vs_a100_kv4") : QStringLiteral("speedup_vs_a100"),
                         tokensPerS / gpu->value, QStringLiteral("x"),
                         QStringLiteral("tokens_per_s / the same requests on %1 (shared baseline model)").arg(b.label)});
    }
    m.insert(m.end(),
             {{QStringLiteral("kv_bits_per_entry"), hw.quantized() ? q.bitsPerEntry() : 16.0, QStringLiteral("bits"),
               QStringLiteral("Bits stored per K or V entry (dense codes, sparse entries, scales), counted from the "
                              "functional track's encoded tensors; 16 with an FP16 cache")},
              {QStringLiteral("sparse_entry_pct"), 100.0 * q.sparseFraction(), QStringLiteral("%"),
               QStringLiteral("Outer and inner entries, stored in the sparse table")},
              {QStringLiteral("outer_group_pct"), 100.0 * q.fraction(0), QStringLiteral("%"),
               QStringLiteral("Entries beyond the outer thresholds (profiled at 4 %)")},
              {QStringLiteral("middle_group_pct"), 100.0 * q.fraction(1), QStringLiteral("%"),
               QStringLiteral("Dense inliers (profiled at 90 %)")},
              {QStringLiteral("inner_group_pct"), 100.0 * q.fraction(2), QStringLiteral("%"),
               QStringLiteral("Entries between the inner thresholds (profiled at 6 %)")},
              {QStringLiteral("kv_mse_oaken"), q.oakenMse, QString(),
               QStringLiteral("Mean squared error of decode(encode(x)) over the functional K and V")},
              {QStringLiteral("kv_mse_kivi4"), q.kiviMse, QString(),
               QStringLiteral("The same for per-token 4-bit min-max over each head's %1 channels (KIVI-style)")
                   .arg(functional_->kiviGroup())},
              {QStringLiteral("kivi_bits_per_entry"), q.kiviBitsPerEntry(), QStringLiteral("bits"),
               QStringLiteral("Bits per entry of the KIVI-style baseline, FP16 min and max per group included")},
              {QStringLiteral("max_batch"), double(waves_.maxBatch), QStringLiteral("sequences"),
               QStringLiteral("Sequences whose full-context KV pages fit beside the weights in memory_fraction of "
                              "memory")},
              {QStringLiteral("waves"), double(waves_.waves), QStringLiteral("waves"),
               QStringLiteral("Groups of at most max_batch sequences served one after another")},
              {QStringLiteral("kv_cache_peak_gb"), peakKvBytesPerDevice_ / 1e9, QStringLiteral("GB"),
               QStringLiteral("Largest KV page footprint on one device")},
              {QStringLiteral("quant_engine_busy_pct"), pct(busyPs_[static_cast<std::size_t>(OakenUnit::Quant)]),
               QStringLiteral("%"), QStringLiteral("Quantization engine busy time / latency (in series with the run)")},
              {QStringLiteral("dequant_engine_busy_pct"), pct(busyPs_[static_cast<std::size_t>(OakenUnit::Dequant)]),
               QStringLiteral("%"),
               QStringLiteral("Dequantization engine busy time / latency (overlapped with the KV stream)")},
              {QStringLiteral("sxe_busy_pct"), pct(busyPs_[static_cast<std::size_t>(OakenUnit::Sxe)]),
               QStringLiteral("%"), QStringLiteral("MAC trees busy / latency")},
              {QStringLiteral("memory_busy_pct"), pct(busyPs_[static_cast<std::size_t>(OakenUnit::Sma)]),
               QStringLiteral("%"), QStringLiteral("Memory streaming at peak bandwidth / latency")}});
    return m;
}

}  // namespace accelscope::oaken
