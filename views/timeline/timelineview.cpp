#include "views/timeline/timelineview.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <QApplication>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QLabel>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QScrollBar>
#include <QTimer>
#include <QToolTip>
#include <QWheelEvent>

#include "views/common/format.h"
#include "views/common/theme.h"
#include "views/timeline/countertrack.h"
#include "views/timeline/timeaxis.h"

namespace accelscope {

namespace {

constexpr int kIndentPx = 14;
constexpr int kTimeRulerPx = 24;
constexpr int kMarkerStripPx = 16;
constexpr TimePs kMinWindowPs = 20;
constexpr int kDragThresholdPx = 3;

int laneHeightFor(const QFontMetrics &metrics) {
    return std::max(22, metrics.height() + 9);
}

QColor blend(const QColor &a, const QColor &b, double t) {
    return QColor::fromRgbF(static_cast<float>(a.redF() + t * (b.redF() - a.redF())),
                            static_cast<float>(a.greenF() + t * (b.greenF() - a.greenF())),
                            static_cast<float>(a.blueF() + t * (b.blueF() - a.blueF())));
}

// Black or white, whichever reads better on `fill`.
QColor textOn(const QColor &fill) {
    const double luminance = 0.2126 * fill.redF() + 0.7152 * fill.greenF() + 0.0722 * fill.blueF();
    return luminance > 0.6 ? QColor(0x1e, 0x1e, 0x1e) : QColor(0xff, 0xff, 0xff);
}

QString counterValueText(double value, const QString &unit) {
    if (unit == QLatin1String("B"))
        return format::bytes(value);
    return unit.isEmpty() ? format::number(value) : format::number(value) + QLatin1Char(' ') + unit;
}

// A unit's path, or a stand-in for an id the topology does not know (a malformed trace).
QString unitPath(const Topology &topology, UnitId unit) {
    if (unit < 0 || static_cast<std::size_t>(unit) >= topology.units().size())
        return QStringLiteral("unit %1").arg(unit);
    return topology.path(unit);
}

QString unitDoc(const Topology &topology, UnitId unit) {
    if (unit < 0 || static_cast<std::size_t>(unit) >= topology.units().size())
        return {};
    return topology.unit(unit).doc;
}

bool isGroupRow(const TimelineRow &row) {
    return row.type == TimelineRow::Type::Group || row.type == TimelineRow::Type::CounterGroup;
}

}  // namespace

TimelineView::TimelineView(ViewState &state, QWidget *parent) : QWidget(parent), state_(state) {
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setObjectName(QStringLiteral("timelineView"));

    scrollBar_ = new QScrollBar(Qt::Vertical, this);
    scrollBar_->setObjectName(QStringLiteral("timelineScrollBar"));
    connect(scrollBar_, &QScrollBar::valueChanged, this, [this] { update(); });

    statsLabel_ = new QLabel(this);
    statsLabel_->setObjectName(QStringLiteral("timelineStats"));
    statsLabel_->setTextFormat(Qt::RichText);
    statsLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    statsLabel_->setContentsMargins(8, 0, 8, 0);
    statsLabel_->setAutoFillBackground(true);

    statsTimer_ = new QTimer(this);
    statsTimer_->setSingleShot(true);
    statsTimer_->setInterval(60);
    connect(statsTimer_, &QTimer::timeout, this, &TimelineView::updateStats);

    connect(&state_, &ViewState::runChanged, this, &TimelineView::onRunChanged);
    connect(&state_, &ViewState::traceChanged, this, &TimelineView::onTraceChanged);
    connect(&state_, &ViewState::cursorChanged, this, [this] { update(); });
    connect(&state_, &ViewState::viewportChanged, this, [this] { update(); });
    connect(&state_, &ViewState::selectedUnitChanged, this, [this] { update(); });
    connect(&state_, &ViewState::selectionChanged, this, [this] {
        scheduleStats();
        update();
    });
    connect(&state_, &ViewState::filterChanged, this, [this] {
        rebuildRows();
        updateStats();
        update();
    });
    onRunChanged();
}

TimelineView::~TimelineView() = default;

void TimelineView::setTimeOffset(TimePs offset) {
    if (offset == offset_)
        return;
    offset_ = offset;
    update();
}

// ---------------------------------------------------------------------------------------------
// State and rows

void TimelineView::onRunChanged() {
    collapsed_.clear();
    countersCollapsed_ = false;
    counterSampler_.clear();
    unitUtilization_.clear();
    scrollBar_->setValue(0);
    rebuildRows();
    updateStats();
    update();
}

void TimelineView::onTraceChanged() {
    // Rows depend only on which units and series have data: cheap to rebuild, and the samplers
    // read the index afresh on the next paint.
    rebuildRows();
    if (!state_.selection().isEmpty())
        scheduleStats();
    update();
}

void TimelineView::rebuildRows() {
    TimelineRows::Options options;
    options.unitFilter = state_.unitFilter();
    options.collapsed = collapsed_;
    options.countersCollapsed = countersCollapsed_;
    rows_ = state_.hasRun() ? TimelineRows::build(state_.topology(), state_.index(), options)
                            : std::vector<TimelineRow>{};
    const QFontMetrics metrics(font());
    const int lane = laneHeightFor(metrics);
    int top = 0;
    for (TimelineRow &row : rows_) {
        row.top = top;
        switch (row.type) {
            case TimelineRow::Type::Counter:
                row.height = std::max(40, 2 * metrics.height() + 10);
                break;
            case TimelineRow::Type::MoreCounters:
                row.height = lane - 2;
                break;
            case TimelineRow::Type::Group:
            case TimelineRow::Type::CounterGroup:
                row.height = row.collapsed ? lane : lane - 3;
                break;
            default:
                row.height = lane;
                break;
        }
        top += row.height;
    }
    contentHeight_ = top;
    updateLabelWidth();
    updateScrollRange();
}

void TimelineView::setGroupCollapsed(UnitId group, bool collapsed) {
    if (collapsed)
        collapsed_.insert(group);
    else
        collapsed_.remove(group);
    rebuildRows();
    update();
}

void TimelineView::scheduleStats() {
    if (drag_ == Drag::Select)
        statsTimer_->start();  // the selection is still moving: update when it pauses
    else
        updateStats();
}

void TimelineView::updateStats() {
    statsTimer_->stop();
    unitUtilization_.clear();
    const QString muted = theme::mutedText().name();
    statsLabel_->setVisible(state_.hasRun());
    if (!state_.hasRun()) {
        statsLabel_->setText(QString());
        return;
    }
    const TimeRange selection = state_.selection();
    if (selection.isEmpty()) {
        statsLabel_->setText(
            QStringLiteral("<span style='color:%1'>Click to move the cursor · drag to select a "
                           "range · wheel zooms, Shift+wheel pans · Home fits, F zooms to the "
                           "selection</span>")
                .arg(muted));
        return;
    }
    const TraceIndex &index = state_.index();
    std::vector<UnitId> units;
    for (UnitId unit : index.unitsWithEvents())
        if (state_.unitVisible(unit))
            units.push_back(unit);
    // One pass per unit gives both the per-unit utilization and the totals (of the units shown).
    RangeStats total;
    std::vector<std::pair<double, UnitId>> busiest;
    for (UnitId unit : units) {
        const RangeStats stats = index.stats(unit, selection);
        const double utilization = stats.utilization(selection);
        unitUtilization_.insert(unit, utilization);
        busiest.emplace_back(utilization, unit);
        total.busyPs += stats.busyPs;
        total.bytes += stats.bytes;
        total.flops += stats.flops;
        total.events += stats.events;
    }
    std::stable_sort(busiest.begin(), busiest.end(),
                     [](const auto &a, const auto &b) { return a.first > b.first; });
    const int unitCount = static_cast<int>(units.size());
    QStringList busy;
    for (std::size_t i = 0; i < std::min<std::size_t>(1, busiest.size()); ++i)
        busy.append(
            QStringLiteral("%1 %2").arg(unitPath(state_.topology(), busiest[i].second).toHtmlEscaped(),
                                        format::percent(busiest[i].first)));
    const QString separator =
        QStringLiteral("<span style='color:%1'>&nbsp;&nbsp;|&nbsp;&nbsp;</span>").arg(muted);
    QStringList parts;
    parts << QStringLiteral("<b>Selection</b> %1 <span style='color:%2'>(%3 – %4)</span>")
                 .arg(format::duration(selection.length()), muted, format::duration(selection.begin),
                      format::duration(selection.end));
    parts << QStringLiteral("<b>Utilization</b> %1 <span style='color:%2'>of %3 units</span>")
                 .arg(format::percent(total.utilization(selection, std::max(unitCount, 1))), muted)
                 .arg(unitCount);
    if (!busy.isEmpty())
        parts << QStringLiteral("<b>Busiest</b> %1").arg(busy.join(QStringLiteral(", ")));
    parts << QStringLiteral("<b>Bytes</b> %1").arg(format::bytes(total.bytes));
    parts << QStringLiteral("<b>Bandwidth</b> %1").arg(format::bandwidth(total.bytes, selection.length()));
    parts << QStringLiteral("<b>FLOPs</b> %1").arg(format::flops(total.flops));
    parts << QStringLiteral("<b>Events</b> %1").arg(total.events);
    statsLabel_->setText(parts.join(separator));
    // Every unit's share, busiest first, for the curious.
    QStringList all;
    for (const auto &[utilization, unit] : busiest)
        all.append(
            QStringLiteral("%1: %2").arg(unitPath(state_.topology(), unit), format::percent(utilization)));
    statsLabel_->setToolTip(all.join(QLatin1Char('\n')));
    update();
}

QString TimelineView::statsText() const {
    return statsLabel_->text();
}

// ---------------------------------------------------------------------------------------------
// Geometry

int TimelineView::rulerHeight() const {
    return kTimeRulerPx + kMarkerStripPx;
}
int TimelineView::markerStripTop() const {
    return kTimeRulerPx;
}

int TimelineView::statsHeight() const {
    return QFontMetrics(font()).height() + 12;
}

int TimelineView::scrollBarWidth() const {
    // Geometry follows from the widget's size alone (a hidden widget gets no resize events).
    const int visible = std::max(0, height() - statsHeight() - rulerHeight());
    return contentHeight_ > visible ? scrollBar_->sizeHint().width() : 0;
}

QRect TimelineView::rowsRect() const {
    return QRect(QPoint(0, rulerHeight()),
                 QPoint(width() - scrollBarWidth() - 1, height() - statsHeight() - 1));
}

QRect TimelineView::canvasRect() const {
    QRect rect = rowsRect();
    rect.setLeft(labelWidth());
    return rect;
}

int TimelineView::labelWidth() const {
    return labelWidth_;
}

void TimelineView::layoutChildren() {
    statsLabel_->setGeometry(0, height() - statsHeight(), width(), statsHeight());
    updateScrollRange();
}

void TimelineView::updateLabelWidth() {
    const QFontMetrics metrics(font());
    // The label column fits the longest label plus room for a utilization figure.
    int widest = 0;
    QFont bold = font();
    bold.setWeight(QFont::DemiBold);
    const QFontMetrics boldMetrics(bold);
    for (const TimelineRow &row : rows_) {
        const int text = (isGroupRow(row) ? boldMetrics : metrics).horizontalAdvance(row.label);
        widest = std::max(widest, row.depth * kIndentPx + text + (isGroupRow(row) ? 18 : 0));
    }
    labelWidth_ = std::max(std::clamp(widest + 24 + metrics.horizontalAdvance(QStringLiteral("100 %")), 170, 300),
                           minimumLabelWidth_);
}

void TimelineView::setMinimumLabelWidth(int pixels) {
    minimumLabelWidth_ = std::max(pixels, 0);
    labelWidth_ = std::max(labelWidth_, minimumLabelWidth_);
    update();
}

void TimelineView::updateScrollRange() {
    const int visible = std::max(0, height() - statsHeight() - rulerHeight());
    const int excess = std::max(0, contentHeight_ - visible);
    const int scrollWidth = scrollBar_->sizeHint().width();
    scrollBar_->setGeometry(width() - scrollWidth, rulerHeight(), scrollWidth, visible);
    scrollBar_->setRange(0, excess);
    scrollBar_->setPageStep(std::max(1, visible));
    scrollBar_->setSingleStep(laneHeightFor(QFontMetrics(font())));
    scrollBar_->setHidden(excess == 0);
}

void TimelineView::resizeEvent(QResizeEvent *event) {
    QWidget::resizeEvent(event);
    layoutChildren();
}

void TimelineView::changeEvent(QEvent *event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::FontChange || event->type() == QEvent::PaletteChange) {
        rebuildRows();
        layoutChildren();
        updateStats();
    }
}

