// OakenModel: a run end to end, its trace (events, masks, memory counters), the waves memory
// forces, and its metrics against the baselines.
#include <QtTest>

#include "core/api/errors.h"
#include "core/sim/trace.h"
#include "oakencatalog.h"
#include "oakenmodel.h"
#include "tests/support/errorof.h"
#include "tests/support/modelrun.h"

using namespace accelscope;
using namespace accelscope::oaken;

namespace {

ParamSet paramsFor(const QString &preset, const QStringList &assignments = {}) {
    return test::presetParams(oakenSchema(), oakenPresets(), preset, assignments);
}

using Run = test::ModelRun<OakenModel>;

Run runToEnd(const ParamSet &params, std::uint64_t seed = 1) {
    return test::runModelToEnd(std::make_unique<OakenModel>(OakenRunConfig::fromParams(params), seed));
}

double metric(const Model &model, const char *name) { return test::metricValue(model, name); }

const QStringList kSmall = {QStringLiteral("model=opt-6.7b"), QStringLiteral("input_tokens=64"),
                            QStringLiteral("output_tokens=16"), QStringLiteral("functional_tokens=32"),
                            QStringLiteral("functional_layers=1")};

}  // namespace

class TestOakenModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void aRunRecordsMasksMemoryAndEvents() {
        const Run run = runToEnd(paramsFor(QStringLiteral("paper"), kSmall + QStringList{QStringLiteral("batch=8")}));
        const OakenModel &m = *run.model;
        QVERIFY(m.finished());
        QCOMPARE(m.waves().waves, 1);
        const TraceSnapshot s = run.trace->snapshot();
        // 32 layers × 16 passes; each layer keeps the SXE, VXE, SMA, both engines and the MMU busy.
        QVERIFY(s.eventCount() >= std::size_t{32} * 16 * 6);
        // An outlier mask per KV head for K and V of the functional layer.
        int masks = 0;
        for (const auto &f : s.frames())
            if (f->kind == FrameKind::Mask) {
                ++masks;
                QCOMPARE(f->shape, (std::vector<std::int64_t>{32, 128}));
                QVERIFY(f->name.endsWith(QStringLiteral("_sparse")));
            }
        QCOMPARE(masks, 2 * 32);
        QVERIFY(m.topology().find(QStringLiteral("oaken0/core/Dequant engine")) != kNoUnit);
        QCOMPARE(m.topology().memories().front().banks, 16);
        // Bank occupancy: weights plus KV pages, and the KV pages sum to the counted footprint.
        bool bankSeries = false;
        for (const CounterSeries &c : s.series())
            bankSeries = bankSeries || c.name == QStringLiteral("oaken0/LPDDR/bank3/kv_dense");
        QVERIFY(bankSeries);
        QVERIFY(metric(m, "kv_cache_peak_gb") * 1e9 == m.kvBytesPerDevice(8, 64 + 15));
        QCOMPARE(metric(m, "tokens_per_s"), 8 * 16 / (metric(m, "latency_ms") / 1e3));
        QVERIFY(metric(m, "speedup_vs_a100") > 0);
        QVERIFY(metric(m, "speedup_vs_a100_kv4") > 0);
        QVERIFY(!m.narration(1, 3).isEmpty());
        QVERIFY(m.narration(0, 40).contains(QStringLiteral("dequantization engine")));
    }

    void memoryCapacityForcesWaves() {
        // 16 channels of 1 GB: 14.4 GB for 13.3 GB of weights leaves room for few sequences.
        const ParamSet params = paramsFor(QStringLiteral("paper"), kSmall + QStringList{QStringLiteral("batch=64"),
                                                                                        QStringLiteral("channel_capacity_gb=1")});
        const Run run = runToEnd(params);
        const OakenModel &m = *run.model;
        const double room = 0.9 * 16e9 - m.timing().weightBytesPerDevice();
        const int fits = static_cast<int>(room / m.timing().kvPageBytesPerSequence(80));
        QCOMPARE(m.waves().maxBatch, fits);
        QVERIFY(m.waves().waves > 1);
        QCOMPARE(metric(m, "waves"), double(m.waves().waves));
        // A wave's pages never exceed the budget.
        QVERIFY(metric(m, "kv_cache_peak_gb") * 1e9 + m.timing().weightBytesPerDevice() <= 0.9 * 16e9);
        // More waves take longer than one wave of the same total work would if it fitted.
        const Run roomy = runToEnd(paramsFor(QStringLiteral("paper"), kSmall + QStringList{QStringLiteral("batch=64")}));
        QVERIFY(metric(m, "tokens_per_s") < metric(*roomy.model, "tokens_per_s"));
        QCOMPARE(roomy.model->waves().waves, 1);
    }

    void lpuPresetIsTheBatchOneLpu() {
        const ParamSet params = paramsFor(QStringLiteral("lpu"), {QStringLiteral("output_tokens=8")});
        QCOMPARE(params.choice(QStringLiteral("model")), QStringLiteral("opt-1.3b"));
        QCOMPARE(params.integer(QStringLiteral("input_tokens")), 32);
        const Run run = runToEnd(params);
        const OakenModel &m = *run.model;
        QCOMPARE(m.config().hardware.lpu.macTrees, 32);
        QCOMPARE(metric(m, "kv_bits_per_entry"), 16.0);
        QCOMPARE(m.topology().find(QStringLiteral("lpu0/core/Quant engine")), kNoUnit);
        QVERIFY(m.topology().find(QStringLiteral("lpu0/HBM3")) != kNoUnit);
        QCOMPARE(metric(m, "max_batch"), 1.0);
        QVERIFY(metric(m, "decode_ms_per_token") > 0);
    }

    void tooBigAModelIsNamed() {
        const QString error = test::errorOf([] {
            OakenModel(OakenRunConfig::fromParams(paramsFor(QStringLiteral("llama-2-70b-hbm"), {QStringLiteral("devices=1")})), 1);
        });
        QVERIFY2(error.contains(QStringLiteral("llama-2-70b")) && error.contains(QStringLiteral("does not fit")),
                 qPrintable(error));
        QVERIFY(test::errorOf([] { OakenRunConfig::fromParams(paramsFor(QStringLiteral("paper"), {QStringLiteral("devices=3")})); })
                    .contains(QStringLiteral("heads")));
    }
};

QTEST_GUILESS_MAIN(TestOakenModel)
#include "tst_oakenmodel.moc"
