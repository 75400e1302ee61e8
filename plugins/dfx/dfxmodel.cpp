#include "dfxmodel.h"

#include <algorithm>

#include "core/hw/textgenerationbaseline.h"
#include "core/sim/timing/units.h"
#include "core/workloads/llmworkload.h"

namespace accelscope::dfx {

using timing::Dependency;
using timing::TaskId;
using timing::TaskSpec;

DfxModel::DfxModel(const DfxRunConfig &config, std::uint64_t seed)
    : config_(config), seed_(seed), program_(config.model, config.hardware, config.devices) {
    buildTopology();
    const int layers = config_.model.layers;
    std::int64_t first = 0;
    for (int t = 0; t < config_.outputTokens; ++t) {
        tokenFirstInstruction_.push_back(first);
        first += static_cast<std::int64_t>(blockAt(t, 0).instructions.size()) +
                 static_cast<std::int64_t>(layers) * program_.layerSize() + program_.tailSize();
    }
    tokenFirstInstruction_.push_back(first);  // one past the end
    if (config_.functionalLayers > 0 && config_.functionalSteps > 0)
        functional_ =
            std::make_unique<FunctionalTrack>(config_.model, config_.devices, config_.functionalLayers, seed,
                                              config_.hiddenStates);
}

DfxModel::~DfxModel() = default;

void DfxModel::buildTopology() {
    const DfxHardware &hw = config_.hardware;
    const UnitId host =
        topology_.addUnit(QStringLiteral("host"), UnitKind::Host, kNoUnit,
                          QStringLiteral("CPU server that sends the prompt and collects tokens"));
    std::vector<UnitId> devices;
    for (int d = 0; d < config_.devices; ++d) {
        const UnitId device = topology_.addUnit(QStringLiteral("fpga%1").arg(d), UnitKind::Device, kNoUnit,
                                                QStringLiteral("Xilinx Alveo U280 card"));
        devices.push_back(device);
        const UnitId core = topology_.addUnit(QStringLiteral("core"), UnitKind::Core, device,
                                              QStringLiteral("DFX compute core %1: controller, scheduler, "
                                                             "scoreboard and its units")
                                                  .arg(d));
        std::vector<UnitId> units(kCoreUnitCount, kNoUnit);
        units[static_cast<int>(CoreUnit::Mpu)] =
            topology_.addUnit(QStringLiteral("MPU"), UnitKind::Compute, core,
                              QStringLiteral("Matrix unit: %1 lanes x %2-input FP16 MAC trees")
                                  .arg(hw.macLanes)
                                  .arg(hw.macWidth));
        units[static_cast<int>(CoreUnit::Vpu)] = topology_.addUnit(
            QStringLiteral("VPU"), UnitKind::Compute, core,
            QStringLiteral("Vector unit: %1-wide add, sub, mul, square, exp").arg(hw.vectorWidth));
        units[static_cast<int>(CoreUnit::Sfu)] = topology_.addUnit(
            QStringLiteral("SFU"), UnitKind::Compute, core,
            QStringLiteral("Special functions: mask, LUT GELU, reduce-max, accumulate, reciprocal (sqrt)"));
        units[static_cast<int>(CoreUnit::DmaRead)] =
            topology_.addUnit(QStringLiteral("DMA read"), UnitKind::Compute, core,
                              QStringLiteral("DMA read interface on all HBM channels and DDR4"));
        units[static_cast<int>(CoreUnit::DmaWrite)] = topology_.addUnit(
            QStringLiteral("DMA write"), UnitKind::Compute, core,
            QStringLiteral("DMA write interface with the transpose unit (V is stored transposed)"));
        units[static_cast<int>(CoreUnit::Router)] = topology_.addUnit(
            QStringLiteral("router"), UnitKind::Compute, core,
            QStringLiteral("Ring router and core-ID reorder: the all-gather of sub-vectors"));
        units[static_cast<int>(CoreUnit::Pcie)] =
            topology_.addLink(QStringLiteral("PCIe"), device, host, device, hw.pcieBytesPerSecond, true,
                              QStringLiteral("PCIe Gen3 x16 to the host"));
        coreUnits_.push_back(units);
        hbmUnits_.push_back(topology_.addMemory(
            QStringLiteral("HBM"), device, hw.hbmChannels, hw.hbmChannelBytes, hw.hbmBytesPerSecond(),
            QStringLiteral("HBM2, %1 channels x 512 bit at the core clock: weights and KV cache")
                .arg(hw.hbmChannels)));
        topology_.addMemory(QStringLiteral("DDR4"), device, 2, hw.ddrBytes / 2, hw.ddrBytesPerSecond,
                            QStringLiteral("DDR4: embeddings (WTE, WPE) and tokens"));
    }
    if (config_.devices > 1) {
        const timing::LinkModel ring = hw.ring();
        for (int d = 0; d < config_.devices; ++d) {
            const int next = (d + 1) % config_.devices;
            ringLinks_.push_back(topology_.addLink(
                QStringLiteral("ring %1-%2").arg(d).arg(next), kNoUnit, devices[static_cast<std::size_t>(d)],
                devices[static_cast<std::size_t>(next)], ring.payloadBytesPerSecond(), false,
                QStringLiteral("QSFP 100 Gb/s with Aurora 64b/66b, FPGA %1 to FPGA %2").arg(d).arg(next)));
        }
    }
}

UnitId DfxModel::unitOf(int device, CoreUnit unit) const {
    return coreUnits_.at(static_cast<std::size_t>(device)).at(static_cast<std::size_t>(unit));
}

std::vector<StepLevel> DfxModel::stepLevels() const {
    return {
        {QStringLiteral("instruction"),
         QStringLiteral("One instruction on every FPGA core: a DMA transfer, a matrix or vector "
                        "operation, or a ring synchronization")},
        {QStringLiteral("layer"),
         QStringLiteral("One decoder layer of one token step (layer 0 includes the embedding lookup; "
                        "the LM head and sampling are a unit of their own)")},
        {QStringLiteral("token"),
         QStringLiteral("The summarization stage (the whole prompt), then one generation step per token")},
    };
}

double DfxModel::progress() const {
    return static_cast<double>(instructionsDone_) / static_cast<double>(tokenFirstInstruction_.back());
}

InstructionBlock DfxModel::blockAt(int token, int block) const {
    if (block == 0)
        return program_.head(rowsOf(token), token == 0);
    if (block <= config_.model.layers)
        return program_.decoderLayer(rowsOf(token), kvLengthOf(token));
    return program_.tail();
}

QString DfxModel::labelOf(const Instruction &instruction, int block) const {
    if (block >= 1 && block <= config_.model.layers)
        return instruction.name + QStringLiteral(" L%1").arg(block - 1);
    return instruction.name;
}

void DfxModel::begin(TraceSink &sink) {
    scheduler_ = std::make_unique<timing::Scheduler>(sink);
    const int devices = config_.devices;
    resources_.assign(static_cast<std::size_t>(devices), {});
    for (int d = 0; d < devices; ++d)
        for (int u = 0; u < kCoreUnitCount; ++u)
            resources_[static_cast<std::size_t>(d)].push_back(scheduler_->addResource(
                coreUnits_[static_cast<std::size_t>(d)][static_cast<std::size_t>(u)]));
    for (const UnitId link : ringLinks_)
        linkResources_.push_back(scheduler_->addResource(link));
    previousOutput_.assign(static_cast<std::size_t>(devices), -1);
    unitHbmBytes_.assign(static_cast<std::size_t>(devices), 0);

    for (int d = 0; d < devices; ++d) {
        const QString hbm = topology_.path(hbmUnits_[static_cast<std::size_t>(d)]);
        std::vector<std::uint32_t> banks;
        for (int c = 0; c < config_.hardware.hbmChannels; ++c)
            banks.push_back(sink.counterSeries(hbm + QStringLiteral("/bank%1").arg(c), QStringLiteral("B")));
        hbmBankSeries_.push_back(banks);
        hbmBandwidthSeries_.push_back(
            sink.counterSeries(hbm + QStringLiteral("/bandwidth"), QStringLiteral("GB/s")));
    }
    kvSeries_ = sink.counterSeries(QStringLiteral("kv_cache_bytes"), QStringLiteral("B"));
    tokensSeries_ = sink.counterSeries(QStringLiteral("tokens_generated"), QStringLiteral("tokens"));
    emitHbmOccupancy(sink, 0);
    sink.counter(kvSeries_, 0, 0);
    sink.counter(tokensSeries_, 0, 0);
}

TaskId DfxModel::producer(int device, const Instruction::Dep &dep) const {
    if (dep.slot == Instruction::kPreviousBlock)
        return previousOutput_[static_cast<std::size_t>(device)];
    return blockTasks_[static_cast<std::size_t>(device)][static_cast<std::size_t>(dep.slot)];
}

void DfxModel::schedule(const Instruction &instruction, const QString &label) {
    for (int d = 0; d < config_.devices; ++d) {
        auto &tasks = blockTasks_[static_cast<std::size_t>(d)];
        if (instruction.coreZeroOnly && d != 0) {
            tasks.push_back(-1);
            continue;
        }
        TaskSpec spec;
        spec.resource = resources_[static_cast<std::size_t>(d)][static_cast<std::size_t>(instruction.unit)];
        spec.durationPs = instruction.durationPs;
        for (const Instruction::Dep &dep : instruction.deps) {
            const TaskId task = producer(d, dep);
            if (task >= 0)
                spec.deps.push_back(dep.chained ? Dependency::chained(task, dep.lagPs)
                                                : Dependency::after(task, dep.lagPs));
        }
        spec.kind = instruction.kind;
        spec.label = label;
        spec.bytes = instruction.bytes;
        spec.flops = instruction.flops;
        tasks.push_back(scheduler_->add(spec));
        if (instruction.memory == MemorySpace::Hbm) {
            hbmBytesMoved_ += instruction.bytes;
            unitHbmBytes_[static_cast<std::size_t>(d)] += instruction.bytes;
        }
    }
    kvBytesPerDevice_ += instruction.kvBytesAppended;
}

void DfxModel::scheduleSync(const Instruction &instruction, const QString &label) {
    const int devices = config_.devices;
    const Instruction::Dep &source = instruction.deps.front();
    std::vector<TaskId> producers;
    for (int d = 0; d < devices; ++d)
        producers.push_back(producer(d, source));

    if (devices == 1) {  // nothing to exchange: a no-op that keeps the dependency chain
        TaskSpec spec;
        spec.resource = resources_[0][static_cast<std::size_t>(CoreUnit::Router)];
        spec.deps = {Dependency::after(producers[0], source.lagPs)};
        spec.record = false;
        blockTasks_[0].push_back(scheduler_->add(spec));
        return;
    }

    // Hop h: link d carries the sub-vector core d received in hop h - 1 (its own in hop 1).
    const TimePs hopPs = config_.hardware.ring().transferPs(instruction.bytes);
    std::vector<TaskId> previousHop(static_cast<std::size_t>(devices), -1);
    for (int hop = 1; hop < devices; ++hop) {
        std::vector<TaskId> thisHop;
        const QString hopLabel = label + QStringLiteral(" hop %1").arg(hop);
        for (int d = 0; d < devices; ++d) {
            TaskSpec spec;
            spec.resource = linkResources_[static_cast<std::size_t>(d)];
            spec.durationPs = hopPs;
            const TaskId feeder = hop == 1
                                      ? producers[static_cast<std::size_t>(d)]
                                      : previousHop[static_cast<std::size_t>((d - 1 + devices) % devices)];
            spec.deps = {Dependency::after(feeder, hop == 1 ? source.lagPs : 0)};
            spec.kind = OpKind::Transfer;
            spec.label = hopLabel;
            spec.bytes = instruction.bytes;
            thisHop.push_back(scheduler_->add(spec));
            ringBytes_ += instruction.bytes;
        }
        previousHop = thisHop;
    }
    // A core's router is busy from its producer's end until the last sub-vector has arrived.
    for (int d = 0; d < devices; ++d) {
        const TimePs ready = scheduler_->end(producers[static_cast<std::size_t>(d)]) + source.lagPs;
        const TimePs done =
            scheduler_->end(previousHop[static_cast<std::size_t>((d - 1 + devices) % devices)]);
        TaskSpec spec;
        spec.resource = resources_[static_cast<std::size_t>(d)][static_cast<std::size_t>(CoreUnit::Router)];
        spec.notBeforePs = ready;
        spec.durationPs = std::max<TimePs>(0, done - ready);
        spec.kind = instruction.kind;
        spec.label = label;
        spec.bytes = instruction.bytes * static_cast<std::uint64_t>(devices - 1);
        blockTasks_[static_cast<std::size_t>(d)].push_back(scheduler_->add(spec));
    }
}

int DfxModel::advance(TraceSink &sink) {
    if (!scheduler_)
        begin(sink);
    const int layers = config_.model.layers;
    if (instruction_ == 0) {
        if (block_ >= 1 && block_ <= layers) {
            if (layerBlockToken_ != token_) {
                layerBlock_ = blockAt(token_, block_);
                layerBlockToken_ = token_;
            }
            current_ = &layerBlock_;
        } else {
            headOrTail_ = blockAt(token_, block_);
            current_ = &headOrTail_;
        }
        for (auto &tasks : blockTasks_)
            tasks.clear();
        blockTasks_.resize(static_cast<std::size_t>(config_.devices));
    }
    const Instruction &instruction = current_->instructions[static_cast<std::size_t>(instruction_)];
    const QString label = labelOf(instruction, block_);
    if (instruction.unit == CoreUnit::Router)
        scheduleSync(instruction, label);
    else
        schedule(instruction, label);
    ++instruction_;
    ++instructionsDone_;
    if (instruction_ < static_cast<int>(current_->instructions.size()))
        return kLevelInstruction;

    // The block ended.
    for (int d = 0; d < config_.devices; ++d)
        previousOutput_[static_cast<std::size_t>(d)] =
            blockTasks_[static_cast<std::size_t>(d)][static_cast<std::size_t>(current_->outputSlot)];
    scheduler_->forgetBefore(*std::min_element(previousOutput_.begin(), previousOutput_.end()));
    instruction_ = 0;
    if (block_ == 0) {  // the head belongs to layer 0's unit
        ++block_;
        return kLevelInstruction;
    }
    if (block_ <= layers) {
        const int layer = block_ - 1;
        if (functional_ && token_ < config_.functionalSteps && layer < functional_->layers()) {
            const kernels::MatrixF scores = functional_->runLayer(layer, rowsOf(token_));
            Frame frame;
            frame.step = instructionsDone_ - 1;
            frame.time = now();
            frame.kind = FrameKind::Heat;
            frame.name = QStringLiteral("layer%1/head0/attention").arg(layer);
            frame.shape = {scores.rows(), scores.cols()};
            frame.dtype = DType::F32;
            frame.data = QByteArray(reinterpret_cast<const char *>(scores.data()),
                                    static_cast<qsizetype>(scores.size() * sizeof(float)));
            sink.frame(std::move(frame));
        }
        endOfLayerUnit(sink);
        ++block_;
        return kLevelLayer;
    }
    endOfLayerUnit(sink);
    endOfToken(sink);
    ++token_;
    block_ = 0;
    return kLevelToken;
}

void DfxModel::endOfLayerUnit(TraceSink &sink) {
    const TimePs t = now();
    const double seconds = timing::psToSeconds(std::max<TimePs>(1, t - unitStart_));
    for (int d = 0; d < config_.devices; ++d) {
        auto &bytes = unitHbmBytes_[static_cast<std::size_t>(d)];
        sink.counter(hbmBandwidthSeries_[static_cast<std::size_t>(d)], unitStart_,
                     static_cast<double>(bytes) / seconds / 1e9);
        bytes = 0;
    }
    unitStart_ = t;
}

void DfxModel::endOfToken(TraceSink &sink) {
    const TimePs t = now();
    if (token_ == 0)
        prefillEndPs_ = t;
    emitHbmOccupancy(sink, t);
    sink.counter(kvSeries_, t, static_cast<double>(kvBytesPerDevice_) * config_.devices);
    sink.counter(tokensSeries_, t, token_ + 1);
    if (token_ + 1 == config_.outputTokens)
        for (const std::uint32_t series : hbmBandwidthSeries_)
            sink.counter(series, t, 0);
}

void DfxModel::emitHbmOccupancy(TraceSink &sink, TimePs time) {
    // Every tensor is striped over all channels, so each holds an equal share.
    const std::uint64_t total = hbmBytesPerDevice();
    const auto channels = static_cast<std::uint64_t>(config_.hardware.hbmChannels);
    for (std::size_t d = 0; d < hbmBankSeries_.size(); ++d)
        for (std::uint64_t c = 0; c < channels; ++c)
            sink.counter(hbmBankSeries_[d][c], time,
                         static_cast<double>(total / channels + (c < total % channels ? 1 : 0)));
}

DfxModel::Position DfxModel::locate(std::int64_t index) const {
    Position p;
    const auto it = std::upper_bound(tokenFirstInstruction_.begin(), tokenFirstInstruction_.end(), index);
    p.token = static_cast<int>(std::distance(tokenFirstInstruction_.begin(), it)) - 1;
    p.token = std::clamp(p.token, 0, config_.outputTokens - 1);
    std::int64_t offset = index - tokenFirstInstruction_[static_cast<std::size_t>(p.token)];
    const std::int64_t headSize = static_cast<std::int64_t>(blockAt(p.token, 0).instructions.size());
    const std::int64_t layerSize = program_.layerSize();
    const std::int64_t layers = config_.model.layers;
    if (offset < headSize) {
        p.instruction = static_cast<int>(offset);
        return p;
    }
    offset -= headSize;
    if (offset < layers * layerSize) {
        p.block = 1 + static_cast<int>(offset / layerSize);
        p.instruction = static_cast<int>(offset % layerSize);
        return p;
    }
    p.block = static_cast<int>(layers) + 1;
    p.instruction =
        static_cast<int>(std::min<std::int64_t>(offset - layers * layerSize, program_.tailSize() - 1));
    return p;
}

QString DfxModel::narration(int level, std::int64_t index) const {
    const int layers = config_.model.layers;
    const int devices = config_.devices;
    const QString cores =
        devices == 1 ? QStringLiteral("The core") : QStringLiteral("All %1 cores").arg(devices);
    if (level == kLevelToken) {
        const int t = static_cast<int>(index);
        if (t == 0)
            return QStringLiteral(
                       "Summarization: the %1-token prompt goes through all %2 layers as one "
                       "matrix, each weight tile reused across the %1 rows; the KV cache now "
                       "holds %1 tokens and the LM head picks output token 1 of %3.")
                .arg(config_.inputTokens)
                .arg(layers)
                .arg(config_.outputTokens);
        return QStringLiteral(
                   "Generation step %1: token %2 of %3 from a single 1 x %4 vector per layer; "
                   "weights stream from HBM and attention reads a KV cache of %5 tokens.")
            .arg(t)
            .arg(t + 1)
            .arg(config_.outputTokens)
            .arg(config_.model.dModel)
            .arg(kvLengthOf(t));
    }
    if (level == kLevelLayer) {
        const int t = static_cast<int>(index / (layers + 1));
        const int unit = static_cast<int>(index % (layers + 1));
        const QString stage =
            t == 0 ? QStringLiteral("summarization") : QStringLiteral("generation step %1").arg(t);
        if (unit == layers)
            return QStringLiteral(
                       "Token %1 (%2): final LayerNorm, then each core scores its slice of "
                       "the vocabulary; the best candidates meet on the ring and every core "
                       "picks the same next token.")
                .arg(t + 1)
                .arg(stage);
        return QStringLiteral(
                   "Token %1 (%2), layer %3 of %4: attention over this core's heads, then "
                   "the projection and FFN on its weight columns, with %5.")
            .arg(t + 1)
            .arg(stage)
            .arg(unit)
            .arg(layers)
            .arg(devices == 1 ? QStringLiteral("no synchronization (one core)")
                              : QStringLiteral("4 ring all-gathers (attention heads, projection, FFN "
                                               "hidden, FFN output)"));
    }
    const Position p = locate(index);
    const InstructionBlock block = blockAt(p.token, p.block);
    const Instruction &i = block.instructions[static_cast<std::size_t>(p.instruction)];
    const QString where =
        p.block >= 1 && p.block <= layers ? QStringLiteral(" (layer %1)").arg(p.block - 1) : QString();
    const QString who = i.coreZeroOnly ? QStringLiteral("Core 0") : cores;
    return QStringLiteral("%1 – %2 %3%4: %5").arg(who, toString(i.unit), i.name, where, i.doc);
}

DataSource DfxModel::dataSource() const {
    if (!functional_)
        return {QStringLiteral("Timing only: GPT-2 dimensions, no weights computed (functional_layers = 0)."),
                true};
    const QString inputs = config_.hiddenStates
                               ? QStringLiteral("on hidden states from %1").arg(config_.hiddenStatesSource)
                               : QStringLiteral("on synthetic hidden states");
    return {QStringLiteral("Timing from the GPT-2 dimensions. Functional: the first %1 decoder layer(s) "
                           "at real size with seeded synthetic GPT-2-like weights (N(0, 0.02^2), FP16, "
                           "seed %2) %3, run on the first %4 token step(s), split "
                           "over %5 FPGA(s) with ring all-gathers and checked against one device.")
                .arg(config_.functionalLayers)
                .arg(seed_)
                .arg(inputs)
                .arg(std::min(config_.functionalSteps, config_.outputTokens))
                .arg(config_.devices),
            config_.hiddenStates == nullptr};
}

std::vector<Metric> DfxModel::metrics() const {
    const double latencyS = timing::psToSeconds(now());
    const double prefillS = timing::psToSeconds(prefillEndPs_);
    const int output = config_.outputTokens;
    const DfxHardware &hw = config_.hardware;
    const double powerW = hw.boardPowerW * config_.devices;
    llm::GenerationTiming timing;
    timing.prefillSeconds = prefillS;
    timing.totalSeconds = latencyS;
    timing.outputTokens = output;
    timing.energyJoules = powerW * latencyS;
    timing.latencyDoc = QStringLiteral("End-to-end time: summarization plus every generation step");
    timing.prefillDoc = QStringLiteral("Summarization stage: the prompt through all layers and the first token");
    timing.energyDoc = QStringLiteral("Board power x FPGAs x latency");
    std::vector<Metric> m = llm::standardMetrics(timing);
    m.push_back({QStringLiteral("average_power_w"), powerW, QStringLiteral("W"),
                 QStringLiteral("Board power x FPGAs (fpga_power_w, a reconstruction)")});
    const double peakBytes = latencyS * hw.hbmBytesPerSecond() * config_.devices;
    m.push_back({QStringLiteral("hbm_bandwidth_utilization"),
                 peakBytes > 0 ? 100.0 * static_cast<double>(hbmBytesMoved_) / peakBytes : 0.0,
                 QStringLiteral("%"),
                 QStringLiteral("HBM bytes moved / (peak HBM bandwidth x FPGAs x latency)")});
    m.push_back(
        {QStringLiteral("weight_streaming_bound_ms_per_token"),
         static_cast<double>(program_.weightBytesPerDevice()) / hw.hbmBytesPerSecond() * 1e3,
         QStringLiteral("ms"),
         QStringLiteral("Time to stream one FPGA's weights (layers + LM head) once at peak HBM bandwidth")});
    m.push_back({QStringLiteral("ring_bytes"), static_cast<double>(ringBytes_), QStringLiteral("B"),
                 QStringLiteral("Bytes sent over all ring links")});
    m.push_back({QStringLiteral("kv_cache_mib"),
                 static_cast<double>(kvBytesPerDevice_) * config_.devices / (1 << 20), QStringLiteral("MiB"),
                 QStringLiteral("KV cache held in HBM over all FPGAs at the end")});
    const BaselineResult gpu = baselines().front();
    const Metric *gpuLatency = findMetric(gpu.metrics, QStringLiteral("latency_ms"));
    const Metric *gpuEnergy = findMetric(gpu.metrics, QStringLiteral("energy_j"));
    if (gpuLatency && gpuEnergy && latencyS > 0) {
        m.push_back({QStringLiteral("speedup_vs_4x_v100"), gpuLatency->value / (latencyS * 1e3),
                     QStringLiteral("x"),
                     QStringLiteral(
                         "Latency of the same workload on 4 x V100 (shared baseline model) / this latency")});
        m.push_back({QStringLiteral("energy_efficiency_vs_4x_v100"), gpuEnergy->value / (powerW * latencyS),
                     QStringLiteral("x"),
                     QStringLiteral("Energy of the same workload on 4 x V100 / this run's energy")});
    }
    if (functional_)
        m.push_back(
            {QStringLiteral("partition_max_abs_error"), functional_->maxAbsError(), QStringLiteral(""),
             QStringLiteral("max |split over the FPGAs - single device| of the functional layers' outputs")});
    return m;
}

TextGenerationWorkload DfxModel::workload() const {
    TextGenerationWorkload w;
    w.batch = 1;
    w.inputTokens = config_.inputTokens;
    w.outputTokens = config_.outputTokens;
    w.bytesPerElement = config_.hardware.bytesPerElement;
    return w;
}

std::vector<BaselineResult> DfxModel::baselines() const {
    // The paper's baseline appliance: 4 x V100, whatever number of FPGAs this run uses.
    if (!baseline_)
        baseline_ = textGenerationBaseline(config_.model, workload(), QStringLiteral("v100-sxm2-32gb"), 4);
    return {*baseline_};
}

}  // namespace accelscope::dfx
