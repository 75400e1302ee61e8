#include <QTest>

#include "core/api/errors.h"
#include "core/hw/devicelibrary.h"
#include "core/hw/servingbaseline.h"
#include "core/workloads/textgeneration.h"
#include "tests/support/errorof.h"
#include "tests/support/modelrun.h"

using namespace accelscope;

namespace {

TextGenerationWorkload workload(int batch, int input = 1024, int output = 16) {
    TextGenerationWorkload w;
    w.batch = batch;
    w.inputTokens = input;
    w.outputTokens = output;
    return w;
}

const TransformerConfig &model(const char *id) {
    return ModelZoo::builtin().transformer(QLatin1String(id));
}

}  // namespace

class TestServingBaseline : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void memoryCapacityLimitsTheBatch() {
        // Llama-2-7B on one 80 GiB A100: 90 % of 85.9 GB less 13.5 GB of weights, over 0.54 GB of
        // FP16 KV cache per 1040-token sequence.
        const TransformerConfig &m = model("llama-2-7b");
        const ServingEstimate e = estimateServing(m, workload(256), ServingConfig{});
        const double capacity = DeviceLibrary::builtin().device(QStringLiteral("a100-sxm-80gb")).memoryCapacityBytes;
        const double kvPerSequence = 2.0 * 32 * 32 * 128 * 2 * 1040;
        QCOMPARE(e.kvBytesPerSequencePerDevice, kvPerSequence);
        const int expected = static_cast<int>((0.9 * capacity - e.weightBytesPerDevice) / kvPerSequence);
        QCOMPARE(e.maxBatch, expected);
        QVERIFY(e.maxBatch > 64 && e.maxBatch < 256);
        QCOMPARE(e.waves, (256 + expected - 1) / expected);
        // Everything a wave holds fits the budget; one more sequence would not.
        QVERIFY(e.weightBytesPerDevice + e.maxBatch * kvPerSequence <= e.memoryBudgetPerDevice);
        QVERIFY(e.weightBytesPerDevice + (e.maxBatch + 1) * kvPerSequence > e.memoryBudgetPerDevice);
    }
    void aSmallBatchIsOneWave() {
        const ServingEstimate e = estimateServing(model("llama-2-7b"), workload(8), ServingConfig{});
        QCOMPARE(e.maxBatch, 8);
        QCOMPARE(e.waves, 1);
        // One wave is exactly the text-generation estimate of the whole batch.
        const TextGenerationEstimate t = estimateTextGeneration(BaselineModel::builtin(QStringLiteral("a100-sxm-80gb"), 1),
                                                                model("llama-2-7b"), workload(8));
        QCOMPARE(e.total.seconds, t.total().seconds);
        QCOMPARE(e.prefill.seconds, t.prefill.seconds);
    }
    void wavesAddUp() {
        const TransformerConfig &m = model("llama-2-7b");
        const ServingEstimate big = estimateServing(m, workload(256), ServingConfig{});
        const BaselineModel a100 = BaselineModel::builtin(QStringLiteral("a100-sxm-80gb"), 1);
        const double full = estimateTextGeneration(a100, m, workload(big.maxBatch)).total().seconds;
        const int rest = 256 - (big.waves - 1) * big.maxBatch;
        const double last = estimateTextGeneration(a100, m, workload(rest)).total().seconds;
        QVERIFY(std::abs(big.total.seconds - ((big.waves - 1) * full + last)) < 1e-9 * big.total.seconds);
    }
    void aNarrowerKvCacheFitsMoreAndRunsFaster() {
        const TransformerConfig &m = model("llama-2-7b");
        ServingConfig kv4;
        kv4.kvBitsPerElement = 4.25;
        const BaselineResult fp16 = servingBaseline(m, workload(1024), ServingConfig{});
        const BaselineResult q4 = servingBaseline(m, workload(1024), kv4);
        QCOMPARE(test::metricValue(q4.metrics, "kv_bits_per_element"), 4.25);
        QCOMPARE(test::metricValue(fp16.metrics, "kv_bits_per_element"), 16.0);
        QVERIFY(test::metricValue(q4.metrics, "max_batch") > 3 * test::metricValue(fp16.metrics, "max_batch"));
        QVERIFY(test::metricValue(q4.metrics, "tokens_per_s") > test::metricValue(fp16.metrics, "tokens_per_s"));
        QVERIFY(test::metricValue(q4.metrics, "memory_per_device_gb") <= 0.9 * 85.9);
        QCOMPARE(test::metricValue(fp16.metrics, "tokens_per_s"), 1024 * 16 / (test::metricValue(fp16.metrics, "latency_ms") / 1e3));
    }
    void tooBigAModelIsNamed() {
        const QString error =
            test::errorOf([] { estimateServing(model("llama-2-70b"), workload(1), ServingConfig{}); });
        QVERIFY2(error.contains(QStringLiteral("llama-2-70b")) && error.contains(QStringLiteral("does not fit")),
                 qPrintable(error));
        ServingConfig two;
        two.deviceCount = 2;
        QVERIFY(estimateServing(model("llama-2-70b"), workload(16), two).maxBatch >= 1);
        ServingConfig bad;
        bad.memoryFraction = 1.5;
        QVERIFY(test::errorOf([&] { estimateServing(model("llama-2-7b"), workload(1), bad); })
                    .contains(QStringLiteral("memory fraction")));
    }
};

QTEST_GUILESS_MAIN(TestServingBaseline)
#include "tst_servingbaseline.moc"
