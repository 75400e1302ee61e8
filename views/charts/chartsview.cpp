#include "views/charts/chartsview.h"

#include <algorithm>
#include <cmath>
#include <iterator>

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHorizontalStackedBarSeries>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QScatterSeries>
#include <QTabWidget>
#include <QTimer>
#include <QVBoxLayout>
#include <QValueAxis>

#include "views/charts/chartpage.h"
#include "views/charts/sweepdata.h"
#include "views/common/format.h"
#include "views/common/theme.h"
#include "views/compare/metricdirection.h"
#include "views/state/viewstate.h"

namespace accelscope {

namespace {
constexpr int kUtilizationBuckets = 200;
constexpr int kTraceThrottleMs = 300;

QString noRunHint() {
    return ChartsView::tr("No run to chart.\nRun a plugin or open a recorded run from the run browser.");
}

QString metricsOnlyHint() {
    return ChartsView::tr("Metrics only: this run was recorded without its trace (a sweep point), so there is "
                          "nothing to plot over time.\nIts results are on the Against baselines and Sweep tabs.");
}

QLabel *controlLabel(const QString &text, QWidget *parent) {
    auto *label = new QLabel(text, parent);
    label->setBuddy(nullptr);
    return label;
}

// Distinct line colours (the chart themes repeat after five); brighter on dark backgrounds.
QColor lineColor(std::size_t i, bool dark) {
    static constexpr QRgb light[] = {0xff1f77b4, 0xffd95f02, 0xff2ca02c, 0xff9467bd, 0xffd62728,
                                     0xff17becf, 0xff8c564b, 0xffe377c2, 0xff7f7f7f, 0xffbcbd22};
    static constexpr QRgb darkColours[] = {0xff5aa9f0, 0xfff5a55a, 0xff5fd38a, 0xffc08ad6, 0xffef6f7f,
                                           0xff4fd0e0, 0xffc49c94, 0xfff7b6d2, 0xffc7c7c7, 0xffdbdb8d};
    return QColor::fromRgba((dark ? darkColours : light)[i % std::size(light)]);
}

void hideFromLegend(QChart *chart, QAbstractSeries *series) {
    for (QLegendMarker *marker : chart->legend()->markers(series))
        marker->setVisible(false);
}
}  // namespace

ChartsView::ChartsView(ViewState &state, QWidget *parent)
    : QWidget(parent),
      state_(state),
      tabs_(new QTabWidget(this)),
      traceThrottle_(new QTimer(this)),
      grouping_(new QComboBox(this)),
      baselineMetric_(new QComboBox(this)),
      sweepMetric_(new QComboBox(this)),
      sweepParameter_(new QComboBox(this)) {
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    tabs_->setDocumentMode(true);
    layout->addWidget(tabs_);

    const QStringList titles{tr("Utilization over time"), tr("Time by op kind"), tr("Against baselines"),
                             tr("Sweep")};
    for (const QString &title : titles) {
        auto *page = new ChartPage(tabs_);
        tabs_->addTab(page, title);
        pages_.push_back(page);
    }
    dirty_.assign(pages_.size(), true);

    ChartPage *utilization = chartPage(Page::Utilization);
    grouping_->setObjectName(QStringLiteral("grouping"));
    grouping_->addItem(tr("Device"), static_cast<int>(UtilizationGrouping::Device));
    grouping_->addItem(tr("Unit name"), static_cast<int>(UtilizationGrouping::UnitName));
    grouping_->setToolTip(tr("One line per top-level device, or one per unit name across devices"));
    utilization->controls()->addWidget(controlLabel(tr("Lines per:"), this));
    utilization->controls()->addWidget(grouping_);
    utilization->controls()->addStretch(1);

    ChartPage *baselines = chartPage(Page::Baselines);
    baselines->controls()->addWidget(controlLabel(tr("Metric:"), this));
    baselines->controls()->addWidget(baselineMetric_);
    baselines->controls()->addStretch(1);
    baselineMetric_->setSizeAdjustPolicy(QComboBox::AdjustToContents);

    ChartPage *sweep = chartPage(Page::Sweep);
    sweep->controls()->addWidget(controlLabel(tr("Metric:"), this));
    sweep->controls()->addWidget(sweepMetric_);
    sweep->controls()->addSpacing(12);
    sweep->controls()->addWidget(controlLabel(tr("against:"), this));
    sweep->controls()->addWidget(sweepParameter_);
    sweep->controls()->addStretch(1);
    sweepMetric_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    sweepParameter_->setSizeAdjustPolicy(QComboBox::AdjustToContents);

    traceThrottle_->setSingleShot(true);
    traceThrottle_->setInterval(kTraceThrottleMs);
    connect(traceThrottle_, &QTimer::timeout, this, [this] {
        dirty_[static_cast<std::size_t>(Page::Utilization)] = true;
        dirty_[static_cast<std::size_t>(Page::OpKinds)] = true;
        refreshCurrentPage();
    });
    connect(&state_, &ViewState::runChanged, this, [this] {
        traceThrottle_->stop();
        fillBaselineMetrics();
        markAllDirty();
        refreshCurrentPage();
    });
    connect(&state_, &ViewState::traceChanged, this, [this] {
        // A live run grows every step; recomputing O(events) each time would stall the UI.
        if (!traceThrottle_->isActive())
            traceThrottle_->start();
    });
    connect(&state_, &ViewState::recordChanged, this, [this] {
        fillBaselineMetrics();
        dirty_[static_cast<std::size_t>(Page::Baselines)] = true;
        refreshCurrentPage();
    });
    connect(&state_, &ViewState::cursorChanged, this, [this] { moveUtilizationCursor(); });
    connect(&state_, &ViewState::selectionChanged, this, [this] {
        dirty_[static_cast<std::size_t>(Page::OpKinds)] = true;
        refreshCurrentPage();
    });
    connect(tabs_, &QTabWidget::currentChanged, this, [this] { refreshCurrentPage(); });
    connect(grouping_, &QComboBox::currentIndexChanged, this, [this] {
        dirty_[static_cast<std::size_t>(Page::Utilization)] = true;
        refreshCurrentPage();
    });
    connect(baselineMetric_, &QComboBox::currentIndexChanged, this, [this] {
        dirty_[static_cast<std::size_t>(Page::Baselines)] = true;
        refreshCurrentPage();
    });
    for (QComboBox *combo : {sweepMetric_, sweepParameter_}) {
        connect(combo, &QComboBox::currentIndexChanged, this, [this] {
            dirty_[static_cast<std::size_t>(Page::Sweep)] = true;
            refreshCurrentPage();
        });
    }
    fillBaselineMetrics();
    refreshCurrentPage();
}

ChartsView::~ChartsView() = default;

ChartPage *ChartsView::chartPage(Page page) const {
    return pages_[static_cast<std::size_t>(page)];
}

ChartsView::Page ChartsView::page() const {
    return static_cast<Page>(tabs_->currentIndex());
}

void ChartsView::setPage(Page page) {
    tabs_->setCurrentIndex(static_cast<int>(page));
}

void ChartsView::setSweep(std::vector<RunRecord> runs) {
    sweep_ = std::move(runs);
    fillSweepChoices();
    dirty_[static_cast<std::size_t>(Page::Sweep)] = true;
    // A sweep point shown without its trace: its sweep is what there is to look at.
    if (sweep_.size() >= 2 && state_.isMetricsOnly() && (page() == Page::Utilization || page() == Page::OpKinds))
        setPage(Page::Sweep);
    refreshCurrentPage();
}

bool ChartsView::setSweepAxes(const QString &metric, const QString &parameter) {
    const int m = sweepMetric_->findText(metric);
    const int p = sweepParameter_->findText(parameter);
    if (m < 0 || p < 0)
        return false;
    {
        const QSignalBlocker blockMetric(sweepMetric_);
        const QSignalBlocker blockParameter(sweepParameter_);
        sweepMetric_->setCurrentIndex(m);
        sweepParameter_->setCurrentIndex(p);
    }
    dirty_[static_cast<std::size_t>(Page::Sweep)] = true;
    refreshCurrentPage();
    return true;
}

void ChartsView::changeEvent(QEvent *event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        // Chart themes are chosen per palette; rebuild every chart in the new one.
        markAllDirty();
        refreshCurrentPage();
    }
}

