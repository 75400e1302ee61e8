#include "views/dataflow/dataflowview.h"

#include <algorithm>
#include <cmath>

#include <QApplication>
#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>

#include "views/common/format.h"
#include "views/common/theme.h"

namespace accelscope {

namespace {

QColor blend(const QColor &a, const QColor &b, double t) {
    return QColor::fromRgbF(static_cast<float>(a.redF() + t * (b.redF() - a.redF())),
                            static_cast<float>(a.greenF() + t * (b.greenF() - a.greenF())),
                            static_cast<float>(a.blueF() + t * (b.blueF() - a.blueF())));
}

// Dark text on light fills, light text on dark ones.
QColor textOn(const QColor &fill) {
    const double luminance = 0.299 * fill.red() + 0.587 * fill.green() + 0.114 * fill.blue();
    return luminance > 150 ? QColor(0x1d, 0x1f, 0x21) : QColor(0xfa, 0xfa, 0xfa);
}

// Bytes per second in one unit of a bandwidth series' unit string; 0 when not a bandwidth.
double bandwidthScale(const QString &unit) {
    const QString u = unit.trimmed();
    if (u == QLatin1String("B/s"))
        return 1;
    if (u.compare(QLatin1String("kB/s"), Qt::CaseInsensitive) == 0)
        return 1e3;
    if (u == QLatin1String("MB/s"))
        return 1e6;
    if (u == QLatin1String("GB/s"))
        return 1e9;
    if (u == QLatin1String("TB/s"))
        return 1e12;
    if (u == QLatin1String("KiB/s"))
        return 1024.0;
    if (u == QLatin1String("MiB/s"))
        return 1024.0 * 1024;
    if (u == QLatin1String("GiB/s"))
        return 1024.0 * 1024 * 1024;
    return 0;
}

QString bandwidthText(double bytesPerSecond) {
    return format::bandwidth(bytesPerSecond, kPsPerS);
}

}  // namespace

DataflowView::DataflowView(ViewState &state, QWidget *parent) : QWidget(parent), state_(state) {
    setMouseTracking(true);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setMinimumSize(minimumSizeHint());
    connect(&state_, &ViewState::runChanged, this, [this] {
        rebuild();
        update();
    });
    connect(&state_, &ViewState::traceChanged, this, [this] {
        rebuild();
        update();
    });
    connect(&state_, &ViewState::cursorChanged, this, [this] { update(); });
    connect(&state_, &ViewState::selectedUnitChanged, this, [this] { update(); });
    connect(&state_, &ViewState::filterChanged, this, [this] { update(); });
    rebuild();
}

void DataflowView::rebuild() {
    kindsInRun_.fill(false);
    linkOf_.clear();
    memoryOf_.clear();
    bandwidthSeries_.clear();
    bandwidthScale_.clear();
    if (state_.hasRun()) {
        const Topology &topology = state_.topology();
        // (A snapshot with nothing recorded has no type table to read.)
        if (state_.index().eventCount() > 0)
            for (const EventType &type : state_.index().snapshot().eventTypes())
                kindsInRun_[static_cast<std::size_t>(type.kind)] = true;
        linkOf_.assign(topology.units().size(), -1);
        memoryOf_.assign(topology.units().size(), -1);
        for (std::size_t i = 0; i < topology.links().size(); ++i)
            if (topology.links()[i].unit >= 0 &&
                topology.links()[i].unit < static_cast<UnitId>(linkOf_.size()))
                linkOf_[static_cast<std::size_t>(topology.links()[i].unit)] = static_cast<int>(i);
        for (std::size_t i = 0; i < topology.memories().size(); ++i) {
            const UnitId unit = topology.memories()[i].unit;
            if (unit >= 0 && unit < static_cast<UnitId>(memoryOf_.size()))
                memoryOf_[static_cast<std::size_t>(unit)] = static_cast<int>(i);
            // A memory with no events of its own may still record its bandwidth as a series.
            std::optional<SeriesId> series =
                state_.index().findSeries(topology.path(unit) + QStringLiteral("/bandwidth"));
            double scale = 0;
            if (series && state_.index().snapshot().counterCount() > 0) {
                const auto &all = state_.index().snapshot().series();
                if (*series < all.size())
                    scale = bandwidthScale(all[*series].unit);
            }
            bandwidthSeries_.push_back(scale > 0 ? series : std::nullopt);
            bandwidthScale_.push_back(scale);
        }
    }
    relayout();
}

QRectF DataflowView::legendRect() const {
    const int height = fontMetrics().height() + 14;
    return QRectF(0, this->height() - height, width(), height);
}

const DataflowLayout &DataflowView::dataflowLayout() const {
    if (layoutSize_ != size())
        relayout();
    return layout_;
}

void DataflowView::relayout() const {
    layoutSize_ = size();
    if (!state_.hasRun()) {
        layout_ = DataflowLayout();
        return;
    }
    const QFontMetricsF fm(font());
    DataflowLayout::Metrics metrics;
    metrics.headerHeight = fm.height() + 9;
    metrics.padding = std::max(5.0, fm.height() * 0.45);
    metrics.gutter = std::max(26.0, fm.height() * 2.0);
    metrics.minTileWidth = std::max(58.0, fm.averageCharWidth() * 9.5);
    metrics.maxTileHeight = fm.height() * 4.5 + 14;
    metrics.minDeviceWidth = std::max(140.0, metrics.minTileWidth * 2 + 3 * metrics.padding);
    metrics.hostStripHeight = fm.height() * 2 + 12;
    const QRectF area(0, 0, width(), legendRect().top());
    layout_ = DataflowLayout(state_.topology(), area, metrics);
}

void DataflowView::resizeEvent(QResizeEvent *event) {
    QWidget::resizeEvent(event);
    relayout();
}

void DataflowView::changeEvent(QEvent *event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::FontChange || event->type() == QEvent::PaletteChange ||
        event->type() == QEvent::StyleChange) {
        relayout();
        update();
    }
}

