#include "vrexmodel.h"

#include <algorithm>
#include <cmath>

#include "core/api/errors.h"
#include "core/sim/timing/units.h"
#include "core/workloads/passlayers.h"
#include "core/workloads/speculativepasses.h"
#include "core/workloads/textgeneration.h"
#include "core/workloads/visionencoder.h"

namespace accelscope::vrex {

namespace {

constexpr int kCoreWidth = 64;         // N_DPE-h = N_DPE-w = N_VPE-w [V]
constexpr int kDreLanesPerCore = 16;   // N_HCU-w = N_WTU-w [V]
constexpr int kDrePipelineCycles = 4;  // [I]
constexpr double kClockHz = 0.8e9;     // [V]

QString gb(double bytes) {
    return QString::number(bytes / 1e9, 'f', bytes < 10e9 ? 2 : 1);
}

QString passName(const PassPlan &p) {
    switch (p.kind) {
        case PassKind::Frame:
            return QStringLiteral("frame %1").arg(p.index);
        case PassKind::Question:
            return QStringLiteral("question");
        case PassKind::Answer:
            return QStringLiteral("answer token %1").arg(p.index);
    }
    return {};
}

WorkloadOp op(const QString &name, WorkloadOpKind kind, int layer, double flops, double bytes,
              double rows = 1) {
    WorkloadOp o;
    o.name = name;
    o.kind = kind;
    o.layer = layer;
    o.flops = flops;
    o.bytes = bytes;
    o.rows = rows;
    return o;
}

TimePs dreCycles(double work, int cores) {
    const auto cycles = static_cast<std::int64_t>(std::ceil(work / (double(kDreLanesPerCore) * cores)));
    return timing::cyclesToPs(cycles + kDrePipelineCycles, kClockHz);
}

}  // namespace

VrexModel::VrexModel(const VrexRunConfig &config, std::uint64_t seed)
    : config_(config),
      seed_(seed),
      baseline_(BaselineModel::builtin(config.platformSpec().baselineDeviceId, 1)) {
    const TransformerConfig &m = config_.workload.model;
    const TextGenerationWorkload &w = config_.workload.shape;
    const DeviceSpec &device = baseline_.device();
    LpuConfig lpu;
    lpu.macTrees = kCoreWidth * config_.cores;
    lpu.treeWidth = kCoreWidth;
    lpu.clockHz = kClockHz;
    lpu.memoryChannels = config_.platform == Platform::Edge ? 8 : 40;
    lpu.channelBytesPerSecond = device.memoryBytesPerSecond / lpu.memoryChannels;
    lpu.vectorLanes = kCoreWidth * config_.cores;
    lxe_ = std::make_unique<LpuCore>(lpu);
    linkBytesPerSecond_ = device.hostLink.bytesPerSecond;
    linkLatencySeconds_ = device.hostLink.latencySeconds;

    visionOps_ = buildVisionEncoder(VisionEncoderConfig::siglipLarge384(), w.batch, w.bytesPerElement);
    weightBytes_ = residentWeightBytes(buildPrefill(m, w, 1)) + residentWeightBytes(visionOps_);
    kvBytesPerToken_ = kvCacheBytesPerToken(m, w);
    const double memory = config_.memoryFraction * device.memoryCapacityBytes;
    kvBudget_ = memory - weightBytes_;
    baselineBudget_ = kvBudget_;
    if (kvBudget_ <= 0)
        throw InputError(
            QStringLiteral("memory_fraction = %1 leaves %2 GB of the %3's %4 GB, less than the %5 GB of "
                           "weights; allowed: a larger memory_fraction")
                .arg(config_.memoryFraction)
                .arg(gb(memory), device.shortName, gb(device.memoryCapacityBytes), gb(weightBytes_)));
    ResvSettings resv = config_.resv;
    experiment_ = std::make_unique<ResvExperiment>(m, config_.kvCacheTokens, config_.frames, resv,
                                                   config_.stream, seed);
    planPasses();
    priceBaseline();
    buildTopology();
}

std::vector<StepLevel> VrexModel::stepLevels() const {
    return {{QStringLiteral("layer"),
             QStringLiteral(
                 "One decoder layer of a pass with its DRE work (hash, cluster, score, WiCSum, KV fetch)")},
            {QStringLiteral("pass"),
             QStringLiteral("One frame (vision encoder and LLM), the question, or one answer token")}};
}

double VrexModel::baselineOffloadedBytes(int pastTokens, int newTokens) const {
    const double kv = config_.workload.shape.batch * double(pastTokens + newTokens) * kvBytesPerToken_;
    return std::max(0.0, kv - baselineBudget_);
}

void VrexModel::planPasses() {
    const ResvExperiment &x = *experiment_;
    const TextGenerationWorkload &w = config_.workload.shape;
    const int tpf = config_.stream.tokensPerFrame;
    const int group = x.queryHeadsPerKvHead();
    const auto offloaded = [&](int past, int n) {
        const double kv = w.batch * double(past + n) * kvBytesPerToken_;
        return std::max(0.0, kv - kvBudget_) / (w.batch * kvBytesPerToken_);
    };
    const int start = x.frames().front().cachedTokens;
    for (int f = 0; f < config_.frames; ++f) {
        const FrameRetrieval &r = x.frames()[static_cast<std::size_t>(f)];
        PassPlan p;
        p.kind = PassKind::Frame;
        p.index = f;
        p.newTokens = tpf;
        p.pastTokens = r.cachedTokens;
        p.retrieved = r.retrievedTokens;
        p.clusters = r.clusters;
        p.selectedClusters = r.selectedClusters;
        p.hashComparisons = r.hashComparisons;
        p.wtuComparisons = r.wtuComparisons;
        p.wtuElements = r.wtuElements;
        p.offloadedTokens = offloaded(p.pastTokens, tpf);
        p.retrievedOffloaded = x.retrievedAmongOldest(f, p.offloadedTokens);
        passes_.push_back(p);
    }
    // Text passes [I]: the question retrieves like a frame (many rows), an answer token like one
    // text query; counts per row are the last frame's.
    const FrameRetrieval &last = x.frames().back();
    const double perRowComparisons = last.wtuComparisons / std::max(1, last.rows);
    int past = start + config_.frames * tpf;
    const auto text = [&](PassKind kind, int index, int n, double fraction) {
        PassPlan p;
        p.kind = kind;
        p.index = index;
        p.newTokens = n;
        p.pastTokens = past;
        p.retrieved = fraction * past;
        p.clusters = last.clusters;
        p.selectedClusters =
            last.selectedClusters * std::min(1.0, fraction / std::max(1e-9, last.retrievedFraction()));
        p.hashComparisons = double(n) * last.clusters;
        p.wtuElements = double(n) * group * last.clusters;
        p.wtuComparisons = double(n) * group * perRowComparisons;
        p.offloadedTokens = offloaded(past, n);
        p.retrievedOffloaded = p.retrieved * std::min(1.0, p.offloadedTokens / past);
        passes_.push_back(p);
        past += n;
    };
    if (w.inputTokens > 0)
        text(PassKind::Question, 0, w.inputTokens, last.retrievedFraction());
    for (int t = 1; t < w.outputTokens; ++t)
        text(PassKind::Answer, t, 1, x.textRetrievedFraction());
}

std::vector<WorkloadOp> VrexModel::llmOps(const PassPlan &p) const {
    const int context = static_cast<int>(std::lround(p.retrieved)) + p.newTokens;
    return buildMultiTokenStep(config_.workload.model, config_.workload.shape, p.newTokens, context, 1);
}

void VrexModel::priceBaseline() {
    const TextGenerationWorkload &w = config_.workload.shape;
    const DeviceSpec &d = baseline_.device();
    const double lanesW = config_.platformSpec().pcieLanes * kPcieWattsPerLane;
    int frames = 0;
    for (const PassPlan &p : passes_) {
        std::vector<WorkloadOp> ops;
        if (p.kind == PassKind::Frame)
            ops = visionOps_;
        const std::vector<WorkloadOp> llm =
            buildMultiTokenStep(config_.workload.model, w, p.newTokens, p.pastTokens + p.newTokens, 1);
        ops.insert(ops.end(), llm.begin(), llm.end());
        const BaselineEstimate e = baseline_.estimate(ops);
        // FlexGen-style: KV beyond memory streams over the host link while the GPU computes.
        const double transfer = baselineOffloadedBytes(p.pastTokens, p.newTokens) / d.hostLink.bytesPerSecond;
        const double seconds = std::max(e.seconds, transfer);
        const double energy = e.energyJoules + d.idleWatts * (seconds - e.seconds) + lanesW * transfer;
        baselineSeconds_ += seconds;
        baselineEnergyJ_ += energy;
        if (p.kind == PassKind::Frame) {
            baselineFrameSeconds_ += seconds;
            baselineFrameEnergyJ_ += energy;
            ++frames;
        }
        if (p.kind == PassKind::Answer)
            baselineDecodeSeconds_ += seconds;
        else
            baselinePrefillSeconds_ += seconds;
    }
    baselineFrameSeconds_ /= std::max(frames, 1);
    baselineFrameEnergyJ_ /= std::max(frames, 1);
}

void VrexModel::buildTopology() {
    const PlatformSpec ps = config_.platformSpec();
    const DeviceSpec &d = baseline_.device();
    const UnitId device =
        topology_.addUnit(QStringLiteral("V-Rex[%1]").arg(config_.cores), UnitKind::Device, kNoUnit,
                          QStringLiteral("%1 cores at 0.8 GHz, %2 platform")
                              .arg(config_.cores)
                              .arg(toString(config_.platform)));
    const UnitId lxe = topology_.addUnit(QStringLiteral("LXE"), UnitKind::Core, device,
                                         QStringLiteral("LLM execution engines of all cores (LPU-derived)"));
    dpe_ = topology_.addUnit(QStringLiteral("DPE"), UnitKind::Compute, lxe,
                             QStringLiteral("%1 MAC trees x 64 BF16 inputs: %2 TFLOPS")
                                 .arg(kCoreWidth * config_.cores)
                                 .arg(lxe_->config().peakFlops() / 1e12, 0, 'f', 1));
    vpe_ = topology_.addUnit(QStringLiteral("VPE"), UnitKind::Compute, lxe,
                             QStringLiteral("Vector engine: norms, softmax, residuals"));
    const UnitId dre = topology_.addUnit(QStringLiteral("DRE"), UnitKind::Core, device,
                                         QStringLiteral("Dynamic KV-cache retrieval engines of all cores"));
    hcu_ = topology_.addUnit(
        QStringLiteral("HCU"), UnitKind::Compute, dre,
        QStringLiteral("Hash-bit cluster unit: XOR + popcount against the HC table, 16 per core per cycle"));
    wtu_ = topology_.addUnit(
        QStringLiteral("WTU"), UnitKind::Compute, dre,
        QStringLiteral("WiCSum threshold unit: weighted sum, min/max, early-exit bucket sort"));
    kvmu_ = topology_.addUnit(
        QStringLiteral("KVMU"), UnitKind::Compute, dre,
        QStringLiteral("KV management: cluster-wise placement, offload and fetch of the oldest KV"));
    const QString memoryName = d.memoryType.section(QLatin1Char(' '), 0, 0);
    dram_ = topology_.addMemory(
        memoryName, device, dramBanks_, static_cast<std::int64_t>(d.memoryCapacityBytes / dramBanks_),
        d.memoryBytesPerSecond,
        QStringLiteral("%1 in %2 equal slices: weights and the recent KV").arg(d.memoryType).arg(dramBanks_));
    const UnitId host = topology_.addUnit(QStringLiteral("Host"), UnitKind::Host, kNoUnit, ps.offloadTier);
    const double offloadCapacity =
        std::max(1.0, config_.workload.shape.batch *
                          double(passes_.back().pastTokens + passes_.back().newTokens) * kvBytesPerToken_);
    offload_ = topology_.addMemory(
        ps.offloadTier, host, offloadBanks_, static_cast<std::int64_t>(offloadCapacity / offloadBanks_),
        linkBytesPerSecond_,
        QStringLiteral("The oldest KV beyond V-Rex's DRAM (capacity: the whole cache at the end)"));
    pcie_ = topology_.addLink(QStringLiteral("PCIe"), device, kvmu_, offload_, linkBytesPerSecond_, true,
                              d.hostLink.name);
}

double VrexModel::progress() const {
    if (done_)
        return 1.0;
    return (double(pass_) + double(layer_) / config_.workload.model.layers) / double(passes_.size());
}

void VrexModel::begin(TraceSink &sink) {
    begun_ = true;
    const QString dram = topology_.path(dram_);
    for (int b = 0; b < dramBanks_; ++b) {
        const QString bank = dram + QStringLiteral("/bank%1").arg(b);
        dramSeries_.push_back(sink.counterSeries(bank, QStringLiteral("B")));
        dramSeries_.push_back(sink.counterSeries(bank + QStringLiteral("/weights"), QStringLiteral("B")));
        dramSeries_.push_back(sink.counterSeries(bank + QStringLiteral("/kv"), QStringLiteral("B")));
    }
    const QString off = topology_.path(offload_);
    for (int b = 0; b < offloadBanks_; ++b) {
        offloadSeries_.push_back(
            sink.counterSeries(off + QStringLiteral("/bank%1").arg(b), QStringLiteral("B")));
        offloadSeries_.push_back(
            sink.counterSeries(off + QStringLiteral("/bank%1/kv").arg(b), QStringLiteral("B")));
    }
    clustersSeries_ = sink.counterSeries(QStringLiteral("clusters"), QStringLiteral("clusters"));
    retrievedSeries_ = sink.counterSeries(QStringLiteral("retrieved_tokens"), QStringLiteral("tokens"));
    retrievedPctSeries_ = sink.counterSeries(QStringLiteral("retrieved_pct"), QStringLiteral("%"));
    offloadedSeries_ = sink.counterSeries(QStringLiteral("offloaded_tokens"), QStringLiteral("tokens"));
    frameLatencySeries_ = sink.counterSeries(QStringLiteral("frame_latency_ms"), QStringLiteral("ms"));
    visitedSeries_ = sink.counterSeries(QStringLiteral("wtu_visited_pct"), QStringLiteral("%"));
    emitCounters(sink, passes_.front());
}

TimePs VrexModel::emitLxe(TraceSink &sink, const WorkloadOp &o, TimePs start) {
    const LpuOpTiming t = lxe_->time(o);
    const bool matrix = t.unit == LpuUnit::Sxe || t.unit == LpuUnit::Sma;
    const TimePs end = start + t.timePs;
    if (end > start)
        sink.appendEvent(sink.eventType(matrix ? dpe_ : vpe_, traceOpKind(o), o.name), start, end,
                         static_cast<std::uint64_t>(o.bytes), static_cast<std::uint64_t>(o.flops));
    const double busy = timing::psToSeconds(t.computePs);
    const int cores = config_.cores;
    if (matrix) {
        dpeBusy_ += busy;
        energyJ_ += power_.dpeW * cores * busy;
    } else {
        vpeBusy_ += busy;
        energyJ_ += power_.vpeW * cores * busy;
    }
    return end;
}

TimePs VrexModel::emitDre(TraceSink &sink, const PassPlan &p, int layer, TimePs start) {
    const TransformerConfig &m = config_.workload.model;
    const double b = config_.workload.shape.batch, n = p.newTokens, kvh = m.kvHeads, d = m.headDim;
    const double hp = config_.resv.hyperplanes, e = config_.workload.shape.bytesPerElement;
    const int cores = config_.cores;
    const TimePs dreStart = start;
    // Hash-bit generation of the new keys and of the updated cluster means, on the DPE.
    TimePs t = emitLxe(sink,
                       op(QStringLiteral("hash_bits"), WorkloadOpKind::Matmul, layer,
                          2.0 * 2.0 * b * n * kvh * d * hp, d * hp * e, b * n),
                       start);
    t = emitLxe(
        sink,
        op(QStringLiteral("cluster_mean_update"), WorkloadOpKind::Elementwise, layer, b * n * kvh * d, 0), t);
    // HCU: one XOR-popcount per new key and cluster, the HC table's signatures and counts read.
    const double comparisons = b * kvh * p.hashComparisons;
    const TimePs hcuEnd = t + dreCycles(comparisons, cores);
    sink.appendEvent(sink.eventType(hcu_, OpKind::Special, QStringLiteral("hamming_cluster")), t, hcuEnd,
                     static_cast<std::uint64_t>(b * kvh * p.clusters * (hp / 8.0 + 4.0)),
                     static_cast<std::uint64_t>(comparisons));
    hcuBusy_ += timing::psToSeconds(hcuEnd - t);
    energyJ_ += power_.hcuW * cores * timing::psToSeconds(hcuEnd - t);
    // Query x Key_cluster^T on the DPE, then the softmax over clusters on the VPE.
    const double scores = b * n * m.heads * p.clusters;
    t = emitLxe(sink,
                op(QStringLiteral("cluster_scores"), WorkloadOpKind::Attention, layer, 2.0 * scores * d,
                   b * kvh * p.clusters * d * e, n),
                hcuEnd);
    t = emitLxe(sink, op(QStringLiteral("cluster_softmax"), WorkloadOpKind::Softmax, layer, 5.0 * scores, 0),
                t);
    // WTU: preprocessing (weighted sum, min/max) and binning touch every element; the sort's
    // comparisons are the ones the functional run made.
    const double wtuWork = b * kvh * (2.0 * p.wtuElements + p.wtuComparisons);
    const TimePs selected = t + dreCycles(wtuWork, cores);
    sink.appendEvent(sink.eventType(wtu_, OpKind::Special, QStringLiteral("wicsum_early_exit_sort")), t,
                     selected, 0, static_cast<std::uint64_t>(wtuWork));
    wtuBusy_ += timing::psToSeconds(selected - t);
    energyJ_ += power_.wtuW * cores * timing::psToSeconds(selected - t);
    // KVMU: the selected KV that lives in the offload tier comes over PCIe, prefetched with the
    // previous layer's selection (the first layer of a pass waits for its own).
    TimePs ready = selected;
    const double bytes = b * kvh * p.retrievedOffloaded * 2.0 * d * e;
    if (bytes > 0) {
        const double bursts =
            b * kvh * p.selectedClusters * std::min(1.0, p.retrievedOffloaded / std::max(1e-9, p.retrieved));
        const TimePs fetchStart = std::max(linkFree_, layer == 0 ? selected : selectionReady_);
        const TimePs fetchEnd = fetchStart + timing::secondsToPs(bytes / linkBytesPerSecond_ +
                                                                 std::ceil(bursts) * linkLatencySeconds_);
        sink.appendEvent(sink.eventType(pcie_, OpKind::Transfer, QStringLiteral("kv_fetch")), fetchStart,
                         fetchEnd, static_cast<std::uint64_t>(bytes));
        sink.appendEvent(sink.eventType(kvmu_, OpKind::Control, QStringLiteral("kv_fetch")), fetchStart,
                         fetchEnd, static_cast<std::uint64_t>(bytes));
        const double busy = timing::psToSeconds(fetchEnd - fetchStart);
        linkBusy_ += busy;
        energyJ_ += (power_.kvmuW * cores + config_.platformSpec().pcieLanes * kPcieWattsPerLane) * busy;
        fetchedBytes_ += bytes;
        linkFree_ = fetchEnd;
        if (fetchEnd > selected)
            kvmuWaitSeconds_ += timing::psToSeconds(fetchEnd - selected);
        ready = std::max(selected, fetchEnd);
    }
    selectionReady_ = selected;
    dreSeconds_ += timing::psToSeconds(ready - dreStart);
    return ready;
}

void VrexModel::emitCounters(TraceSink &sink, const PassPlan &p) {
    const double b = config_.workload.shape.batch;
    const int tokens = p.pastTokens + p.newTokens;
    const double kv = b * tokens * kvBytesPerToken_;
    const double inDram = std::min(kv, kvBudget_), offloaded = kv - inDram;
    for (int k = 0; k < dramBanks_; ++k) {
        const auto *s = &dramSeries_[static_cast<std::size_t>(k * 3)];
        sink.counter(s[0], now_, (weightBytes_ + inDram) / dramBanks_);
        sink.counter(s[1], now_, weightBytes_ / dramBanks_);
        sink.counter(s[2], now_, inDram / dramBanks_);
    }
    for (int k = 0; k < offloadBanks_; ++k) {
        sink.counter(offloadSeries_[static_cast<std::size_t>(k * 2)], now_, offloaded / offloadBanks_);
        sink.counter(offloadSeries_[static_cast<std::size_t>(k * 2 + 1)], now_, offloaded / offloadBanks_);
    }
    sink.counter(clustersSeries_, now_, p.clusters);
    sink.counter(retrievedSeries_, now_, p.retrieved);
    sink.counter(retrievedPctSeries_, now_, p.pastTokens > 0 ? 100.0 * p.retrieved / p.pastTokens : 0.0);
    sink.counter(offloadedSeries_, now_, p.offloadedTokens);
    sink.counter(
        visitedSeries_, now_,
        p.wtuElements > 0 && p.kind == PassKind::Frame
            ? 100.0 * experiment_->frames()[static_cast<std::size_t>(p.index)].wtuVisited / p.wtuElements
            : 0.0);
}

void VrexModel::emitFrameViews(TraceSink &sink, const PassPlan &p) {
    const FrameView &v = experiment_->views()[static_cast<std::size_t>(p.index)];
    const auto frame = [&](FrameKind kind, const QString &name, std::vector<std::int64_t> shape, DType type) {
        Frame f;
        f.time = now_;
        f.kind = kind;
        f.name = name;
        f.shape = std::move(shape);
        f.dtype = type;
        return f;
    };
    const auto tokens = static_cast<std::int64_t>(v.clusterOf.size());
    const int past = p.pastTokens;
    const double offloaded = p.offloadedTokens;
    // Clusters as a heat map of token positions, ten frames a row: a cell's value is the index of
    // its token's cluster (clusters are numbered as they open, so a scene's frames share a colour
    // and a token that joined an old scene's cluster stands out). -1 pads the last row.
    const std::int64_t width = 10 * std::int64_t{config_.stream.tokensPerFrame};
    const std::int64_t rows = (tokens + width - 1) / width;
    Frame clusters = frame(FrameKind::Heat, QStringLiteral("cluster_of_token"), {rows, width}, DType::F32);
    clusters.data.resize(static_cast<qsizetype>(rows * width * 4));
    auto *c = reinterpret_cast<float *>(clusters.data.data());
    std::fill(c, c + rows * width, -1.0f);
    Frame retrieval = frame(FrameKind::Tokens, QStringLiteral("retrieval"), {tokens}, DType::I32);
    retrieval.data.resize(static_cast<qsizetype>(tokens * 4));
    auto *r = reinterpret_cast<std::int32_t *>(retrieval.data.data());
    for (std::int64_t t = 0; t < tokens; ++t) {
        c[t] = static_cast<float>(v.clusterOf[static_cast<std::size_t>(t)]);
        if (t >= past) {
            r[t] = token_state::kKept;  // the frame's own tokens
            continue;
        }
        const bool got = v.retrieved[static_cast<std::size_t>(t)] != 0, off = double(t) < offloaded;
        r[t] = got ? (off ? token_state::kReused : token_state::kKept)
                   : (off ? token_state::kEvicted : token_state::kPruned);
    }
    sink.frame(std::move(clusters));
    sink.frame(std::move(retrieval));
    Frame heat = frame(FrameKind::Heat, QStringLiteral("cluster_scores"), {v.rows, v.clusters}, DType::F32);
    heat.data = QByteArray(reinterpret_cast<const char *>(v.clusterScores.data()),
                           static_cast<qsizetype>(v.clusterScores.size() * sizeof(float)));
    sink.frame(std::move(heat));
    Frame mask = frame(FrameKind::Mask, QStringLiteral("cluster_selection"), {v.rows, v.clusters}, DType::U8);
    mask.data = QByteArray(reinterpret_cast<const char *>(v.rowSelection.data()),
                           static_cast<qsizetype>(v.rowSelection.size()));
    sink.frame(std::move(mask));
}

int VrexModel::advance(TraceSink &sink) {
    if (!begun_)
        begin(sink);
    const int layers = config_.workload.model.layers;
    const PassPlan &p = passes_[pass_];
    TimePs t = now_;
    if (layer_ == 0) {
        passStart_ = now_;
        passEnergyStart_ = energyJ_;
        passOps_ = llmOps(p);
        if (p.kind == PassKind::Frame)
            for (const WorkloadOp &o : visionOps_)
                t = emitLxe(sink, o, t);
    }
    bool dreDone = false;
    for (const WorkloadOp &o : opsOfLayer(passOps_, layer_, layers - 1)) {
        if (!dreDone && o.kind == WorkloadOpKind::Attention && o.layer == layer_) {
            t = emitDre(sink, p, layer_, t);
            dreDone = true;
        }
        t = emitLxe(sink, o, t);
    }
    now_ = t;
    if (++layer_ < layers)
        return kLevelLayer;

    // End of the pass: on-chip memory and the rest of the platform for its whole duration, and
    // the new KV the KVMU moves out when DRAM is full (overlapped on the link).
    const double seconds = timing::psToSeconds(now_ - passStart_);
    const PlatformSpec ps = config_.platformSpec();
    const double rest = std::max(0.0, ps.systemPowerWatts - ps.paperCores * power_.totalW());
    energyJ_ += (power_.memoryW * config_.cores + rest) * seconds;
    if (p.offloadedTokens > 0) {
        const double bytes = config_.workload.shape.batch * double(p.newTokens) * kvBytesPerToken_;
        const TimePs start = std::max(linkFree_, passStart_);
        const TimePs end = start + timing::secondsToPs(bytes / linkBytesPerSecond_ + linkLatencySeconds_);
        sink.appendEvent(sink.eventType(pcie_, OpKind::Transfer, QStringLiteral("kv_offload")), start, end,
                         static_cast<std::uint64_t>(bytes));
        const double busy = timing::psToSeconds(end - start);
        linkBusy_ += busy;
        energyJ_ += (power_.kvmuW * config_.cores + ps.pcieLanes * kPcieWattsPerLane) * busy;
        linkFree_ = end;
    }
    switch (p.kind) {
        case PassKind::Frame:
            frameSeconds_ += seconds;
            frameEnergyJ_ += energyJ_ - passEnergyStart_;
            frameLatencies_.push_back(seconds * 1e3);
            sink.counter(frameLatencySeries_, now_, seconds * 1e3);
            emitFrameViews(sink, p);
            break;
        case PassKind::Question:
            questionSeconds_ += seconds;
            break;
        case PassKind::Answer:
            answerSeconds_ += seconds;
            break;
    }
    emitCounters(sink, p);
    layer_ = 0;
    if (++pass_ >= passes_.size())
        done_ = true;
    return kLevelPass;
}

QString VrexModel::narration(int level, std::int64_t index) const {
    const int layers = config_.workload.model.layers;
    const std::size_t passIndex =
        level == kLevelPass ? static_cast<std::size_t>(index) : static_cast<std::size_t>(index / layers);
    if (passIndex >= passes_.size())
        return {};
    const PassPlan &p = passes_[passIndex];
    const int kvh = config_.workload.model.kvHeads;
    const QString retrieval =
        QStringLiteral("%1 of %2 cached tokens retrieved per KV head (%3 %) from %4 of %5 clusters")
            .arg(p.retrieved, 0, 'f', 0)
            .arg(p.pastTokens)
            .arg(p.pastTokens > 0 ? 100.0 * p.retrieved / p.pastTokens : 0.0, 0, 'f', 1)
            .arg(p.selectedClusters, 0, 'f', 0)
            .arg(p.clusters, 0, 'f', 0);
    const QString offload = p.retrievedOffloaded > 0
                                ? QStringLiteral("; %1 of them come from the %2 over PCIe")
                                      .arg(p.retrievedOffloaded, 0, 'f', 0)
                                      .arg(config_.platformSpec().offloadTier)
                                : QString();
    if (level == kLevelPass) {
        if (p.kind == PassKind::Frame)
            return QStringLiteral(
                       "Frame %1: SigLIP encodes the frame into %2 tokens; every layer hashes their keys "
                       "into "
                       "the HC table and attends only to the WiCSum-selected clusters: %3%4.")
                .arg(p.index)
                .arg(p.newTokens)
                .arg(retrieval, offload);
        return QStringLiteral("%1 (%2 new tokens): %3%4.")
            .arg(passName(p))
            .arg(p.newTokens)
            .arg(retrieval, offload);
    }
    const int layer = static_cast<int>(index % layers);
    return QStringLiteral(
               "%1, layer %2: QKV, then the DRE hashes %3 keys x %4 KV heads against %5 clusters (HCU), the "
               "DPE "
               "scores the clusters, the WTU picks them by WiCSum; attention reads %6 tokens per KV head.")
        .arg(passName(p))
        .arg(layer)
        .arg(p.newTokens * config_.workload.shape.batch)
        .arg(kvh)
        .arg(p.clusters, 0, 'f', 0)
        .arg(p.retrieved + p.newTokens, 0, 'f', 0);
}

DataSource VrexModel::dataSource() const {
    const ResvSettings &r = experiment_->settings();
    const QString timing = QStringLiteral("Timing from Llama-3-8B and SigLIP-L/16-384 dimensions on V-Rex[%1] (LPU core "
                                          "model) against %2 (shared roofline model).")
                               .arg(config_.cores)
                               .arg(baseline_.device().shortName);
    if (r.imported.given())
        return {timing + QStringLiteral(" Functional: an imported video KV stream, %1 layers x %2 KV heads of head dim "
                                        "%3, %4 tokens per frame: %5.")
                             .arg(r.layers)
                             .arg(r.kvHeads)
                             .arg(config_.stream.headDim)
                             .arg(config_.stream.tokensPerFrame)
                             .arg(r.imported.description()),
                false};
    return {timing + QStringLiteral(" Functional: a seeded synthetic video KV stream (seed %1): %2 layers x %3 KV heads "
                                    "of head dim %4, scenes of %5 frames on average, %6 tokens per frame.")
                         .arg(seed_)
                         .arg(r.layers)
                         .arg(r.kvHeads)
                         .arg(config_.stream.headDim)
                         .arg(config_.stream.meanSceneFrames)
                         .arg(config_.stream.tokensPerFrame),
            true};
}

std::vector<BaselineResult> VrexModel::baselines() const {
    const TextGenerationWorkload &w = config_.workload.shape;
    BaselineResult r;
    r.device = baseline_.device().id;
    r.count = 1;
    r.label = baseline_.device().shortName + QStringLiteral(" full KV");
    llm::GenerationTiming t;
    t.prefillSeconds = baselinePrefillSeconds_;
    t.totalSeconds = baselineSeconds_;
    t.outputTokens = w.outputTokens;
    t.batch = w.batch;
    t.energyJoules = baselineEnergyJ_;
    r.metrics = llm::standardMetrics(t);
    r.metrics.push_back(
        {QStringLiteral("frame_latency_ms"), baselineFrameSeconds_ * 1e3, QStringLiteral("ms"),
         QStringLiteral("Mean frame time: vision encoder and the LLM over the full KV cache")});
    r.metrics.push_back({QStringLiteral("fps"), baselineFrameSeconds_ > 0 ? 1.0 / baselineFrameSeconds_ : 0.0,
                         QStringLiteral("FPS"), QStringLiteral("Frames per second of one stream")});
    r.metrics.push_back({QStringLiteral("energy_per_frame_j"), baselineFrameEnergyJ_, QStringLiteral("J"),
                         QStringLiteral("Energy of one frame of every stream")});
    return {r};
}

std::vector<Metric> VrexModel::metrics() const {
    const TextGenerationWorkload &w = config_.workload.shape;
    const ResvExperiment &x = *experiment_;
    const double frames = std::max<double>(1.0, double(frameLatencies_.size()));
    const double frameS = frameSeconds_ / frames, frameJ = frameEnergyJ_ / frames;
    llm::GenerationTiming t;
    t.prefillSeconds = frameSeconds_ + questionSeconds_;
    t.totalSeconds = timing::psToSeconds(now_);
    t.outputTokens = w.outputTokens;
    t.batch = w.batch;
    t.energyJoules = energyJ_;
    t.latencyDoc = QStringLiteral("The scenario: every frame, the question and the answer");
    t.prefillDoc = QStringLiteral("Every frame and the question (which yields the first answer token)");
    t.energyDoc = QStringLiteral(
        "Table III block powers while busy, the rest of Table I's system power, PCIe at 3 W per lane while "
        "transferring");
    std::vector<Metric> m = llm::standardMetrics(t);
    const double dram = std::min(w.batch * double(passes_.back().pastTokens) * kvBytesPerToken_, kvBudget_);
    const double kvEnd =
        w.batch * double(passes_.back().pastTokens + passes_.back().newTokens) * kvBytesPerToken_;
    double fetchedTokens = 0;
    for (const PassPlan &p : passes_)
        fetchedTokens += p.retrievedOffloaded;
    m.insert(
        m.end(),
        {{QStringLiteral("frame_latency_ms"), frameS * 1e3, QStringLiteral("ms"),
          QStringLiteral("Mean time of one frame: vision encoder, DRE and LLM over the retrieved tokens")},
         {QStringLiteral("fps"), frameS > 0 ? 1.0 / frameS : 0.0, QStringLiteral("FPS"),
          QStringLiteral("Frames per second of one stream: 1 / frame latency")},
         {QStringLiteral("aggregate_fps"), frameS > 0 ? w.batch / frameS : 0.0, QStringLiteral("FPS"),
          QStringLiteral("Frames per second over all streams of the batch")},
         {QStringLiteral("energy_per_frame_j"), frameJ, QStringLiteral("J"),
          QStringLiteral("Energy of one frame of every stream")},
         {QStringLiteral("speedup_vs_baseline"), frameS > 0 ? baselineFrameSeconds_ / frameS : 0.0,
          QStringLiteral("x"), QStringLiteral("Baseline frame time (full KV) / V-Rex frame time")},
         {QStringLiteral("energy_efficiency_vs_baseline"), frameJ > 0 ? baselineFrameEnergyJ_ / frameJ : 0.0,
          QStringLiteral("x"), QStringLiteral("Baseline energy per frame / V-Rex energy per frame")},
         {QStringLiteral("retrieved_pct"), 100.0 * x.meanRetrievedFraction(), QStringLiteral("%"),
          QStringLiteral("Cached tokens a frame retrieves (mean over frames, layers and KV heads)")},
         {QStringLiteral("text_retrieved_pct"), 100.0 * x.textRetrievedFraction(), QStringLiteral("%"),
          QStringLiteral("Cached tokens one text token retrieves")},
         {QStringLiteral("tokens_per_cluster"), x.meanTokensPerCluster(), QStringLiteral("tokens"),
          QStringLiteral("Cached tokens per HC-table cluster")},
         {QStringLiteral("clusters"), x.frames().back().clusters, QStringLiteral("clusters"),
          QStringLiteral("HC-table clusters per KV head after the last frame")},
         {QStringLiteral("attention_output_error_pct"), 100.0 * x.meanOutputError(), QStringLiteral("%"),
          QStringLiteral(
              "Attention output over retrieved + own tokens against all tokens, relative Frobenius error")},
         {QStringLiteral("recent_window_error_pct"), 100.0 * x.meanRecentWindowError(), QStringLiteral("%"),
          QStringLiteral("The same for as many most recent tokens")},
         {QStringLiteral("oracle_error_pct"), 100.0 * x.meanOracleError(), QStringLiteral("%"),
          QStringLiteral("The same for as many tokens of the highest true attention")},
         {QStringLiteral("attention_recall_pct"), 100.0 * x.meanAttentionRecall(), QStringLiteral("%"),
          QStringLiteral("True attention probability on the retrieved and own tokens")},
         {QStringLiteral("wtu_visited_pct"), 100.0 * x.wtuVisitedFraction(), QStringLiteral("%"),
          QStringLiteral("Share of a row's clusters the early-exit sort opened")},
         {QStringLiteral("wtu_comparisons_vs_full_sort_pct"), 100.0 * x.wtuComparisonsPerFullSort(),
          QStringLiteral("%"), QStringLiteral("WTU comparisons / n log2 n of a full sort")},
         {QStringLiteral("dre_time_pct"),
          frameSeconds_ + questionSeconds_ + answerSeconds_ > 0
              ? 100.0 * dreSeconds_ / (frameSeconds_ + questionSeconds_ + answerSeconds_)
              : 0.0,
          QStringLiteral("%"),
          QStringLiteral("Hashing, clustering, cluster scoring, WiCSum and waits for fetches / run time")},
         {QStringLiteral("kvmu_wait_ms"), kvmuWaitSeconds_ * 1e3, QStringLiteral("ms"),
          QStringLiteral("Time attention waited for KV fetched over PCIe")},
         {QStringLiteral("kv_fetched_gb"), fetchedBytes_ / 1e9, QStringLiteral("GB"),
          QStringLiteral("Offloaded KV the KVMU fetched over PCIe")},
         {QStringLiteral("offloaded_tokens_fetched"), fetchedTokens, QStringLiteral("tokens"),
          QStringLiteral("Retrieved offloaded tokens per KV head and stream, summed over passes")},
         {QStringLiteral("kv_dram_gb"), dram / 1e9, QStringLiteral("GB"),
          QStringLiteral("KV in V-Rex DRAM at the end")},
         {QStringLiteral("kv_offloaded_gb"), std::max(0.0, kvEnd - kvBudget_) / 1e9, QStringLiteral("GB"),
          QStringLiteral("KV in the offload tier at the end")},
         {QStringLiteral("baseline_kv_offloaded_gb"),
          baselineOffloadedBytes(passes_.back().pastTokens, passes_.back().newTokens) / 1e9,
          QStringLiteral("GB"), QStringLiteral("KV the baseline streams over PCIe every pass at the end")}});
    return m;
}

}  // namespace accelscope::vrex