void ChartsView::markAllDirty() {
    std::fill(dirty_.begin(), dirty_.end(), true);
}

void ChartsView::refreshCurrentPage() {
    const auto current = static_cast<std::size_t>(tabs_->currentIndex());
    if (current >= dirty_.size() || !dirty_[current])
        return;
    dirty_[current] = false;
    switch (page()) {
        case Page::Utilization:
            buildUtilization();
            break;
        case Page::OpKinds:
            buildOpKinds();
            break;
        case Page::Baselines:
            buildBaselines();
            break;
        case Page::Sweep:
            buildSweep();
            break;
    }
}

// --- Utilization over time -------------------------------------------------------------------

void ChartsView::buildUtilization() {
    ChartPage *page = chartPage(Page::Utilization);
    cursorSeries_ = nullptr;
    utilization_ = {};
    if (!state_.hasRun()) {
        page->showHint(noRunHint());
        return;
    }
    const auto grouping = static_cast<UtilizationGrouping>(grouping_->currentData().toInt());
    utilization_ = utilizationOverTime(state_.index(), state_.topology(), grouping, kUtilizationBuckets);
    const bool anyUnits = std::any_of(utilization_.groups.begin(), utilization_.groups.end(),
                                      [](const UtilizationGroup &g) { return !g.units.empty(); });
    if (utilization_.buckets.empty() || !anyUnits) {
        page->showHint(state_.isMetricsOnly() ? metricsOnlyHint()
                                           : tr("The run has no unit events yet, so there is no utilization to plot."));
        return;
    }
    QChart *chart = page->resetChart();
    utilizationAxis_ = timeAxisUnit(state_.endTime());
    const double scale = utilizationAxis_.psPerUnit;
    for (const UtilizationGroup &group : utilization_.groups) {
        if (group.units.empty())
            continue;
        auto *series = new QLineSeries(chart);
        series->setName(group.name);
        for (std::size_t b = 0; b < utilization_.buckets.size(); ++b) {
            const TimeRange bucket = utilization_.buckets[b];
            const double middle = (static_cast<double>(bucket.begin) + static_cast<double>(bucket.end)) / 2;
            series->append(middle / scale, group.busyFraction[b] * 100.0);
        }
        chart->addSeries(series);
        QPen pen(lineColor(static_cast<std::size_t>(chart->series().size() - 1), theme::isDark(palette())));
        pen.setWidthF(1.8);
        series->setPen(pen);
    }
    cursorSeries_ = new QLineSeries(chart);
    cursorSeries_->setName(tr("cursor"));
    QPen cursorPen(theme::cursorLine());
    cursorPen.setWidthF(1.5);
    cursorPen.setStyle(Qt::DashLine);
    cursorSeries_->setPen(cursorPen);
    chart->addSeries(cursorSeries_);
    hideFromLegend(chart, cursorSeries_);

    auto *x = new QValueAxis(chart);
    x->setTitleText(tr("Simulated time (%1)").arg(utilizationAxis_.unit));
    ChartPage::setNiceRange(x, 0, static_cast<double>(state_.endTime()) / scale, true);
    auto *y = new QValueAxis(chart);
    y->setTitleText(tr("Busy (%)"));
    y->setRange(0, 100);
    y->setTickCount(6);
    y->setLabelFormat(QStringLiteral("%.0f"));
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    for (QAbstractSeries *series : chart->series()) {
        series->attachAxis(x);
        series->attachAxis(y);
    }
    page->styleAxis(x);
    page->styleAxis(y);
    moveUtilizationCursor();

    std::size_t units = 0;
    for (const UtilizationGroup &group : utilization_.groups)
        units = std::max(units, group.units.size());
    // Symmetric devices draw the same line; say so, or the chart seems to miss some.
    QStringList coincide;
    for (const UtilizationGroup &group : utilization_.groups) {
        const UtilizationGroup &first = utilization_.groups.front();
        const bool same =
            std::equal(group.busyFraction.begin(), group.busyFraction.end(), first.busyFraction.begin(),
                       first.busyFraction.end(), [](double a, double b) { return std::abs(a - b) < 1e-6; });
        if (same)
            coincide.push_back(group.name);
    }
    const QString overlap = coincide.size() > 1 && utilization_.groups.size() > 1
                                ? tr(" The lines of %1 coincide.").arg(coincide.join(QStringLiteral(", ")))
                                : QString();
    const TimeRange first = utilization_.buckets.front();
    page->showChart(tr("Share of time the compute units of each %1 are busy, averaged over its units "
                       "(up to %2), in %3 buckets of %4.%5")
                        .arg(grouping == UtilizationGrouping::Device ? tr("device") : tr("unit name"))
                        .arg(units)
                        .arg(utilization_.buckets.size())
                        .arg(format::duration(first.length()),
                             overlap + (state_.isLive() ? tr(" Updates as the run grows.") : QString())));
}