TimeRange DataflowView::utilizationWindow() const {
    if (!state_.hasRun())
        return {};
    const TraceIndex &index = state_.index();
    const TimePs cursor = state_.cursor(), end = index.endTime();
    if (index.levelCount() >= 2) {
        // The level-1 step holding the cursor; a cursor on a marker shows the step that just ended.
        const std::vector<std::uint32_t> &list = index.markersOf(1);
        const std::span<const Marker> markers = index.snapshot().markers();
        const auto next = std::lower_bound(list.begin(), list.end(), cursor,
                                           [&](std::uint32_t m, TimePs t) { return markers[m].time < t; });
        const TimePs begin = next == list.begin() ? 0 : markers[*std::prev(next)].time;
        const TimePs stepEnd = next == list.end() ? end : markers[*next].time;
        if (stepEnd > begin)
            return {begin, stepEnd};
    }
    const TimePs span = std::max<TimePs>(end / 100, 1);
    const TimePs begin = std::max<TimePs>(0, cursor - span);
    return {begin, std::max(cursor, begin + span)};
}

double DataflowView::memoryBandwidthAt(UnitId memory) const {
    const int m = memory >= 0 && memory < static_cast<UnitId>(memoryOf_.size())
                      ? memoryOf_[static_cast<std::size_t>(memory)]
                      : -1;
    if (m < 0 || !bandwidthSeries_[static_cast<std::size_t>(m)])
        return 0;
    return state_.index().counterAt(*bandwidthSeries_[static_cast<std::size_t>(m)], state_.cursor()) *
           bandwidthScale_[static_cast<std::size_t>(m)];
}

DataflowView::Activity DataflowView::activityOf(UnitId unit) const {
    Activity activity;
    const TraceIndex &index = state_.index();
    if (const auto e = index.eventAt(unit, state_.cursor())) {
        UnitEvent event = index.snapshot().event(*e);
        if (state_.opKindVisible(event.kind))
            activity.event = std::move(event);
    }
    const TimeRange window = utilizationWindow();
    activity.utilization = index.utilization(unit, window);
    const std::size_t u = static_cast<std::size_t>(unit);
    const bool isLink = u < linkOf_.size() && linkOf_[u] >= 0;
    const bool isMemory = u < memoryOf_.size() && memoryOf_[u] >= 0;
    if (isLink)
        activity.peakBps = state_.topology().links()[static_cast<std::size_t>(linkOf_[u])].bytesPerSecond;
    if (isMemory)
        activity.peakBps =
            state_.topology().memories()[static_cast<std::size_t>(memoryOf_[u])].bytesPerSecond;
    if (activity.event && activity.event->end > activity.event->begin)
        activity.bandwidthBps = static_cast<double>(activity.event->bytes) /
                                (static_cast<double>(activity.event->end - activity.event->begin) / kPsPerS);
    else if (isMemory)
        activity.bandwidthBps = memoryBandwidthAt(unit);
    return activity;
}

