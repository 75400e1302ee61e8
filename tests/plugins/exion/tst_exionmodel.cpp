// ExionModel: a run end to end (frames, counters, events, markers, narration), what the functional
// counts do to the timing, determinism, and the plugin's presets, claims and input errors.
#include <QtTest>

#include "core/api/errors.h"
#include "core/sim/trace.h"
#include "exioncatalog.h"
#include "exionmodel.h"
#include "tests/support/errorof.h"
#include "tests/support/modelrun.h"

using namespace accelscope;
using namespace accelscope::exion;

namespace {

ParamSet paramsFor(const QString &preset, const QStringList &assignments = {}) {
    return test::presetParams(exionSchema(), exionPresets(), preset, assignments);
}

const QStringList kSmall = {QStringLiteral("steps=6"), QStringLiteral("functional_size=16")};
// The paper preset, small: a dense iteration every third step.
const QStringList kSmallSparse = kSmall + QStringList{QStringLiteral("dense_interval=3")};

}  // namespace

class TestExionModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void aRunRecordsFramesCountersAndEvents() {
        ExionModel model(ExionRunConfig::fromParams(paramsFor(QStringLiteral("paper"), kSmallSparse)), 3);
        Trace trace;
        while (model.step(1, trace)) {
        }
        trace.publish();
        QVERIFY(model.finished());
        const TraceSnapshot s = trace.snapshot();
        int ffnMasks = 0, predicted = 0, check = 0, conMergeAfter = 0;
        for (const auto &f : s.frames()) {
            if (f->name == QLatin1String("block0/ffn_mask")) {
                ++ffnMasks;
                QVERIFY(f->kind == FrameKind::Mask);
                QVERIFY(f->shape == (std::vector<std::int64_t>{64, 128}));
            }
            predicted += f->name == QLatin1String("block3/head0/predicted_mask");
            check += f->name == QLatin1String("block0/head0/prediction_check");
            conMergeAfter += f->name == QLatin1String("block0/ffn_conmerge_after");
        }
        QCOMPARE(ffnMasks, 6);
        QCOMPARE(predicted, 6);
        QCOMPARE(check, 6);
        QCOMPARE(conMergeAfter, 4);  // the sparse iterations (steps 1, 2, 4, 5)
        QCOMPARE(s.eventCount() >= std::size_t(6 * 28 * 3), true);
        int utilization = 0;
        for (const auto &series : s.series())
            utilization += series.name.contains(QStringLiteral("utilization")) ? 1 : 0;
        QCOMPARE(utilization, 4);
        QCOMPARE(model.stepLevels().size(), std::size_t(3));
        QVERIFY(model.narration(1, 1).contains(QStringLiteral("sparse")));
        QVERIFY(model.narration(2, 0).contains(QStringLiteral("dense iteration")));
        QVERIFY(model.dataSource().description.contains(QStringLiteral("synthetic")));
    }

    void sparsityMakesItFasterThanDenseAndCostsSomeQuality() {
        const ExionModel exion(ExionRunConfig::fromParams(paramsFor(QStringLiteral("paper"), kSmallSparse)),
                               5);
        const ExionModel dense(ExionRunConfig::fromParams(paramsFor(QStringLiteral("dense"), kSmall)), 5);
        QCOMPARE(test::metricValue(dense, "psnr_db"), 100.0);
        QCOMPARE(test::metricValue(dense, "speedup_vs_dense"), 1.0);
        QVERIFY(test::metricValue(exion, "psnr_db") < 100.0);
        QVERIFY(test::metricValue(exion, "psnr_db") > 20.0);
        QVERIFY(test::metricValue(exion, "latency_ms") < test::metricValue(dense, "latency_ms"));
        QVERIFY(test::metricValue(exion, "speedup_vs_dense") > 1.0);
        QVERIFY(test::metricValue(exion, "ffn_sparsity_pct") > 50.0);
        QVERIFY(test::metricValue(exion, "ffn_utilization_after_pct") >=
                test::metricValue(exion, "ffn_utilization_before_pct"));
        QVERIFY(test::metricValue(exion, "speedup_vs_gpu") > 0);
        const ExionModel noMerge(
            ExionRunConfig::fromParams(paramsFor(QStringLiteral("no-conmerge"), kSmallSparse)), 5);
        QVERIFY(test::metricValue(noMerge, "latency_ms") >= test::metricValue(exion, "latency_ms"));
        QCOMPARE(test::metricValue(noMerge, "psnr_db"),
                 test::metricValue(exion, "psnr_db"));  // compaction changes time, not values
    }

    void runsAreDeterministic() {
        const ExionModel a(ExionRunConfig::fromParams(paramsFor(QStringLiteral("edge-dit"), kSmallSparse)),
                           9);
        const ExionModel b(ExionRunConfig::fromParams(paramsFor(QStringLiteral("edge-dit"), kSmallSparse)),
                           9);
        QCOMPARE(test::metricValue(a, "psnr_db"), test::metricValue(b, "psnr_db"));
        QCOMPARE(test::metricValue(a, "latency_ms"), test::metricValue(b, "latency_ms"));
        QCOMPARE(a.baselines().front().device, QStringLiteral("jetson-agx-orin-32gb"));
    }

    void presetsClaimsAndErrorsAreConsistent() {
        QStringList names;
        for (const Preset &p : exionPresets()) {
            names << p.name;
            ExionRunConfig::fromParams(ParamSet::fromPreset(exionSchema(), p));
        }
        QVERIFY(names.contains(QStringLiteral("paper")));
        for (const Claim &c : exionClaims())
            for (const QString &p : c.presets)
                QVERIFY2(names.contains(p), qPrintable(p));
        QVERIFY(test::errorOf([] {
                    ExionRunConfig::fromParams(
                        paramsFor(QStringLiteral("paper"), {QStringLiteral("frames=9")}));
                }).contains(QStringLiteral("allowed: 1")));
        QVERIFY(test::errorOf([] {
                    ExionRunConfig::fromParams(
                        paramsFor(QStringLiteral("paper"), {QStringLiteral("functional_size=17")}));
                }).contains(QStringLiteral("odd")));
        QVERIFY(test::errorOf([] {
                    ExionRunConfig::fromParams(
                        paramsFor(QStringLiteral("paper"), {QStringLiteral("height=250")}));
                }).contains(QStringLiteral("250")));
    }
};

QTEST_GUILESS_MAIN(TestExionModel)
#include "tst_exionmodel.moc"
