// LaproxModel: a short run records its retention maps, memory counters and events; the kept
// cache moves decode time through the bytes attention streams; without eviction the run is the
// full-cache baseline.
#include <QtTest>

#include "core/api/errors.h"
#include "core/sim/trace.h"
#include "laproxcatalog.h"
#include "laproxmodel.h"
#include "tests/support/errorof.h"

using namespace accelscope;
using namespace accelscope::laprox;

namespace {

ParamSet paramsFor(const QStringList &assignments) {
    ParamSet params = ParamSet::fromPreset(laproxSchema(), *findPreset(laproxPresets(), QStringLiteral("paper")));
    for (const QString &a : assignments)
        params.assign(a);
    return params;
}

struct Run {
    std::unique_ptr<LaproxModel> model;
    std::unique_ptr<Trace> trace = std::make_unique<Trace>();
};

Run runToEnd(const ParamSet &params) {
    Run run;
    run.model = std::make_unique<LaproxModel>(LaproxRunConfig::fromParams(params), 1);
    while (run.model->step(1, *run.trace)) {
    }
    run.trace->publish();
    return run;
}

double metric(const Model &model, const QString &name) {
    const std::vector<Metric> metrics = model.metrics();
    const Metric *m = findMetric(metrics, name);
    return m ? m->value : qQNaN();
}

const QStringList kShort = {QStringLiteral("input_tokens=2048"), QStringLiteral("output_tokens=8"),
                            QStringLiteral("functional_layers=2"), QStringLiteral("functional_tokens=192"),
                            QStringLiteral("window=4")};

}  // namespace

class TestLaproxModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void aShortRunRecordsRetentionMapsAndMemory() {
        const Run run = runToEnd(paramsFor(kShort));
        const LaproxModel &m = *run.model;
        QVERIFY(m.finished());
        const TraceSnapshot s = run.trace->snapshot();
        int masks = 0;
        bool retention = false, heat = false;
        for (const auto &f : s.frames()) {
            if (f->kind == FrameKind::Mask) {
                ++masks;
                QCOMPARE(f->shape.back(), std::int64_t{192});
            }
            if (f->name == QStringLiteral("retention")) {
                retention = true;
                QCOMPARE(f->shape, (std::vector<std::int64_t>{2 * 8, 192}));  // (layer, KV head) x tokens
                // 5 % of 192 tokens per layer, over both layers, the same in each of the 8 KV heads.
                const QByteArray bits = f->decompressed().data;
                QCOMPARE(int(std::count(bits.begin(), bits.end(), char(1))), 2 * 10 * 8);
            }
            heat = heat || (f->kind == FrameKind::Heat && f->name == QStringLiteral("laprox_score_log10"));
        }
        QVERIFY(retention && heat);
        QCOMPARE(masks, 1 + 4 * kEvictionMethodCount);
        // KV memory: per-layer banks and the totals; the prompt's cache peaks, then shrinks.
        bool layerBank = false;
        for (const CounterSeries &c : s.series())
            layerBank = layerBank || c.name == QStringLiteral("gpu0/KV cache/bank31/kv");
        QVERIFY(layerBank);
        QCOMPARE(m.topology().memories().size(), std::size_t{2});
        int kept = 0;
        for (const int k : m.keptTokensPerLayer())
            kept += k;
        QCOMPARE(kept, m.keptTokensMean() * 32);
        QCOMPARE(m.keptTokensMean(), 102);  // round(0.05 × 2048)
        QVERIFY(s.eventCount() > std::size_t{32} * 8 * 10);
        QVERIFY(m.narration(0, 32).contains(QStringLiteral("Model-wide selection")));
        QVERIFY(m.narration(1, 3).contains(QStringLiteral("105 cached tokens")));
    }

    void keptBytesMoveDecodeTime() {
        const Run evicted = runToEnd(paramsFor(kShort + QStringList{QStringLiteral("model=mistral-7b"), QStringLiteral("input_tokens=16000")}));
        const Run full = runToEnd(paramsFor(kShort + QStringList{QStringLiteral("model=mistral-7b"), QStringLiteral("input_tokens=16000"),
                                                                 QStringLiteral("kv_budget_pct=100")}));
        const LaproxModel &e = *evicted.model;
        const LaproxModel &f = *full.model;
        // Without eviction the run is exactly the shared baseline's full-cache generation.
        const std::vector<BaselineResult> baselines = f.baselines();  // by value: keep it while reading
        const Metric *baseLatency = findMetric(baselines.front().metrics, QStringLiteral("latency_ms"));
        QVERIFY(std::abs(metric(f, QStringLiteral("latency_ms")) - baseLatency->value) <= 1e-6 * baseLatency->value);
        QCOMPARE(metric(f, QStringLiteral("kv_bytes_kept_pct")), 100.0);
        // With 5 % kept every decode step streams 95 % fewer prompt KV bytes and is faster.
        QVERIFY(metric(e, QStringLiteral("decode_kv_gb_streamed")) < 0.1 * metric(f, QStringLiteral("decode_kv_gb_streamed")));
        QVERIFY(metric(e, QStringLiteral("decode_ms_per_token")) < metric(f, QStringLiteral("decode_ms_per_token")));
        QVERIFY(metric(e, QStringLiteral("decode_speedup_vs_full_cache")) > 1.0);
        QVERIFY(metric(e, QStringLiteral("scoring_overhead_pct")) > 0);
        QVERIFY(metric(e, QStringLiteral("prefill_ms")) > metric(f, QStringLiteral("prefill_ms")));
    }

    void badInputIsNamed() {
        QVERIFY(test::errorOf([] { LaproxRunConfig::fromParams(paramsFor({QStringLiteral("window=64")})); })
                    .contains(QStringLiteral("window")));
        QVERIFY(test::errorOf([] { LaproxRunConfig::fromParams(paramsFor({QStringLiteral("pool_kernel=4")})); })
                    .contains(QStringLiteral("pool_kernel")));
        const QString tooBig = test::errorOf([] {
            LaproxModel(LaproxRunConfig::fromParams(paramsFor(kShort + QStringList{QStringLiteral("model=mistral-7b"),
                                                                                   QStringLiteral("input_tokens=30000"),
                                                                                   QStringLiteral("batch=64")})),
                        1);
        });
        QVERIFY2(tooBig.contains(QStringLiteral("input_tokens")), qPrintable(tooBig));
    }
};

QTEST_GUILESS_MAIN(TestLaproxModel)
#include "tst_laproxmodel.moc"