QRect TimelineView::rowRect(const TimelineRow &row) const {
    const QRect area = rowsRect();
    return QRect(area.left(), area.top() + row.top - scrollBar_->value(), area.width(), row.height);
}

const TimelineRow *TimelineView::rowAt(QPoint position) const {
    if (!rowsRect().contains(position))
        return nullptr;
    const int y = position.y() - rowsRect().top() + scrollBar_->value();
    const auto it = std::upper_bound(rows_.begin(), rows_.end(), y,
                                     [](int value, const TimelineRow &row) { return value < row.top; });
    if (it == rows_.begin())
        return nullptr;
    const TimelineRow &row = *(it - 1);
    return y < row.top + row.height ? &row : nullptr;
}

std::vector<UnitId> TimelineView::laneUnits() const {
    std::vector<UnitId> units;
    for (const TimelineRow &row : rows_)
        if (row.type == TimelineRow::Type::Lane)
            units.push_back(row.unit);
    return units;
}

QRect TimelineView::laneRect(UnitId unit) const {
    for (const TimelineRow &row : rows_)
        if (row.type == TimelineRow::Type::Lane && row.unit == unit)
            return rowRect(row).intersected(rowsRect());
    return {};
}

TimeRange TimelineView::displayViewport() const {
    TimeRange range = state_.viewport();
    if (range.isEmpty())
        range = {offset_, offset_ + std::max<TimePs>(state_.endTime(), 1)};
    return range;
}

