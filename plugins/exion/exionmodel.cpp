#include "exionmodel.h"

#include <algorithm>
#include <cmath>

#include "core/api/framebuilder.h"
#include "core/hw/devicelibrary.h"
#include "core/hw/diffusionbaseline.h"
#include "core/sim/timing/units.h"

namespace accelscope::exion {

namespace {

OpKind opKindOf(ExionUnit u) {
    switch (u) {
        case ExionUnit::PeArray:
            return OpKind::Matrix;
        case ExionUnit::Predictor:
            return OpKind::Special;
        case ExionUnit::ConMerge:
            return OpKind::Control;
        case ExionUnit::Vector:
            return OpKind::Vector;
        case ExionUnit::Dram:
            return OpKind::MemoryRead;
    }
    return OpKind::Other;
}

// A mask as 0/1 bytes, row-major.
std::vector<std::uint8_t> bytesOf(const kernels::MaskU8 &mask) {
    return std::vector<std::uint8_t>(mask.data(), mask.data() + mask.size());
}

// ConMerge's input (rows × group width, each computed entry coloured by its source row + 1) and
// output (merged rows × group width, each slot coloured by the source row it holds + 1).
std::vector<float> groupBefore(const kernels::CompactedGroup &g, int rows) {
    std::vector<float> v(static_cast<std::size_t>(rows) * g.width, 0.f);
    for (const std::vector<int> &slot : g.slots)
        for (int c = 0; c < g.width; ++c)
            if (const int r = slot[static_cast<std::size_t>(c)]; r >= 0)
                v[static_cast<std::size_t>(r) * g.width + c] = float(r + 1);
    return v;
}
std::vector<float> groupAfter(const kernels::CompactedGroup &g) {
    std::vector<float> v;
    v.reserve(g.slots.size() * static_cast<std::size_t>(g.width));
    for (const std::vector<int> &slot : g.slots)
        for (int c = 0; c < g.width; ++c)
            v.push_back(float(slot[static_cast<std::size_t>(c)] + 1));
    return v;
}

}  // namespace

ExionModel::ExionModel(const ExionRunConfig &config, std::uint64_t seed) : config_(config), seed_(seed) {
    timing_ = std::make_unique<ExionTiming>(config_.backbone, config_.workload, config_.hardware);
    functional_ = std::make_unique<ExionFunctional>(config_.functional, config_.algorithm, seed);
    for (const StepRecord &r : functional_->steps()) {
        shares_.push_back(sharesOf(r));
        stepTimings_.push_back(timing_->step(shares_.back()));
    }
    denseTiming_ = timing_->step(StepShares{});
    buildTopology();
}

StepShares ExionModel::sharesOf(const StepRecord &r) const {
    const ExionAlgorithm &a = config_.algorithm;
    const kernels::DitConfig &net = functional_->pipeline().spec().network;
    const double n = functional_->tokens(), d = net.hidden, hd = net.headDim();
    StepShares s;
    s.ffnReuse = a.ffnReuse;
    s.denseFfn = r.dense;
    const CompactionCounts ffn = r.ffn(), attention = r.attention();
    s.ffnPassShare = ffn.passShare(a.conMerge);
    s.ffnDensity = ffn.density();
    s.prediction = attention.density() < 1.0;
    s.attentionPassShare = attention.passShare(a.conMerge);
    s.attentionDensity = attention.density();
    double projectionAdds = 0, scoreAdds = 0;
    for (const BlockStep &b : r.blocks) {
        projectionAdds += b.projectionAdds;
        scoreAdds += b.scoreAdds;
    }
    const double blocks = double(r.blocks.size());
    s.projectionAddsPerMac = projectionAdds / (blocks * n * d * 2 * d);
    s.scoreAddsPerMac = scoreAdds / (blocks * net.heads * n * n * hd);
    return s;
}

int ExionModel::intervalOf(int step) const {
    return config_.algorithm.ffnReuse ? step / config_.algorithm.denseInterval : step;
}

void ExionModel::buildTopology() {
    const ExionHardware &hw = config_.hardware;
    const UnitId device = topology_.addUnit(
        QStringLiteral("exion"), UnitKind::Device, kNoUnit,
        QStringLiteral("EXION %1 instance ([I] sizes; compared with %2)").arg(hw.instance, hw.gpuId));
    const UnitId core =
        topology_.addUnit(QStringLiteral("cores"), UnitKind::Core, device,
                          QStringLiteral("%1 cores working on row blocks of every op").arg(hw.cores));
    units_[0] = topology_.addUnit(
        toString(ExionUnit::PeArray), UnitKind::Compute, core,
        QStringLiteral("%1 x %2 x %3 FP16 PEs at %4 MHz (%5 TFLOPS), output-stationary; runs "
                       "the compacted tiles")
            .arg(hw.cores)
            .arg(hw.peRows)
            .arg(hw.peCols)
            .arg(hw.clockHz / 1e6)
            .arg(hw.peakFlops() / 1e12, 0, 'f', 1));
    units_[1] = topology_.addUnit(
        toString(ExionUnit::Predictor), UnitKind::Compute, core,
        QStringLiteral("Eager prediction: two-step leading-one detection and exponent adders "
                       "(Q̂, K̂, Ŝ in the log domain), %1 adds per cycle per core")
            .arg(hw.predictorAddsPerCycle));
    units_[2] = topology_.addUnit(
        toString(ExionUnit::ConMerge), UnitKind::Compute, core,
        QStringLiteral("ConMerge: condenses empty rows and merges non-colliding rows of the "
                       "sparse masks into dense tiles (%1 mask bits per cycle per core)")
            .arg(hw.conMergeBitsPerCycle));
    units_[3] =
        topology_.addUnit(toString(ExionUnit::Vector), UnitKind::Compute, core,
                          QStringLiteral("FP16 vector unit: GELU with the reuse threshold, softmax, norms, "
                                         "residuals (%1 lanes per core)")
                              .arg(hw.vectorLanes));
    units_[4] =
        topology_.addUnit(toString(ExionUnit::Dram), UnitKind::Compute, device,
                          QStringLiteral("DRAM at %1 GB/s: weights once per step, the FFN-Reuse cache")
                              .arg(hw.dramBytesPerSecond / 1e9));
    const UnitId sram = topology_.addMemory(
        QStringLiteral("global buffer"), device, hw.sramBanks,
        static_cast<std::int64_t>(hw.sramBytes / hw.sramBanks), hw.clockHz * 64.0 * hw.sramBanks,
        QStringLiteral("Activations, compacted tiles and index metadata"));
    topology_.addLink(QStringLiteral("weights"), device, units_[4], sram, hw.dramBytesPerSecond, false,
                      QStringLiteral("Weights and the FFN cache from DRAM"));
    topology_.addLink(QStringLiteral("tiles"), device, sram, units_[0], hw.clockHz * 64.0 * hw.sramBanks,
                      false, QStringLiteral("Compacted tiles to the PE array"));
    topology_.addLink(QStringLiteral("masks"), device, units_[1], units_[2],
                      hw.clockHz * hw.conMergeBitsPerCycle / 8.0, false,
                      QStringLiteral("Predicted attention masks to ConMerge"));
}

std::vector<StepLevel> ExionModel::stepLevels() const {
    return {{QStringLiteral("block"), QStringLiteral("One transformer block of the backbone")},
            {QStringLiteral("step"), QStringLiteral("One denoising iteration over every block")},
            {QStringLiteral("interval"),
             QStringLiteral("A dense FFN iteration and the sparse iterations that reuse its GELU mask")}};
}

double ExionModel::progress() const {
    const double blocks = timing_->blocks();
    return (step_ * blocks + block_) / (config_.steps * blocks);
}

void ExionModel::begin(TraceSink &sink) {
    begun_ = true;
    const QString pct = QStringLiteral("%");
    ffnSeries_ = sink.counterSeries(QStringLiteral("ffn_recompute_pct"), pct);
    attentionSeries_ = sink.counterSeries(QStringLiteral("attention_kept_pct"), pct);
    recallSeries_ = sink.counterSeries(QStringLiteral("prediction_recall_pct"), pct);
    ffnUtilBefore_ = sink.counterSeries(QStringLiteral("ffn_pe_utilization_before_pct"), pct);
    ffnUtilAfter_ = sink.counterSeries(QStringLiteral("ffn_pe_utilization_after_pct"), pct);
    attnUtilBefore_ = sink.counterSeries(QStringLiteral("attention_pe_utilization_before_pct"), pct);
    attnUtilAfter_ = sink.counterSeries(QStringLiteral("attention_pe_utilization_after_pct"), pct);
    psnrSeries_ = sink.counterSeries(QStringLiteral("latent_psnr_db"), QStringLiteral("dB"));
}

void ExionModel::emitStepData(TraceSink &sink, int step) {
    const StepRecord &r = functional_->steps()[static_cast<std::size_t>(step)];
    const StepViews &v = functional_->views()[static_cast<std::size_t>(step)];
    const CompactionCounts ffn = r.ffn(), attention = r.attention();
    sink.counter(ffnSeries_, now_, 100.0 * ffn.density());
    sink.counter(attentionSeries_, now_, 100.0 * attention.density());
    sink.counter(recallSeries_, now_, 100.0 * r.recall());
    sink.counter(ffnUtilBefore_, now_, 100.0 * ffn.utilizationBefore());
    sink.counter(ffnUtilAfter_, now_, 100.0 * ffn.utilizationAfter());
    sink.counter(attnUtilBefore_, now_, 100.0 * attention.utilizationBefore());
    sink.counter(attnUtilAfter_, now_, 100.0 * attention.utilizationAfter());
    sink.counter(psnrSeries_, now_, r.latentPsnrDb);

    const int n = functional_->tokens();
    for (std::size_t b = 0; b < v.ffnMask.size(); ++b) {
        if (v.ffnMask[b].size() > 0)
            sink.frame(matrixFrame(step, now_, FrameKind::Mask, QStringLiteral("block%1/ffn_mask").arg(b),
                                   v.ffnMask[b].rows(), v.ffnMask[b].cols(), bytesOf(v.ffnMask[b])));
        if (v.predictedMask[b].size() > 0)
            sink.frame(matrixFrame(step, now_, FrameKind::Mask,
                                   QStringLiteral("block%1/head0/predicted_mask").arg(b), n, n,
                                   bytesOf(v.predictedMask[b])));
    }
    if (!v.attentionCheck.empty())
        sink.frame(matrixFrame(step, now_, FrameKind::Heat, QStringLiteral("block0/head0/prediction_check"),
                               n, n, v.attentionCheck));
    const auto conMerge = [&](const QString &name, const ConMergeView &view) {
        const kernels::CompactedGroup &g = view.group;
        if (g.width == 0)
            return;
        sink.frame(matrixFrame(step, now_, FrameKind::Heat, name + QStringLiteral("_before"), view.rows,
                               g.width, groupBefore(g, view.rows)));
        sink.frame(matrixFrame(step, now_, FrameKind::Heat, name + QStringLiteral("_after"),
                               static_cast<std::int64_t>(g.slots.size()), g.width, groupAfter(g)));
    };
    conMerge(QStringLiteral("block0/ffn_conmerge"), v.ffnConMerge);
    conMerge(QStringLiteral("block0/head0/attention_conmerge"), v.attentionConMerge);
}

int ExionModel::advance(TraceSink &sink) {
    if (!begun_)
        begin(sink);
    const int s = step_;
    if (block_ == 0)
        emitStepData(sink, s);
    const LayerTiming &layer =
        stepTimings_[static_cast<std::size_t>(s)].layers[static_cast<std::size_t>(block_)];
    const QString label = shares_[static_cast<std::size_t>(s)].denseFfn ? QStringLiteral("dense iteration")
                                                                        : QStringLiteral("sparse iteration");
    for (int u = 0; u < kExionUnits; ++u) {
        const UnitWork &w = layer.units[static_cast<std::size_t>(u)];
        if (w.seconds <= 0)
            continue;
        const std::uint32_t type =
            sink.eventType(units_[static_cast<std::size_t>(u)], opKindOf(static_cast<ExionUnit>(u)), label);
        sink.appendEvent(type, now_, now_ + timing::secondsToPs(w.seconds),
                         static_cast<std::uint64_t>(w.bytes), static_cast<std::uint64_t>(w.flops));
    }
    now_ += timing::secondsToPs(layer.seconds);
    if (++block_ < timing_->blocks())
        return kLevelBlock;
    block_ = 0;
    ++step_;
    const bool intervalEnds = step_ == config_.steps || intervalOf(step_) != intervalOf(s);
    return intervalEnds ? kLevelInterval : kLevelStep;
}

QString ExionModel::narration(int level, std::int64_t index) const {
    if (level == kLevelInterval) {
        const ExionAlgorithm &a = config_.algorithm;
        if (!a.ffnReuse)
            return QStringLiteral("FFN-Reuse is off: every iteration computes its FFNs in full.");
        const int first = std::clamp(static_cast<int>(index) * a.denseInterval, 0, config_.steps - 1);
        const int last = std::min(config_.steps, first + a.denseInterval) - 1;
        if (last == first)
            return QStringLiteral(
                       "Step %1: a dense iteration sets each block's GELU mask; no sparse iteration follows.")
                .arg(first + 1);
        const double density = functional_->steps()[static_cast<std::size_t>(first + 1)].ffn().density();
        return QStringLiteral(
                   "Steps %1 to %2: the dense iteration set each block's GELU mask (|h| > %3 x RMS); the "
                   "%4 sparse iterations after it recompute %5 % of the FFN entries and reuse the rest.")
            .arg(first + 1)
            .arg(last + 1)
            .arg(a.ffnThreshold)
            .arg(last - first)
            .arg(100.0 * density, 0, 'f', 1);
    }
    const int s = static_cast<int>(std::clamp<std::int64_t>(
        level == kLevelBlock ? index / timing_->blocks() : index, 0, config_.steps - 1));
    const StepRecord &r = functional_->steps()[static_cast<std::size_t>(s)];
    const StepShares &sh = shares_[static_cast<std::size_t>(s)];
    const StepTiming &t = stepTimings_[static_cast<std::size_t>(s)];
    const CompactionCounts ffn = r.ffn(), attention = r.attention();
    QString text = QStringLiteral("Step %1 of %2 (timestep %3), a %4 iteration: ")
                       .arg(s + 1)
                       .arg(config_.steps)
                       .arg(r.timestep)
                       .arg(sh.denseFfn ? QStringLiteral("dense") : QStringLiteral("sparse"));
    if (sh.denseFfn)
        text += config_.algorithm.ffnReuse
                    ? QStringLiteral("every FFN entry is computed and the GELU masks are set. ")
                    : QStringLiteral("every FFN entry is computed. ");
    else
        text += QStringLiteral(
                    "%1 % of the FFN entries are recomputed; ConMerge lifts PE utilization from %2 % to "
                    "%3 %. ")
                    .arg(100.0 * ffn.density(), 0, 'f', 1)
                    .arg(100.0 * ffn.utilizationBefore(), 0, 'f', 0)
                    .arg(100.0 * ffn.utilizationAfter(), 0, 'f', 0);
    if (sh.prediction)
        text += QStringLiteral(
                    "The predictor keeps %1 % of the attention scores and finds %2 % of the exact top-k. ")
                    .arg(100.0 * attention.density(), 0, 'f', 0)
                    .arg(100.0 * r.recall(), 0, 'f', 1);
    text += QStringLiteral("The step takes %1 ms (%2 % of a dense step).")
                .arg(t.seconds * 1e3, 0, 'f', 3)
                .arg(100.0 * t.seconds / denseTiming_.seconds, 0, 'f', 0);
    return text;
}

DataSource ExionModel::dataSource() const {
    return {QStringLiteral("Timing from %1's dimensions at %2x%3%4. Functional: %5")
                .arg(config_.backbone.name)
                .arg(config_.workload.width)
                .arg(config_.workload.height)
                .arg(config_.workload.frames > 1 ? QStringLiteral(", %1 frames").arg(config_.workload.frames)
                                                 : QString())
                .arg(functional_->dataSource()),
            true};
}

double ExionModel::totalSeconds() const {
    double s = 0;
    for (const StepTiming &t : stepTimings_)
        s += t.seconds;
    return s;
}

double ExionModel::totalEnergy() const {
    double e = 0;
    for (const StepTiming &t : stepTimings_)
        e += t.energyJoules;
    return e;
}

std::vector<BaselineResult> ExionModel::baselines() const {
    if (!baselines_)
        baselines_ = std::vector<BaselineResult>{
            diffusionBaseline(config_.backbone, config_.workload, config_.steps, config_.hardware.gpuId)};
    return *baselines_;
}

std::vector<Metric> ExionModel::metrics() const {
    const double seconds = totalSeconds(), energy = totalEnergy();
    const BaselineResult gpu = baselines().front();
    const Metric *gpuLatency = findMetric(gpu.metrics, QStringLiteral("latency_ms"));
    const Metric *gpuEnergy = findMetric(gpu.metrics, QStringLiteral("energy_j"));
    CompactionCounts sparseFfn, allFfn, attention;
    double recall = 0, macSlots = 0, denseMacs = 0, dram = 0;
    for (const StepRecord &r : functional_->steps()) {
        allFfn += r.ffn();
        if (!r.dense)
            sparseFfn += r.ffn();
        attention += r.attention();
        recall += r.recall();
    }
    for (const StepTiming &t : stepTimings_) {
        macSlots += t.macSlots;
        denseMacs += t.denseMacs;
        dram += t.dramBytes;
    }
    const double steps = double(config_.steps);
    const bool anySparse = sparseFfn.elements > 0;
    return {
        {QStringLiteral("latency_ms"), seconds * 1e3, QStringLiteral("ms"),
         QStringLiteral("Every denoising step of the full-size backbone on EXION (%1)")
             .arg(config_.hardware.instance)},
        {QStringLiteral("energy_j"), energy, QStringLiteral("J"),
         QStringLiteral(
             "PE, predictor, vector, SRAM and DRAM energy per access plus static power x latency")},
        {QStringLiteral("average_power_w"), seconds > 0 ? energy / seconds : 0.0, QStringLiteral("W"),
         QStringLiteral("energy_j / latency")},
        {QStringLiteral("speedup_vs_gpu"), gpuLatency->value / (seconds * 1e3), QStringLiteral("x"),
         QStringLiteral("%1 latency / EXION latency, same generation").arg(gpu.label)},
        {QStringLiteral("energy_gain_vs_gpu"), gpuEnergy->value / energy, QStringLiteral("x"),
         QStringLiteral("%1 energy / EXION energy, same generation").arg(gpu.label)},
        {QStringLiteral("speedup_vs_dense"), denseSeconds() / seconds, QStringLiteral("x"),
         QStringLiteral("EXION with every iteration dense and no prediction / this run, same hardware")},
        {QStringLiteral("psnr_db"), kernels::reportedPsnrDb(functional_->psnrDb()), QStringLiteral("dB"),
         QStringLiteral(
             "Final latent of the functional run against the unreduced run, same seed (100 = identical)")},
        {QStringLiteral("mse"), functional_->mse(), QString(),
         QStringLiteral("Mean squared error of the same")},
        {QStringLiteral("ffn_sparsity_pct"), anySparse ? 100.0 * (1.0 - sparseFfn.density()) : 0.0,
         QStringLiteral("%"),
         QStringLiteral("GELU outputs reused (below the threshold) in the sparse iterations")},
        {QStringLiteral("ffn_skipped_pct"), 100.0 * (1.0 - allFfn.density()), QStringLiteral("%"),
         QStringLiteral("FFN entries not computed over the whole run, dense iterations included")},
        {QStringLiteral("attention_sparsity_pct"), 100.0 * (1.0 - attention.density()), QStringLiteral("%"),
         QStringLiteral("Attention scores skipped by the prediction")},
        {QStringLiteral("prediction_recall_pct"), 100.0 * recall / steps, QStringLiteral("%"),
         QStringLiteral("Share of the exact per-query top-k the predicted mask keeps")},
        {QStringLiteral("ffn_utilization_before_pct"),
         anySparse ? 100.0 * sparseFfn.utilizationBefore() : 100.0, QStringLiteral("%"),
         QStringLiteral("PE utilization of the sparse FFN tiles without ConMerge")},
        {QStringLiteral("ffn_utilization_after_pct"),
         anySparse ? 100.0 * sparseFfn.utilizationAfter() : 100.0, QStringLiteral("%"),
         QStringLiteral("... after ConMerge")},
        {QStringLiteral("attention_utilization_before_pct"), 100.0 * attention.utilizationBefore(),
         QStringLiteral("%"),
         QStringLiteral("PE utilization of the predicted attention tiles without ConMerge")},
        {QStringLiteral("attention_utilization_after_pct"), 100.0 * attention.utilizationAfter(),
         QStringLiteral("%"), QStringLiteral("... after ConMerge")},
        {QStringLiteral("mac_reduction"), macSlots > 0 ? denseMacs / macSlots : 0.0, QStringLiteral("x"),
         QStringLiteral("Dense MACs / PE slot-cycles spent (idle slots of a tile counted)")},
        {QStringLiteral("dram_gb"), dram / 1e9, QStringLiteral("GB"),
         QStringLiteral("DRAM traffic: weights once per step and the FFN-Reuse cache")},
    };
}

}  // namespace accelscope::exion
