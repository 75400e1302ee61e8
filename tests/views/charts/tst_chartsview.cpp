// Charts: utilization buckets agree with TraceIndex::stats, op-kind totals with statsAll, sweep
// shaping finds the varying parameter, and the view plots those numbers with the cursor.
#include <QtTest>

#include <QBarSet>
#include <QChart>
#include <QComboBox>
#include <QHorizontalStackedBarSeries>
#include <QLineSeries>

#include "tests/support/dfxrun.h"
#include "views/charts/chartdata.h"
#include "views/charts/chartpage.h"
#include "views/charts/chartsview.h"
#include "views/charts/sweepdata.h"
#include "views/common/theme.h"
#include "views/state/viewstate.h"

using namespace accelscope;

namespace {
RunRecord sweepRun(RunId id, int tokens, double latencyMs, const QString &mode) {
    RunRecord run;
    run.info.id = id;
    run.info.pluginId = QStringLiteral("dfx");
    run.info.params = QJsonObject{{QStringLiteral("output_tokens"), tokens},
                                  {QStringLiteral("input_tokens"), 16},
                                  {QStringLiteral("mode"), mode}};
    run.metrics = {
        {QStringLiteral("latency_ms"), latencyMs, QStringLiteral("ms"), {}},
        {QStringLiteral("tokens_per_s"), tokens / latencyMs * 1e3, QStringLiteral("tokens/s"), {}}};
    return run;
}

QLineSeries *lineNamed(QChart *chart, const QString &name) {
    for (QAbstractSeries *series : chart->series()) {
        if (series->name() == name)
            return qobject_cast<QLineSeries *>(series);
    }
    return nullptr;
}
}  // namespace

