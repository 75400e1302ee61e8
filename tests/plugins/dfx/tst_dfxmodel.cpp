// DfxModel: the timing model of DFX's cores, checked against first principles and invariants.
#include <map>

#include <QtTest>

#include "core/api/errors.h"
#include "core/sim/trace.h"
#include "dfxcatalog.h"
#include "dfxmodel.h"
#include "tests/support/modelrun.h"

using namespace accelscope;
using namespace accelscope::dfx;

namespace {

ParamSet paramsFor(const QString &preset, const QStringList &assignments = {}) {
    return test::presetParams(dfxSchema(), dfxPresets(), preset, assignments);
}

struct Run {
    std::unique_ptr<DfxModel> model;
    std::unique_ptr<Trace> trace = std::make_unique<Trace>();
};

Run runToEnd(const ParamSet &params, std::uint64_t seed = 1) {
    Run run;
    run.model = std::make_unique<DfxModel>(DfxRunConfig::fromParams(params), seed);
    while (run.model->step(2, *run.trace)) {
    }
    run.trace->publish();
    return run;
}

// The last event of each label on FPGA 0's units: label → (begin, end).
std::map<QString, std::pair<TimePs, TimePs>> lastSpansOnFpga0(const Run &run) {
    const TraceSnapshot s = run.trace->snapshot();
    std::map<QString, std::pair<TimePs, TimePs>> last;
    for (std::size_t i = 0; i < s.eventCount(); ++i) {
        const EventType &type = s.eventType(s.eventTypeId(i));
        if (run.model->topology().path(type.unit).startsWith(QStringLiteral("fpga0/")))
            last[type.label] = {s.eventBegin(i), s.eventEnd(i)};
    }
    return last;
}

double metric(const Model &model, const char *name) {
    const std::vector<Metric> metrics = model.metrics();
    const Metric *m = findMetric(metrics, QString::fromLatin1(name));
    return m ? m->value : qQNaN();
}

}  // namespace

class TestDfxModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // The paper preset's trace stays small enough to record and scrub (~2.3 M events).
    void paperPresetRunsWithinTraceBudget() {
        const Run run = runToEnd(paramsFor(QStringLiteral("paper"), {QStringLiteral("functional_layers=0")}));
        QVERIFY(run.trace->snapshot().eventCount() < 3'000'000);
        QVERIFY(run.trace->snapshot().eventCount() > 1'000'000);  // every instruction of 4 cores
        QCOMPARE(metric(*run.model, "tokens_per_s"), 256.0 / (metric(*run.model, "latency_ms") / 1e3));
        QCOMPARE(metric(*run.model, "energy_j"), 4 * 75.0 * metric(*run.model, "latency_ms") / 1e3);
    }

    // Generation streams every weight of a core once per token at 409.6 GB/s; the model may
    // add synchronization, attention and pipeline time but cannot beat the stream.
    void decodeIsBoundByWeightStreaming() {
        const Run run = runToEnd(
            paramsFor(QStringLiteral("gpt2-1.5b-in32-out16"), {QStringLiteral("functional_layers=0")}));
        const double boundMs =
            static_cast<double>(run.model->program().weightBytesPerDevice()) / 409.6e9 * 1e3;
        QCOMPARE(run.model->config().hardware.hbmBytesPerSecond(), 409.6e9);
        QVERIFY(std::fabs(metric(*run.model, "weight_streaming_bound_ms_per_token") - boundMs) < 1e-9);
        const double decodeMs = metric(*run.model, "decode_ms_per_token");
        QVERIFY2(decodeMs >= boundMs && decodeMs <= 1.4 * boundMs,
                 qPrintable(QStringLiteral("decode %1 ms, bound %2 ms").arg(decodeMs).arg(boundMs)));
    }

    // Summarization is compute-bound: each weight tile is reused by all prompt rows, one row per
    // cycle, so it takes at least rows × tiles cycles at 200 MHz.
    void summarizationIsBoundByMacThroughput() {
        const Run run = runToEnd(
            paramsFor(QStringLiteral("gpt2-345m-in128-out1"), {QStringLiteral("functional_layers=0")}));
        const double macsPerCycle = 16.0 * 64.0;
        const DfxProgram &program = run.model->program();
        const double layerElements =
            static_cast<double>(program.layerWeightBytesPerDevice()) / 2 * run.model->config().model.layers;
        const double lmHeadElements =
            static_cast<double>(program.lmHeadBytesPerDevice()) / 2;  // last row only
        const double boundMs = (128.0 * layerElements + lmHeadElements) / macsPerCycle / 200e6 * 1e3;
        const double prefillMs = metric(*run.model, "prefill_ms");
        QVERIFY2(prefillMs >= boundMs && prefillMs <= 1.3 * boundMs,
                 qPrintable(QStringLiteral("prefill %1 ms, bound %2 ms").arg(prefillMs).arg(boundMs)));
        QCOMPARE(metric(*run.model, "latency_ms"), prefillMs);  // one output token: no generation
        QCOMPARE(metric(*run.model, "decode_ms_per_token"), 0.0);
    }

    // Twice the FPGAs: each streams half the weights, but every synchronization takes more hops.
    void doublingDevicesHalvesWeightStreamingAddsRingTime() {
        const QString preset = QStringLiteral("gpt2-345m-in32-out16");
        const Run two =
            runToEnd(paramsFor(preset, {QStringLiteral("devices=2"), QStringLiteral("functional_layers=0")}));
        const Run four =
            runToEnd(paramsFor(preset, {QStringLiteral("devices=4"), QStringLiteral("functional_layers=0")}));
        const double boundRatio = metric(*four.model, "weight_streaming_bound_ms_per_token") /
                                  metric(*two.model, "weight_streaming_bound_ms_per_token");
        QVERIFY(std::fabs(boundRatio - 0.5) < 0.01);
        const double decodeRatio =
            metric(*four.model, "decode_ms_per_token") / metric(*two.model, "decode_ms_per_token");
        QVERIFY2(decodeRatio > 0.5 && decodeRatio < 0.75, qPrintable(QString::number(decodeRatio)));
        // Ring traffic per synchronization is (D - 1) × the full vector: 3/1 of two devices'
        // (up to the few bytes of the per-token sampling exchange).
        QVERIFY(std::fabs(metric(*four.model, "ring_bytes") / metric(*two.model, "ring_bytes") - 3.0) < 1e-4);
    }

    // The DMA's HBM interface runs at the core clock (32 × 64 B per cycle) but cannot exceed the
    // HBM stack's 460 GB/s: doubling the clock doubles summarization (compute-bound) but speeds
    // the weight stream up only by 460 / 409.6.
    void clockScalesComputeButHbmSaturates() {
        const QString preset = QStringLiteral("gpt2-1.5b-in32-out16");
        const Run base = runToEnd(paramsFor(preset, {QStringLiteral("functional_layers=0")}));
        const Run fast = runToEnd(
            paramsFor(preset, {QStringLiteral("clock_mhz=400"), QStringLiteral("functional_layers=0")}));
        QCOMPARE(fast.model->config().hardware.hbmBytesPerSecond(), 460e9);
        const double bytes = static_cast<double>(fast.model->program().weightBytesPerDevice());
        QVERIFY(std::fabs(metric(*fast.model, "weight_streaming_bound_ms_per_token") - bytes / 460e9 * 1e3) <
                1e-9);
        QVERIFY(metric(*fast.model, "decode_ms_per_token") >= bytes / 460e9 * 1e3);
        const double prefillRatio = metric(*fast.model, "prefill_ms") / metric(*base.model, "prefill_ms");
        // Half, plus half of the ring time (link rate and hop latency do not follow the clock).
        QVERIFY2(prefillRatio > 0.5 && prefillRatio < 0.55, qPrintable(QString::number(prefillRatio)));
    }

    // In generation every core's producer ends at the same time (same program, same slice
    // sizes), so the router of FPGA 0 is busy for exactly D - 1 hops of 200 ns plus the
    // sub-vector over 100 Gb/s less 64b/66b coding.
    void ringSyncCostsDMinusOneHops() {
        const Run run = runToEnd(
            paramsFor(QStringLiteral("gpt2-1.5b-in32-out16"), {QStringLiteral("functional_layers=0")}));
        const auto last = lastSpansOnFpga0(run);
        const double payloadBytesPerSecond = 100e9 / 8 * 64 / 66;
        const auto hopsPs = [&](double elements) {
            return 3 * (200e3 + elements * 2 / payloadBytesPerSecond * 1e12);
        };
        const std::vector<std::pair<QString, double>> syncs = {
            {QStringLiteral("Sync 1 attention L7"), 1536 / 4},
            {QStringLiteral("Sync 2 projection L7"), 1600 / 4},
            {QStringLiteral("Sync 3 FFN hidden L7"), 6400 / 4},
            {QStringLiteral("Sync 4 FFN output L7"), 1600 / 4}};
        for (const auto &[label, elements] : syncs) {
            const auto span = last.at(label);
            QVERIFY2(std::fabs(static_cast<double>(span.second - span.first) - hopsPs(elements)) <= 3,
                     qPrintable(label));
        }
    }

    void sameSeedGivesIdenticalTrace() {
        const ParamSet params =
            paramsFor(QStringLiteral("gpt2-345m-in32-out16"), {QStringLiteral("functional_steps=3")});
        const Run a = runToEnd(params, 7);
        const Run b = runToEnd(params, 7);
        const Run c = runToEnd(params, 8);
        const TraceSnapshot sa = a.trace->snapshot(), sb = b.trace->snapshot(), sc = c.trace->snapshot();
        QCOMPARE(sa.eventCount(), sb.eventCount());
        for (std::size_t i = 0; i < sa.eventCount(); ++i) {
            QCOMPARE(sa.eventBegin(i), sb.eventBegin(i));
            QCOMPARE(sa.eventEnd(i), sb.eventEnd(i));
            QCOMPARE(sa.eventBytes(i), sb.eventBytes(i));
            QCOMPARE(sa.eventType(sa.eventTypeId(i)).label, sb.eventType(sb.eventTypeId(i)).label);
        }
        QCOMPARE(sa.counterCount(), sb.counterCount());
        QCOMPARE(sa.frames().size(), sb.frames().size());
        for (std::size_t i = 0; i < sa.frames().size(); ++i)
            QCOMPARE(sa.frames()[i]->compressed, sb.frames()[i]->compressed);
        // The seed drives only the functional data: timing is the same, attention maps differ.
        QCOMPARE(sc.eventCount(), sa.eventCount());
        QCOMPARE(sc.endTime(), sa.endTime());
        QVERIFY(sc.frames()[0]->compressed != sa.frames()[0]->compressed);
    }

    void eventsRespectInOrderUnitsAndTime() {
        const Run run = runToEnd(
            paramsFor(QStringLiteral("gpt2-774m-in32-out16"), {QStringLiteral("functional_layers=0")}));
        const TraceSnapshot s = run.trace->snapshot();
        const TimePs now = run.model->now();
        QVERIFY(s.eventCount() > 0);
        std::map<UnitId, std::vector<std::pair<TimePs, TimePs>>> byUnit;
        for (std::size_t i = 0; i < s.eventCount(); ++i) {
            QVERIFY(s.eventBegin(i) >= 0 && s.eventBegin(i) <= s.eventEnd(i) && s.eventEnd(i) <= now);
            byUnit[s.eventType(s.eventTypeId(i)).unit].emplace_back(s.eventBegin(i), s.eventEnd(i));
        }
        for (auto &[unit, spans] : byUnit) {
            std::sort(spans.begin(), spans.end());
            for (std::size_t i = 1; i < spans.size(); ++i)
                QVERIFY2(spans[i].first >= spans[i - 1].second, qPrintable(run.model->topology().path(unit)));
        }
        // Every unit of every core worked, including all ring links.
        for (int d = 0; d < 4; ++d) {
            for (const CoreUnit u : {CoreUnit::Mpu, CoreUnit::Vpu, CoreUnit::Sfu, CoreUnit::DmaRead,
                                     CoreUnit::DmaWrite, CoreUnit::Router})
                QVERIFY(byUnit.count(run.model->unitOf(d, u)));
            QVERIFY(byUnit.count(run.model->ringLink(d)));
        }
    }

    void hbmOccupancyStaysWithinCapacityAndTracksKvCache() {
        const Run run = runToEnd(
            paramsFor(QStringLiteral("gpt2-1.5b-in128-out16"), {QStringLiteral("functional_layers=0")}));
        const TraceSnapshot s = run.trace->snapshot();
        const TransformerConfig &m = run.model->config().model;
        const std::int64_t channelBytes = run.model->config().hardware.hbmChannelBytes;
        double lastBank0 = 0, lastKv = 0;
        int bankSamples = 0;
        for (std::size_t i = 0; i < s.counterCount(); ++i) {
            const QString &name = s.series()[s.counterSeriesOf(i)].name;
            if (name.contains(QStringLiteral("/HBM/bank"))) {
                ++bankSamples;
                QVERIFY(s.counterValue(i) <= static_cast<double>(channelBytes));
                if (name == QStringLiteral("fpga0/HBM/bank0"))
                    lastBank0 = s.counterValue(i);
            }
            if (name == QStringLiteral("kv_cache_bytes"))
                lastKv = s.counterValue(i);
        }
        QCOMPARE(bankSamples, 4 * 32 * (16 + 1));
        // K and V rows for the prompt and every generated token but the last, FP16, all layers.
        const double kvBytes = 2.0 * m.layers * m.attentionWidth() * 2 * (128 + 16 - 1);
        QCOMPARE(lastKv, kvBytes);
        QVERIFY(std::fabs(lastBank0 - static_cast<double>(run.model->hbmBytesPerDevice()) / 32) <= 1);
    }

    void stepLevelsMarkersAndNarration() {
        const ParamSet params =
            paramsFor(QStringLiteral("gpt2-345m-in32-out16"), {QStringLiteral("functional_layers=0")});
        Run run;
        run.model = std::make_unique<DfxModel>(DfxRunConfig::fromParams(params), 1);
        QCOMPARE(run.model->stepLevels().size(), std::size_t(3));
        // One instruction step, then a layer step, then token steps to the end.
        QVERIFY(run.model->step(0, *run.trace));
        QVERIFY(run.model->step(1, *run.trace));
        while (run.model->step(2, *run.trace)) {
        }
        QVERIFY(run.model->finished());
        QCOMPARE(run.model->progress(), 1.0);
        run.trace->publish();
        std::map<int, int> perLevel;
        for (const Marker &marker : run.trace->snapshot().markers())
            ++perLevel[marker.level];
        QCOMPARE(perLevel[2], 16);
        QCOMPARE(perLevel[1], 16 * (24 + 1));
        QVERIFY(run.model->narration(2, 0).contains(QStringLiteral("Summarization")));
        QVERIFY(run.model->narration(2, 3).contains(QStringLiteral("Generation step 3")));
        QVERIFY(run.model->narration(1, 2).contains(QStringLiteral("layer 2")));
        QVERIFY(run.model->narration(1, 24).contains(QStringLiteral("vocabulary")));
        QVERIFY(run.model->narration(0, 0).contains(QStringLiteral("Upload prompt")));
        // Token 0's head has 3 instructions, then layer 0: LN1 square, LN1 statistics, LN1 normalize, DMA
        // W_V.
        QVERIFY(run.model->narration(0, 6).contains(QStringLiteral("W_V")));
        QVERIFY(run.model->narration(0, 6).contains(QStringLiteral("layer 0")));
    }

    void functionalLayerFeedsHeatFramesAndMatchesReference() {
        const Run run = runToEnd(
            paramsFor(QStringLiteral("gpt2-345m-in32-out16"), {QStringLiteral("functional_steps=3")}));
        const auto &frames = run.trace->snapshot().frames();
        QCOMPARE(frames.size(), std::size_t(3));
        const std::vector<std::vector<std::int64_t>> shapes = {{32, 32}, {1, 33}, {1, 34}};
        for (std::size_t i = 0; i < frames.size(); ++i) {
            const Frame f = frames[i]->decompressed();
            QVERIFY(f.kind == FrameKind::Heat);
            QCOMPARE(f.name, QStringLiteral("layer0/head0/attention"));
            QCOMPARE(f.shape, shapes[i]);
            const auto *p = reinterpret_cast<const float *>(f.data.constData());
            // Every row is a probability distribution over the positions it may see: the query
            // of row i sits at position (columns - rows + i) and sees nothing after it. FP16
            // rounding of each probability (relative 2^-11) keeps the sum within 1e-3 of 1.
            for (std::int64_t i = 0; i < f.shape[0]; ++i) {
                const std::int64_t position = f.shape[1] - f.shape[0] + i;
                double rowSum = 0;
                for (std::int64_t j = 0; j < f.shape[1]; ++j) {
                    const float value = p[i * f.shape[1] + j];
                    QVERIFY(value >= 0.0f && value <= 1.0f);
                    if (j > position)
                        QCOMPARE(value, 0.0f);
                    rowSum += value;
                }
                QVERIFY2(std::fabs(rowSum - 1.0) < 1e-3, qPrintable(QString::number(rowSum)));
            }
        }
        // Split over 4 FPGAs vs one device: within 8 FP16 ulps of GPT-2-scale outputs.
        QVERIFY(metric(*run.model, "partition_max_abs_error") <= 8.0 * std::ldexp(1.0, -11) * 16);
        QVERIFY(run.model->dataSource().description.contains(QStringLiteral("seeded synthetic")));
    }

    // The paper's baseline is 4 x V100 through the shared model, whatever the FPGA count.
    void baselineIsFourV100AndRatiosFollowFromIt() {
        const Run run =
            runToEnd(paramsFor(QStringLiteral("gpt2-345m-in32-out16"),
                               {QStringLiteral("devices=2"), QStringLiteral("functional_layers=0")}));
        const std::vector<BaselineResult> baselines = run.model->baselines();
        QCOMPARE(baselines.size(), std::size_t(1));
        QCOMPARE(baselines[0].device, QStringLiteral("v100-sxm2-32gb"));
        QCOMPARE(baselines[0].count, 4);
        const double gpuLatency = findMetric(baselines[0].metrics, QStringLiteral("latency_ms"))->value;
        const double gpuEnergy = findMetric(baselines[0].metrics, QStringLiteral("energy_j"))->value;
        QVERIFY(gpuLatency > 0 && gpuEnergy > 0);
        QCOMPARE(metric(*run.model, "speedup_vs_4x_v100"), gpuLatency / metric(*run.model, "latency_ms"));
        QCOMPARE(metric(*run.model, "energy_efficiency_vs_4x_v100"),
                 gpuEnergy / metric(*run.model, "energy_j"));
    }

    // Instruction chaining: the MPU consumes weight tiles while the DMA still streams them, and
    // V's transposed write-back runs while the K projection computes (V before Q and K).
    void chainingOverlapsStreamsWithCompute() {
        const Run run = runToEnd(
            paramsFor(QStringLiteral("gpt2-345m-in32-out16"), {QStringLiteral("functional_layers=0")}));
        const TraceSnapshot s = run.trace->snapshot();
        std::map<QString, std::pair<TimePs, TimePs>> last;  // label on fpga0 → its last event
        for (std::size_t i = 0; i < s.eventCount(); ++i) {
            const EventType &type = s.eventType(s.eventTypeId(i));
            if (run.model->topology().path(type.unit).startsWith(QStringLiteral("fpga0/")))
                last[type.label] = {s.eventBegin(i), s.eventEnd(i)};
        }
        const auto span = [&](const char *label) { return last.at(QString::fromLatin1(label)); };
        // Generation step (the last token): Conv1D starts long before its weight stream ends.
        QVERIFY(span("Conv1D FC1 L5").first < span("DMA W_FC1 L5").second);
        QVERIFY(span("Conv1D FC1 L5").first >= span("DMA W_FC1 L5").first);
        QVERIFY(span("Conv1D FC1 L5").second >= span("DMA W_FC1 L5").second);
        // V^T is written after Conv1D V and before Conv1D K has finished.
        QVERIFY(span("DMA V^T to KV cache L5").first >= span("Conv1D V L5").second);
        QVERIFY(span("DMA V^T to KV cache L5").second <= span("Conv1D K L5").second);
        // The next layer starts only after this layer's last all-gather.
        QVERIFY(span("LN1 square L6").first >= span("Sync 4 FFN output L5").second);
    }

    // The MPU consumes 2 B x lanes x width per cycle; at 16 x 64 x 200 MHz that is exactly the
    // 409.6 GB/s the DMA delivers. More lanes starve (the matmul ends when the last tile has
    // arrived, then drains the pipeline); fewer lanes make the MPU the bottleneck (tiles cycles).
    void mpuIsStarvedBeyondHbmBandwidth_data() {
        QTest::addColumn<int>("lanes");
        for (int lanes : {8, 16, 32, 64})
            QTest::addRow("lanes=%d", lanes) << lanes;
    }
    void mpuIsStarvedBeyondHbmBandwidth() {
        QFETCH(int, lanes);
        const Run run = runToEnd(
            paramsFor(QStringLiteral("gpt2-1.5b-in32-out16"),
                      {QStringLiteral("mac_lanes=%1").arg(lanes), QStringLiteral("functional_layers=0")}));
        const auto last = lastSpansOnFpga0(run);
        const auto dma = last.at(QStringLiteral("DMA W_FC1 L5"));
        const auto conv = last.at(QStringLiteral("Conv1D FC1 L5"));
        const auto gelu = last.at(QStringLiteral("GELU (LUT) L5"));
        const TimePs cyclePs = 5000;                         // 200 MHz
        const TimePs hbmLatencyPs = 150 * kPsPerNs;          // first beat of a read
        const TimePs drainPs = (6 + 6 * 11 + 11) * cyclePs;  // multiply, 6 adder levels, bias add
        // FC1 on one of 4 FPGAs: 1600 x 1600 FP16 weights, streamed at 409.6 GB/s.
        const double streamPs = 1600.0 * 1600 * 2 / 409.6e9 * 1e12;
        QVERIFY(std::fabs(static_cast<double>(dma.second - dma.first) - streamPs) <= 1);
        const TimePs tilesPs = (1600 / 64) * (1600 / lanes) * cyclePs;
        // The first tile arrives one HBM latency after the read starts; the MPU cannot finish
        // before the last one has arrived, nor faster than one tile per cycle.
        QCOMPARE(conv.first, dma.first + hbmLatencyPs);
        QCOMPARE(conv.second, std::max(dma.second + hbmLatencyPs, conv.first + tilesPs));
        // GELU consumes the results as they leave the pipeline.
        QVERIFY(gelu.second >= conv.second + drainPs);
        // Generation: a starved MPU is no faster per token (only the small attention matmuls,
        // fed from on-chip data, gain); summarization is compute-bound and scales with lanes.
        if (lanes > 16) {
            const Run base = runToEnd(
                paramsFor(QStringLiteral("gpt2-1.5b-in32-out16"), {QStringLiteral("functional_layers=0")}));
            const double decodeRatio =
                metric(*run.model, "decode_ms_per_token") / metric(*base.model, "decode_ms_per_token");
            QVERIFY2(decodeRatio > 0.99 && decodeRatio <= 1.0, qPrintable(QString::number(decodeRatio)));
            const double prefillRatio = metric(*run.model, "prefill_ms") / metric(*base.model, "prefill_ms");
            // The matmuls (most of the stage) shrink by 16 / lanes; LayerNorm, softmax and the
            // ring do not.
            QVERIFY2(prefillRatio > 16.0 / lanes && prefillRatio < 16.0 / lanes + 0.1,
                     qPrintable(QString::number(prefillRatio)));
        }
    }

    void invalidCombinationsAreNamed() {
        try {
            DfxRunConfig::fromParams(
                paramsFor(QStringLiteral("gpt2-774m-in32-out16"), {QStringLiteral("devices=8")}));
            QFAIL("devices=8 must be rejected for gpt2-774m");
        } catch (const InputError &e) {
            QVERIFY(e.message().contains(QStringLiteral("devices = 8")));
            QVERIFY(e.message().contains(QStringLiteral("gpt2-774m")));
            QVERIFY(e.message().contains(QStringLiteral("allowed for this model: 1, 2, 4, 5")));
        }
        try {
            DfxRunConfig::fromParams(
                paramsFor(QStringLiteral("paper"),
                          {QStringLiteral("input_tokens=1000"), QStringLiteral("output_tokens=100")}));
            QFAIL("a sequence longer than the context must be rejected");
        } catch (const InputError &e) {
            QVERIFY(e.message().contains(QStringLiteral("input_tokens + output_tokens = 1100")));
        }
        try {
            DfxRunConfig::fromParams(paramsFor(
                QStringLiteral("paper"), {QStringLiteral("devices=1"), QStringLiteral("hbm_channels=4")}));
            QFAIL("a model that does not fit in HBM must be rejected");
        } catch (const InputError &e) {
            QVERIFY(e.message().contains(QStringLiteral("hbm_channels = 4")));
        }
    }
};

QTEST_GUILESS_MAIN(TestDfxModel)
#include "tst_dfxmodel.moc"