void ChartsView::moveUtilizationCursor() {
    if (!cursorSeries_ || !state_.hasRun())
        return;
    const double x = static_cast<double>(state_.cursor()) / utilizationAxis_.psPerUnit;
    cursorSeries_->replace(QList<QPointF>{{x, 0.0}, {x, 100.0}});
}

// --- Time by op kind ------------------------------------------------------------------------

void ChartsView::buildOpKinds() {
    ChartPage *page = chartPage(Page::OpKinds);
    if (!state_.hasRun()) {
        page->showHint(noRunHint());
        return;
    }
    const TimeRange selection = state_.selection();
    const bool useSelection = !selection.isEmpty();
    const TimeRange range = useSelection ? selection : TimeRange{0, state_.endTime()};
    const auto busy = busyByOpKind(state_.index(), range);
    std::vector<int> kinds;
    TimePs total = 0;
    for (int k = 0; k < kOpKindCount; ++k) {
        if (busy[static_cast<std::size_t>(k)] > 0)
            kinds.push_back(k);
        total += busy[static_cast<std::size_t>(k)];
    }
    if (kinds.empty()) {
        page->showHint(useSelection        ? tr("No unit is busy in the selected time range.")
                       : state_.isMetricsOnly() ? metricsOnlyHint()
                                             : tr("The run has no unit events yet."));
        return;
    }
    // Largest at the top: a horizontal bar chart draws the first category at the bottom.
    std::sort(kinds.begin(), kinds.end(), [&busy](int a, int b) {
        return busy[static_cast<std::size_t>(a)] < busy[static_cast<std::size_t>(b)];
    });
    TimePs largest = busy[static_cast<std::size_t>(kinds.back())];
    const TimeAxisUnit axisUnit = timeAxisUnit(largest);

    QChart *chart = page->resetChart();
    // One set per kind, each non-zero only in its own row, so every bar has its kind's colour.
    auto *series = new QHorizontalStackedBarSeries(chart);
    QStringList categories;
    for (std::size_t row = 0; row < kinds.size(); ++row) {
        const auto kind = static_cast<OpKind>(kinds[row]);
        const TimePs t = busy[static_cast<std::size_t>(kinds[row])];
        auto *set = new QBarSet(theme::opKindLabel(kind), series);
        for (std::size_t other = 0; other < kinds.size(); ++other)
            set->append(other == row ? static_cast<double>(t) / axisUnit.psPerUnit : 0.0);
        set->setColor(theme::opKindColor(kind));
        set->setBorderColor(theme::opKindColor(kind));
        series->append(set);
        categories.push_back(QStringLiteral("%1  %2 (%3)")
                                 .arg(theme::opKindLabel(kind), format::duration(t),
                                      format::percent(static_cast<double>(t) / static_cast<double>(total))));
    }
    series->setBarWidth(0.7);
    chart->addSeries(series);
    chart->legend()->hide();
    auto *rows = new QBarCategoryAxis(chart);
    rows->append(categories);
    rows->setGridLineVisible(false);
    auto *values = new QValueAxis(chart);
    values->setTitleText(tr("Busy time (%1), summed over units").arg(axisUnit.unit));
    ChartPage::setNiceRange(values, 0, static_cast<double>(largest) / axisUnit.psPerUnit);
    chart->addAxis(rows, Qt::AlignLeft);
    chart->addAxis(values, Qt::AlignBottom);
    series->attachAxis(rows);
    series->attachAxis(values);
    page->styleAxis(rows);
    page->styleAxis(values);
    const QString where = useSelection ? tr("the selection %1 – %2 (%3)")
                                             .arg(format::duration(range.begin), format::duration(range.end),
                                                  format::duration(range.length()))
                                       : tr("the whole run (%1)").arg(format::duration(range.length()));
    page->showChart(tr("Busy time per op kind over %1, summed over every unit; percentages are of all "
                       "busy time. Select a range on the timeline to restrict it.")
                        .arg(where));
}