double TimelineView::xOfTime(TimePs runTime) const {
    const QRect canvas = canvasRect();
    const TimeRange view = displayViewport();
    return canvas.left() + static_cast<double>(runTime + offset_ - view.begin) * canvas.width() /
                               static_cast<double>(view.length());
}

TimePs TimelineView::timeAtX(double x) const {
    const QRect canvas = canvasRect();
    const TimeRange view = displayViewport();
    const double display = static_cast<double>(view.begin) + (x - canvas.left()) *
                                                                 static_cast<double>(view.length()) /
                                                                 std::max(1, canvas.width());
    return static_cast<TimePs>(std::llround(display)) - offset_;
}

void TimelineView::applyViewport(TimeRange display) {
    const TimePs whole = std::max<TimePs>(state_.endTime(), 1);
    TimePs length = std::clamp<TimePs>(display.length(), std::min(kMinWindowPs, whole), whole);
    TimePs begin = display.begin;
    begin = std::clamp<TimePs>(begin, offset_, offset_ + whole - length);
    state_.setViewport({begin, begin + length});
}

void TimelineView::zoomAround(double factor, double anchorX) {
    const QRect canvas = canvasRect();
    zoomAt(factor, std::clamp((anchorX - canvas.left()) / std::max(1, canvas.width()), 0.0, 1.0));
}

void TimelineView::zoomAt(double factor, double fraction) {
    const TimeRange view = displayViewport();
    const auto length = static_cast<TimePs>(std::llround(static_cast<double>(view.length()) * factor));
    const TimePs anchor =
        view.begin + static_cast<TimePs>(std::llround(fraction * static_cast<double>(view.length())));
    const TimePs begin = anchor - static_cast<TimePs>(std::llround(fraction * static_cast<double>(length)));
    applyViewport({begin, begin + std::max<TimePs>(length, 1)});
}

void TimelineView::panBy(double fraction) {
    const TimeRange view = displayViewport();
    const auto shift = static_cast<TimePs>(std::llround(fraction * static_cast<double>(view.length())));
    applyViewport({view.begin + shift, view.end + shift});
}

// ---------------------------------------------------------------------------------------------
// Hit testing and tooltips

std::optional<std::size_t> TimelineView::eventAtPosition(QPoint position) const {
    if (!state_.hasRun() || !canvasRect().contains(position))
        return std::nullopt;
    const TimelineRow *row = rowAt(position);
    if (!row || row->type != TimelineRow::Type::Lane)
        return std::nullopt;
    const TraceIndex &index = state_.index();
    const TraceSnapshot &snapshot = index.snapshot();
    const auto visible = [&](std::size_t e) {
        return state_.opKindVisible(snapshot.eventType(snapshot.eventTypeId(e)).kind);
    };
    const TimePs t = timeAtX(position.x() + 0.5);
    if (const auto hit = index.eventAt(row->unit, t); hit && visible(*hit))
        return hit;
    // Tiny events: the nearest within a few pixels.
    const TimePs slack = std::max<TimePs>(1, timeAtX(position.x() + 3.5) - t);
    const auto [first, last] = index.laneRange(row->unit, {t - slack, t + slack});
    if (last - first > 256)
        return std::nullopt;
    const TraceIndex::Lane *lane = index.lane(row->unit);
    std::optional<std::size_t> best;
    TimePs bestDistance = slack + 1;
    for (std::size_t k = first; k < last; ++k) {
        const std::uint32_t e = lane->events[k];
        if (!visible(e))
            continue;
        const TimePs begin = snapshot.eventBegin(e), end = snapshot.eventEnd(e);
        const TimePs distance = t < begin ? begin - t : (t >= end ? t - end : 0);
        if (distance < bestDistance) {
            bestDistance = distance;
            best = e;
        }
    }
    return best;
}

QString TimelineView::eventToolTip(std::size_t e) const {
    const TraceSnapshot &snapshot = state_.index().snapshot();
    const UnitEvent event = snapshot.event(e);
    QString text = QStringLiteral("<b>%1</b><br>").arg(event.label.toHtmlEscaped());
    text += QStringLiteral("%1 on %2<br>")
                .arg(theme::opKindLabel(event.kind), unitPath(state_.topology(), event.unit).toHtmlEscaped());
    text += QStringLiteral("Begin %1 · End %2 · Duration %3")
                .arg(format::duration(event.begin), format::duration(event.end),
                     format::duration(event.end - event.begin));
    if (event.bytes > 0 || event.flops > 0)
        text += QStringLiteral("<br>Bytes %1 · FLOPs %2")
                    .arg(format::bytes(static_cast<double>(event.bytes)),
                         format::flops(static_cast<double>(event.flops)));
    if (event.bytes > 0 && event.end > event.begin)
        text += QStringLiteral(" · %1").arg(
            format::bandwidth(static_cast<double>(event.bytes), event.end - event.begin));
    return text;
}

const Marker *TimelineView::markerNear(QPoint position, int *levelOut) const {
    const QRect canvas = canvasRect();
    if (position.y() < markerStripTop() || position.y() >= rulerHeight() || position.x() < canvas.left())
        return nullptr;
    const TraceIndex &index = state_.index();
    const auto &markers = index.snapshot().markers();
    const Marker *best = nullptr;
    double bestDistance = 4.5;
    for (int level = index.levelCount() - 1; level > 0; --level) {
        const auto &list = index.markersOf(level);
        const TimePs t = timeAtX(position.x());
        auto it = std::lower_bound(list.begin(), list.end(), t, [&markers](std::uint32_t m, TimePs time) {
            return markers[m].time < time;
        });
        for (auto candidate : {it, it == list.begin() ? it : it - 1}) {
            if (candidate == list.end())
                continue;
            const double distance = std::abs(xOfTime(markers[*candidate].time) - position.x());
            if (distance < bestDistance) {
                bestDistance = distance;
                best = &markers[*candidate];
                if (levelOut)
                    *levelOut = level;
            }
        }
    }
    return best;
}

