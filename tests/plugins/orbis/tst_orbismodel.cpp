// OrbisModel: a run end to end (3-D match and error frames per step and block, the accelerator's
// and the matching unit's events, counters) and its metrics against the A100 and AsymRnR at equal
// quality; a global matching window shows the matching unit falling behind; bad input is named.

#include <QtTest>

#include <cmath>

#include "core/sim/trace.h"
#include "orbiscatalog.h"
#include "orbismodel.h"
#include "tests/support/errorof.h"
#include "tests/support/modelrun.h"

using namespace accelscope;
using namespace accelscope::orbis;

namespace {

ParamSet paramsFor(const QString &preset, const QStringList &assignments = {}) {
    return test::presetParams(orbisSchema(), orbisPresets(), preset, assignments);
}

// The toy pipeline at 4 frames of 4 x 4 tokens and 2 blocks over 8 steps.
const QStringList kSmall = {QStringLiteral("functional_grid=4"), QStringLiteral("functional_blocks=2"),
                            QStringLiteral("steps=8")};

using Run = test::ModelRun<OrbisModel>;

Run runToEnd(const ParamSet &params, std::uint64_t seed = 1) {
    return test::runModelToEnd(std::make_unique<OrbisModel>(OrbisRunConfig::fromParams(params), seed));
}

double metric(const Model &model, const char *name) {
    return test::metricValue(model, name);
}

}  // namespace

class TestOrbisModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void aRunRecordsMatchesEventsAndCounters() {
        const Run run = runToEnd(paramsFor(QStringLiteral("paper"), kSmall));
        const OrbisModel &m = *run.model;
        QVERIFY(m.finished());
        const TraceSnapshot s = run.trace->snapshot();
        int matches = 0, heats = 0;
        for (const auto &f : s.frames()) {
            QCOMPARE(f->shape, (std::vector<std::int64_t>{4, 4, 4}));
            if (f->kind == FrameKind::Tokens && f->name.endsWith(QLatin1String("/matches"))) {
                ++matches;
                const Frame frame = f->decompressed();
                const auto *states = reinterpret_cast<const std::int32_t *>(frame.data.constData());
                int merged = 0;
                for (int i = 0; i < 64; ++i)
                    merged += states[i] >= token_state::kMergedBase;
                const StepRecord &r = m.run().steps[static_cast<std::size_t>(f->step)];
                QCOMPARE(merged, r.reduced ? 64 - r.keptTokens : 0);
            } else if (f->kind == FrameKind::Heat) {
                ++heats;
            }
        }
        QCOMPARE(matches, 8 * 2);
        QCOMPARE(heats, 8 * 2 * 2);  // ORBIS's and AsymRnR's output error
        QStringList series;
        for (const CounterSeries &c : s.series())
            series << c.name;
        for (const char *name : {"attention_tokens", "latent_psnr_db", "asymrnr_latent_psnr_db",
                                 "match_stall_us", "match_slack_us"})
            QVERIFY2(series.contains(QLatin1String(name)), name);
        // CogVideoX-5B's 42 blocks per step on the engine; the matching unit works from step 1 on.
        QVERIFY(s.eventCount() > std::size_t{8} * 42 * 10);
        QVERIFY(m.topology().find(QStringLiteral("orbis/core/matching_unit")) != kNoUnit);
        QVERIFY(m.narration(1, 0).contains(QStringLiteral("unreduced")));
        QVERIFY(m.narration(1, 3).contains(QStringLiteral("distribution-aware")));
        QVERIFY(m.dataSource().synthetic && m.dataSource().description.contains(QStringLiteral("synthetic")));
        QCOMPARE(metric(m, "latency_ms"), metric(m, "generation_ms"));
    }

    void metricsAgreeWithTheBaselinesAndTheComparison() {
        const Run run = runToEnd(paramsFor(QStringLiteral("paper"), kSmall));
        const OrbisModel &m = *run.model;
        const double a100 = test::metricValue(m.baselines().front().metrics, "latency_ms");
        QVERIFY(std::abs(metric(m, "speedup_vs_a100") - a100 / metric(m, "generation_ms")) < 1e-9);
        // Equal quality: both methods reach the 48 dB target; the gain is the ratio of ratios.
        QVERIFY(metric(m, "psnr_db") >= 48 && metric(m, "asymrnr_psnr_db") >= 48);
        QVERIFY(std::abs(metric(m, "reduction_ratio_gain_vs_asymrnr") -
                         metric(m, "reduction_ratio") / metric(m, "asymrnr_ratio_at_equal_quality")) < 1e-9);
        // The 1-chunk window keeps matching hidden: no block waits.
        QCOMPARE(metric(m, "match_hidden_pct"), 100.0);
        QCOMPARE(metric(m, "match_stall_ms"), 0.0);
        QVERIFY(metric(m, "energy_reduction_vs_a100_pct") > 0);
        // Zero reduction (fixed mode) is the unreduced run: PSNR 100, and no matching work.
        const Run none = runToEnd(paramsFor(
            QStringLiteral("paper"),
            kSmall + QStringList{QStringLiteral("ratio_mode=fixed"), QStringLiteral("reduction_ratio=0"),
                                 QStringLiteral("compare=false")}));
        QCOMPARE(metric(*none.model, "psnr_db"), 100.0);
        QCOMPARE(metric(*none.model, "mse"), 0.0);
        QCOMPARE(metric(*none.model, "match_distances_per_block"), 0.0);
        QVERIFY(std::isnan(metric(*none.model, "reduction_ratio_gain_vs_asymrnr")));
    }

    void aGlobalWindowCannotHide() {
        const Run run = runToEnd(paramsFor(
            QStringLiteral("global-window"),
            kSmall + QStringList{QStringLiteral("ratio_mode=fixed"), QStringLiteral("compare=false")}));
        QVERIFY(metric(*run.model, "match_hidden_pct") < 50);
        QVERIFY(metric(*run.model, "match_stall_ms") > 0);
        // AsymRnR matches this step's inputs: its matching waits on the critical path.
        const Run asym = runToEnd(paramsFor(
            QStringLiteral("asymrnr-cogvideox-5b"),
            kSmall + QStringList{QStringLiteral("ratio_mode=fixed"), QStringLiteral("compare=false")}));
        QVERIFY(metric(*asym.model, "match_stall_ms") > 0);
    }

    void badInputIsNamed() {
        QVERIFY(test::errorOf([] {
                    OrbisRunConfig::fromParams(
                        paramsFor(QStringLiteral("paper"), {QStringLiteral("match_bits=3")}));
                }).contains(QStringLiteral("match_bits")));
        QVERIFY(test::errorOf([] {
                    OrbisRunConfig::fromParams(
                        paramsFor(QStringLiteral("paper"),
                                  {QStringLiteral("steps=4"), QStringLiteral("warmup_steps=4")}));
                }).contains(QStringLiteral("warmup_steps")));
        QVERIFY(test::errorOf([] {
                    OrbisRunConfig::fromParams(
                        paramsFor(QStringLiteral("paper"), {QStringLiteral("height=1000")}));
                }).contains(QStringLiteral("1000")));
    }
};

QTEST_GUILESS_MAIN(TestOrbisModel)
#include "tst_orbismodel.moc"