// --- Against baselines ----------------------------------------------------------------------

void ChartsView::fillBaselineMetrics() {
    const QString previous = baselineMetric_->currentText();
    const QSignalBlocker blocker(baselineMetric_);
    baselineMetric_->clear();
    if (const RunRecord *record = state_.record()) {
        const QStringList names = sharedBaselineMetrics(*record);
        for (const QString &name : names) {
            const Metric *metric = findMetric(record->metrics, name);
            baselineMetric_->addItem(metricTitle(name, metric ? metric->unit : QString()), name);
            if (metric && !metric->doc.isEmpty())
                baselineMetric_->setItemData(baselineMetric_->count() - 1, metric->doc, Qt::ToolTipRole);
        }
        int keep = baselineMetric_->findText(previous);
        if (keep < 0)
            keep = baselineMetric_->findData(QStringLiteral("latency_ms"));
        baselineMetric_->setCurrentIndex(std::max(keep, 0));
    }
    baselineMetric_->setEnabled(baselineMetric_->count() > 0);
    dirty_[static_cast<std::size_t>(Page::Baselines)] = true;
}

void ChartsView::buildBaselines() {
    ChartPage *page = chartPage(Page::Baselines);
    const RunRecord *record = state_.record();
    if (!record) {
        page->showHint(noRunHint());
        return;
    }
    if (record->baselines.empty()) {
        page->showHint(record->info.status == RunStatus::Running
                           ? tr("Baselines appear when the run finishes.")
                           : tr("This run has no baseline results: the plugin reports none for this "
                                "workload, so there is nothing to compare against."));
        return;
    }
    const QString metric = baselineMetric_->currentData().toString();
    const std::vector<BaselineBar> bars = baselineBars(*record, metric);
    if (bars.empty()) {
        page->showHint(tr("The baselines report none of this run's metrics."));
        return;
    }
    QChart *chart = page->resetChart();
    auto *series = new QBarSeries(chart);
    auto *set = new QBarSet(metric, series);
    QStringList categories;
    double largest = 0;
    for (const BaselineBar &bar : bars) {
        set->append(bar.value);
        categories.push_back(bar.label);
        largest = std::max(largest, bar.value);
    }
    // The model stands out in the palette's accent; baselines share one neutral colour.
    set->setColor(theme::isDark(palette()) ? QColor(0x7f, 0x8c, 0x99) : QColor(0x9a, 0xa5, 0xb1));
    set->setBorderColor(set->color());
    set->setSelectedColor(palette().color(QPalette::Highlight));
    set->selectBar(0);
    set->setLabelColor(palette().color(QPalette::Text));
    set->setLabelFont(font());
    series->append(set);
    series->setBarWidth(0.55);
    series->setLabelsVisible(true);
    series->setLabelsPosition(QAbstractBarSeries::LabelsOutsideEnd);
    series->setLabelsPrecision(4);
    chart->addSeries(series);
    chart->legend()->hide();
    auto *x = new QBarCategoryAxis(chart);
    x->append(categories);
    x->setGridLineVisible(false);
    auto *y = new QValueAxis(chart);
    y->setTitleText(metricTitle(metric, bars.front().unit));
    ChartPage::setNiceRange(y, 0, largest * 1.1);  // headroom for the value labels
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    series->attachAxis(x);
    series->attachAxis(y);
    page->styleAxis(x);
    page->styleAxis(y);

    QStringList ratios;
    for (std::size_t i = 1; i < bars.size(); ++i) {
        if (bars[i].value != 0)
            ratios.push_back(tr("%1 ÷ %2 = %3")
                                 .arg(bars.front().label, bars[i].label,
                                      format::number(bars.front().value / bars[i].value)));
    }
    const QString ratioText =
        ratios.isEmpty() ? QString() : ratios.join(QStringLiteral("; ")) + QLatin1Char('.');
    QString direction;
    switch (metricDirection(metric)) {
        case MetricDirection::LowerIsBetter:
            direction = tr("Lower is better. ");
            break;
        case MetricDirection::HigherIsBetter:
            direction = tr("Higher is better. ");
            break;
        case MetricDirection::Unknown:
            break;
    }
    const Metric *own = findMetric(record->metrics, metric);
    page->showChart(tr("%1%2%3").arg(
        direction, ratioText, own && !own->doc.isEmpty() ? QStringLiteral("\n") + own->doc : QString()));
}