QString TimelineView::toolTipAt(QPoint position) const {
    if (!state_.hasRun())
        return {};
    const Topology &topology = state_.topology();
    int level = 0;
    if (const Marker *marker = markerNear(position, &level)) {
        const auto &levels = state_.record()->stepLevels;
        const QString levelName = level < static_cast<int>(levels.size())
                                      ? levels[static_cast<std::size_t>(level)].name
                                      : QStringLiteral("level %1").arg(level);
        QString text = QStringLiteral("<b>End of %1 %2</b> at %3")
                           .arg(levelName)
                           .arg(marker->index)
                           .arg(format::duration(marker->time));
        if (!marker->text.isEmpty())
            text += QStringLiteral("<br>") + marker->text.toHtmlEscaped();
        return text;
    }
    const TimelineRow *row = rowAt(position);
    if (!row)
        return {};
    const bool inLabels = position.x() < labelWidth();
    const auto unitText = [&](UnitId unit) {
        QString text = QStringLiteral("<b>%1</b>").arg(unitPath(topology, unit).toHtmlEscaped());
        if (!unitDoc(topology, unit).isEmpty())
            text += QStringLiteral("<br>") + unitDoc(topology, unit).toHtmlEscaped();
        if (unitUtilization_.contains(unit))
            text += QStringLiteral("<br>Utilization in the selection: %1")
                        .arg(format::percent(unitUtilization_.value(unit)));
        return text;
    };
    switch (row->type) {
        case TimelineRow::Type::Lane:
            if (inLabels)
                return unitText(row->unit);
            if (const auto e = eventAtPosition(position))
                return eventToolTip(*e);
            return {};
        case TimelineRow::Type::Group:
            if (inLabels)
                return unitText(row->unit) +
                       QStringLiteral("<br>%1 lanes · click to %2")
                           .arg(row->lanes.size())
                           .arg(row->collapsed ? QStringLiteral("expand") : QStringLiteral("collapse"));
            return {};
        case TimelineRow::Type::Counter: {
            const auto *series = state_.index().series(row->series);
            if (!series)
                return {};
            const TimePs t = inLabels ? state_.cursor() : timeAtX(position.x());
            return QStringLiteral("<b>%1</b><br>%2 at %3<br>range %4 … %5")
                .arg(series->name.toHtmlEscaped(),
                     counterValueText(state_.index().counterAt(row->series, t), series->unit),
                     format::duration(t), counterValueText(series->minimum, series->unit),
                     counterValueText(series->maximum, series->unit));
        }
        case TimelineRow::Type::MoreCounters:
            return QStringLiteral(
                "Memory bank series beyond the first 16 are left out here; the memory view shows "
                "every bank.");
        case TimelineRow::Type::CounterGroup:
            return {};
    }
    return {};
}

bool TimelineView::event(QEvent *event) {
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const QString text = toolTipAt(help->pos());
        if (text.isEmpty()) {
            QToolTip::hideText();
            event->ignore();
        } else {
            QToolTip::showText(help->globalPos(), text, this);
        }
        return true;
    }
    return QWidget::event(event);
}

// ---------------------------------------------------------------------------------------------
// Input

void TimelineView::mousePressEvent(QMouseEvent *event) {
    if (!state_.hasRun())
        return;
    const QPoint position = event->position().toPoint();
    pressPosition_ = position;
    pressViewport_ = displayViewport();
    if (event->button() == Qt::MiddleButton) {
        drag_ = Drag::Pan;
        setCursor(Qt::ClosedHandCursor);
        return;
    }
    if (event->button() != Qt::LeftButton)
        return;
    const QRect canvas = canvasRect();
    if (position.y() < rulerHeight() && position.x() >= canvas.left()) {
        drag_ = Drag::Scrub;
        state_.setCursor(timeAtX(position.x()));
        return;
    }
    const TimelineRow *row = rowAt(position);
    if (row && position.x() < canvas.left()) {
        if (row->type == TimelineRow::Type::Group)
            setGroupCollapsed(row->unit, !row->collapsed);
        else if (row->type == TimelineRow::Type::CounterGroup) {
            countersCollapsed_ = !countersCollapsed_;
            rebuildRows();
            update();
        }
        return;
    }
    if (!canvas.contains(position))
        return;
    pressTime_ = timeAtX(position.x());
    drag_ = (event->modifiers() & Qt::ShiftModifier) ? Drag::Select : Drag::Pending;
}

void TimelineView::mouseMoveEvent(QMouseEvent *event) {
    const QPoint position = event->position().toPoint();
    switch (drag_) {
        case Drag::Pending:
            if ((position - pressPosition_).manhattanLength() < kDragThresholdPx)
                break;
            drag_ = Drag::Select;
            [[fallthrough]];
        case Drag::Select:
            state_.setSelection({pressTime_, timeAtX(position.x())});
            break;
        case Drag::Pan: {
            const double psPerPx =
                static_cast<double>(pressViewport_.length()) / std::max(1, canvasRect().width());
            const auto shift =
                static_cast<TimePs>(std::llround((pressPosition_.x() - position.x()) * psPerPx));
            applyViewport({pressViewport_.begin + shift, pressViewport_.end + shift});
            break;
        }
        case Drag::Scrub:
            state_.setCursor(timeAtX(position.x()));
            break;
        case Drag::None: {
            const TimelineRow *row = rowAt(position);
            const int hover = row ? static_cast<int>(row - rows_.data()) : -1;
            if (hover != hoverRow_) {
                hoverRow_ = hover;
                update();
            }
            break;
        }
    }
}

void TimelineView::mouseReleaseEvent(QMouseEvent *event) {
    const QPoint position = event->position().toPoint();
    const Drag drag = drag_;
    drag_ = Drag::None;
    unsetCursor();
    if (drag == Drag::Pending)
        state_.setCursor(pressTime_);
    else if (drag == Drag::Select) {
        state_.setSelection({pressTime_, timeAtX(position.x())});
        updateStats();
    }
}

void TimelineView::mouseDoubleClickEvent(QMouseEvent *event) {
    if (event->button() != Qt::LeftButton)
        return;
    const TimelineRow *row = rowAt(event->position().toPoint());
    if (row && (row->type == TimelineRow::Type::Lane || row->type == TimelineRow::Type::Group))
        state_.setSelectedUnit(row->unit);
}

