// VrexModel: a short stream records the DRE's work on its own lanes, the cluster and retrieval
// views and the KV tiers; retrieving fewer tokens makes frames faster; KV beyond DRAM is fetched
// over PCIe only when it is retrieved; the baseline is the shared roofline model over the same
// passes with the full cache; bad input names the parameter.
#include <QtTest>

#include <cmath>

#include "core/api/errors.h"
#include "core/workloads/speculativepasses.h"
#include "core/workloads/visionencoder.h"
#include "tests/support/errorof.h"
#include "tests/support/modelrun.h"
#include "vrexcatalog.h"
#include "vrexmodel.h"

using namespace accelscope;
using namespace accelscope::vrex;

namespace {

ParamSet paramsFor(const QString &preset, const QStringList &assignments) {
    return test::presetParams(vrexSchema(), vrexPresets(), preset, assignments);
}

const QStringList kShort = {QStringLiteral("kv_cache_tokens=2000"), QStringLiteral("frames=4"),
                            QStringLiteral("input_tokens=5"),       QStringLiteral("output_tokens=3"),
                            QStringLiteral("functional_layers=1"),  QStringLiteral("functional_kv_heads=1"),
                            QStringLiteral("error_every=2")};

test::ModelRun<VrexModel> run(const QString &preset, const QStringList &extra = {}) {
    return test::runModelToEnd(
        std::make_unique<VrexModel>(VrexRunConfig::fromParams(paramsFor(preset, kShort + extra)), 1));
}

double metric(const Model &m, const char *name) {
    return test::metricValue(m, name);
}

}  // namespace

class TestVrexModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void aShortStreamRecordsTheDreAndItsViews() {
        const auto r = run(QStringLiteral("paper"));
        const VrexModel &m = *r.model;
        QVERIFY(m.finished());
        QCOMPARE(static_cast<int>(m.passes().size()), 4 + 1 + 2);  // frames, the question, answer tokens 2..3
        const double frameMs = metric(m, "frame_latency_ms");
        QVERIFY(frameMs > 0);
        QCOMPARE(metric(m, "fps"), 1000.0 / frameMs);
        QVERIFY(metric(m, "retrieved_pct") > 0 && metric(m, "retrieved_pct") < 100);
        QVERIFY(metric(m, "dre_time_pct") > 0);
        QCOMPARE(metric(m, "kv_fetched_gb"), 0.0);  // 2K tokens fit in DRAM
        const TraceSnapshot s = r.trace->snapshot();
        QStringList names;
        for (const auto &f : s.frames())
            names << f->name;
        QCOMPARE(names.count(QStringLiteral("cluster_of_token")), 4);
        QCOMPARE(names.count(QStringLiteral("retrieval")), 4);
        QCOMPARE(names.count(QStringLiteral("cluster_selection")), 4);
        QSet<QString> lanes;
        for (const EventType &type : s.eventTypes())
            lanes << m.topology().units()[static_cast<std::size_t>(type.unit)].name;
        for (const char *lane : {"DPE", "VPE", "HCU", "WTU"})
            QVERIFY2(lanes.contains(QLatin1String(lane)), lane);
    }

    void fewerRetrievedTokensMakeFasterFrames() {
        const auto resv = run(QStringLiteral("paper"));
        const auto all = run(QStringLiteral("paper"), {QStringLiteral("wicsum_ratio=1")});
        QCOMPARE(metric(*all.model, "retrieved_pct"), 100.0);
        QVERIFY(metric(*resv.model, "frame_latency_ms") < metric(*all.model, "frame_latency_ms"));
        // Retrieving everything leaves attention exact.
        QVERIFY(metric(*all.model, "attention_output_error_pct") < 1e-3);
    }

    void offloadedKvComesOverPcieOnlyWhenRetrieved() {
        // Half of 32 GB leaves about 0.5 GB of KV beside the weights: 10K tokens do not fit.
        const auto r = run(QStringLiteral("paper"),
                           {QStringLiteral("kv_cache_tokens=10000"), QStringLiteral("memory_fraction=0.5")});
        const VrexModel &m = *r.model;
        const PassPlan &first = m.passes().front();
        const double fits = m.kvBudgetBytes() / m.kvBytesPerToken();
        QVERIFY(std::abs(first.offloadedTokens - (first.pastTokens + first.newTokens - fits)) < 1e-6);
        QVERIFY(first.retrievedOffloaded > 0 && first.retrievedOffloaded <= first.retrieved);
        QVERIFY(metric(m, "kv_fetched_gb") > 0);
        QVERIFY(metric(m, "kv_offloaded_gb") > 0);
        QVERIFY(metric(m, "baseline_kv_offloaded_gb") > 0);
        // What the KVMU fetched is the retrieved offloaded tokens' K and V, every layer and KV head.
        const TransformerConfig &cfg = m.config().workload.model;
        double tokens = 0;
        for (const PassPlan &p : m.passes())
            tokens += p.retrievedOffloaded;
        QVERIFY(std::abs(metric(m, "kv_fetched_gb") * 1e9 -
                         tokens * cfg.layers * cfg.kvHeads * 2.0 * cfg.headDim * 2.0) < 1e3);
    }

    void theBaselineIsTheRooflineOverTheFullCache() {
        const auto r = run(QStringLiteral("edge-1k"));
        const VrexModel &m = *r.model;
        // Its first frame by hand: the vision encoder and the LLM over every cached token.
        const PassPlan &p = m.passes().front();
        std::vector<WorkloadOp> ops = buildVisionEncoder(VisionEncoderConfig::siglipLarge384(), 1);
        const auto llm = buildMultiTokenStep(m.config().workload.model, m.config().workload.shape,
                                             p.newTokens, p.pastTokens + p.newTokens, 1);
        ops.insert(ops.end(), llm.begin(), llm.end());
        const double first =
            BaselineModel::builtin(QStringLiteral("jetson-agx-orin-32gb"), 1).estimate(ops).seconds;
        QCOMPARE(m.baselineOffloadedBytes(p.pastTokens, p.newTokens), 0.0);
        // Later frames see a slightly longer cache: the mean is within a hair of the first.
        QVERIFY(std::abs(m.baselineFrameSeconds() - first) / first < 0.01);
        const double speedup = metric(m, "speedup_vs_baseline");
        QCOMPARE(speedup, m.baselineFrameSeconds() / (metric(m, "frame_latency_ms") / 1e3));
        QVERIFY(speedup > 1);
        QCOMPARE(m.baselines().front().device, QStringLiteral("jetson-agx-orin-32gb"));
    }

    void theServerPlatformHasMoreCoresAndCpuMemory() {
        const auto r = run(QStringLiteral("server"));
        QCOMPARE(r.model->config().cores, 48);
        QCOMPARE(r.model->lxe().config().macTrees, 48 * 64);
        QVERIFY(std::abs(r.model->lxe().config().peakFlops() - 314.6e12) < 1e12);  // 3072 x 64 x 2 x 0.8 GHz
        QCOMPARE(r.model->baselines().front().device, QStringLiteral("a100-pcie-80gb"));
    }

    void badInputNamesTheParameter() {
        QVERIFY(test::errorOf([] {
                    VrexRunConfig::fromParams(
                        paramsFor(QStringLiteral("paper"), {QStringLiteral("hamming_threshold=40")}));
                }).contains(QStringLiteral("hamming_threshold")));
        QVERIFY(test::errorOf([] {
                    VrexModel(VrexRunConfig::fromParams(paramsFor(QStringLiteral("paper"),
                                                                  {QStringLiteral("memory_fraction=0.3")})),
                              1);
                }).contains(QStringLiteral("memory_fraction")));
    }
};

QTEST_GUILESS_MAIN(TestVrexModel)
#include "tst_vrexmodel.moc"
