// MasqModel: a run end to end (frames, counters, events, markers), the functional quality against
// the unquantized pipeline, determinism, and the plugin's presets and claims.
#include <QtTest>

#include "core/api/errors.h"
#include "core/sim/trace.h"
#include "masqcatalog.h"
#include "masqmodel.h"
#include "tests/support/errorof.h"
#include "tests/support/modelrun.h"

using namespace accelscope;
using namespace accelscope::masq;

namespace {

ParamSet paramsFor(const QString &preset, const QStringList &assignments = {}) {
    return test::presetParams(masqSchema(), masqPresets(), preset, assignments);
}

double metric(const Model &model, const char *name) {
    const std::vector<Metric> metrics = model.metrics();
    const Metric *m = findMetric(metrics, QString::fromLatin1(name));
    return m ? m->value : qQNaN();
}

const QStringList kSmall = {QStringLiteral("steps=10"), QStringLiteral("functional_size=16")};

}  // namespace

class TestMasqModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void aRunRecordsFramesCountersAndEvents() {
        auto model = std::make_unique<MasqModel>(MasqRunConfig::fromParams(paramsFor(QStringLiteral("paper"), kSmall)), 3);
        Trace trace;
        while (model->step(1, trace)) {
        }
        trace.publish();
        QVERIFY(model->finished());
        const TraceSnapshot s = trace.snapshot();
        int precision = 0, masks = 0, finalError = 0;
        for (const auto &f : s.frames()) {
            if (f->name == QLatin1String("precision")) {
                ++precision;
                QVERIFY(f->kind == FrameKind::Tokens);
                QVERIFY(f->shape == (std::vector<std::int64_t>{8, 8}));
            }
            masks += f->name == QLatin1String("mask");
            finalError += f->name == QLatin1String("final_error");
        }
        QCOMPARE(precision, 10);
        QCOMPARE(masks, 1);
        QCOMPARE(finalError, 1);
        QVERIFY(s.eventCount() >= 10 * 3);
        int banks = 0;
        for (const auto &series : s.series())
            banks += series.name.contains(QStringLiteral("/bank")) ? 1 : 0;
        QCOMPARE(banks, 32 * 4);
        QVERIFY(s.markers().size() >= 10);
        QVERIFY(!model->narration(0, 9).isEmpty());
        QVERIFY(model->dataSource().description.contains(QStringLiteral("ynthetic")));
    }

    void quantizationCostsSomeQualityButNotMuch() {
        const MasqModel masq(MasqRunConfig::fromParams(paramsFor(QStringLiteral("paper"), kSmall)), 5);
        const MasqModel int8(MasqRunConfig::fromParams(
                                 paramsFor(QStringLiteral("uniform-int8"), kSmall)), 5);
        // Both differ from the unquantized run, INT8 less; neither collapses.
        QVERIFY(metric(masq, "mse") > 0);
        QVERIFY(metric(int8, "psnr_db") > metric(masq, "psnr_db"));
        QVERIFY(metric(masq, "psnr_db") > 15);
        QVERIFY(metric(masq, "average_bits") < metric(int8, "average_bits"));
        QCOMPARE(metric(int8, "average_bits"), 8.25);
        QVERIFY(metric(masq, "latency_ms") < metric(int8, "latency_ms"));
        QVERIFY(metric(masq, "engine_speedup_vs_int8") > 1.0);
        QVERIFY(metric(masq, "speedup_vs_orin_nx") > 0);
    }

    void runsAreDeterministic() {
        const MasqModel a(MasqRunConfig::fromParams(paramsFor(QStringLiteral("editing"), kSmall)), 9);
        const MasqModel b(MasqRunConfig::fromParams(paramsFor(QStringLiteral("editing"), kSmall)), 9);
        QCOMPARE(metric(a, "psnr_db"), metric(b, "psnr_db"));
        QCOMPARE(metric(a, "latency_ms"), metric(b, "latency_ms"));
    }

    void presetsAndClaimsAreConsistent() {
        QStringList names;
        for (const Preset &p : masqPresets()) {
            names << p.name;
            MasqRunConfig::fromParams(ParamSet::fromPreset(masqSchema(), p));
        }
        QVERIFY(names.contains(QStringLiteral("paper")));
        for (const Claim &c : masqClaims())
            for (const QString &p : c.presets)
                QVERIFY2(names.contains(p), qPrintable(p));
        QVERIFY(test::errorOf([] { MasqRunConfig::fromParams(paramsFor(QStringLiteral("paper"), {QStringLiteral("resolution=520")})); })
                    .contains(QStringLiteral("multiple of 16")));
    }
};

QTEST_GUILESS_MAIN(TestMasqModel)
#include "tst_masqmodel.moc"