// --- Sweep ----------------------------------------------------------------------------------

void ChartsView::fillSweepChoices() {
    const SweepShape shape = sweepShape(sweep_);
    const QString previousMetric = sweepMetric_->currentText();
    const QString previousParameter = sweepParameter_->currentText();
    {
        const QSignalBlocker blockMetric(sweepMetric_);
        const QSignalBlocker blockParameter(sweepParameter_);
        sweepMetric_->clear();
        sweepParameter_->clear();
        for (const QString &metric : shape.metrics)
            sweepMetric_->addItem(metric);
        sweepParameter_->addItems(shape.varyingParameters);
        // A metric on the x axis gives a trade-off chart (quality against speedup).
        if (!shape.varyingParameters.isEmpty())
            for (const QString &metric : shape.metrics)
                sweepParameter_->addItem(metric);
        const int metric = sweepMetric_->findText(previousMetric);
        const int latency = sweepMetric_->findText(QStringLiteral("latency_ms"));
        sweepMetric_->setCurrentIndex(metric >= 0 ? metric : std::max(latency, 0));
        sweepParameter_->setCurrentIndex(std::max(sweepParameter_->findText(previousParameter), 0));
    }
    sweepMetric_->setEnabled(sweepMetric_->count() > 0);
    sweepParameter_->setEnabled(sweepParameter_->count() > 0);
}

