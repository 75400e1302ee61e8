// FastStarModel: a run end to end (per pruned scale a token mask and three score maps, counters
// of the queries each scale runs, clip markers, GPU events), the timing following the functional
// run's kept shares, its metrics against the unpruned baseline, and bad parameters named.

#include <QtTest>

#include <cmath>

#include "core/sim/trace.h"
#include "faststarcatalog.h"
#include "faststarmodel.h"
#include "tests/support/errorof.h"
#include "tests/support/modelrun.h"

using namespace accelscope;
using namespace accelscope::faststar;

namespace {

ParamSet paramsFor(const QString &preset, const QStringList &assignments = {}) {
    return test::presetParams(fastStarSchema(), fastStarPresets(), preset, assignments);
}

// A smaller toy: 12 positions on the longer side, 2 frames per clip, 1 block.
const QStringList kSmall = {QStringLiteral("functional_side=12"), QStringLiteral("functional_clip_frames=2"),
                            QStringLiteral("functional_blocks=1")};

using Run = test::ModelRun<FastStarModel>;

Run runToEnd(const ParamSet &params, std::uint64_t seed = 1) {
    return test::runModelToEnd(std::make_unique<FastStarModel>(FastStarRunConfig::fromParams(params), seed));
}

double metric(const Model &model, const char *name) { return test::metricValue(model, name); }

}  // namespace

class TestFastStarModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void aRunRecordsMasksScoresAndEvents() {
        const Run run = runToEnd(paramsFor(QStringLiteral("paper"), kSmall));
        const FastStarModel &m = *run.model;
        QVERIFY(m.finished());
        QCOMPARE(m.progress(), 1.0);
        const TraceSnapshot s = run.trace->snapshot();
        // Per pruned scale (3 per clip, 2 clips): the mask, and the scores (no temporal one in clip 0).
        int masks = 0, heats = 0;
        for (const auto &f : s.frames()) {
            const Frame frame = f->decompressed();
            QCOMPARE(int(frame.shape.size()), 3);
            const int scale = frame.name.section(QLatin1Char('/'), 0, 0).mid(5).toInt();
            QVERIFY2(scale >= 12 && scale <= 14, qPrintable(frame.name));
            if (frame.kind != FrameKind::Tokens) {
                ++heats;
                continue;
            }
            ++masks;
            const int clip = frame.shape[0] == 1 ? 0 : 1;
            const ScaleRecord &r = m.run().at(clip, scale);
            const auto *states = reinterpret_cast<const std::int32_t *>(frame.data.constData());
            int kept = 0;
            for (int i = 0; i < r.tokens(); ++i)
                kept += states[i] == token_state::kKept;
            // The recount equals what the generator predicted, and the GPU plan keeps that share.
            QCOMPARE(kept, r.predicted);
            for (const ScalePass &p : m.plan())
                if (p.clip == clip && p.scale == scale)
                    QCOMPARE(p.queries, int(std::lround(double(kept) / r.tokens() * p.tokens)));
        }
        QCOMPARE(masks, 6);
        QCOMPARE(heats, 3 * 2 + 3 * 3);
        int clips = 0, scales = 0;
        for (const Marker &marker : s.markers()) {
            clips += marker.level == 3;
            scales += marker.level == 2;
            QCOMPARE(marker.text.isEmpty(), marker.level == 0);  // block markers carry no narration
        }
        QCOMPARE(clips, 2);
        QCOMPARE(scales, 30);
        QStringList series;
        for (const CounterSeries &c : s.series())
            series << c.name;
        for (const char *n : {"query_tokens", "pruned_tokens", "kept_share_pct"})
            QVERIFY2(series.contains(QLatin1String(n)), n);
        QVERIFY(s.eventCount() > 1000);
        // The clock ran exactly the pruned plan.
        QVERIFY(std::abs(metric(m, "latency_ms") / (1e3 * m.timing().seconds(m.plan())) - 1) < 1e-3);
    }

    void metricsAgainstTheUnprunedRun() {
        const Run run = runToEnd(paramsFor(QStringLiteral("paper"), kSmall));
        const FastStarModel &m = *run.model;
        const double speedup = metric(m, "speedup_vs_unpruned");
        QVERIFY2(speedup > 1.3 && speedup < 3, qPrintable(QString::number(speedup)));
        const double baseline = test::metricValue(m.baselines().front().metrics, "latency_ms");
        QVERIFY(std::abs(baseline / metric(m, "latency_ms") / speedup - 1) < 1e-3);
        const double psnr = metric(m, "psnr_db");
        QVERIFY2(psnr > 10 && psnr < 100, qPrintable(QString::number(psnr)));
        QVERIFY(std::abs(metric(m, "pruned_token_passes_pct") - 50) < 1);
        QVERIFY(metric(m, "pruned_scales_time_share_pct") > 50);
        QVERIFY(m.dataSource().description.contains(QStringLiteral("synthetic")));
        // Keeping every token: the unpruned video, and only the scoring's cost.
        const Run all = runToEnd(paramsFor(QStringLiteral("paper"), kSmall + QStringList{QStringLiteral("keep_ratio=1")}));
        QCOMPARE(metric(*all.model, "psnr_db"), 100.0);
        QVERIFY(metric(*all.model, "speedup_vs_unpruned") < 1.0 && metric(*all.model, "speedup_vs_unpruned") > 0.99);
    }

    void thresholdTradesQualityForSpeed() {
        double lastSpeedup = 0, lastPsnr = 1000;
        for (const char *threshold : {"0.001", "0.01", "0.1"}) {
            const auto m = std::make_unique<FastStarModel>(
                FastStarRunConfig::fromParams(paramsFor(
                    QStringLiteral("paper"), kSmall + QStringList{QStringLiteral("selection=threshold"),
                                                                  QStringLiteral("threshold=%1").arg(QLatin1String(threshold))})),
                1);
            const double speedup = metric(*m, "speedup_vs_unpruned"), psnr = metric(*m, "psnr_db");
            QVERIFY2(speedup >= lastSpeedup && psnr <= lastPsnr, threshold);
            lastSpeedup = speedup;
            lastPsnr = psnr;
        }
        QVERIFY(lastSpeedup > 1.05);
    }

    void imageToVideoPreset() {
        const Run run = runToEnd(paramsFor(QStringLiteral("i2v-720p"), kSmall));
        const FastStarModel &m = *run.model;
        QCOMPARE(int(m.plan().size()), 16);
        QVERIFY(m.narration(3, 0).contains(QStringLiteral("given image")));
        QVERIFY(metric(m, "speedup_vs_unpruned") > 1.3);
    }

    void badParametersAreNamed() {
        const auto error = [](const QStringList &assignments) {
            return test::errorOf([&] { FastStarRunConfig::fromParams(paramsFor(QStringLiteral("paper"), assignments)); });
        };
        QVERIFY(error({QStringLiteral("frames=41")}).contains(QStringLiteral("1 + a multiple of 80")));
        QVERIFY(error({QStringLiteral("pruned_scales=14"), QStringLiteral("height=480"), QStringLiteral("width=848")})
                    .contains(QStringLiteral("pruned_scales = 14")));
        QVERIFY(error({QStringLiteral("task=i2v"), QStringLiteral("frames=1")}).contains(QStringLiteral("task = i2v")));
        QVERIFY(error({QStringLiteral("height=704")}).contains(QStringLiteral("scale grids")));
    }
};

QTEST_GUILESS_MAIN(TestFastStarModel)
#include "tst_faststarmodel.moc"
