// DitoModel: a run end to end (token-pair and heat frames per step and block, the schedule's
// counters and interval markers, GPU events) and its metrics against the unreduced baseline and
// ToMeSD at the same speedup; bad parameter combinations are named.

#include <QtTest>

#include <cmath>

#include "core/sim/trace.h"
#include "ditocatalog.h"
#include "ditomodel.h"
#include "tests/support/errorof.h"
#include "tests/support/modelrun.h"

using namespace accelscope;
using namespace accelscope::dito;

namespace {

ParamSet paramsFor(const QString &preset, const QStringList &assignments = {}) {
    return test::presetParams(ditoSchema(), ditoPresets(), preset, assignments);
}

// The toy pipeline at 8 x 8 tokens and 2 blocks over 12 steps.
const QStringList kSmall = {QStringLiteral("functional_grid=8"), QStringLiteral("functional_blocks=2"),
                            QStringLiteral("steps=12")};

using Run = test::ModelRun<DitoModel>;

Run runToEnd(const ParamSet &params, std::uint64_t seed = 1) {
    return test::runModelToEnd(std::make_unique<DitoModel>(DitoRunConfig::fromParams(params), seed));
}

double metric(const Model &model, const char *name) { return test::metricValue(model, name); }

}  // namespace

class TestDitoModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void aRunRecordsPairsScheduleAndEvents() {
        const Run run = runToEnd(paramsFor(QStringLiteral("paper"), kSmall));
        const DitoModel &m = *run.model;
        QVERIFY(m.finished());
        const TraceSnapshot s = run.trace->snapshot();
        // Per step and block: the pairs, the output error, the selection counts and ToMeSD's error.
        int pairs = 0, heats = 0;
        for (const auto &f : s.frames()) {
            QCOMPARE(f->shape, (std::vector<std::int64_t>{8, 8}));
            if (f->kind == FrameKind::Tokens) {
                ++pairs;
                const Frame frame = f->decompressed();
                const auto *states = reinterpret_cast<const std::int32_t *>(frame.data.constData());
                int merged = 0;
                for (int i = 0; i < 64; ++i)
                    merged += states[i] >= token_state::kMergedBase;
                const StepRecord &r = m.run().steps[static_cast<std::size_t>(f->step)];
                QCOMPARE(merged, r.reduced || r.matching ? 32 : 0);
            } else {
                QVERIFY(f->kind == FrameKind::Heat);
                ++heats;
            }
        }
        QCOMPARE(pairs, 12 * 2);
        QCOMPARE(heats, 12 * 2 * 3);
        // One interval marker per Matching step, narrated with its PMR after the first.
        int intervals = 0;
        for (const Marker &marker : s.markers())
            if (marker.level == 2) {
                ++intervals;
                QVERIFY(marker.text.contains(QStringLiteral("Matching step")));
            }
        QCOMPARE(intervals, m.run().matchingSteps());
        QCOMPARE(static_cast<int>(m.intervals().size()), intervals);
        QStringList series;
        for (const CounterSeries &c : s.series())
            series << c.name;
        for (const char *name : {"attention_tokens", "matching_interval", "pair_match_ratio", "latent_psnr_db",
                                 "tomesd_latent_psnr_db"})
            QVERIFY2(series.contains(QLatin1String(name)), name);
        // Flux.1's 57 blocks per step on the GPU, the similarity on the token-merging lane.
        QVERIFY(s.eventCount() > std::size_t{12} * 57 * 10);
        QVERIFY(m.topology().find(QStringLiteral("gpu0/SMs/token merging")) != kNoUnit);
        QVERIFY(m.narration(1, 0).contains(QStringLiteral("Matching step")));
        QVERIFY(m.narration(1, 1).contains(QStringLiteral("Reduction step")));
        QVERIFY(m.dataSource().synthetic);
        QVERIFY(m.dataSource().description.contains(QStringLiteral("synthetic")));
    }

    void metricsAgreeWithTheTimingAndTheBaseline() {
        const Run run = runToEnd(paramsFor(QStringLiteral("paper"), kSmall));
        const DitoModel &m = *run.model;
        const double latency = metric(m, "latency_ms");
        const double unreduced = findMetric(m.baselines().front().metrics, QStringLiteral("latency_ms"))->value;
        QVERIFY(std::abs(metric(m, "speedup_vs_unreduced") - unreduced / latency) < 1e-6);
        QVERIFY(metric(m, "speedup_vs_unreduced") > 1);
        QCOMPARE(metric(m, "matching_steps") + metric(m, "reduced_steps"), 12.0);
        // ToMeSD at the same speedup, on the same pipeline.
        QVERIFY(std::abs(metric(m, "tomesd_speedup_at_equal_speedup") / metric(m, "speedup_vs_unreduced") - 1) < 1e-3);
        QVERIFY(std::abs(metric(m, "psnr_gain_vs_tomesd_db") -
                         (metric(m, "psnr_db") - metric(m, "tomesd_psnr_at_equal_speedup_db"))) < 1e-9);
        // ToMeSD runs report no comparison; ratio 0 is the unreduced run.
        const Run tomesd = runToEnd(paramsFor(QStringLiteral("tomesd-flux-1024"), kSmall));
        QVERIFY(std::isnan(metric(*tomesd.model, "psnr_gain_vs_tomesd_db")));
        QCOMPARE(metric(*tomesd.model, "reduced_steps"), 12.0);
        const Run none = runToEnd(paramsFor(QStringLiteral("paper"), kSmall + QStringList{QStringLiteral("reduction_ratio=0")}));
        QCOMPARE(metric(*none.model, "psnr_db"), 100.0);
        QCOMPARE(metric(*none.model, "mse"), 0.0);
        QVERIFY(std::abs(metric(*none.model, "speedup_vs_unreduced") - 1) < 1e-12);
    }

    void badCombinationsAreNamed() {
        QVERIFY(test::errorOf([] { DitoRunConfig::fromParams(paramsFor(QStringLiteral("paper"), {QStringLiteral("functional_grid=9")})); })
                    .contains(QStringLiteral("functional_grid = 9")));
        const QString intervals = test::errorOf([] {
            DitoRunConfig::fromParams(paramsFor(QStringLiteral("paper"), {QStringLiteral("min_interval=6"), QStringLiteral("max_interval=4")}));
        });
        QVERIFY2(intervals.contains(QStringLiteral("min_interval 6")) && intervals.contains(QStringLiteral("max_interval 4")),
                 qPrintable(intervals));
        QVERIFY(test::errorOf([] { DitoRunConfig::fromParams(paramsFor(QStringLiteral("paper"), {QStringLiteral("height=1000")})); })
                    .contains(QStringLiteral("1000")));
    }
};

QTEST_GUILESS_MAIN(TestDitoModel)
#include "tst_ditomodel.moc"