void ChartsView::buildSweep() {
    ChartPage *page = chartPage(Page::Sweep);
    if (sweep_.size() < 2) {
        page->showHint(
            tr("No sweep loaded.\nSweep results appear here for several runs of one plugin that "
               "differ in a parameter, e.g. recorded with\n"
               "accelscope-cli sweep <plugin> --vary KEY=V1,V2,..."));
        return;
    }
    const QString metric = sweepMetric_->currentText();
    const QString parameter = sweepParameter_->currentText();
    if (parameter.isEmpty() || metric.isEmpty()) {
        page->showHint(parameter.isEmpty() ? tr("The %1 runs share every numeric parameter, so there is no "
                                                "axis to plot them along.")
                                                 .arg(sweep_.size())
                                           : tr("The runs share no metric."));
        return;
    }
    const std::vector<SweepSeries> series = sweepSeries(sweep_, parameter, metric);
    const QString unit = sweepMetricUnit(sweep_, metric);
    QChart *chart = page->resetChart();
    std::vector<QAbstractSeries *> drawn;
    const bool single = series.size() == 1;
    std::size_t plotted = 0;
    double xMin = 0, xMax = 1, yMax = 0, yMin = 0;
    bool first = true;
    for (std::size_t s = 0; s < series.size(); ++s) {
        const std::vector<SweepPlotPoint> &points = series[s].points;
        auto *line = new QLineSeries(chart);
        // Values alone: whole labels are elided in a narrow dock; the caption names the parameters.
        line->setName(single ? metricTitle(metric, unit) : series[s].values);
        // One colour per series, evenly around the hue circle; the accent colour when alone.
        const QColor colour = single ? palette().color(QPalette::Highlight)
                                     : QColor::fromHsvF(static_cast<float>(s) / static_cast<float>(series.size()) * 0.8f,
                                                        0.75f, 0.85f);
        QPen pen(colour);
        pen.setWidthF(2);
        line->setPen(pen);
        auto *dots = new QScatterSeries(chart);
        dots->setColor(colour);
        dots->setBorderColor(palette().color(QPalette::Base));
        dots->setMarkerSize(points.size() > 40 ? 6 : 10);
        // Value labels only where they stay readable: one line of a few points.
        if (single && points.size() <= 20) {
            dots->setPointLabelsVisible(true);
            dots->setPointLabelsFormat(QStringLiteral("@yPoint"));
            dots->setPointLabelsColor(palette().color(QPalette::Text));
            dots->setPointLabelsFont(font());
            dots->setPointLabelsClipping(false);
        }
        for (const SweepPlotPoint &p : points) {
            line->append(p.parameter, p.metric);
            dots->append(p.parameter, p.metric);
            xMin = first ? p.parameter : std::min(xMin, p.parameter);
            xMax = first ? p.parameter : std::max(xMax, p.parameter);
            yMax = std::max(yMax, p.metric);
            yMin = std::min(yMin, p.metric);
            first = false;
        }
        plotted += points.size();
        chart->addSeries(line);
        chart->addSeries(dots);
        drawn.push_back(line);
        drawn.push_back(dots);
    }
    // The legend names the lines (not the dots) when there are several.
    chart->legend()->setVisible(!single);
    for (QLegendMarker *marker : chart->legend()->markers()) {
        if (qobject_cast<QScatterSeries *>(marker->series()))
            marker->setVisible(false);
    }
    chart->legend()->setAlignment(Qt::AlignBottom);  // the Charts dock is often narrow
    auto *x = new QValueAxis(chart);
    x->setTitleText(parameter);
    const double pad = xMax > xMin ? (xMax - xMin) * 0.06 : 1;
    ChartPage::setNiceRange(x, xMin - pad, xMax + pad, true);
    auto *y = new QValueAxis(chart);
    y->setTitleText(metricTitle(metric, unit));
    ChartPage::setNiceRange(y, yMin < 0 ? yMin * 1.1 : 0, yMax * 1.1);
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    for (QAbstractSeries *one : drawn) {
        one->attachAxis(x);
        one->attachAxis(y);
    }
    page->styleAxis(x);
    page->styleAxis(y);
    const QString plugin = sweep_.front().info.pluginId;
    QString caption = tr("%1 of %2 runs of %3 plotted against %4").arg(metric).arg(plotted).arg(plugin, parameter);
    if (!single)
        caption += sweepShape(sweep_).varyingParameters.contains(parameter)
                       ? tr(", one line per value of %1 (%2 lines; the legend gives the values)")
                             .arg(series.front().parameters)
                             .arg(series.size())
                       : tr(", each line along %1, one per value of %2 (%3 lines; the legend gives the values)")
                             .arg(sweepShape(sweep_).varyingParameters.value(0), series.front().parameters)
                             .arg(series.size());
    caption += QLatin1Char('.');
    if (plotted < sweep_.size())
        caption += tr(" %1 runs lack the parameter or the metric.").arg(sweep_.size() - plotted);
    page->showChart(caption);
}

}  // namespace accelscope
