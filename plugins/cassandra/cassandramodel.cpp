#include "cassandramodel.h"

#include <algorithm>
#include <cmath>

#include "core/accelerators/lpucore.h"
#include "core/api/errors.h"
#include "core/hw/devicelibrary.h"
#include "core/kernels/bf16.h"
#include "core/hw/textgenerationbaseline.h"
#include "core/sim/timing/units.h"
#include "core/workloads/speculativepasses.h"
#include "core/workloads/textgeneration.h"

namespace accelscope::cassandra {

namespace {

const QString kGpuId = QStringLiteral("rtx-4090");
constexpr int kAcceptanceRows = 40;  // rounds the Tokens view shows at once

struct OpPrice {
    double seconds = 0;
    double energyJ = 0;
    bool matrix = false;  // on the tensor cores / MAC trees (else the vector units)
};

bool isMatrix(const WorkloadOp &op) {
    return op.kind == WorkloadOpKind::Matmul || op.kind == WorkloadOpKind::Attention ||
           op.kind == WorkloadOpKind::Embedding;
}

// A round's cell in the Tokens view: drafts accepted (kept), the first rejected (pruned), the
// rest discarded (evicted), and the target's own token (16-bit, from the full model).
std::int32_t roundCellState(int cell, int accepted, int gamma) {
    return cell == gamma      ? token_state::kPrecisionBase + 16
           : cell < accepted  ? token_state::kKept
           : cell == accepted ? token_state::kPruned
                              : token_state::kEvicted;
}

Frame roundsFrame(const QString &name, std::int64_t step, TimePs time, const std::vector<int> &accepted, int gamma) {
    std::vector<std::int32_t> states;
    for (const int a : accepted)
        for (int cell = 0; cell <= gamma; ++cell)
            states.push_back(roundCellState(cell, a, gamma));
    Frame f;
    f.step = step;
    f.time = time;
    f.kind = FrameKind::Tokens;
    f.name = name;
    f.dtype = DType::I32;
    f.shape = {static_cast<std::int64_t>(accepted.size()), gamma + 1};
    f.data = QByteArray(reinterpret_cast<const char *>(states.data()), static_cast<qsizetype>(states.size() * 4));
    return f;
}

QString gb(double bytes) {
    return QString::number(bytes / 1e9, 'f', 2);
}

}  // namespace

// The platform's price of an op, and passes whose ops grow linearly with the context (attention
// reads every cached position) priced at any context without rebuilding their op graphs.
struct CassandraModel::Pricing {
    std::optional<BaselineModel> gpu;
    std::optional<LpuCore> npu;
    double npuPowerW = 0;

    OpPrice price(const WorkloadOp &op) const {
        if (gpu) {
            const OpCost c = gpu->cost(op);
            return {c.seconds, c.energyJoules, isMatrix(op)};
        }
        const LpuOpTiming t = npu->time(op);
        const double s = timing::psToSeconds(t.timePs);
        return {s, s * npuPowerW, t.unit == LpuUnit::Sxe || t.unit == LpuUnit::Sma};
    }

    struct Pass {
        std::vector<WorkloadOp> ops;  // at context c0
        std::vector<double> bytesPerToken, flopsPerToken;
        std::vector<OpPrice> fixed;  // prices of the ops that do not grow
        int c0 = 1;
    };

    Pass pass(const std::vector<WorkloadOp> &at, const std::vector<WorkloadOp> &atNext, int c0) const {
        Pass p;
        p.ops = at;
        p.c0 = c0;
        for (std::size_t i = 0; i < at.size(); ++i) {
            p.bytesPerToken.push_back(atNext[i].bytes - at[i].bytes);
            p.flopsPerToken.push_back(atNext[i].flops - at[i].flops);
            p.fixed.push_back(price(at[i]));
        }
        return p;
    }

    // Calls fn(op, price) for every op of `p` at `context`.
    template <class Fn>
    void forEach(const Pass &p, int context, Fn &&fn) const {
        const double extra = context - p.c0;
        for (std::size_t i = 0; i < p.ops.size(); ++i) {
            if (p.bytesPerToken[i] == 0 && p.flopsPerToken[i] == 0) {
                fn(p.ops[i], p.fixed[i]);
                continue;
            }
            WorkloadOp op = p.ops[i];
            op.bytes += extra * p.bytesPerToken[i];
            op.flops += extra * p.flopsPerToken[i];
            fn(op, price(op));
        }
    }

