// The LLM plugins' shared workload parameters and standard metrics.

#include <QtTest>

#include "core/api/errors.h"
#include "core/workloads/llmworkload.h"
#include "tests/support/errorof.h"

using namespace accelscope;

namespace {
llm::WorkloadChoices llamaChoices() {
    llm::WorkloadChoices c;
    c.models = {QStringLiteral("llama-2-7b"), QStringLiteral("llama-2-70b"), QStringLiteral("opt-6.7b")};
    c.defaultModel = QStringLiteral("llama-2-7b");
    return c;
}
}  // namespace

class TestLlmWorkload : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void parametersHaveTheCommonNames() {
        const ParamSchema schema(llm::workloadParams(llamaChoices()));
        for (const QString &key : {llm::param::model, llm::param::inputTokens, llm::param::outputTokens, llm::param::batch})
            QVERIFY2(schema.find(key), qPrintable(key));
        QCOMPARE(schema.at(llm::param::batch).unit, QStringLiteral("requests"));

        llm::WorkloadChoices batchOne = llamaChoices();
        batchOne.hasBatch = false;
        const ParamSchema noBatch(llm::workloadParams(batchOne));
        QVERIFY(!noBatch.find(llm::param::batch));
        const llm::Workload w = llm::Workload::fromParams(ParamSet(noBatch));
        QCOMPARE(w.shape.batch, 1);
    }

    void readsAndChecksTheWorkload() {
        const ParamSchema schema(llm::workloadParams(llamaChoices()));
        ParamSet params(schema);
        params.assign(QStringLiteral("model=llama-2-70b"));
        params.assign(QStringLiteral("input_tokens=1000"));
        params.assign(QStringLiteral("output_tokens=24"));
        params.assign(QStringLiteral("batch=16"));
        const llm::Workload w = llm::Workload::fromParams(params);
        QCOMPARE(w.modelId, QStringLiteral("llama-2-70b"));
        QCOMPARE(w.model.layers, 80);
        QCOMPARE(w.contextTokens(), 1024);
        QCOMPARE(w.shape.batch, 16);
        // Llama-2-70B: 80 layers × (K and V) × 8 KV heads × 128 × 2 bytes per token.
        QCOMPARE(w.kvCacheBytes(2), 80.0 * 2 * 8 * 128 * 2 * 1024 * 16);

        params.assign(QStringLiteral("input_tokens=4000"));
        params.assign(QStringLiteral("output_tokens=200"));
        const QString error = test::errorOf([&] { llm::Workload::fromParams(params); });
        QVERIFY2(error.contains(QStringLiteral("input_tokens + output_tokens = 4200")) &&
                     error.contains(QStringLiteral("llama-2-70b")) && error.contains(QStringLiteral("4096")),
                 qPrintable(error));
    }

    void standardMetricsFromTheTimes() {
        llm::GenerationTiming t;
        t.prefillSeconds = 0.5;
        t.totalSeconds = 2.5;
        t.outputTokens = 11;  // the first from the prefill, ten decode steps
        t.batch = 4;
        t.energyJoules = 300;
        const std::vector<Metric> m = llm::standardMetrics(t);
        QCOMPARE(findMetric(m, QStringLiteral("latency_ms"))->value, 2500.0);
        QCOMPARE(findMetric(m, QStringLiteral("prefill_ms"))->value, 500.0);
        QCOMPARE(findMetric(m, QStringLiteral("decode_ms_per_token"))->value, 200.0);
        QCOMPARE(findMetric(m, QStringLiteral("tokens_per_s"))->value, 11.0 * 4 / 2.5);
        QCOMPARE(findMetric(m, QStringLiteral("energy_j"))->value, 300.0);
        t.outputTokens = 1;
        QCOMPARE(findMetric(llm::standardMetrics(t), QStringLiteral("decode_ms_per_token"))->value, 0.0);
    }
};

QTEST_APPLESS_MAIN(TestLlmWorkload)
#include "tst_llmworkload.moc"