bool DataflowView::busyAtCursor(UnitId unit) const {
    const auto e = state_.index().eventAt(unit, state_.cursor());
    return e && state_.opKindVisible(
                    state_.index().snapshot().eventType(state_.index().snapshot().eventTypeId(*e)).kind);
}

QColor DataflowView::idleFill() const {
    const QPalette &p = palette();
    return blend(p.color(QPalette::Base), p.color(QPalette::Text), theme::isDark(p) ? 0.16 : 0.10);
}

QColor DataflowView::unitFill(UnitId unit) const {
    if (!state_.hasRun())
        return idleFill();
    const Activity activity = activityOf(unit);
    if (activity.event)
        return theme::opKindColor(activity.event->kind);
    if (activity.bandwidthBps > 0) {
        // A memory moving data without events of its own: tinted as it is used.
        const double f =
            activity.peakBps > 0 ? std::clamp(activity.bandwidthBps / activity.peakBps, 0.0, 1.0) : 0.5;
        return blend(idleFill(), theme::opKindColor(OpKind::MemoryRead), 0.35 + 0.65 * f);
    }
    return idleFill();
}

void DataflowView::paintHint(QPainter &painter, const QString &text) {
    painter.setPen(theme::mutedText());
    painter.drawText(rect().adjusted(20, 20, -20, -20), Qt::AlignCenter | Qt::TextWordWrap, text);
}

void DataflowView::paintEvent(QPaintEvent *) {
    QPainter painter(this);
    painter.fillRect(rect(), palette().color(QPalette::Base));
    painter.setRenderHint(QPainter::Antialiasing);
    dataflowLayout();
    if (!state_.hasRun()) {
        paintHint(painter, tr("No run to show.\nStart a run or open a session to see its units at work."));
        return;
    }
    if (layout_.placedUnits().empty()) {
        paintHint(painter, tr("This run describes no units to draw."));
        return;
    }
    for (const UnitId unit : layout_.placedUnits()) {
        painter.save();
        if (!state_.unitVisible(unit))
            painter.setOpacity(0.35);
        if (layout_.isContainer(unit))
            paintContainer(painter, unit);
        else
            paintTile(painter, unit);
        painter.restore();
    }
    for (const DataflowLayout::Connector &connector : layout_.connectors()) {
        painter.save();
        if (!state_.unitVisible(connector.link))
            painter.setOpacity(0.35);
        paintConnector(painter, connector);
        painter.restore();
    }
    // Selection and hover outlines last, so nothing covers them.
    const auto outline = [&](UnitId unit, const QColor &colour, double width) {
        const QRectF box = layout_.rect(unit);
        if (box.isNull())
            return;
        painter.setPen(QPen(colour, width));
        painter.setBrush(Qt::NoBrush);
        const double radius = layout_.isContainer(unit) ? (layout_.depth(unit) == 0 ? 8 : 6) : 5;
        painter.drawRoundedRect(box.adjusted(-1, -1, 1, 1), radius + 1, radius + 1);
    };
    if (hovered_ != kNoUnit && hovered_ != state_.selectedUnit()) {
        QColor hover = palette().color(QPalette::Highlight);
        hover.setAlpha(140);
        outline(hovered_, hover, 1.5);
    }
    if (state_.selectedUnit() != kNoUnit)
        outline(state_.selectedUnit(), palette().color(QPalette::Highlight), 2.5);
    paintLegend(painter);
}

