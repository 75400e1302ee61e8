// CassandraModel: a short run records masks, acceptance frames and memory counters; the timing
// follows the bytes the draft and the verification stream; BF16 on the GPU is the shared
// baseline; the memory comparison follows from the stored sizes.
#include <QtTest>

#include <cmath>

#include "cassandracatalog.h"
#include "cassandramodel.h"
#include "core/hw/textgenerationbaseline.h"
#include "core/sim/trace.h"
#include "core/workloads/textgeneration.h"
#include "tests/support/errorof.h"
#include "tests/support/modelrun.h"

using namespace accelscope;
using namespace accelscope::cassandra;

namespace {

const QStringList kShort = {QStringLiteral("input_tokens=64"), QStringLiteral("output_tokens=40"),
                            QStringLiteral("functional_output_tokens=32")};

ParamSet paramsFor(QStringList assignments) {
    ParamSet params = ParamSet::fromPreset(cassandraSchema(), *findPreset(cassandraPresets(), QStringLiteral("paper")));
    for (const QString &a : kShort + assignments)
        params.assign(a);
    return params;
}

test::ModelRun<CassandraModel> run(const QStringList &assignments) {
    return test::runModelToEnd(std::make_unique<CassandraModel>(CassandraRunConfig::fromParams(paramsFor(assignments)), 1));
}

}  // namespace

class TestCassandraModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void aShortRunRecordsMasksAcceptanceAndMemory() {
        const auto r = run({});
        const CassandraModel &m = *r.model;
        QVERIFY(m.finished());
        const TraceSnapshot s = r.trace->snapshot();
        bool weightMask = false, acceptance = false, functional = false;
        for (const auto &f : s.frames()) {
            if (f->name == QStringLiteral("weights/layer0_fc1")) {
                weightMask = true;
                QCOMPARE(f->shape, (std::vector<std::int64_t>{256, 1024}));
                const QByteArray bits = f->decompressed().data;
                QCOMPARE(int(std::count(bits.begin(), bits.end(), char(1))), 154 * 1024);
            }
            if (f->name == QStringLiteral("acceptance")) {
                acceptance = true;
                QCOMPARE(f->shape.back(), std::int64_t{6});
            }
            functional = functional || f->name == QStringLiteral("functional_acceptance");
        }
        QVERIFY(weightMask && acceptance && functional);
        bool owner = false, budget = false;
        for (const CounterSeries &c : s.series()) {
            owner = owner || c.name == QStringLiteral("gpu0/GDDR6X/bank3/draft weights");
            budget = budget || c.name == QStringLiteral("gpu0/Memory budget/bank1/draft");
        }
        QVERIFY(owner && budget);
        QVERIFY(m.narration(0, 1).contains(QStringLiteral("draft 1 of 5")));
        QVERIFY(m.narration(0, 6).contains(QStringLiteral("verification")));
        QCOMPARE(test::metricValue(m, "functional_lossless"), 1.0);
    }

    void roundsCommitAcceptedDraftsPlusOne() {
        const auto all = run({QStringLiteral("acceptance_rate=1")});
        // Every round commits γ + 1 = 6 tokens: 39 tokens after the prompt's first need 7 rounds.
        QCOMPARE(test::metricValue(*all.model, "tokens_per_round"), 6.0);
        QCOMPARE(all.model->acceptedInRound(3), 5);
        const auto some = run({QStringLiteral("acceptance_rate=0.5")});
        int accepted = 0;
        for (int round = 0; round < 10; ++round)
            accepted += some.model->acceptedInRound(round);
        QCOMPARE(accepted, 25);  // 0.5 × 5 per round, spread as whole tokens
        // Fewer accepted drafts, more passes per token: slower.
        QVERIFY(test::metricValue(*all.model, "speedup_vs_bf16") > test::metricValue(*some.model, "speedup_vs_bf16"));
    }

    void passesStreamTheDraftAndTheFullBits() {
        const auto r = run({});
        const CassandraModel &m = *r.model;
        const TransformerConfig &llama = m.config().workload.model;
        const BitBudget &w = m.functional().weightBits();
        // A draft pass streams roughly the matmul weights at the draft's bits (plus the KV and activations).
        const double linear = parameterCount(llama) - double(llama.vocab) * llama.dModel;  // all but the embedding table
        const double draftMb = test::metricValue(m, "draft_pass_mb");
        QVERIFY(std::abs(draftMb / (linear * w.draftBits / 8 / 1e6) - 1.0) < 0.05);
        const double verifyMb = test::metricValue(m, "verify_pass_mb");
        QVERIFY(std::abs(verifyMb / (linear * w.targetBits / 8 / 1e6) - 1.0) < 0.05);
        // The BF16 reference on the GPU is the shared baseline model's text generation.
        const BaselineResult base = textGenerationBaseline(llama, m.config().workload.shape, QStringLiteral("rtx-4090"), 1);
        QVERIFY(std::abs(test::metricValue(base.metrics, "latency_ms") / (m.bf16Seconds() * 1e3) - 1.0) < 1e-9);
        QVERIFY(test::metricValue(m, "speedup_vs_bf16") > 1.0);
    }

    void theNpuIsBandwidthBound() {
        const auto npu = run({QStringLiteral("platform=npu")});
        const auto fast = run({QStringLiteral("platform=npu"), QStringLiteral("npu_bandwidth_gbps=546")});
        const double ratio = test::metricValue(*npu.model, "decode_ms_per_token") /
                             test::metricValue(*fast.model, "decode_ms_per_token");
        QVERIFY2(ratio > 1.8 && ratio <= 2.0, qPrintable(QString::number(ratio)));
        QCOMPARE(npu.model->baselines().front().label, QStringLiteral("NPU BF16"));
    }

    void memoryBudgetComparison() {
        const auto r = run({QStringLiteral("memory_budget_gb=24")});
        const CassandraModel &m = *r.model;
        const MemoryPlan c = m.cassandraPlan(), e = m.eagle3Plan();
        QCOMPARE(test::metricValue(m, "max_context_tokens"), std::floor((24e9 - c.weightBytes) / c.kvBytesPerToken));
        QCOMPARE(test::metricValue(m, "eagle3_max_context_tokens"),
                 std::floor((24e9 - e.weightBytes - e.draftBytes) / e.kvBytesPerToken));
        // EAGLE-3's head for Llama-3-8B is about 0.42 B parameters.
        QVERIFY(std::abs(e.draftBytes / 2 / 0.42e9 - 1.0) < 0.05);
        QVERIFY(c.weightBytes < e.weightBytes);
        const QString error = test::errorOf([] { CassandraModel(CassandraRunConfig::fromParams(paramsFor({QStringLiteral("memory_budget_gb=8")})), 1); });
        QVERIFY2(error.contains(QStringLiteral("memory_budget_gb")), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestCassandraModel)
#include "tst_cassandramodel.moc"