    Pass draft, verify, bf16;
    std::vector<WorkloadOp> prefill;
};

double MemoryPlan::tokensThatFit(double budget) const {
    const double room = budget - weightBytes - draftBytes;
    return room > 0 && kvBytesPerToken > 0 ? std::floor(room / kvBytesPerToken) : 0.0;
}

CassandraModel::CassandraModel(const CassandraRunConfig &config, std::uint64_t seed)
    : config_(config), seed_(seed), gamma_(config.functional.draft.draftLength) {
    functional_ = selfSpeculationFor(config_.functional, seed);
    acceptance_ = config_.acceptanceRate > 0 ? config_.acceptanceRate : functional_->acceptanceRate();

    const TextGenerationWorkload &w = config_.workload.shape;
    bf16Shape_ = w;
    targetShape_ = w;
    targetShape_.kvBitsPerElement = functional_->kvBits().targetBits;
    targetWeightBits_ = functional_->weightBits().targetBits;
    draftShape_ = w;
    draftShape_.kvBitsPerElement = functional_->kvBits().draftBits;
    draftWeightBits_ = functional_->weightBits().draftBits;

    auto pricing = std::make_shared<Pricing>();
    if (config_.platform == Platform::Rtx4090)
        pricing->gpu.emplace(BaselineModel::builtin(kGpuId, 1));
    else {
        pricing->npu.emplace(config_.npu.lpuConfig());
        pricing->npuPowerW = config_.npu.powerW;
    }
    const TransformerConfig &m = config_.workload.model;
    const int g1 = gamma_ + 1;
    pricing->prefill = buildPrefill(m, targetShape_, 1, targetWeightBits_);
    pricing->draft = pricing->pass(buildDecodeStep(m, draftShape_, 1, 1, draftWeightBits_),
                                   buildDecodeStep(m, draftShape_, 2, 1, draftWeightBits_), 1);
    pricing->verify = pricing->pass(buildMultiTokenStep(m, targetShape_, g1, g1, 1, targetWeightBits_),
                                    buildMultiTokenStep(m, targetShape_, g1, g1 + 1, 1, targetWeightBits_), g1);
    pricing->bf16 = pricing->pass(buildDecodeStep(m, bf16Shape_, 1, 1), buildDecodeStep(m, bf16Shape_, 2, 1), 1);
    pricing_ = pricing;

    const double capacity = memoryBudgetBytes();
    const MemoryPlan plan = cassandraPlan();
    const double needed = plan.weightBytes + plan.kvBytesPerToken * config_.workload.contextTokens();
    if (needed > capacity)
        throw InputError(QStringLiteral("%1 at %2 + %3 tokens x batch %4 needs %5 GB (stored weights and KV cache) but "
                                        "the memory budget is %6 GB; lower the tokens or batch, or raise memory_budget_gb")
                             .arg(config_.workload.modelId)
                             .arg(w.inputTokens)
                             .arg(w.outputTokens)
                             .arg(w.batch)
                             .arg(gb(needed), gb(capacity)));
    priceBf16();
    buildTopology();
}

double CassandraModel::memoryBudgetBytes() const {
    if (config_.memoryBudgetBytes > 0)
        return config_.memoryBudgetBytes;
    return config_.platform == Platform::Npu ? config_.npu.capacityBytes
                                             : DeviceLibrary::builtin().device(kGpuId).memoryCapacityBytes;
}

MemoryPlan CassandraModel::cassandraPlan() const {
    const TransformerConfig &m = config_.workload.model;
    return {QStringLiteral("Cassandra"), residentWeightBytes(pricing_->prefill), 0.0,
            kvCacheBytesPerToken(m, targetShape_) * config_.workload.shape.batch};
}

MemoryPlan CassandraModel::eagle3Plan() const {
    const TransformerConfig &m = config_.workload.model;
    const DraftAlternative head = eagle3Head(m);
    return {head.name, residentWeightBytes(buildPrefill(m, bf16Shape_, 1)), head.weightBytes,
            (kvCacheBytesPerToken(m, bf16Shape_) + head.kvBytesPerToken) * config_.workload.shape.batch};
}

MemoryPlan CassandraModel::separateDraftPlan() const {
    const TransformerConfig &m = config_.workload.model;
    const DraftAlternative draft = separateDraftModel();
    return {draft.name, residentWeightBytes(buildPrefill(m, bf16Shape_, 1)), draft.weightBytes,
            (kvCacheBytesPerToken(m, bf16Shape_) + draft.kvBytesPerToken) * config_.workload.shape.batch};
}

void CassandraModel::priceBf16() {
    const TransformerConfig &m = config_.workload.model;
    const TextGenerationWorkload &w = config_.workload.shape;
    for (const WorkloadOp &op : buildPrefill(m, bf16Shape_, 1)) {
        const OpPrice p = pricing_->price(op);
        bf16PrefillSeconds_ += p.seconds;
        bf16EnergyJ_ += p.energyJ;
    }
    bf16Seconds_ = bf16PrefillSeconds_;
    for (int step = 1; step < w.outputTokens; ++step)
        pricing_->forEach(pricing_->bf16, w.inputTokens + step, [&](const WorkloadOp &, const OpPrice &p) {
            bf16Seconds_ += p.seconds;
            bf16EnergyJ_ += p.energyJ;
        });
}

int CassandraModel::acceptedInRound(std::int64_t round) const {
    const double perRound = acceptance_ * gamma_;
    const auto upTo = [&](std::int64_t rounds) { return static_cast<std::int64_t>(std::floor(rounds * perRound + 1e-9)); };
    return static_cast<int>(std::min<std::int64_t>(gamma_, upTo(round + 1) - upTo(round)));
}

std::vector<StepLevel> CassandraModel::stepLevels() const {
    return {{QStringLiteral("pass"), QStringLiteral("The prompt pass, one draft pass or one verification pass")},
            {QStringLiteral("round"), QStringLiteral("The prompt, then γ draft passes and the verification that checks them")}};
}

double CassandraModel::progress() const {
    if (done_)
        return 1.0;
    return std::min(1.0, double(committed_) / std::max(1, config_.workload.shape.outputTokens));
}

void CassandraModel::buildTopology() {
    const bool gpu = config_.platform == Platform::Rtx4090;
    const DeviceSpec *spec = gpu ? &DeviceLibrary::builtin().device(kGpuId) : nullptr;
    const UnitId device = topology_.addUnit(gpu ? QStringLiteral("gpu0") : QStringLiteral("npu0"), UnitKind::Device,
                                            kNoUnit,
                                            gpu ? spec->name
                                                : QStringLiteral("LPU-like NPU: %1 TFLOPS MAC array, %2 GB/s LPDDR5X")
                                                      .arg(config_.npu.peakFlops / 1e12)
                                                      .arg(config_.npu.memoryBytesPerSecond / 1e9));
    const UnitId core = topology_.addUnit(gpu ? QStringLiteral("SMs") : QStringLiteral("core"), UnitKind::Core, device,
                                          gpu ? QStringLiteral("Streaming multiprocessors")
                                              : QStringLiteral("The LPU core: SXE MAC trees, VXE vector engine"));
    matrixLane_ = topology_.addUnit(gpu ? QStringLiteral("Tensor cores") : QStringLiteral("SXE"), UnitKind::Compute, core,
                                    QStringLiteral("GEMV / GEMM and attention; a draft pass and a verification both "
                                                   "stream their weights once"));
    vectorLane_ = topology_.addUnit(gpu ? QStringLiteral("Vector units") : QStringLiteral("VXE"), UnitKind::Compute, core,
                                    QStringLiteral("Norms, softmax, residuals, activations"));
    decoderLane_ = topology_.addUnit(
        gpu ? QStringLiteral("Cassandra decode") : QStringLiteral("Encoder/decoder"), UnitKind::Compute, device,
        gpu ? QStringLiteral("Decoding in the GEMV kernels: unary exponents, bitmap de-sparsify, mantissa concatenation")
            : QStringLiteral("Near-memory module: unary decoder, bitmap de-sparsifier, mantissa concatenator and shifter"));
    const double bandwidth = gpu ? spec->memoryBytesPerSecond : config_.npu.memoryBytesPerSecond;
    const double capacity = gpu ? spec->memoryCapacityBytes : config_.npu.capacityBytes;
    memory_ = topology_.addMemory(gpu ? QStringLiteral("GDDR6X") : QStringLiteral("LPDDR5X"), device, memoryBanks_,
                                  static_cast<std::int64_t>(capacity / memoryBanks_), bandwidth,
                                  QStringLiteral("Device memory in %1 equal slices; speculation and verification data of "
                                                 "weights and KV striped over them")
                                      .arg(memoryBanks_));
    budget_ = topology_.addMemory(QStringLiteral("Memory budget"), device, 3,
                                  static_cast<std::int64_t>(memoryBudgetBytes()), bandwidth,
                                  QStringLiteral("The same budget for three schemes: bank0 Cassandra, bank1 EAGLE-3 (BF16 "
                                                 "target + head), bank2 a separate Llama-3.2-1B draft"));
}

void CassandraModel::begin(TraceSink &sink) {
    begun_ = true;
    const QString memory = topology_.path(memory_);
    for (int b = 0; b < memoryBanks_; ++b) {
        const QString bank = memory + QStringLiteral("/bank%1").arg(b);
        bankSeries_.push_back(sink.counterSeries(bank, QStringLiteral("B")));
        for (const char *owner : {"draft weights", "verify weights", "draft kv", "verify kv"})
            bankSeries_.push_back(sink.counterSeries(bank + QLatin1Char('/') + QLatin1String(owner), QStringLiteral("B")));
    }
    const QString budget = topology_.path(budget_);
    for (int b = 0; b < 3; ++b) {
        const QString bank = budget + QStringLiteral("/bank%1").arg(b);
        budgetSeries_.push_back(sink.counterSeries(bank, QStringLiteral("B")));
        for (const char *owner : {"weights", "draft", "kv"})
            budgetSeries_.push_back(sink.counterSeries(bank + QLatin1Char('/') + QLatin1String(owner), QStringLiteral("B")));
    }
    acceptedSeries_ = sink.counterSeries(QStringLiteral("accepted_tokens"), QStringLiteral("tokens"));
    runningAcceptanceSeries_ = sink.counterSeries(QStringLiteral("acceptance_rate"), QString());
    passBytesSeries_ = sink.counterSeries(QStringLiteral("bytes_per_pass"), QStringLiteral("B"));
    emitFunctionalFrames(sink);
}

void CassandraModel::emitFunctionalFrames(TraceSink &sink) {
    const auto maskFrame = [&](const QString &name, const kernels::MaskU8 &mask) {
        Frame f;
        f.time = now_;
        f.kind = FrameKind::Mask;
        f.name = name;
        f.dtype = DType::U8;
        f.shape = {mask.rows(), mask.cols()};
        f.data = QByteArray(reinterpret_cast<const char *>(mask.data()), static_cast<qsizetype>(mask.size()));
        sink.frame(std::move(f));
    };
    maskFrame(QStringLiteral("weights/layer0_fc1"), functional_->weightMask());
    maskFrame(QStringLiteral("kv/layer0_head0_keys"), functional_->keyMask());

    std::vector<int> accepted;
    for (const SpeculationRound &r : functional_->rounds())
        accepted.push_back(r.accepted);
    sink.frame(roundsFrame(QStringLiteral("functional_acceptance"), 0, now_, accepted, gamma_));
}

void CassandraModel::emitAcceptanceFrame(TraceSink &sink) {
    const std::size_t first = acceptedLog_.size() > kAcceptanceRows ? acceptedLog_.size() - kAcceptanceRows : 0;
    sink.frame(roundsFrame(QStringLiteral("acceptance"), passes_, now_,
                           std::vector<int>(acceptedLog_.begin() + static_cast<std::ptrdiff_t>(first), acceptedLog_.end()),
                           gamma_));
}

void CassandraModel::emitMemory(TraceSink &sink, double contextTokens) {
    const TransformerConfig &m = config_.workload.model;
    const double batch = config_.workload.shape.batch;
    const double weights = residentWeightBytes(pricing_->prefill);
    const double draftWeights = residentWeightBytes(pricing_->draft.ops);
    const double kv = kvCacheBytesPerToken(m, targetShape_) * batch * contextTokens;
    const double draftKv = kvCacheBytesPerToken(m, draftShape_) * batch * contextTokens;
    const double parts[4] = {draftWeights, weights - draftWeights, draftKv, kv - draftKv};
    for (int b = 0; b < memoryBanks_; ++b) {
        const std::size_t base = static_cast<std::size_t>(b) * 5;
        sink.counter(bankSeries_[base], now_, (weights + kv) / memoryBanks_);
        for (std::size_t i = 0; i < 4; ++i)
            sink.counter(bankSeries_[base + 1 + i], now_, parts[i] / memoryBanks_);
    }
    const MemoryPlan plans[3] = {cassandraPlan(), eagle3Plan(), separateDraftPlan()};
    for (std::size_t b = 0; b < 3; ++b) {
        const MemoryPlan &p = plans[b];
        const double used = p.weightBytes + p.draftBytes + p.kvBytesPerToken * contextTokens;
        sink.counter(budgetSeries_[b * 4], now_, used);
        sink.counter(budgetSeries_[b * 4 + 1], now_, p.weightBytes);
        sink.counter(budgetSeries_[b * 4 + 2], now_, p.draftBytes);
        sink.counter(budgetSeries_[b * 4 + 3], now_, p.kvBytesPerToken * contextTokens);
    }
}

double CassandraModel::emitPass(TraceSink &sink, const QString &label) {
    // One event per layer and lane (the layer's matrix ops, then its vector ops), and the pass's
    // decode work on the decoder lane: thousands of passes stay a few hundred thousand events.
    const int layers = config_.workload.model.layers;
    const TimePs start = now_;
    std::vector<double> matrix(static_cast<std::size_t>(layers) + 1, 0.0), vector(matrix.size(), 0.0);
    std::vector<double> matrixBytes(matrix.size(), 0.0), matrixFlops(matrix.size(), 0.0);
    double streamedBytes = 0;
    const auto add = [&](const WorkloadOp &op, const OpPrice &p) {
        streamedBytes += op.bytes;
        const std::size_t slot = op.layer < 0 ? static_cast<std::size_t>(layers) : static_cast<std::size_t>(op.layer);
        (p.matrix ? matrix : vector)[slot] += p.seconds;
        if (p.matrix) {
            matrixBytes[slot] += op.bytes;
            matrixFlops[slot] += op.flops;
        }
        energyJ_ += p.energyJ;
    };
    const Pricing &pr = *pricing_;
    const int prompt = config_.workload.shape.inputTokens;
    if (phase_ == Phase::Prefill)
        for (const WorkloadOp &op : pr.prefill)
            add(op, pr.price(op));
    else if (phase_ == Phase::Draft)
        pr.forEach(pr.draft, prompt + committed_ + draftIndex_, add);
    else
        pr.forEach(pr.verify, prompt + committed_ + gamma_, add);
    TimePs t = start;
    const std::uint32_t matrixType = sink.eventType(matrixLane_, OpKind::Matrix, label);
    const std::uint32_t vectorType = sink.eventType(vectorLane_, OpKind::Vector, label);
    for (std::size_t l = 0; l < matrix.size(); ++l) {
        const TimePs m = t + timing::secondsToPs(matrix[l]);
        if (m > t)
            sink.appendEvent(matrixType, t, m, static_cast<std::uint64_t>(matrixBytes[l]),
                             static_cast<std::uint64_t>(matrixFlops[l]));
        const TimePs v = m + timing::secondsToPs(vector[l]);
        if (v > m)
            sink.appendEvent(vectorType, m, v);
        t = v;
    }
    sink.appendEvent(sink.eventType(decoderLane_, OpKind::MemoryRead, label + QStringLiteral(" decode")), start, t,
                     static_cast<std::uint64_t>(streamedBytes));
    sink.counter(passBytesSeries_, start, streamedBytes);
    now_ = t;
    return streamedBytes;
}

int CassandraModel::advance(TraceSink &sink) {
    if (!begun_)
        begin(sink);
    const TextGenerationWorkload &w = config_.workload.shape;
    ++passes_;
    switch (phase_) {
        case Phase::Prefill: {
            const TimePs start = now_;
            emitPass(sink, QStringLiteral("prefill"));
            prefillSeconds_ = timing::psToSeconds(now_ - start);
            committed_ = 1;
            emitMemory(sink, w.inputTokens + 1);
            phase_ = Phase::Draft;
            draftIndex_ = 0;
            done_ = committed_ >= w.outputTokens;
            return kLevelRound;
        }
        case Phase::Draft: {
            const TimePs start = now_;
            const double bytes = emitPass(sink, QStringLiteral("draft"));
            draftSeconds_ += timing::psToSeconds(now_ - start);
            draftBytes_ += bytes;
            ++draftPasses_;
            if (++draftIndex_ == gamma_)
                phase_ = Phase::Verify;
            return kLevelPass;
        }
        case Phase::Verify: {
            const TimePs start = now_;
            const double bytes = emitPass(sink, QStringLiteral("verify"));
            verifySeconds_ += timing::psToSeconds(now_ - start);
            verifyBytes_ += bytes;
            ++verifyPasses_;
            const int accepted = acceptedInRound(round_);
            acceptedLog_.push_back(accepted);
            acceptedTotal_ += accepted;
            committed_ = std::min(w.outputTokens, committed_ + accepted + 1);
            sink.counter(acceptedSeries_, now_, accepted + 1);
            sink.counter(runningAcceptanceSeries_, now_, double(acceptedTotal_) / (double(acceptedLog_.size()) * gamma_));
            emitMemory(sink, w.inputTokens + committed_);
            emitAcceptanceFrame(sink);
            ++round_;
            draftIndex_ = 0;
            phase_ = Phase::Draft;
            done_ = committed_ >= w.outputTokens;
            return kLevelRound;
        }
    }
    return kLevelRound;
}

QString CassandraModel::narration(int level, std::int64_t index) const {
    const TextGenerationWorkload &w = config_.workload.shape;
    const BitBudget &wb = functional_->weightBits();
    const BitBudget &kb = functional_->kvBits();
    if (index == 0)
        return QStringLiteral("Prompt pass: %1 tokens through %2 with the full stored data (%3 bits per weight, %4 per KV "
                              "entry instead of 16: unary-coded exponents); the encoder writes each new K and V row as "
                              "speculation and verification data.")
            .arg(w.inputTokens)
            .arg(config_.workload.modelId)
            .arg(wb.targetBits, 0, 'f', 2)
            .arg(kb.targetBits, 0, 'f', 2);
    if (level == kLevelRound)
        return QStringLiteral("Round %1: %2 draft passes propose %2 tokens from the speculation data alone; one "
                              "verification pass reads everything, checks %3 positions at once, keeps %4 drafted tokens "
                              "and adds its own.")
            .arg(index)
            .arg(gamma_)
            .arg(gamma_ + 1)
            .arg(acceptedInRound(index - 1));
    const std::int64_t pass = index - 1;  // 0-based after the prompt
    const std::int64_t round = pass / (gamma_ + 1);
    const int inRound = static_cast<int>(pass % (gamma_ + 1));
    if (inRound < gamma_)
        return QStringLiteral("Round %1, draft %2 of %3: the decoder streams only the speculation data, %4 bits per weight "
                              "(%5 % kept by Wanda, %6 mantissa bits) and %7 per KV entry, and rebuilds BF16 by zero "
                              "filling; the GEMVs are ordinary BF16.")
            .arg(round + 1)
            .arg(inRound + 1)
            .arg(gamma_)
            .arg(wb.draftBits, 0, 'f', 2)
            .arg(100.0 * (1.0 - config_.functional.draft.weightSparsity), 0, 'f', 0)
            .arg(kernels::kBf16MantissaBits - config_.functional.draft.weightTruncation)
            .arg(kb.draftBits, 0, 'f', 2);
    return QStringLiteral("Round %1, verification: speculation and verification data together (%2 bits per weight) give "
                          "the exact target; %3 positions in one pass, so the weights stream once for %3 tokens. %4 of "
                          "%5 drafts accepted.")
        .arg(round + 1)
        .arg(wb.targetBits, 0, 'f', 2)
        .arg(gamma_ + 1)
        .arg(acceptedInRound(round))
        .arg(gamma_);
}

DataSource CassandraModel::dataSource() const {
    const FunctionalSettings &f = config_.functional;
    return {QStringLiteral("Timing from %1's dimensions on %2. Functional: a seeded synthetic GPT-2-shaped model (seed "
                           "%3; %4 layers, d_model %5, vocabulary %6) with BF16 weights, Wanda-calibrated on %7 random "
                           "tokens, decoding %8 tokens after a %9-token random prompt; its bits per value feed the timing.")
                .arg(config_.workload.modelId)
                .arg(config_.platform == Platform::Npu ? QStringLiteral("the LPU-like NPU") : QStringLiteral("an RTX 4090"))
                .arg(seed_)
                .arg(f.model.layers)
                .arg(f.model.dModel)
                .arg(f.model.vocab)
                .arg(f.calibrationTokens)
                .arg(f.outputTokens)
                .arg(f.promptTokens),
            true};
}

std::vector<BaselineResult> CassandraModel::baselines() const {
    const TextGenerationWorkload &w = config_.workload.shape;
    if (config_.platform == Platform::Rtx4090) {
        BaselineResult bf16 = textGenerationBaseline(config_.workload.model, w, kGpuId, 1);
        bf16.label += QStringLiteral(" BF16");
        return {bf16};
    }
    llm::GenerationTiming t;
    t.prefillSeconds = bf16PrefillSeconds_;
    t.totalSeconds = bf16Seconds_;
    t.outputTokens = w.outputTokens;
    t.batch = w.batch;
    t.energyJoules = bf16EnergyJ_;
    BaselineResult npu;
    npu.device = QStringLiteral("npu");
    npu.label = QStringLiteral("NPU BF16");
    npu.metrics = llm::standardMetrics(t);
    return {npu};
}

std::vector<Metric> CassandraModel::metrics() const {
    const TextGenerationWorkload &w = config_.workload.shape;
    llm::GenerationTiming t;
    t.prefillSeconds = prefillSeconds_;
    t.totalSeconds = timing::psToSeconds(now_);
    t.outputTokens = w.outputTokens;
    t.batch = w.batch;
    t.energyJoules = energyJ_;
    t.latencyDoc = QStringLiteral("Prompt pass, then every draft and verification pass");
    t.energyDoc = config_.platform == Platform::Npu ? QStringLiteral("NPU power x time")
                                                    : QStringLiteral("Shared baseline power model over every op");
    std::vector<Metric> m = llm::standardMetrics(t);
    const double total = t.totalSeconds;
    const double decode = total - prefillSeconds_, bf16Decode = bf16Seconds_ - bf16PrefillSeconds_;
    const BitBudget &wb = functional_->weightBits();
    const BitBudget &kb = functional_->kvBits();
    const SelfSpeculation &f = *functional_;
    const double budget = memoryBudgetBytes();
    const MemoryPlan cass = cassandraPlan(), eagle = eagle3Plan(), separate = separateDraftPlan();
    const double cassTokens = cass.tokensThatFit(budget), eagleTokens = eagle.tokensThatFit(budget),
                 separateTokens = separate.tokensThatFit(budget);
    const auto ratio = [](double a, double b) { return b > 0 ? a / b : 0.0; };
    m.insert(m.end(), {
        {QStringLiteral("speedup_vs_bf16"), ratio(bf16Seconds_, total), QStringLiteral("x"),
         QStringLiteral("BF16 decoding's latency / Cassandra's, same platform and lengths")},
        {QStringLiteral("decode_speedup_vs_bf16"), ratio(bf16Decode, decode), QStringLiteral("x"),
         QStringLiteral("BF16 decode time / Cassandra's decode time (after the prompt)")},
        {QStringLiteral("acceptance_rate"), acceptance_, QString(),
         QStringLiteral("Accepted / drafted tokens the timing used")},
        {QStringLiteral("tokens_per_round"), verifyPasses_ > 0 ? double(acceptedTotal_ + verifyPasses_) / verifyPasses_ : 0.0,
         QStringLiteral("tokens"), QStringLiteral("Tokens committed per verification (accepted drafts + 1)")},
        {QStringLiteral("draft_length"), double(gamma_), QStringLiteral("tokens"), QStringLiteral("γ")},
        {QStringLiteral("draft_time_pct"), total > 0 ? 100.0 * draftSeconds_ / total : 0.0, QStringLiteral("%"),
         QStringLiteral("Share of the latency spent in draft passes")},
        {QStringLiteral("verify_time_pct"), total > 0 ? 100.0 * verifySeconds_ / total : 0.0, QStringLiteral("%"),
         QStringLiteral("Share of the latency spent in verification passes")},
        {QStringLiteral("draft_pass_mb"), draftPasses_ > 0 ? draftBytes_ / draftPasses_ / 1e6 : 0.0, QStringLiteral("MB"),
         QStringLiteral("Mean bytes one draft pass streams")},
        {QStringLiteral("verify_pass_mb"), verifyPasses_ > 0 ? verifyBytes_ / verifyPasses_ / 1e6 : 0.0,
         QStringLiteral("MB"), QStringLiteral("Mean bytes one verification pass streams")},
        {QStringLiteral("functional_acceptance_rate"), f.acceptanceRate(), QString(),
         QStringLiteral("Accepted / drafted tokens measured on the functional model")},
        {QStringLiteral("functional_tokens_per_round"), f.tokensPerRound(), QStringLiteral("tokens"),
         QStringLiteral("Tokens per verification on the functional model")},
        {QStringLiteral("functional_lossless"), f.lossless() ? 1.0 : 0.0, QString(),
         QStringLiteral("1 when speculative decoding produced exactly the target's greedy tokens")},
        {QStringLiteral("draft_weight_error_pct"), 100.0 * f.draftWeightError(), QStringLiteral("%"),
         QStringLiteral("||draft - target|| / ||target|| over the functional model's linear weights")},
        {QStringLiteral("weight_bits_target"), wb.targetBits, QStringLiteral("bits"),
         QStringLiteral("Stored bits per weight: bitmap, sign, exponent code, full mantissa")},
        {QStringLiteral("weight_bits_draft"), wb.draftBits, QStringLiteral("bits"),
         QStringLiteral("Bits per weight a draft pass streams: bitmap and the kept values' speculation data")},
        {QStringLiteral("kv_bits_target"), kb.targetBits, QStringLiteral("bits"), QStringLiteral("Stored bits per KV entry")},
        {QStringLiteral("kv_bits_draft"), kb.draftBits, QStringLiteral("bits"),
         QStringLiteral("Bits per KV entry a draft pass streams")},
        {QStringLiteral("weight_exponent_bits"), wb.exponentBits, QStringLiteral("bits"),
         QStringLiteral("Mean exponent code length over the weights")},
        {QStringLiteral("weight_exponent_entropy_bits"), wb.exponentEntropyBits, QStringLiteral("bits"),
         QStringLiteral("Entropy of the weights' BF16 exponent field")},
        {QStringLiteral("kv_exponent_bits"), kb.exponentBits, QStringLiteral("bits"),
         QStringLiteral("Mean exponent code length over the KV cache")},
        {QStringLiteral("kv_exponent_entropy_bits"), kb.exponentEntropyBits, QStringLiteral("bits"),
         QStringLiteral("Entropy of the KV cache's BF16 exponent field")},
        {QStringLiteral("stored_weights_gb"), cass.weightBytes / 1e9, QStringLiteral("GB"),
         QStringLiteral("The target's weights as Cassandra stores them")},
        {QStringLiteral("memory_budget_gb"), budget / 1e9, QStringLiteral("GB"), QStringLiteral("The budget compared")},
        {QStringLiteral("max_context_tokens"), cassTokens, QStringLiteral("tokens"),
         QStringLiteral("KV positions Cassandra fits in the budget")},
        {QStringLiteral("eagle3_max_context_tokens"), eagleTokens, QStringLiteral("tokens"),
         QStringLiteral("KV positions EAGLE-3 (BF16 target, its head and draft KV) fits in the budget")},
        {QStringLiteral("separate_draft_max_context_tokens"), separateTokens, QStringLiteral("tokens"),
         QStringLiteral("KV positions a BF16 target with a separate Llama-3.2-1B draft fits")},
        {QStringLiteral("tokens_vs_eagle3"), ratio(cassTokens, eagleTokens), QStringLiteral("x"),
         QStringLiteral("Cassandra's tokens / EAGLE-3's under the same budget")},
        {QStringLiteral("tokens_vs_separate_draft"), ratio(cassTokens, separateTokens), QStringLiteral("x"),
         QStringLiteral("Cassandra's tokens / a separate draft's under the same budget")},
    });
    return m;
}

}  // namespace accelscope::cassandra
