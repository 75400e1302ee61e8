// Two runs' metrics side by side: the union of names, deltas, ratios, colours by direction and the
// header naming both runs.
#include <QtTest>

#include <QAbstractItemModelTester>

#include "views/compare/metricscomparemodel.h"
#include "views/compare/metricscompareview.h"
#include "views/state/viewstate.h"

using namespace accelscope;

namespace {
RunRecord record(RunId id, const QString &preset, std::vector<Metric> metrics) {
    RunRecord run;
    run.info.id = id;
    run.info.pluginId = QStringLiteral("dfx");
    run.info.preset = preset;
    run.metrics = std::move(metrics);
    BaselineResult gpu;
    gpu.label = QStringLiteral("4x V100");
    gpu.metrics = {{QStringLiteral("latency_ms"), 20.0 + static_cast<double>(id), QStringLiteral("ms"), {}}};
    run.baselines = {gpu};
    return run;
}
}  // namespace

class TestMetricsCompareView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void directions() {
        QCOMPARE(static_cast<int>(metricDirection(QStringLiteral("latency_ms"))),
                 int(MetricDirection::LowerIsBetter));
        QCOMPARE(static_cast<int>(metricDirection(QStringLiteral("decode_ms_per_token"))),
                 int(MetricDirection::LowerIsBetter));
        QCOMPARE(static_cast<int>(metricDirection(QStringLiteral("energy_j"))),
                 int(MetricDirection::LowerIsBetter));
        QCOMPARE(static_cast<int>(metricDirection(QStringLiteral("tokens_per_s"))),
                 int(MetricDirection::HigherIsBetter));
        QCOMPARE(static_cast<int>(metricDirection(QStringLiteral("speedup_vs_a100"))),
                 int(MetricDirection::HigherIsBetter));
        QCOMPARE(static_cast<int>(metricDirection(QStringLiteral("ring_bytes"))),
                 int(MetricDirection::Unknown));
    }

    void modelComparesTwoRuns() {
        MetricsCompareModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const RunRecord a = record(3, QStringLiteral("paper"),
                                   {{QStringLiteral("latency_ms"), 40, QStringLiteral("ms"), {}},
                                    {QStringLiteral("tokens_per_s"), 100, QStringLiteral("tokens/s"), {}},
                                    {QStringLiteral("ring_bytes"), 5e6, QStringLiteral("B"), {}}});
        const RunRecord b = record(5, QStringLiteral("small"),
                                   {{QStringLiteral("latency_ms"), 50, QStringLiteral("ms"), {}},
                                    {QStringLiteral("tokens_per_s"), 80, QStringLiteral("tokens/s"), {}},
                                    {QStringLiteral("energy_j"), 2, QStringLiteral("J"), {}}});
        model.setRuns(a, b);
        QCOMPARE(model.rowCount(), 4);  // the union of names
        const int latency = model.rowOf(QStringLiteral("latency_ms"));
        const int tokens = model.rowOf(QStringLiteral("tokens_per_s"));
        const int energy = model.rowOf(QStringLiteral("energy_j"));
        const auto cell = [&model](int row, int column, int role = Qt::DisplayRole) {
            return model.data(model.index(row, column), role);
        };
        QCOMPARE(cell(latency, MetricsCompareModel::Delta, Qt::EditRole).toDouble(), 10.0);
        QCOMPARE(cell(latency, MetricsCompareModel::Ratio, Qt::EditRole).toDouble(), 1.25);
        QCOMPARE(cell(latency, MetricsCompareModel::Delta).toString(), QStringLiteral("+10.00"));
        QCOMPARE(cell(latency, MetricsCompareModel::Ratio).toString(), QStringLiteral("1.25×"));
        QCOMPARE(cell(latency, MetricsCompareModel::Change).toString(), QStringLiteral("+25.00 %"));
        QCOMPARE(cell(tokens, MetricsCompareModel::Change).toString(), QStringLiteral("−20.00 %"));
        // Slower and lower throughput are both worse; colour says so.
        QCOMPARE(cell(latency, MetricsCompareModel::Delta, Qt::ForegroundRole).value<QColor>(),
                 MetricsCompareModel::worseColor());
        QCOMPARE(cell(tokens, MetricsCompareModel::Delta, Qt::ForegroundRole).value<QColor>(),
                 MetricsCompareModel::worseColor());
        QCOMPARE(cell(energy, MetricsCompareModel::RunA).toString(), QStringLiteral("—"));
        QVERIFY(!cell(energy, MetricsCompareModel::Delta, Qt::EditRole).isValid());
        QCOMPARE(cell(model.rowOf(QStringLiteral("ring_bytes")), MetricsCompareModel::RunA).toString(),
                 QLocale().toString(5e6, 'f', 0));

        model.setIncludeBaselines(true);
        const int gpu = model.rowOf(QStringLiteral("4x V100 · latency_ms"));
        QVERIFY(gpu >= 0);
        QCOMPARE(cell(gpu, MetricsCompareModel::Delta, Qt::EditRole).toDouble(), 2.0);

        model.setRuns(b, a);  // swapped: faster now, so better
        QCOMPARE(
            cell(model.rowOf(QStringLiteral("latency_ms")), MetricsCompareModel::Delta, Qt::ForegroundRole)
                .value<QColor>(),
            MetricsCompareModel::betterColor());
    }

    void viewNamesBothRuns() {
        ViewState state;
        MetricsCompareView view(state);
        QCOMPARE(view.model()->rowCount(), 0);
        view.setRuns(record(3, QStringLiteral("paper"),
                            {{QStringLiteral("latency_ms"), 40, QStringLiteral("ms"), {}}}),
                     record(5, QStringLiteral("small"),
                            {{QStringLiteral("latency_ms"), 50, QStringLiteral("ms"), {}}}));
        const QString header = view.headerText();
        QVERIFY2(header.contains(QStringLiteral("run 3 · dfx · paper")), qPrintable(header));
        QVERIFY2(header.contains(QStringLiteral("run 5 · dfx · small")), qPrintable(header));
        QCOMPARE(view.model()->rowCount(), 1);
    }
};

QTEST_MAIN(TestMetricsCompareView)
#include "tst_metricscompareview.moc"
