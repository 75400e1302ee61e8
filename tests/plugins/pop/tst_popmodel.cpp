// PopModel: a short run records partition and mask frames, counters and POP's kernels on their
// own lane; pruning shrinks the decode FFN traffic so the run beats the dense baseline but not
// the static mask of the same budget; without pruning the run is the dense baseline.
#include <QtTest>

#include <cmath>

#include "core/api/errors.h"
#include "core/workloads/transformer.h"
#include "popcatalog.h"
#include "popmodel.h"
#include "tests/support/errorof.h"
#include "tests/support/modelrun.h"

using namespace accelscope;
using namespace accelscope::pop;

namespace {

ParamSet paramsFor(const QString &preset, const QStringList &assignments) {
    return test::presetParams(popSchema(), popPresets(), preset, assignments);
}

const QStringList kShort = {QStringLiteral("input_tokens=128"),
                            QStringLiteral("output_tokens=9"),
                            QStringLiteral("batch=3"),
                            QStringLiteral("functional_layers=2"),
                            QStringLiteral("functional_width=64"),
                            QStringLiteral("functional_prompt_tokens=16"),
                            QStringLiteral("functional_decode_tokens=4")};

test::ModelRun<PopModel> run(const QString &preset, const QStringList &extra = {}) {
    return test::runModelToEnd(
        std::make_unique<PopModel>(PopRunConfig::fromParams(paramsFor(preset, kShort + extra)), 1));
}

double baselineMetric(const Model &m, int index, const char *name) {
    return test::metricValue(m.baselines()[static_cast<std::size_t>(index)].metrics, name);
}

}  // namespace

class TestPopModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void aShortRunRecordsPartitionsAndMasksAcrossDecodeSteps() {
        const auto r = run(QStringLiteral("paper"));
        const PopModel &m = *r.model;
        QVERIFY(m.finished());
        const int channels = m.config().functional.channels;
        QCOMPARE(channels, 172);  // 64 × 11008 / 4096
        const int keep = m.config().functional.keep();
        const TraceSnapshot s = r.trace->snapshot();
        int history = 0, partitions = 0;
        QByteArray lastHistory;
        for (const auto &f : s.frames()) {
            if (f->name == QStringLiteral("layer1/history")) {
                ++history;
                QCOMPARE(f->shape, (std::vector<std::int64_t>{4, channels}));
                lastHistory = f->decompressed().data;
                // Rows fill one decode step at a time, each with exactly the budget.
                QCOMPARE(int(std::count(lastHistory.begin(), lastHistory.end(), char(1))), history * keep);
            }
            partitions += f->name.endsWith(QStringLiteral("/partition")) && f->kind == FrameKind::Heat;
        }
        QCOMPARE(history, 4);  // one per functional decode step
        QCOMPARE(partitions, 2);
        // Columns are in prompt-rank order: the retained channels lead every row.
        const int retained = static_cast<int>(m.experiment().partition(1, 0).retained.size());
        for (int t = 0; t < 4; ++t)
            for (int c = 0; c < retained; ++c)
                QCOMPARE(lastHistory[t * channels + c], char(1));
        bool pruner = false;
        const Topology topology = m.topology();
        for (const Unit &u : topology.units())
            pruner = pruner || u.name == QStringLiteral("POP pruner");
        QVERIFY(pruner);
        QCOMPARE(test::metricValue(m, "budget_met_exactly"), 1.0);
        QVERIFY(!m.narration(1, 3).isEmpty() && !m.narration(0, 40).isEmpty());
    }

    void aMaskPerSequenceRecordsEverySequence() {
        const auto r = run(QStringLiteral("paper"), {QStringLiteral("mask_scope=sequence")});
        int frames = 0;
        for (const auto &f : r.trace->snapshot().frames())
            if (f->name == QStringLiteral("layer0/sequences")) {
                ++frames;
                QCOMPARE(f->shape, (std::vector<std::int64_t>{3, r.model->config().functional.channels}));
            }
        QCOMPARE(frames, 4);
        // The batch streams the union of three masks: more than one mask's budget.
        QVERIFY(test::metricValue(*r.model, "batch_kept_channels_pct") >
                test::metricValue(*r.model, "kept_channels_pct"));
    }

    void pruningSpeedsUpDecodeButNotPastTheStaticMask() {
        const auto r = run(QStringLiteral("paper-40"));
        const PopModel &m = *r.model;
        const double latency = test::metricValue(m, "latency_ms");
        QVERIFY(test::metricValue(m, "speedup_vs_dense") > 1.0);
        QCOMPARE(test::metricValue(m, "speedup_vs_dense"), baselineMetric(m, 0, "latency_ms") / latency);
        // The static mask streams only the budget; POP streams the batch's union and selects.
        QVERIFY(baselineMetric(m, 1, "latency_ms") < latency);
        QVERIFY(test::metricValue(m, "ffn_overhead_vs_static_pct") > 0);
        QCOMPARE(test::metricValue(m, "batch_kept_channels_pct"), test::metricValue(m, "kept_channels_pct"));
        // The prefill is dense plus scoring: never faster than the dense prompt pass.
        QVERIFY(test::metricValue(m, "prefill_ms") >= baselineMetric(m, 0, "prefill_ms"));
    }

    void withoutPruningTheRunIsTheDenseBaseline() {
        const auto r = run(QStringLiteral("dense"));
        const PopModel &m = *r.model;
        QCOMPARE(m.baselines().size(), std::size_t{1});
        const double mine = test::metricValue(m, "latency_ms"), dense = baselineMetric(m, 0, "latency_ms");
        // Equal up to the trace's picosecond rounding of every op.
        QVERIFY(std::abs(mine - dense) <= 1e-6 * dense);
        QCOMPARE(test::metricValue(m, "pop_ffn_output_error_pct"), 0.0);
    }

    void theFfnRatioMeetsTheOverallTarget() {
        const TransformerConfig &llama = ModelZoo::builtin().transformer(QStringLiteral("llama-2-7b"));
        // Per layer: attention 4 × 4096², FFN 3 × 4096 × 11008; 20 % of both from the FFN alone.
        const double attention = 4.0 * 4096 * 4096, ffn = 3.0 * 4096 * 11008;
        QCOMPARE(ffnPruneRatioFor(llama, 0.2), 0.2 * (attention + ffn) / ffn);
        QVERIFY(std::abs(ffnPruneRatioFor(llama, 0.2) - 0.299) < 0.001);
    }

    void badInputIsNamed() {
        QVERIFY(test::errorOf([] {
                    PopRunConfig::fromParams(paramsFor(
                        QStringLiteral("paper"),
                        {QStringLiteral("pruning_ratio_pct=50"), QStringLiteral("model=llama-3-8b")}));
                }).isEmpty());
        QVERIFY(test::errorOf([] {
                    PopRunConfig::fromParams(
                        paramsFor(QStringLiteral("paper"), {QStringLiteral("output_tokens=1")}));
                }).contains(QStringLiteral("output_tokens = 1")));
        QVERIFY(test::errorOf([] {
                    PopRunConfig::fromParams(
                        paramsFor(QStringLiteral("paper"), {QStringLiteral("devices=3")}));
                }).contains(QStringLiteral("devices")));
    }
};

QTEST_GUILESS_MAIN(TestPopModel)
#include "tst_popmodel.moc"