class TestChartsView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { run_ = test::shortDfxRun(2); }

    void bucketsTileTheRun() {
        const auto buckets = timeBuckets(1'000'003, 200);
        QCOMPARE(buckets.size(), std::size_t{200});
        QCOMPARE(buckets.front().begin, TimePs{0});
        QCOMPARE(buckets.back().end, TimePs{1'000'003});
        for (std::size_t i = 1; i < buckets.size(); ++i)
            QCOMPARE(buckets[i].begin, buckets[i - 1].end);
        QCOMPARE(timeBuckets(7, 200).size(), std::size_t{7});  // never narrower than a picosecond
        QVERIFY(timeBuckets(0, 200).empty());
    }

    void utilizationIsTheAverageOfUnitStats() {
        const auto index = run_.index();
        const Topology &topology = run_.record->topology;
        const UtilizationOverTime u = utilizationOverTime(*index, topology, UtilizationGrouping::Device, 40);
        QCOMPARE(u.buckets.size(), std::size_t{40});
        QVERIFY(!u.groups.empty());
        for (const UtilizationGroup &group : u.groups) {
            // One line per device: links and memories at the top level are not devices.
            QCOMPARE(toString(topology.unit(group.units.front()).kind), toString(UnitKind::Compute));
            QCOMPARE(group.busyFraction.size(), u.buckets.size());
        }
        const UtilizationGroup &group = u.groups.front();
        for (std::size_t b : {std::size_t{0}, std::size_t{17}, std::size_t{39}}) {
            double sum = 0;
            for (UnitId unit : group.units)
                sum += index->stats(unit, u.buckets[b]).utilization(u.buckets[b]);
            QVERIFY(
                qFuzzyCompare(1 + group.busyFraction[b], 1 + sum / static_cast<double>(group.units.size())));
        }
        QVERIFY(*std::max_element(group.busyFraction.begin(), group.busyFraction.end()) > 0.05);

        const UtilizationOverTime byName =
            utilizationOverTime(*index, topology, UtilizationGrouping::UnitName, 40);
        for (const UtilizationGroup &g : byName.groups) {
            for (UnitId unit : g.units)
                QCOMPARE(topology.unit(unit).name, g.name);
        }
    }

    void opKindTotalsAreStatsAll() {
        const auto index = run_.index();
        const TimeRange whole{0, index->endTime()};
        const auto busy = busyByOpKind(*index, whole);
        const RangeStats all = index->statsAll(whole);
        TimePs sum = 0;
        for (int k = 0; k < kOpKindCount; ++k) {
            QCOMPARE(busy[static_cast<std::size_t>(k)], all.busyByKind[static_cast<std::size_t>(k)]);
            sum += busy[static_cast<std::size_t>(k)];
        }
        QVERIFY(sum > 0);

        // The chart draws the same totals: one coloured bar per op kind that ran.
        ViewState state;
        state.setRun(run_.record, run_.index());
        ChartsView view(state);
        view.setPage(ChartsView::Page::OpKinds);
        QChart *chart = view.chartPage(ChartsView::Page::OpKinds)->chart();
        auto *series = qobject_cast<QHorizontalStackedBarSeries *>(chart->series().value(0));
        QVERIFY(series);
        const TimeAxisUnit unit = timeAxisUnit(*std::max_element(busy.begin(), busy.end()));
        double drawn = 0;
        for (QBarSet *set : series->barSets()) {
            for (int i = 0; i < set->count(); ++i)
                drawn += set->at(i) * unit.psPerUnit;
            bool matched = false;
            for (int k = 0; k < kOpKindCount; ++k) {
                if (theme::opKindLabel(static_cast<OpKind>(k)) == set->label()) {
                    matched = true;
                    QCOMPARE(set->color(), theme::opKindColor(static_cast<OpKind>(k)));
                }
            }
            QVERIFY2(matched, qPrintable(set->label()));
        }
        QVERIFY(std::abs(drawn - static_cast<double>(sum)) < 1e-6 * static_cast<double>(sum));

        // A selection restricts the totals.
        state.setSelection({index->endTime() / 4, index->endTime() / 2});
        QVERIFY(view.chartPage(ChartsView::Page::OpKinds)->caption().contains(QStringLiteral("selection")));
    }

    void sweepPicksTheVaryingParameterAndSortsPoints() {
        const std::vector<RunRecord> runs{
            sweepRun(1, 64, 120, QStringLiteral("a")), sweepRun(2, 16, 30, QStringLiteral("b")),
            sweepRun(3, 256, 480, QStringLiteral("a")), sweepRun(4, 32, 61, QStringLiteral("b")),
            sweepRun(5, 128, 240, QStringLiteral("a"))};
        const SweepShape shape = sweepShape(runs);
        // input_tokens is constant; mode varies but has no position on an axis.
        QCOMPARE(shape.varyingParameters, QStringList{QStringLiteral("output_tokens")});
        QCOMPARE(shape.metrics, (QStringList{QStringLiteral("latency_ms"), QStringLiteral("tokens_per_s")}));
        const auto points = sweepPoints(runs, QStringLiteral("output_tokens"), QStringLiteral("latency_ms"));
        QCOMPARE(points.size(), std::size_t{5});
        const std::vector<double> xs{16, 32, 64, 128, 256}, ys{30, 61, 120, 240, 480};
        const std::vector<RunId> ids{2, 4, 1, 5, 3};
        for (std::size_t i = 0; i < points.size(); ++i) {
            QCOMPARE(points[i].parameter, xs[i]);
            QCOMPARE(points[i].metric, ys[i]);
            QCOMPARE(points[i].run, ids[i]);
        }
        QCOMPARE(sweepMetricUnit(runs, QStringLiteral("tokens_per_s")), QStringLiteral("tokens/s"));

        ViewState state;
        ChartsView view(state);
        view.setPage(ChartsView::Page::Sweep);
        QVERIFY(view.chartPage(ChartsView::Page::Sweep)->showsHint());
        view.setSweep(runs);
        ChartPage *page = view.chartPage(ChartsView::Page::Sweep);
        QVERIFY(!page->showsHint());
        auto *line = qobject_cast<QLineSeries *>(page->chart()->series().value(0));
        QVERIFY(line);
        QCOMPARE(line->count(), 5);
        QCOMPARE(line->at(0), QPointF(16, 30));
        QCOMPARE(line->at(4), QPointF(256, 480));
    }

    void twoAxisSweepGivesOneLinePerValueOfTheOtherAxis() {
        std::vector<RunRecord> runs;
        RunId id = 1;
        for (const int devices : {4, 1, 2}) {
            for (const int tokens : {64, 16, 128, 32}) {  // more values than devices: the x axis
                RunRecord run = sweepRun(id++, tokens, tokens * 10.0 / devices, QStringLiteral("a"));
                run.info.params.insert(QStringLiteral("devices"), devices);
                runs.push_back(run);
            }
        }
        const std::vector<SweepSeries> series =
            sweepSeries(runs, QStringLiteral("output_tokens"), QStringLiteral("latency_ms"));
        QCOMPARE(series.size(), std::size_t{3});
        QCOMPARE(series[0].label, QStringLiteral("devices = 1"));  // in the other axis' numeric order
        QCOMPARE(series[2].label, QStringLiteral("devices = 4"));
        QCOMPARE(series[2].values, QStringLiteral("4"));  // what a narrow legend shows
        QCOMPARE(series[2].parameters, QStringLiteral("devices"));
        for (const SweepSeries &line : series) {
            QCOMPARE(line.points.size(), std::size_t{4});
            QCOMPARE(line.points.front().parameter, 16.0);  // sorted by the plotted parameter
        }
        QCOMPARE(series[1].points.back().metric, 128 * 10.0 / 2);
        QCOMPARE(sweepShape(runs).varyingParameters,
                 (QStringList{QStringLiteral("output_tokens"), QStringLiteral("devices")}));

        ViewState state;
        ChartsView view(state);
        view.setPage(ChartsView::Page::Sweep);
        view.setSweep(runs);
        ChartPage *page = view.chartPage(ChartsView::Page::Sweep);
        QVERIFY(!page->showsHint());
        QVERIFY(page->chart()->legend()->isVisible());
        QVERIFY(lineNamed(page->chart(), QStringLiteral("2")));  // the legend gives the values...
        QVERIFY2(page->caption().contains(QStringLiteral("one line per value of devices (3 lines")),
                 qPrintable(page->caption()));  // ...and the caption what they are
    }

    void againstAMetricGivesOneLinePerChoice() {
        // A trade-off chart: latency against throughput, one line per mode, each along the tokens.
        std::vector<RunRecord> runs;
        RunId id = 1;
        for (const QString &mode : {QStringLiteral("b"), QStringLiteral("a")})
            for (const int tokens : {64, 16, 32})
                runs.push_back(sweepRun(id++, tokens, tokens * (mode == QLatin1String("a") ? 2.0 : 3.0) + 8, mode));
        QCOMPARE(sweepShape(runs).varyingChoices, QStringList{QStringLiteral("mode")});
        const std::vector<SweepSeries> series = sweepSeries(runs, QStringLiteral("tokens_per_s"), QStringLiteral("latency_ms"));
        QCOMPARE(series.size(), std::size_t{2});
        QCOMPARE(series[0].label, QStringLiteral("mode = a"));
        QCOMPARE(series[1].label, QStringLiteral("mode = b"));
        for (const SweepSeries &line : series) {
            QCOMPARE(line.points.size(), std::size_t{3});
            QVERIFY(line.points.front().parameter <= line.points.back().parameter);  // sorted by the metric
        }
        QCOMPARE(series[0].points.front().parameter, 16 / 40.0 * 1e3);  // mode a, 16 tokens in 40 ms
        QCOMPARE(series[0].points.front().metric, 40.0);
        // Against the parameter the modes share every point, so they get a line each too.
        const std::vector<SweepSeries> byTokens = sweepSeries(runs, QStringLiteral("output_tokens"), QStringLiteral("latency_ms"));
        QCOMPARE(byTokens.size(), std::size_t{2});
        QCOMPARE(byTokens[1].label, QStringLiteral("mode = b"));
        QCOMPARE(byTokens[1].points.back().metric, 64 * 3.0 + 8);

        ViewState state;
        ChartsView view(state);
        view.setPage(ChartsView::Page::Sweep);
        view.setSweep(runs);
        const QList<QComboBox *> against = view.findChildren<QComboBox *>();
        bool offered = false;
        for (QComboBox *combo : against)
            offered = offered || combo->findText(QStringLiteral("tokens_per_s")) >= 0;
        QVERIFY(offered);
    }

    void metricsOnlySweepPointTurnsToTheSweepPage() {
        std::vector<RunRecord> runs;
        for (const int tokens : {16, 32, 64})
            runs.push_back(sweepRun(tokens, tokens, tokens * 2.0, QStringLiteral("a")));
        auto shown = std::make_shared<RunRecord>(runs.back());
        shown->info.traceRecorded = false;  // a sweep point recorded without --events
        ViewState state;
        ChartsView view(state);
        state.setRun(shown, std::make_unique<TraceIndex>());
        QCOMPARE(view.page(), ChartsView::Page::Utilization);
        QVERIFY2(view.chartPage(ChartsView::Page::Utilization)->hintText().contains(QStringLiteral("Metrics only")),
                 qPrintable(view.chartPage(ChartsView::Page::Utilization)->hintText()));
        view.setSweep(runs);
        QCOMPARE(view.page(), ChartsView::Page::Sweep);
        QVERIFY(!view.chartPage(ChartsView::Page::Sweep)->showsHint());

        // A run with its trace keeps the page the user chose.
        auto traced = std::make_shared<RunRecord>(runs.front());
        view.setPage(ChartsView::Page::OpKinds);
        state.setRun(traced, std::make_unique<TraceIndex>());
        view.setSweep(runs);
        QCOMPARE(view.page(), ChartsView::Page::OpKinds);
    }

    void viewPlotsUtilizationAndFollowsTheCursor() {
        ViewState state;
        ChartsView view(state);
        QVERIFY(view.chartPage(ChartsView::Page::Utilization)->showsHint());
        state.setRun(run_.record, run_.index());
        ChartPage *page = view.chartPage(ChartsView::Page::Utilization);
        QVERIFY(!page->showsHint());
        const UtilizationOverTime &u = view.utilization();
        QVERIFY(u.buckets.size() <= 200);
        const UtilizationGroup &group = u.groups.front();
        QLineSeries *line = lineNamed(page->chart(), group.name);
        QVERIFY(line);
        QCOMPARE(static_cast<std::size_t>(line->count()), u.buckets.size());
        QVERIFY(qFuzzyCompare(1 + line->at(10).y(), 1 + group.busyFraction[10] * 100));

        QLineSeries *cursor = lineNamed(page->chart(), QStringLiteral("cursor"));
        QVERIFY(cursor);
        const TimeAxisUnit unit = timeAxisUnit(state.endTime());
        state.setCursor(state.endTime() / 3);
        QVERIFY(qFuzzyCompare(cursor->at(0).x(), static_cast<double>(state.endTime() / 3) / unit.psPerUnit));
        QCOMPARE(cursor->at(1).y(), 100.0);

        view.findChild<QComboBox *>(QStringLiteral("grouping"))->setCurrentIndex(1);
        QVERIFY(lineNamed(page->chart(), QStringLiteral("MPU")));
    }

    void baselinesShowTheSharedMetric() {
        ViewState state;
        state.setRun(run_.record, run_.index());
        ChartsView view(state);
        view.setPage(ChartsView::Page::Baselines);
        const auto bars = baselineBars(*run_.record, QStringLiteral("latency_ms"));
        QVERIFY(bars.size() >= 2);
        QCOMPARE(bars.front().label, QStringLiteral("DFX (model)"));
        QCOMPARE(bars.front().value, findMetric(run_.record->metrics, QStringLiteral("latency_ms"))->value);
        ChartPage *page = view.chartPage(ChartsView::Page::Baselines);
        QVERIFY(!page->showsHint());
        QVERIFY(page->caption().contains(QStringLiteral("Lower is better")));

        auto bare = std::make_shared<RunRecord>(*run_.record);
        bare->baselines.clear();
        state.setRun(bare, run_.index());
        QVERIFY(page->showsHint());
        QVERIFY(page->hintText().contains(QStringLiteral("no baseline")));
    }

private:
    test::RecordedRun run_;
};

QTEST_MAIN(TestChartsView)
#include "tst_chartsview.moc"