void TimelineView::wheelEvent(QWheelEvent *event) {
    if (!state_.hasRun())
        return;
    const QPoint delta = event->angleDelta();
    const int steps = delta.y() != 0 ? delta.y() : delta.x();
    const QPointF position = event->position();
    if (position.x() < labelWidth() || (event->modifiers() & Qt::AltModifier)) {
        scrollBar_->setValue(scrollBar_->value() - steps * scrollBar_->singleStep() * 3 / 120);
    } else if ((event->modifiers() & Qt::ShiftModifier) || (delta.y() == 0 && delta.x() != 0)) {
        panBy(-0.1 * steps / 120.0);
    } else {
        zoomAround(std::pow(0.8, steps / 120.0), position.x());
    }
    event->accept();
}

void TimelineView::keyPressEvent(QKeyEvent *event) {
    if (!state_.hasRun()) {
        QWidget::keyPressEvent(event);
        return;
    }
    switch (event->key()) {
        case Qt::Key_W:
        case Qt::Key_Plus:
        case Qt::Key_Equal:
            zoomAt(0.5, 0.5);
            break;
        case Qt::Key_S:
        case Qt::Key_Minus:
            zoomAt(2.0, 0.5);
            break;
        case Qt::Key_A:
        case Qt::Key_Left:
            panBy(-0.2);
            break;
        case Qt::Key_D:
        case Qt::Key_Right:
            panBy(0.2);
            break;
        case Qt::Key_Home:
            if (offset_ == 0)
                state_.fitViewport();
            else
                applyViewport({offset_, offset_ + std::max<TimePs>(state_.endTime(), 1)});
            break;
        case Qt::Key_F:
            if (!state_.selection().isEmpty())
                applyViewport({state_.selection().begin + offset_, state_.selection().end + offset_});
            break;
        case Qt::Key_Up:
            scrollBar_->triggerAction(QAbstractSlider::SliderSingleStepSub);
            break;
        case Qt::Key_Down:
            scrollBar_->triggerAction(QAbstractSlider::SliderSingleStepAdd);
            break;
        case Qt::Key_PageUp:
            scrollBar_->triggerAction(QAbstractSlider::SliderPageStepSub);
            break;
        case Qt::Key_PageDown:
            scrollBar_->triggerAction(QAbstractSlider::SliderPageStepAdd);
            break;
        default:
            QWidget::keyPressEvent(event);
            return;
    }
    event->accept();
}

void TimelineView::leaveEvent(QEvent *event) {
    QWidget::leaveEvent(event);
    if (hoverRow_ != -1) {
        hoverRow_ = -1;
        update();
    }
}

// ---------------------------------------------------------------------------------------------
// Painting

QImage TimelineView::renderToImage(QSize size) {
    resize(size);
    layoutChildren();
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    render(&image);
    return image;
}