void DataflowView::paintContainer(QPainter &painter, UnitId unit) {
    const Topology &topology = state_.topology();
    const QPalette &p = palette();
    const bool dark = theme::isDark(p);
    const int depth = layout_.depth(unit);
    const QRectF box = layout_.rect(unit).adjusted(0.5, 0.5, -0.5, -0.5);
    const double radius = depth == 0 ? 8 : 6;
    const QColor base = p.color(QPalette::Base), text = p.color(QPalette::Text);
    const QColor fill = blend(base, text, (dark ? 0.05 : 0.03) + 0.03 * depth);
    painter.setPen(QPen(blend(base, text, dark ? 0.30 : 0.22), depth == 0 ? 1.2 : 1.0));
    painter.setBrush(fill);
    painter.drawRoundedRect(box, radius, radius);

    // Aggregate activity of the leaves below: how many are busy now, their mean utilization in
    // the window, and the op kind most of them run (a thin accent in the header).
    int leaves = 0, busy = 0;
    double utilization = 0;
    std::array<int, kOpKindCount> kindCount{};
    std::vector<UnitId> pending{unit};
    const TimeRange window = utilizationWindow();
    while (!pending.empty()) {
        const UnitId next = pending.back();
        pending.pop_back();
        if (!layout_.isContainer(next)) {
            if (topology.unit(next).kind == UnitKind::Memory)
                continue;  // memories have no busy state of their own in most models
            ++leaves;
            utilization += state_.index().utilization(next, window);
            if (const auto e = state_.index().eventAt(next, state_.cursor())) {
                const OpKind kind =
                    state_.index().snapshot().eventType(state_.index().snapshot().eventTypeId(*e)).kind;
                if (state_.opKindVisible(kind)) {
                    ++busy;
                    ++kindCount[static_cast<std::size_t>(kind)];
                }
            }
            continue;
        }
        for (const UnitId child : topology.children(next))
            if (layout_.isPlaced(child))
                pending.push_back(child);
    }

    const double headerHeight = layout_.metrics().headerHeight;
    const QRectF header(box.left() + 8, box.top(), box.width() - 16, headerHeight);
    if (busy > 0) {
        const auto dominant = std::max_element(kindCount.begin(), kindCount.end()) - kindCount.begin();
        QColor accent = theme::opKindColor(static_cast<OpKind>(dominant));
        painter.setPen(Qt::NoPen);
        painter.setBrush(accent);
        painter.drawRoundedRect(QRectF(box.left() + 4, box.top() + 5, 3, headerHeight - 10), 1.5, 1.5);
    }
    QFont bold = font();
    bold.setBold(true);
    painter.setFont(bold);
    painter.setPen(text);
    const QFontMetricsF boldMetrics(bold);
    const QString name = topology.unit(unit).name;

    // Right side: "3/6 busy" and a slim utilization bar, when there is room for them.
    QFont small = font();
    small.setPointSizeF(font().pointSizeF() * 0.85);
    const QFontMetricsF smallMetrics(small);
    // A core that is its device's only box repeats the device's summary: show it once.
    const UnitId parent = topology.unit(unit).parent;
    bool repeatsParent = false;
    if (parent != kNoUnit && layout_.isPlaced(parent)) {
        int boxSiblings = 0, tileSiblings = 0;
        for (const UnitId sibling : topology.children(parent)) {
            if (!layout_.isPlaced(sibling))
                continue;
            if (layout_.isContainer(sibling))
                ++boxSiblings;
            else if (topology.unit(sibling).kind != UnitKind::Memory)
                ++tileSiblings;
        }
        repeatsParent = boxSiblings == 1 && tileSiblings == 0;
    }
    QString summary;
    if (leaves > 0 && !repeatsParent)
        summary = tr("%1/%2 busy").arg(busy).arg(leaves);
    const double barWidth = 34;
    const double summaryWidth =
        summary.isEmpty() ? 0 : smallMetrics.horizontalAdvance(summary) + barWidth + 14;
    const double nameWidth = boldMetrics.horizontalAdvance(name);
    const bool showSummary = !summary.isEmpty() && header.width() - nameWidth - 10 >= summaryWidth;
    const QRectF nameRect = header.adjusted(0, 0, showSummary ? -summaryWidth : 0, 0);
    painter.drawText(nameRect, Qt::AlignLeft | Qt::AlignVCenter,
                     boldMetrics.elidedText(name, Qt::ElideRight, nameRect.width()));
    // The kind after the name, muted, when it fits.
    const QString kind = toString(topology.unit(unit).kind);
    if (nameWidth + 12 + QFontMetricsF(small).horizontalAdvance(kind) < nameRect.width()) {
        painter.setFont(small);
        painter.setPen(theme::mutedText());
        painter.drawText(nameRect.adjusted(nameWidth + 8, 0, 0, 0), Qt::AlignLeft | Qt::AlignVCenter, kind);
    }
    if (showSummary) {
        painter.setFont(small);
        painter.setPen(theme::mutedText());
        const QRectF bar(header.right() - barWidth, header.center().y() - 2.5, barWidth, 5);
        painter.drawText(QRectF(header.left(), header.top(), bar.left() - 6 - header.left(), header.height()),
                         Qt::AlignRight | Qt::AlignVCenter, summary);
        painter.setPen(Qt::NoPen);
        painter.setBrush(blend(base, text, 0.15));
        painter.drawRoundedRect(bar, 2.5, 2.5);
        const double mean = leaves > 0 ? std::clamp(utilization / leaves, 0.0, 1.0) : 0.0;
        painter.setBrush(p.color(QPalette::Highlight));
        if (mean > 0)
            painter.drawRoundedRect(
                QRectF(bar.left(), bar.top(), std::max(2.5, bar.width() * mean), bar.height()), 2.5, 2.5);
    }
    painter.setFont(font());
}

