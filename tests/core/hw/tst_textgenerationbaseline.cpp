#include <QTest>

#include "core/api/errors.h"
#include "core/hw/devicelibrary.h"
#include "core/hw/textgenerationbaseline.h"
#include "core/workloads/textgeneration.h"
#include "tests/support/modelrun.h"

using namespace accelscope;

namespace {

TextGenerationWorkload workload(int input, int output, int batch = 1) {
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

class TestTextGenerationBaseline : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void returnsAllMetricsWithUnits();
    void monotoneInOutputTokens();
    void decodeIsBoundedByStreamingTheWeights();
    void decodeSumsEveryStepAtItsOwnContext();
    void moreDevicesSplitTheMemory();
    void throughputCountsTheWholeBatch();
    void badRequestsAreRejected();
};

void TestTextGenerationBaseline::returnsAllMetricsWithUnits() {
    const BaselineResult r =
        textGenerationBaseline(model("gpt2-1.5b"), workload(64, 16), QStringLiteral("v100-sxm2-32gb"), 4);
    QCOMPARE(r.label, QStringLiteral("4x V100"));
    QCOMPARE(r.device, QStringLiteral("v100-sxm2-32gb"));
    QCOMPARE(r.count, 4);
    const QStringList names = {
        QStringLiteral("latency_ms"),   QStringLiteral("prefill_ms"), QStringLiteral("decode_ms_per_token"),
        QStringLiteral("tokens_per_s"), QStringLiteral("energy_j"),   QStringLiteral("average_power_w")};
    for (const QString &name : names) {
        const Metric *m = findMetric(r.metrics, name);
        QVERIFY2(m, qPrintable(name));
        QVERIFY2(m->value > 0, qPrintable(name));
        QVERIFY2(!m->unit.isEmpty() && !m->doc.isEmpty(), qPrintable(name));
    }
    // Latency is the prompt pass plus 15 decode steps.
    QVERIFY(
        qAbs(test::metricValue(r.metrics, "latency_ms") - (test::metricValue(r.metrics, "prefill_ms") + 15 * test::metricValue(r.metrics, "decode_ms_per_token"))) <
        1e-9 * test::metricValue(r.metrics, "latency_ms"));
    // Power lies between four idle and four fully loaded boards.
    const DeviceSpec &v100 = DeviceLibrary::builtin().device(QStringLiteral("v100-sxm2-32gb"));
    QVERIFY(test::metricValue(r.metrics, "average_power_w") > 4 * v100.idleWatts);
    QVERIFY(test::metricValue(r.metrics, "average_power_w") < 4 * v100.tdpWatts);
}

void TestTextGenerationBaseline::monotoneInOutputTokens() {
    double lastLatency = 0;
    double lastEnergy = 0;
    for (int output : {1, 2, 16, 256}) {
        const BaselineResult r = textGenerationBaseline(model("gpt2-345m"), workload(32, output),
                                                        QStringLiteral("v100-sxm2-32gb"), 4);
        QVERIFY2(test::metricValue(r.metrics, "latency_ms") > lastLatency, qPrintable(QString::number(output)));
        QVERIFY2(test::metricValue(r.metrics, "energy_j") > lastEnergy, qPrintable(QString::number(output)));
        lastLatency = test::metricValue(r.metrics, "latency_ms");
        lastEnergy = test::metricValue(r.metrics, "energy_j");
    }
}

void TestTextGenerationBaseline::decodeIsBoundedByStreamingTheWeights() {
    // A batch-1 decode step must at least stream every device's weights once from memory.
    const TransformerConfig &llama = model("llama-2-7b");
    const BaselineResult r =
        textGenerationBaseline(llama, workload(128, 32), QStringLiteral("a100-pcie-80gb"), 1);
    const double weightBytes = parameterCount(llama) * 2;
    const double floorMs = weightBytes / 1935e9 * 1e3;
    QVERIFY2(test::metricValue(r.metrics, "decode_ms_per_token") > floorMs,
             qPrintable(QString::number(test::metricValue(r.metrics, "decode_ms_per_token"))));
    // ... and with a memory efficiency below 1 and launch overheads it stays within a small factor of it.
    QVERIFY(test::metricValue(r.metrics, "decode_ms_per_token") < 2 * floorMs);
}

void TestTextGenerationBaseline::decodeSumsEveryStepAtItsOwnContext() {
    const TransformerConfig &gpt = model("gpt2-774m");
    const BaselineModel v100 = BaselineModel::builtin(QStringLiteral("v100-sxm2-32gb"), 2);
    const TextGenerationEstimate e = estimateTextGeneration(v100, gpt, workload(100, 4));
    QCOMPARE(e.decodeSteps, 3);
    double expected = 0;
    for (int context : {101, 102, 103})
        expected += v100.estimate(buildDecodeStep(gpt, workload(100, 4), context, 2)).seconds;
    QVERIFY(qAbs(e.decode.seconds - expected) < 1e-12);
    // Later steps attend to more cached tokens, so they cost more.
    QVERIFY(v100.estimate(buildDecodeStep(gpt, workload(100, 4), 1000, 2)).seconds >
            v100.estimate(buildDecodeStep(gpt, workload(100, 4), 101, 2)).seconds);
}

void TestTextGenerationBaseline::moreDevicesSplitTheMemory() {
    const BaselineResult one =
        textGenerationBaseline(model("opt-13b"), workload(32, 8), QStringLiteral("a100-sxm-80gb"), 1);
    const BaselineResult four =
        textGenerationBaseline(model("opt-13b"), workload(32, 8), QStringLiteral("a100-sxm-80gb"), 4);
    QVERIFY(test::metricValue(four.metrics, "memory_per_device_gb") < 0.3 * test::metricValue(one.metrics, "memory_per_device_gb"));
    QVERIFY(test::metricValue(four.metrics, "decode_ms_per_token") < test::metricValue(one.metrics, "decode_ms_per_token"));
    // OPT-13B in FP16 is about 26 GB of weights.
    QVERIFY(qAbs(test::metricValue(one.metrics, "memory_per_device_gb") - 25.7) < 1.0);
}

void TestTextGenerationBaseline::throughputCountsTheWholeBatch() {
    const BaselineResult r =
        textGenerationBaseline(model("llama-3-8b"), workload(64, 64, 8), QStringLiteral("h100-sxm"), 1);
    QVERIFY(qAbs(test::metricValue(r.metrics, "tokens_per_s") - 8 * 64 / (test::metricValue(r.metrics, "latency_ms") / 1e3)) < 1e-6);
}

void TestTextGenerationBaseline::badRequestsAreRejected() {
    try {
        textGenerationBaseline(model("gpt2-xl"), workload(32, 16), QStringLiteral("v100-sxm2-32gb"), 4);
        QFAIL("25 heads cannot be split over 4 devices");
    } catch (const InputError &e) {
        QVERIFY2(e.message().contains(QStringLiteral("25 attention heads")), qPrintable(e.message()));
    }
    QVERIFY_THROWS_EXCEPTION(InputError, textGenerationBaseline(model("gpt2-345m"), workload(32, 0),
                                                                QStringLiteral("v100-sxm2-32gb"), 1));
    QVERIFY_THROWS_EXCEPTION(
        InputError, textGenerationBaseline(model("gpt2-345m"), workload(32, 4), QStringLiteral("v100"), 1));
    QVERIFY_THROWS_EXCEPTION(InputError, textGenerationBaseline(model("gpt2-345m"), workload(32, 4),
                                                                QStringLiteral("v100-sxm2-32gb"), 0));
}

QTEST_GUILESS_MAIN(TestTextGenerationBaseline)
#include "tst_textgenerationbaseline.moc"