void TimelineView::paintEvent(QPaintEvent *) {
    QPainter painter(this);
    const QPalette &pal = palette();
    const QColor base = theme::viewBackground();
    painter.fillRect(rect(), base);
    // A metrics-only run (a sweep point recorded without --events) has results but no trace.
    const bool metricsOnly = state_.isMetricsOnly();
    if (!state_.hasRun() || rows_.empty() || metricsOnly) {
        painter.setPen(theme::mutedText());
        QFont hintFont = font();
        hintFont.setPointSizeF(hintFont.pointSizeF() * 1.1);
        painter.setFont(hintFont);
        const QString hint =
            metricsOnly ? QStringLiteral("Metrics only: this run was recorded without its trace (a sweep point), "
                                         "so there is no timeline to show.\nIts results are in Charts and the "
                                         "run browser; run it again, or sweep with --events, to see its timeline.")
            : state_.hasRun() && state_.record()->info.isImported()
                ? QStringLiteral("This imported run has no events or counters to draw over time; its data is in the "
                                 "Masks or Tokens view.")
            : state_.hasRun() ? QStringLiteral("This run has recorded no events or counters yet")
                              : QStringLiteral("No run to show.\nStart a run or open one from a session "
                                               "to see what every unit does over time.");
        painter.drawText(rect().adjusted(20, 0, -20, -statsHeight()), Qt::AlignCenter | Qt::TextWordWrap,
                         hint);
        return;
    }

    const QRect rows = rowsRect();
    const QRect canvas = canvasRect();
    const QColor labelBackground = blend(pal.color(QPalette::Window), base, 0.35);
    const QColor groupBackground = blend(pal.color(QPalette::Window), pal.color(QPalette::Text), 0.04);
    const QColor grid = theme::gridLine();
    const TimeRange view = displayViewport();
    const auto ticks = TimeAxis::ticks(view.begin, view.end, canvas.width());

    // Row backgrounds (behind everything drawn in the canvas).
    painter.save();
    painter.setClipRect(rows);
    for (std::size_t i = 0; i < rows_.size(); ++i) {
        const TimelineRow &row = rows_[i];
        const QRect r = rowRect(row);
        if (r.bottom() < rows.top() || r.top() > rows.bottom())
            continue;
        QColor background = isGroupRow(row) ? groupBackground : base;
        if (row.type == TimelineRow::Type::Lane && row.unit == state_.selectedUnit()) {
            QColor highlight = pal.color(QPalette::Highlight);
            background = blend(base, highlight, 0.14);
        } else if (static_cast<int>(i) == hoverRow_ && !isGroupRow(row)) {
            background = blend(base, pal.color(QPalette::Text), 0.03);
        }
        if (background != base)  // the whole widget was filled with `base` above
            painter.fillRect(QRect(canvas.left(), r.top(), canvas.width(), r.height()), background);
    }
    // Grid: major ticks, then the coarsest step level's boundaries a little stronger.
    for (const auto &tick : ticks)
        if (tick.major) {
            const int x = static_cast<int>(std::floor(xOfTime(tick.time - offset_)));
            painter.fillRect(QRect(x, rows.top(), 1, rows.height()), grid);
        }
    const TraceIndex &index = state_.index();
    if (index.levelCount() > 1) {
        const auto &markers = index.snapshot().markers();
        const auto &list = index.markersOf(index.levelCount() - 1);
        QColor boundary = pal.color(QPalette::Text);
        boundary.setAlpha(theme::isDark(pal) ? 55 : 45);
        int lastX = -1;
        const TimePs first = view.begin - offset_;
        auto it = std::lower_bound(list.begin(), list.end(), first,
                                   [&markers](std::uint32_t m, TimePs t) { return markers[m].time < t; });
        for (; it != list.end() && markers[*it].time <= view.end - offset_; ++it) {
            const int x = static_cast<int>(std::floor(xOfTime(markers[*it].time)));
            if (x == lastX)
                continue;
            painter.setPen(QPen(boundary, 1, Qt::DashLine));
            painter.drawLine(x, rows.top(), x, rows.bottom());
            lastX = x;
        }
    }
    painter.restore();

    // Row contents.
    painter.save();
    painter.setClipRect(canvas);
    for (const TimelineRow &row : rows_) {
        const QRect r = rowRect(row);
        if (r.bottom() < rows.top() || r.top() > rows.bottom())
            continue;
        const QRect content(canvas.left(), r.top(), canvas.width(), r.height());
        switch (row.type) {
            case TimelineRow::Type::Lane:
                paintLane(painter, row, content);
                break;
            case TimelineRow::Type::Group:
                if (row.collapsed)
                    paintLane(painter, row, content);
                break;
            case TimelineRow::Type::Counter:
                paintCounter(painter, row, content);
                break;
            default:
                break;
        }
        painter.fillRect(QRect(rows.left(), r.bottom(), rows.width(), 1), grid);
    }
    painter.restore();

    paintLabels(painter, rows);

    // Selection across the canvas and the ruler.
    const TimeRange selection = state_.selection();
    const QRect timeArea(canvas.left(), 0, canvas.width(), rows.bottom() + 1);
    if (!selection.isEmpty()) {
        const double x0 = std::max(xOfTime(selection.begin), canvas.left() - 1.0);
        const double x1 = std::min(xOfTime(selection.end), canvas.right() + 2.0);
        if (x1 > x0) {
            painter.save();
            painter.setClipRect(timeArea);
            const QRectF shade(x0, 0, std::max(1.0, x1 - x0), rows.bottom() + 1);
            // Lighter than the shared selection fill, so event colours stay recognisable under it.
            QColor fill = pal.color(QPalette::Highlight);
            fill.setAlpha(theme::isDark(pal) ? 48 : 34);
            painter.fillRect(shade, fill);
            QColor edge = pal.color(QPalette::Highlight);
            painter.fillRect(QRectF(x0, 0, 1, shade.height()), edge);
            painter.fillRect(QRectF(x1 - 1, 0, 1, shade.height()), edge);
            painter.restore();
        }
    }

    paintRuler(painter, QRect(canvas.left(), 0, canvas.width(), kTimeRulerPx));
    paintMarkers(painter, QRect(canvas.left(), markerStripTop(), canvas.width(), kMarkerStripPx));

    // Top-left corner: what the ruler shows.
    const QRect corner(0, 0, canvas.left(), rulerHeight());
    painter.fillRect(corner, labelBackground);
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.88);
    painter.setFont(small);
    painter.setPen(theme::mutedText());
    painter.drawText(corner.adjusted(8, 0, -8, -kMarkerStripPx), Qt::AlignVCenter | Qt::AlignLeft,
                     QStringLiteral("Window %1").arg(format::duration(view.length())));
    if (index.levelCount() > 1)
        painter.drawText(corner.adjusted(8, kTimeRulerPx, -8, 0), Qt::AlignVCenter | Qt::AlignLeft,
                         QStringLiteral("Steps"));
    painter.fillRect(QRect(0, rulerHeight() - 1, rows.right() + 1, 1), grid);
    painter.fillRect(QRect(canvas.left() - 1, 0, 1, rows.bottom() + 1), grid);

    // The cursor on top of everything.
    const double cursorX = xOfTime(state_.cursor());
    if (cursorX >= canvas.left() - 0.5 && cursorX <= canvas.right() + 0.5) {
        const QColor cursorColour = theme::cursorLine();
        painter.fillRect(QRectF(std::floor(cursorX), 0, 1.5, rows.bottom() + 1), cursorColour);
        const QString text = format::duration(state_.cursor());
        const QFontMetrics metrics(small);
        QRectF pill(0, 3, metrics.horizontalAdvance(text) + 10, kTimeRulerPx - 7);
        pill.moveLeft(
            std::clamp(cursorX - pill.width() / 2, canvas.left() + 1.0, canvas.right() - pill.width()));
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setPen(Qt::NoPen);
        painter.setBrush(cursorColour);
        painter.drawRoundedRect(pill, 4, 4);
        painter.setPen(textOn(cursorColour));
        painter.drawText(pill, Qt::AlignCenter, text);
        painter.setRenderHint(QPainter::Antialiasing, false);
    }
}

void TimelineView::paintRuler(QPainter &painter, const QRect &rect) {
    const QPalette &pal = palette();
    painter.save();
    painter.fillRect(rect, blend(pal.color(QPalette::Window), theme::viewBackground(), 0.35));
    painter.setClipRect(rect);
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.88);
    painter.setFont(small);
    const QColor text = pal.color(QPalette::Text);
    QColor tickColour = text;
    tickColour.setAlpha(110);
    const TimeRange view = displayViewport();
    for (const auto &tick : TimeAxis::ticks(view.begin, view.end, rect.width())) {
        const int x = static_cast<int>(std::floor(xOfTime(tick.time - offset_)));
        const int length = tick.major ? 8 : 4;
        painter.fillRect(QRect(x, rect.bottom() - length + 1, 1, length), tickColour);
        if (tick.major && !tick.label.isEmpty() &&
            x + 4 + painter.fontMetrics().horizontalAdvance(tick.label) < rect.right()) {
            painter.setPen(text);
            painter.drawText(QRect(x + 4, rect.top(), 200, rect.height() - 4),
                             Qt::AlignLeft | Qt::AlignVCenter, tick.label);
        }
    }
    painter.restore();
}