void DataflowView::paintTile(QPainter &painter, UnitId unit) {
    const Topology &topology = state_.topology();
    const QRectF box = layout_.rect(unit).adjusted(0.5, 0.5, -0.5, -0.5);
    const Activity activity = activityOf(unit);
    const QColor fill = unitFill(unit);
    const QColor ink = textOn(fill);
    const bool dark = theme::isDark(palette());
    painter.setPen(QPen(dark ? fill.lighter(135) : fill.darker(125), 1));
    painter.setBrush(fill);
    painter.drawRoundedRect(box, 5, 5);

    const bool isMemory = topology.unit(unit).kind == UnitKind::Memory;
    const QFontMetricsF fm(font());
    const double pad = box.width() < 70 ? 4 : 6;
    const QRectF inner = box.adjusted(pad, pad - 1, -pad, -pad);
    const double line = fm.height();
    const double barHeight = 4;
    const bool hasBar = inner.height() >= line + barHeight + 4;
    const double textBottom = hasBar ? inner.bottom() - barHeight - 3 : inner.bottom();
    const int lines = std::max(0, static_cast<int>((textBottom - inner.top()) / line));

    QFont bold = font();
    bold.setBold(true);
    const QFontMetricsF boldMetrics(bold);
    painter.setFont(bold);
    painter.setPen(ink);
    const QString name = topology.unit(unit).name;
    double y = inner.top();
    if (lines >= 1) {
        // The utilization in the window at the right of the name line, when both fit.
        const QString percent = format::percent(activity.utilization);
        QFont small = font();
        small.setPointSizeF(font().pointSizeF() * 0.85);
        const double percentWidth = QFontMetricsF(small).horizontalAdvance(percent);
        const bool showPercent =
            boldMetrics.horizontalAdvance(name) + percentWidth + 8 <= inner.width() && !isMemory && hasBar;
        // A long name takes two lines when the tile has room for them ("DMA / read").
        const bool wrap = !showPercent && boldMetrics.horizontalAdvance(name) > inner.width() && lines >= 3 &&
                          name.contains(QLatin1Char(' '));
        if (wrap) {
            const qsizetype space = name.indexOf(QLatin1Char(' '));
            painter.drawText(QRectF(inner.left(), y, inner.width(), line), Qt::AlignLeft | Qt::AlignVCenter,
                             boldMetrics.elidedText(name.left(space), Qt::ElideRight, inner.width()));
            y += line;
            painter.drawText(QRectF(inner.left(), y, inner.width(), line), Qt::AlignLeft | Qt::AlignVCenter,
                             boldMetrics.elidedText(name.mid(space + 1), Qt::ElideRight, inner.width()));
        } else {
            painter.drawText(QRectF(inner.left(), y, inner.width(), line), Qt::AlignLeft | Qt::AlignVCenter,
                             boldMetrics.elidedText(name, Qt::ElideRight, inner.width()));
        }
        if (showPercent) {
            painter.setFont(small);
            QColor soft = ink;
            soft.setAlphaF(0.75f);
            painter.setPen(soft);
            painter.drawText(QRectF(inner.left(), y, inner.width(), line), Qt::AlignRight | Qt::AlignVCenter,
                             percent);
        }
        y += line;
    }
    painter.setFont(font());
    QColor soft = ink;
    soft.setAlphaF(0.8f);
    const auto textLine = [&](const QString &text) {
        if (y + line > textBottom + 0.5)
            return;
        painter.setPen(soft);
        painter.drawText(QRectF(inner.left(), y, inner.width(), line), Qt::AlignLeft | Qt::AlignVCenter,
                         fm.elidedText(text, Qt::ElideRight, inner.width()));
        y += line;
    };
    if (activity.event)
        textLine(activity.event->label.isEmpty() ? theme::opKindLabel(activity.event->kind)
                                                 : activity.event->label);
    if (isMemory ||
        (linkOf_.size() > static_cast<std::size_t>(unit) && linkOf_[static_cast<std::size_t>(unit)] >= 0)) {
        if (activity.bandwidthBps > 0)
            textLine(activity.peakBps > 0
                         ? tr("%1 (%2)").arg(bandwidthText(activity.bandwidthBps),
                                             format::percent(activity.bandwidthBps / activity.peakBps))
                         : bandwidthText(activity.bandwidthBps));
        else if (!activity.event)
            textLine(tr("idle"));
    } else if (!activity.event) {
        textLine(tr("idle"));
    }
    if (!hasBar)
        return;
    // Memories: bandwidth at the cursor against their peak; other units: busy share of the window.
    const double fraction =
        isMemory && activity.peakBps > 0 ? activity.bandwidthBps / activity.peakBps : activity.utilization;
    const QRectF track(inner.left(), inner.bottom() - barHeight, inner.width(), barHeight);
    QColor trackColour = ink;
    trackColour.setAlphaF(0.18f);
    QColor barColour = ink;
    barColour.setAlphaF(0.7f);
    painter.setPen(Qt::NoPen);
    painter.setBrush(trackColour);
    painter.drawRoundedRect(track, 2, 2);
    if (fraction > 0) {
        painter.setBrush(barColour);
        painter.drawRoundedRect(
            QRectF(track.left(), track.top(), std::max(3.0, track.width() * std::clamp(fraction, 0.0, 1.0)),
                   barHeight),
            2, 2);
    }
}

