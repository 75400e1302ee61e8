// DiscModel: a run end to end (reuse maps, input-change heat, masks and bank loads per step, the
// engine's events, per-bank occupancy and conflict counters) and its metrics against the A100 and
// H100; the hash beats contiguous banks; tau = 0 without ST is the unreduced run; bad input is named.
#include <QtTest>

#include <cmath>

#include "core/sim/trace.h"
#include "disccatalog.h"
#include "discmodel.h"
#include "tests/support/errorof.h"
#include "tests/support/modelrun.h"

using namespace accelscope;
using namespace accelscope::disc;

namespace {

ParamSet paramsFor(const QString &preset, const QStringList &assignments = {}) {
    return test::presetParams(discSchema(), discPresets(), preset, assignments);
}

// The toy pipeline at 8 x 8 tokens and 2 blocks over 8 steps.
const QStringList kSmall = {QStringLiteral("functional_grid=8"), QStringLiteral("functional_blocks=2"),
                            QStringLiteral("steps=8")};

using Run = test::ModelRun<DiscModel>;

Run runToEnd(const ParamSet &params, std::uint64_t seed = 1) {
    return test::runModelToEnd(std::make_unique<DiscModel>(DiscRunConfig::fromParams(params), seed));
}

double metric(const Model &model, const char *name) {
    return test::metricValue(model, name);
}

}  // namespace

class TestDiscModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void aRunRecordsMapsMasksBanksAndEvents() {
        const Run run = runToEnd(paramsFor(QStringLiteral("paper"), kSmall));
        const DiscModel &m = *run.model;
        QVERIFY(m.finished());
        const TraceSnapshot s = run.trace->snapshot();
        int maps = 0, masks = 0, loads = 0;
        for (const auto &f : s.frames()) {
            if (f->kind == FrameKind::Tokens && f->name == QLatin1String("reuse_map")) {
                ++maps;
                QCOMPARE(f->shape, (std::vector<std::int64_t>{8, 8}));
                const Frame frame = f->decompressed();
                const auto *states = reinterpret_cast<const std::int32_t *>(frame.data.constData());
                int recomputed = 0;
                for (int i = 0; i < 64; ++i)
                    recomputed += states[i] == token_state::kKept;
                QCOMPARE(recomputed, m.run().steps[static_cast<std::size_t>(f->step)].recomputedTokens);
            } else if (f->kind == FrameKind::Mask) {
                ++masks;
                QCOMPARE(f->shape, (std::vector<std::int64_t>{64, 64}));
            } else if (f->name.startsWith(QLatin1String("bank_load"))) {
                ++loads;
                QCOMPARE(f->shape, (std::vector<std::int64_t>{2, 32}));
            }
        }
        QCOMPARE(maps, 8);
        QCOMPARE(masks, 8);
        QCOMPARE(loads, 8);
        QStringList series;
        for (const CounterSeries &c : s.series())
            series << c.name;
        for (const char *name : {"recomputed_tokens_pct", "attention_density_pct", "latent_psnr_db",
                                 "bank_efficiency_pct", "disc/core/banks/bank0", "disc/core/banks/bank31/conflicts",
                                 "disc/core/banks_blocked/bank5"})
            QVERIFY2(series.contains(QLatin1String(name)), name);
        QCOMPARE(int(m.topology().memories().size()), 2);
        // PixArt-Sigma's 28 blocks per step on the engine.
        QVERIFY(s.eventCount() >= std::size_t{8} * 28 * 2);
        QVERIFY(m.narration(1, 0).contains(QStringLiteral("warm-up")));
        QVERIFY(m.narration(1, 4).contains(QStringLiteral("reused")));
        QVERIFY(m.dataSource().description.contains(QStringLiteral("synthetic")));
        // The trace's clock (whole picoseconds per block) ends where the generation does.
        QVERIFY(std::abs(metric(m, "latency_ms") - metric(m, "generation_ms")) < 1e-6 * metric(m, "generation_ms"));
    }

    void metricsAgreeWithTheBaselinesAndTheBanks() {
        // Eight steps change the latent faster than the paper's twenty: a larger tau reuses tokens.
        const Run run = runToEnd(paramsFor(QStringLiteral("paper"), kSmall + QStringList{QStringLiteral("ctr_threshold=0.2")}));
        const DiscModel &m = *run.model;
        QCOMPARE(int(m.baselines().size()), 2);
        const double a100 = test::metricValue(m.baselines()[0].metrics, "latency_ms");
        const double h100 = test::metricValue(m.baselines()[1].metrics, "latency_ms");
        QVERIFY(std::abs(metric(m, "speedup_vs_a100") - a100 / metric(m, "generation_ms")) < 1e-9);
        QVERIFY(std::abs(metric(m, "speedup_vs_h100") - h100 / metric(m, "generation_ms")) < 1e-9);
        QVERIFY(h100 < a100);
        QVERIFY(metric(m, "speedup") > 1.0);
        QVERIFY(metric(m, "recomputed_tokens_pct") < 100.0);
        QVERIFY(metric(m, "attention_density_pct") < 100.0);
        // The XOR hash balances the sparse work better than contiguous banks, and it shows in time.
        QVERIFY(metric(m, "bank_efficiency_pct") > metric(m, "blocked_bank_efficiency_pct"));
        QVERIFY(metric(m, "bank_window_imbalance") < metric(m, "blocked_bank_window_imbalance"));
        QVERIFY(metric(m, "speedup_vs_blocked_banks") > 1.0);
    }

    void zeroThresholdsAreTheUnreducedRun() {
        const Run run = runToEnd(paramsFor(QStringLiteral("ctr-only"), kSmall + QStringList{QStringLiteral("ctr_threshold=0")}));
        QCOMPARE(metric(*run.model, "psnr_db"), 100.0);
        QCOMPARE(metric(*run.model, "mse"), 0.0);
        QCOMPARE(metric(*run.model, "recomputed_tokens_pct"), 100.0);
    }

    void badInputIsNamed() {
        QVERIFY(test::errorOf([] {
                    DiscRunConfig::fromParams(paramsFor(QStringLiteral("paper"), {QStringLiteral("banks=24")}));
                }).contains(QStringLiteral("banks")));
        QVERIFY(test::errorOf([] {
                    DiscRunConfig::fromParams(paramsFor(QStringLiteral("paper"), {QStringLiteral("resolution=1000")}));
                }).contains(QStringLiteral("1000")));
    }
};

QTEST_GUILESS_MAIN(TestDiscModel)
#include "tst_discmodel.moc"