void TimelineView::paintMarkers(QPainter &painter, const QRect &rect) {
    const TraceIndex &index = state_.index();
    const QPalette &pal = palette();
    painter.save();
    const QColor stripBackground = blend(pal.color(QPalette::Window), theme::viewBackground(), 0.6);
    painter.fillRect(rect, stripBackground);
    painter.setClipRect(rect);
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.8);
    painter.setFont(small);
    const QFontMetrics metrics(small);
    const auto &markers = index.snapshot().markers();
    const auto &levels = state_.record()->stepLevels;
    const int coarsest = index.levelCount() - 1;
    const TimeRange view = displayViewport();
    for (int level = 1; level <= coarsest; ++level) {
        const bool top = level == coarsest;
        QColor colour = pal.color(QPalette::Text);
        colour.setAlpha(top ? 200 : 90);
        const int height = top ? rect.height() : rect.height() / 2;
        const auto &list = index.markersOf(level);
        auto it = std::lower_bound(list.begin(), list.end(), view.begin - offset_,
                                   [&markers](std::uint32_t m, TimePs t) { return markers[m].time < t; });
        double lastLabelRight = rect.left();
        const QString name = level < static_cast<int>(levels.size())
                                 ? levels[static_cast<std::size_t>(level)].name
                                 : QString();
        while (it != list.end() && markers[*it].time <= view.end - offset_) {
            const Marker &marker = markers[*it];
            const double x = std::floor(xOfTime(marker.time));
            painter.fillRect(QRectF(x, rect.bottom() - height + 1, top ? 2 : 1, height), colour);
            if (top) {
                // "token 3" to the left of the boundary that ends it, when there is room.
                const QString label = QStringLiteral("%1 %2").arg(name).arg(marker.index);
                const int w = metrics.horizontalAdvance(label);
                if (x - w - 4 > lastLabelRight + 6) {
                    const QRectF box(x - w - 6, rect.top() + 1, w + 4, rect.height() - 2);
                    painter.fillRect(box, stripBackground);
                    painter.setPen(theme::mutedText());
                    painter.drawText(box.adjusted(0, 0, -2, 0), Qt::AlignRight | Qt::AlignVCenter, label);
                    lastLabelRight = x;
                }
            }
            // At most one marker per pixel column: skip to the next column's time.
            const TimePs next = timeAtX(x + 1);
            it = std::lower_bound(it + 1, list.end(), next,
                                  [&markers](std::uint32_t m, TimePs t) { return markers[m].time < t; });
        }
    }
    // The selection's length, centred over it (the cursor's time sits in the ruler above).
    const TimeRange selection = state_.selection();
    if (!selection.isEmpty()) {
        const double x0 = xOfTime(selection.begin), x1 = xOfTime(selection.end);
        const QString label = format::duration(selection.length());
        const int w = metrics.horizontalAdvance(label) + 10;
        if (x1 - x0 > w + 4) {
            const QRectF box((x0 + x1 - w) / 2, rect.top() + 1, w, rect.height() - 2);
            painter.setRenderHint(QPainter::Antialiasing);
            painter.setPen(Qt::NoPen);
            painter.setBrush(pal.color(QPalette::Highlight));
            painter.drawRoundedRect(box, 3, 3);
            painter.setPen(pal.color(QPalette::HighlightedText));
            painter.drawText(box, Qt::AlignCenter, label);
        }
    }
    painter.restore();
}

void TimelineView::paintColumns(QPainter &painter, const LaneSampler::Columns &columns, const QRect &rect,
                                bool summary) {
    const int barHeight = rect.height() - 4;
    const int bottom = rect.bottom() - 1;
    const auto n = static_cast<int>(columns.busy.size());
    int start = 0;
    while (start < n) {
        const int kind = columns.kind[static_cast<std::size_t>(start)];
        const float busy = columns.busy[static_cast<std::size_t>(start)];
        const int height = kind < 0 ? 0 : std::max(1, static_cast<int>(std::lround(busy * barHeight)));
        int end = start + 1;
        // Merge neighbouring columns that look the same into one rectangle.
        while (end < n) {
            const int k = columns.kind[static_cast<std::size_t>(end)];
            const int h = k < 0 ? 0
                                : std::max(1, static_cast<int>(std::lround(
                                                  columns.busy[static_cast<std::size_t>(end)] * barHeight)));
            if (k != kind || h != height)
                break;
            ++end;
        }
        if (height > 0) {
            QColor colour = theme::opKindColor(static_cast<OpKind>(kind));
            if (summary)
                colour.setAlpha(215);
            painter.fillRect(QRect(rect.left() + start, bottom - height + 1, end - start, height), colour);
        }
        start = end;
    }
}

void TimelineView::paintLane(QPainter &painter, const TimelineRow &row, const QRect &rect) {
    const TraceIndex &index = state_.index();
    const TraceSnapshot &snapshot = index.snapshot();
    const TimeRange view = displayViewport();
    const double psPerPx = static_cast<double>(view.length()) / std::max(1, rect.width());
    const double t0 = static_cast<double>(view.begin - offset_);
    const std::uint32_t mask = state_.opKindMask();

    if (row.type == TimelineRow::Type::Group) {  // a collapsed group: the union of its lanes
        summary_ = {};
        for (UnitId unit : row.lanes) {
            LaneSampler::sample(index, unit, t0, psPerPx, rect.width(), mask, columns_);
            LaneSampler::merge(columns_, summary_);
        }
        paintColumns(painter, summary_, rect, true);
        return;
    }

    const TraceIndex::Lane *lane = index.lane(row.unit);
    if (!lane)
        return;
    const TimeRange runRange{view.begin - offset_, view.end - offset_};
    const auto [first, last] = index.laneRange(row.unit, runRange);
    if (last - first > static_cast<std::size_t>(2 * rect.width())) {
        LaneSampler::sample(index, row.unit, t0, psPerPx, rect.width(), mask, columns_);
        paintColumns(painter, columns_, rect, false);
        return;
    }

    // Few enough events to draw one by one, with their labels where they fit.
    const QRect box = rect.adjusted(0, 2, 0, -2);
    QFont labelFont = font();
    labelFont.setPointSizeF(labelFont.pointSizeF() * 0.9);
    painter.setFont(labelFont);
    const QFontMetrics labelMetrics(labelFont);
    int pendingRight = std::numeric_limits<int>::min();  // right edge of the last 1-px sliver drawn
    for (std::size_t k = first; k < last; ++k) {
        const std::uint32_t e = lane->events[k];
        const TimePs begin = snapshot.eventBegin(e), end = snapshot.eventEnd(e);
        if (end < runRange.begin || (end == runRange.begin && begin < end))
            continue;
        const EventType &type = snapshot.eventType(snapshot.eventTypeId(e));
        if (!state_.opKindVisible(type.kind))
            continue;
        const double x0 = std::max(xOfTime(begin), rect.left() - 2.0);
        const double x1 = std::min(xOfTime(end), rect.right() + 2.0);
        const int left = static_cast<int>(std::floor(x0));
        const int right = std::max(left + 1, static_cast<int>(std::lround(x1)));
        if (right <= pendingRight && right - left <= 1)
            continue;  // a sliver already covered by the previous one
        const QColor colour = theme::opKindColor(type.kind);
        const QRect r(left, box.top(), right - left, box.height());
        painter.fillRect(r, colour);
        pendingRight = right;
        if (r.width() >= 5)
            painter.fillRect(QRect(r.right(), r.top(), 1, r.height()), colour.darker(135));
        if (r.width() >= 28) {
            const QRect visible = r.intersected(rect).adjusted(4, 0, -5, 0);
            if (visible.width() >= 16) {
                const QString text = labelMetrics.elidedText(type.label, Qt::ElideRight, visible.width());
                if (text.size() > 1 || text == type.label) {
                    painter.setPen(textOn(colour));
                    painter.drawText(visible, Qt::AlignVCenter | Qt::AlignLeft, text);
                }
            }
        }
    }
    painter.setFont(font());
}