void DataflowView::paintConnector(QPainter &painter, const DataflowLayout::Connector &connector) {
    const Activity activity = activityOf(connector.link);
    const QPalette &p = palette();
    const bool active = activity.event.has_value();
    double fraction = 0;
    if (active)
        fraction =
            activity.peakBps > 0 ? std::clamp(activity.bandwidthBps / activity.peakBps, 0.0, 1.0) : 0.5;
    const bool highlighted = connector.link == state_.selectedUnit() || connector.link == hovered_;
    QColor colour = active ? theme::opKindColor(activity.event->kind)
                           : blend(p.color(QPalette::Base), p.color(QPalette::Text), 0.35);
    if (highlighted)
        colour = p.color(QPalette::Highlight);
    const double penWidth = active ? 2.2 + 4.5 * fraction : (highlighted ? 2.0 : 1.3);
    painter.setBrush(Qt::NoBrush);
    painter.setPen(QPen(colour, penWidth, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    painter.drawPath(connector.path);
    if (!connector.bidirectional) {
        // Arrowhead at the `to` end, pointing along the connector.
        const double size = 6 + penWidth * 1.2;
        const double angle = connector.endAngleDegrees * M_PI / 180.0;
        const QPointF tip = connector.endPoint;
        const QPointF back(std::cos(angle), std::sin(angle));
        const QPointF side(-back.y(), back.x());
        QPolygonF head;
        head << tip << tip - back * size + side * size * 0.5 << tip - back * size - side * size * 0.5;
        painter.setPen(Qt::NoPen);
        painter.setBrush(colour);
        painter.drawPolygon(head);
    }
    if (!active || activity.bandwidthBps <= 0)
        return;
    // The bandwidth in a small pill beside (or on) the connector's longest part.
    QFont small = font();
    small.setPointSizeF(font().pointSizeF() * 0.85);
    const QFontMetricsF fm(small);
    const QString label = bandwidthText(activity.bandwidthBps);
    const QSizeF size(fm.horizontalAdvance(label) + 10, fm.height() + 2);
    QPointF centre = connector.labelAnchor;
    if (connector.labelVertical)
        centre += QPointF(size.width() / 2 + penWidth / 2 + 3, 0);
    QRectF pill(centre - QPointF(size.width() / 2, size.height() / 2), size);
    // Keep it inside the widget.
    pill.moveLeft(std::clamp(pill.left(), 2.0, std::max(2.0, width() - pill.width() - 2)));
    painter.setFont(small);
    painter.setPen(QPen(colour, 1));
    painter.setBrush(p.color(QPalette::Base));
    painter.drawRoundedRect(pill, size.height() / 2, size.height() / 2);
    painter.setPen(p.color(QPalette::Text));
    painter.drawText(pill, Qt::AlignCenter, label);
    painter.setFont(font());
}

void DataflowView::paintLegend(QPainter &painter) {
    const QRectF strip = legendRect();
    const QPalette &p = palette();
    painter.setPen(QPen(theme::gridLine(), 1));
    painter.drawLine(QPointF(strip.left(), strip.top() + 0.5), QPointF(strip.right(), strip.top() + 0.5));
    QFont small = font();
    small.setPointSizeF(font().pointSizeF() * 0.9);
    painter.setFont(small);
    const QFontMetricsF fm(small);

    // Right: what the bars measure, so "73 %" has a meaning.
    const TimeRange window = utilizationWindow();
    QString windowText;
    const RunRecord *record = state_.record();
    if (state_.index().levelCount() >= 2 && record && record->stepLevels.size() >= 2)
        windowText = tr("bars: busy share of this %1 (%2)")
                         .arg(record->stepLevels[1].name, format::duration(window.length()));
    else
        windowText = tr("bars: busy share of the last %1").arg(format::duration(window.length()));
    const QString cursorText = tr("t = %1").arg(format::duration(state_.cursor()));

    double x = strip.left() + 10;
    const double rightReserve = fm.horizontalAdvance(windowText) + fm.horizontalAdvance(cursorText) + 40;
    const double limit = strip.right() - (strip.width() > 760 ? rightReserve : 10);
    const double swatch = std::round(fm.height() * 0.7);
    const auto item = [&](const QColor &colour, const QString &label) {
        const double w = swatch + 5 + fm.horizontalAdvance(label) + 14;
        if (x + w > limit)
            return;
        painter.setPen(Qt::NoPen);
        painter.setBrush(colour);
        painter.drawRoundedRect(QRectF(x, strip.center().y() - swatch / 2, swatch, swatch), 2, 2);
        painter.setPen(p.color(QPalette::Text));
        painter.drawText(QRectF(x + swatch + 5, strip.top(), w, strip.height()),
                         Qt::AlignLeft | Qt::AlignVCenter, label);
        x += w;
    };
    const bool any = std::find(kindsInRun_.begin(), kindsInRun_.end(), true) != kindsInRun_.end();
    for (int k = 0; k < kOpKindCount; ++k)
        if (!any || kindsInRun_[static_cast<std::size_t>(k)])
            item(theme::opKindColor(static_cast<OpKind>(k)), theme::opKindLabel(static_cast<OpKind>(k)));
    item(idleFill(), tr("Idle"));
    if (strip.width() > 760) {
        painter.setPen(theme::mutedText());
        painter.drawText(strip.adjusted(0, 0, -10, 0), Qt::AlignRight | Qt::AlignVCenter,
                         cursorText + QStringLiteral("   ") + windowText);
    }
    painter.setFont(font());
}

QString DataflowView::tooltipFor(UnitId unit) const {
    const Topology &topology = state_.topology();
    const Unit &u = topology.unit(unit);
    const Activity activity = activityOf(unit);
    const TimeRange window = utilizationWindow();
    const RangeStats stats = state_.index().stats(unit, window);
    QString html = QStringLiteral("<b>%1</b> <span style='color:gray'>%2</span>")
                       .arg(topology.path(unit).toHtmlEscaped(), toString(u.kind));
    if (!u.doc.isEmpty())
        html += QStringLiteral("<br><i>%1</i>").arg(u.doc.toHtmlEscaped());
    html += QStringLiteral("<hr>");
    if (activity.event) {
        const UnitEvent &e = *activity.event;
        html += tr("Now: <b>%1</b> (%2)<br>%3 → %4 (%5)")
                    .arg(e.label.toHtmlEscaped(), theme::opKindLabel(e.kind), format::duration(e.begin),
                         format::duration(e.end), format::duration(e.end - e.begin));
        if (e.bytes > 0)
            html += tr("<br>Bytes: %1 (%2)")
                        .arg(format::bytes(static_cast<double>(e.bytes)),
                             format::bandwidth(static_cast<double>(e.bytes), e.end - e.begin));
        if (e.flops > 0)
            html += tr("<br>FLOPs: %1").arg(format::flops(static_cast<double>(e.flops)));
    } else if (!layout_.isContainer(unit)) {
        html += tr("Idle at %1").arg(format::duration(state_.cursor()));
    }
    if (activity.peakBps > 0) {
        html += tr("<br>Bandwidth now: %1 of %2 peak")
                    .arg(bandwidthText(activity.bandwidthBps), bandwidthText(activity.peakBps));
    }
    if (!layout_.isContainer(unit) || stats.events > 0)
        html += tr("<br>Busy %1 of %2 → %3 (%4 events, %5, %6)")
                    .arg(format::percent(stats.utilization(window)), format::duration(window.begin),
                         format::duration(window.end))
                    .arg(stats.events)
                    .arg(format::bytes(stats.bytes), format::flops(stats.flops));
    if (layout_.isContainer(unit))
        html += tr("<br>Click to show only this unit and what it holds.");
    return html;
}

bool DataflowView::event(QEvent *event) {
    if (event->type() == QEvent::ToolTip && state_.hasRun()) {
        auto *help = static_cast<QHelpEvent *>(event);
        UnitId unit = dataflowLayout().linkAt(help->pos());
        if (unit == kNoUnit)
            unit = dataflowLayout().unitAt(help->pos());
        if (unit == kNoUnit) {
            QToolTip::hideText();
            event->ignore();
        } else {
            QToolTip::showText(help->globalPos(), tooltipFor(unit), this);
        }
        return true;
    }
    return QWidget::event(event);
}

void DataflowView::mouseMoveEvent(QMouseEvent *event) {
    if (!state_.hasRun())
        return;
    UnitId unit = dataflowLayout().linkAt(event->position());
    if (unit == kNoUnit)
        unit = dataflowLayout().unitAt(event->position());
    if (unit != hovered_) {
        hovered_ = unit;
        setCursor(unit == kNoUnit ? Qt::ArrowCursor : Qt::PointingHandCursor);
        update();
    }
}

void DataflowView::leaveEvent(QEvent *event) {
    QWidget::leaveEvent(event);
    if (hovered_ != kNoUnit) {
        hovered_ = kNoUnit;
        update();
    }
}

void DataflowView::mousePressEvent(QMouseEvent *event) {
    if (!state_.hasRun() || event->button() != Qt::LeftButton) {
        QWidget::mousePressEvent(event);
        return;
    }
    UnitId unit = dataflowLayout().linkAt(event->position());
    if (unit == kNoUnit)
        unit = dataflowLayout().unitAt(event->position());
    if (unit == kNoUnit) {
        state_.setUnitFilter({});
        state_.setSelectedUnit(kNoUnit);
    } else {
        state_.filterToSubtree(unit);
        state_.setSelectedUnit(unit);
    }
}

}  // namespace accelscope