void TimelineView::paintCounter(QPainter &painter, const TimelineRow &row, const QRect &rect) {
    const TraceIndex &index = state_.index();
    const TraceIndex::Series *series = index.series(row.series);
    if (!series)
        return;
    const TimeRange view = displayViewport();
    const double psPerPx = static_cast<double>(view.length()) / std::max(1, rect.width());
    counterSampler_.sample(*series, static_cast<double>(view.begin - offset_), psPerPx, rect.width(),
                           counterColumns_);
    const double low = std::min(0.0, series->minimum), high = std::max(series->maximum, low + 1e-12);
    const QRect area = rect.adjusted(0, 5, 0, -3);
    QColor line = palette().color(QPalette::Highlight);
    if (theme::isDark(palette()))
        line = line.lighter(130);
    QColor fill = line;
    fill.setAlpha(70);

    // Drawn into the track's own pixels and composed once (countertrack.h says why).
    if (trackImage_.size() != rect.size())
        trackImage_ = QImage(rect.size(), QImage::Format_ARGB32_Premultiplied);
    trackImage_.fill(Qt::transparent);
    rasterizeCounterTrack(counterColumns_, low, high, area.translated(-rect.topLeft()), {line, fill}, trackImage_);
    painter.save();
    painter.drawImage(rect.topLeft(), trackImage_);
    // Scale: the track's top value, small, top-left.
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.8);
    painter.setFont(small);
    painter.setPen(theme::mutedText());
    painter.drawText(rect.adjusted(4, 1, -4, 0), Qt::AlignTop | Qt::AlignLeft,
                     counterValueText(series->maximum, series->unit));
    painter.restore();
}

void TimelineView::paintLabels(QPainter &painter, const QRect &rowsArea) {
    const QPalette &pal = palette();
    const QRect column(rowsArea.left(), rowsArea.top(), labelWidth(), rowsArea.height());
    const QColor background = blend(pal.color(QPalette::Window), theme::viewBackground(), 0.35);
    const QColor groupBackground = blend(pal.color(QPalette::Window), pal.color(QPalette::Text), 0.04);
    const QColor text = pal.color(QPalette::Text);
    const QColor muted = theme::mutedText();
    painter.save();
    painter.setClipRect(column);
    painter.fillRect(column, background);
    QFont bold = font();
    bold.setWeight(QFont::DemiBold);
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    const QFontMetrics metrics(font()), smallMetrics(small);
    const TraceIndex &index = state_.index();
    for (std::size_t i = 0; i < rows_.size(); ++i) {
        const TimelineRow &row = rows_[i];
        const QRect r = rowRect(row);
        if (r.bottom() < rowsArea.top() || r.top() > rowsArea.bottom())
            continue;
        const QRect cell(column.left(), r.top(), column.width(), r.height());
        const int indent = 8 + row.depth * kIndentPx;
        if (isGroupRow(row)) {
            painter.fillRect(cell, groupBackground);
            // Disclosure triangle.
            const QPointF c(indent + 4, cell.center().y() + 0.5);
            QPolygonF triangle;
            if (row.collapsed)
                triangle << QPointF(c.x() - 2.5, c.y() - 4.5) << QPointF(c.x() + 3.5, c.y())
                         << QPointF(c.x() - 2.5, c.y() + 4.5);
            else
                triangle << QPointF(c.x() - 4.5, c.y() - 2.5) << QPointF(c.x() + 4.5, c.y() - 2.5)
                         << QPointF(c.x(), c.y() + 3.5);
            painter.setRenderHint(QPainter::Antialiasing);
            painter.setPen(Qt::NoPen);
            painter.setBrush(muted);
            painter.drawPolygon(triangle);
            painter.setRenderHint(QPainter::Antialiasing, false);
            painter.setFont(bold);
            painter.setPen(text);
            const QRect textRect = cell.adjusted(indent + 14, 0, -8, 0);
            painter.drawText(textRect, Qt::AlignVCenter | Qt::AlignLeft,
                             QFontMetrics(bold).elidedText(row.label, Qt::ElideMiddle, textRect.width()));
            if (row.collapsed && row.type == TimelineRow::Type::Group) {
                painter.setFont(small);
                painter.setPen(muted);
                painter.drawText(cell.adjusted(0, 0, -8, 0), Qt::AlignVCenter | Qt::AlignRight,
                                 QStringLiteral("%1").arg(row.lanes.size()));
            }
        } else if (row.type == TimelineRow::Type::Lane) {
            const bool selected = row.unit == state_.selectedUnit();
            if (selected) {
                painter.fillRect(cell, blend(background, pal.color(QPalette::Highlight), 0.16));
                painter.fillRect(QRect(cell.left(), cell.top(), 3, cell.height()),
                                 pal.color(QPalette::Highlight));
            }
            QString right;
            if (unitUtilization_.contains(row.unit))
                right = format::percent(unitUtilization_.value(row.unit));
            const int rightWidth = right.isEmpty() ? 0 : smallMetrics.horizontalAdvance(right) + 10;
            painter.setFont(selected ? bold : font());
            painter.setPen(text);
            const QRect textRect = cell.adjusted(indent + 14, 0, -8 - rightWidth, 0);
            painter.drawText(textRect, Qt::AlignVCenter | Qt::AlignLeft,
                             metrics.elidedText(row.label, Qt::ElideRight, textRect.width()));
            if (!right.isEmpty()) {
                painter.setFont(small);
                painter.setPen(muted);
                painter.drawText(cell.adjusted(0, 0, -8, 0), Qt::AlignVCenter | Qt::AlignRight, right);
            }
        } else if (row.type == TimelineRow::Type::Counter) {
            const auto *series = index.series(row.series);
            const QRect textRect = cell.adjusted(indent + 14, 4, -8, -4);
            painter.setFont(font());
            painter.setPen(text);
            painter.drawText(textRect, Qt::AlignTop | Qt::AlignLeft,
                             metrics.elidedText(row.label, Qt::ElideMiddle, textRect.width()));
            if (series) {
                painter.setFont(small);
                painter.setPen(muted);
                const QString value =
                    counterValueText(index.counterAt(row.series, state_.cursor()), series->unit);
                painter.drawText(textRect, Qt::AlignBottom | Qt::AlignLeft,
                                 value + QStringLiteral(" at cursor"));
            }
        } else {  // MoreCounters
            painter.setFont(small);
            painter.setPen(muted);
            painter.drawText(cell.adjusted(indent + 14, 0, -8, 0), Qt::AlignVCenter | Qt::AlignLeft,
                             row.label);
        }
        painter.fillRect(QRect(cell.left(), cell.bottom(), cell.width(), 1), theme::gridLine());
    }
    painter.restore();
}

}  // namespace accelscope
