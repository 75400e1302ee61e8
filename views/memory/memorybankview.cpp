#include "views/memory/memorybankview.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>
#include <QWheelEvent>

#include "views/common/format.h"
#include "views/common/theme.h"

namespace accelscope {

namespace {

QColor blend(const QColor &a, const QColor &b, double t) {
    return QColor::fromRgbF(static_cast<float>(a.redF() + t * (b.redF() - a.redF())),
                            static_cast<float>(a.greenF() + t * (b.greenF() - a.greenF())),
                            static_cast<float>(a.blueF() + t * (b.blueF() - a.blueF())));
}

QColor conflictColour(bool dark) {
    return dark ? QColor(0xff, 0x6b, 0x6b) : QColor(0xd6, 0x28, 0x28);
}

}  // namespace

struct MemoryBankView::Memory {
    UnitId unit = kNoUnit;
    QString path;
    int banks = 1;
    std::int64_t capacity = 0;  // per bank
    std::vector<std::optional<SeriesId>> bankSeries;
    std::vector<std::optional<SeriesId>> conflictSeries;
    std::vector<std::vector<std::optional<SeriesId>>> ownerSeries;  // [bank][owner]
    bool hasOwners = false;
    bool recorded = false;  // any occupancy series at all
    // Total occupancy over the run as a step function, and its per-column summary for one width.
    std::vector<TimePs> historyTime;
    std::vector<double> historyTotal;
    mutable int cachedColumns = -1;
    mutable std::vector<std::pair<double, double>> columns;
};

MemoryBankView::MemoryBankView(ViewState &state, QWidget *parent) : QWidget(parent), state_(state) {
    setAttribute(Qt::WA_OpaquePaintEvent);
    setMouseTracking(true);
    connect(&state_, &ViewState::runChanged, this, [this] {
        scroll_ = 0;
        rebuild();
        update();
    });
    connect(&state_, &ViewState::traceChanged, this, [this] {
        rebuild();
        update();
    });
    connect(&state_, &ViewState::cursorChanged, this, [this] { update(); });
    connect(&state_, &ViewState::selectedUnitChanged, this, [this] { update(); });
    rebuild();
}

MemoryBankView::~MemoryBankView() = default;

int MemoryBankView::memoryCount() const {
    return static_cast<int>(memories_.size());
}

void MemoryBankView::rebuild() {
    memories_.clear();
    owners_.clear();
    if (state_.hasRun()) {
        const Topology &topology = state_.topology();
        const TraceIndex &index = state_.index();
        for (const MemoryInfo &info : topology.memories()) {
            Memory memory;
            memory.unit = info.unit;
            memory.path = topology.path(info.unit);
            memory.banks = std::max(1, info.banks);
            memory.capacity = info.bankCapacityBytes;
            for (int b = 0; b < memory.banks; ++b) {
                const QString bank = memory.path + QStringLiteral("/bank%1").arg(b);
                memory.bankSeries.push_back(index.findSeries(bank));
                memory.conflictSeries.push_back(index.findSeries(bank + QStringLiteral("/conflicts")));
                memory.recorded = memory.recorded || memory.bankSeries.back().has_value();
            }
            memory.ownerSeries.assign(static_cast<std::size_t>(memory.banks), {});
            memories_.push_back(std::move(memory));
        }
        // Owners: "<path>/bank<i>/<owner>" for any owner but "conflicts". One scan of the names.
        // (A snapshot with no samples has no series table to read.)
        static const std::vector<CounterSeries> none;
        const std::vector<CounterSeries> &all =
            index.snapshot().counterCount() > 0 ? index.snapshot().series() : none;
        for (std::size_t id = 0; id < all.size(); ++id) {
            const QString &name = all[id].name;
            for (Memory &memory : memories_) {
                const QString prefix = memory.path + QStringLiteral("/bank");
                if (!name.startsWith(prefix))
                    continue;
                const QString rest = name.mid(prefix.size());
                const qsizetype slash = rest.indexOf(QLatin1Char('/'));
                if (slash <= 0)
                    continue;
                bool ok = false;
                const int bank = rest.left(slash).toInt(&ok);
                const QString owner = rest.mid(slash + 1);
                if (!ok || bank < 0 || bank >= memory.banks || owner.isEmpty() ||
                    owner == QLatin1String("conflicts"))
                    continue;
                qsizetype o = owners_.indexOf(owner);
                if (o < 0) {
                    owners_.append(owner);
                    o = owners_.size() - 1;
                }
                auto &perBank = memory.ownerSeries[static_cast<std::size_t>(bank)];
                if (perBank.size() <= static_cast<std::size_t>(o))
                    perBank.resize(static_cast<std::size_t>(o) + 1);
                perBank[static_cast<std::size_t>(o)] = static_cast<SeriesId>(id);
                memory.hasOwners = true;
                memory.recorded = true;
            }
        }
        // Occupancy history: sweep every bank's samples in time order, keeping a running total.
        // A bank without a total series counts as the sum of its owners.
        for (Memory &memory : memories_) {
            struct Sample {
                TimePs time;
                std::size_t component;
                double value;
            };
            std::vector<Sample> samples;
            std::vector<std::size_t> runEnds;  // each series is a run already sorted by time
            std::size_t components = 0;
            const auto addSeries = [&](std::optional<SeriesId> id) {
                if (!id)
                    return;
                if (const TraceIndex::Series *s = index.series(*id))
                    for (std::size_t i = 0; i < s->time.size(); ++i)
                        samples.push_back({s->time[i], components, s->value[i]});
                runEnds.push_back(samples.size());
                ++components;
            };
            for (int b = 0; b < memory.banks; ++b) {
                if (memory.bankSeries[static_cast<std::size_t>(b)])
                    addSeries(memory.bankSeries[static_cast<std::size_t>(b)]);
                else
                    for (const auto &owner : memory.ownerSeries[static_cast<std::size_t>(b)])
                        addSeries(owner);
            }
            // Merge the sorted runs pairwise, O(n log series) rather than a sort of everything;
            // stable, so samples at one time stay in series order.
            const auto earlier = [](const Sample &a, const Sample &b) { return a.time < b.time; };
            const auto at = [&samples](std::size_t i) { return samples.begin() + static_cast<std::ptrdiff_t>(i); };
            while (runEnds.size() > 1) {
                std::vector<std::size_t> merged;
                for (std::size_t r = 0; r < runEnds.size(); r += 2) {
                    if (r + 1 < runEnds.size()) {
                        const std::size_t first = r == 0 ? 0 : runEnds[r - 1];
                        std::inplace_merge(at(first), at(runEnds[r]), at(runEnds[r + 1]), earlier);
                        merged.push_back(runEnds[r + 1]);
                    } else {
                        merged.push_back(runEnds[r]);
                    }
                }
                runEnds = std::move(merged);
            }
            std::vector<double> current(components, 0.0);
            double total = 0;
            for (std::size_t i = 0; i < samples.size(); ++i) {
                total += samples[i].value - current[samples[i].component];
                current[samples[i].component] = samples[i].value;
                if (i + 1 < samples.size() && samples[i + 1].time == samples[i].time)
                    continue;
                memory.historyTime.push_back(samples[i].time);
                memory.historyTotal.push_back(total);
            }
        }
    }
    relayout();
}

QRectF MemoryBankView::legendRect() const {
    if (owners_.isEmpty() || memories_.empty())
        return {};
    const double height = fontMetrics().height() + 12;
    return QRectF(0, this->height() - height, width(), height);
}

void MemoryBankView::ensureLayout() const {
    if (layoutSize_ != size())
        relayout();
}

void MemoryBankView::relayout() const {
    layoutSize_ = size();
    geometry_.clear();
    contentHeight_ = 0;
    if (memories_.empty())
        return;
    const QFontMetricsF fm(font());
    const double margin = 10, gap = 14;
    const QRectF legend = legendRect();
    const double viewHeight = (legend.isNull() ? height() : legend.top()) - 2 * margin;
    const double viewWidth = width() - 2 * margin;
    const int count = static_cast<int>(memories_.size());
    // Sections side by side when the widget is wide enough; rows share the height but never
    // shrink below a readable minimum (the view scrolls then).
    const double minSectionWidth = std::max(300.0, fm.averageCharWidth() * 40);
    const int columns = std::clamp(static_cast<int>((viewWidth + gap) / (minSectionWidth + gap)), 1, count);
    const int rows = (count + columns - 1) / columns;
    const double headerHeight = fm.height() + 8;
    const double sparkHeight = std::max(26.0, fm.height() * 2.0);
    const double minSection = headerHeight + 40 + sparkHeight + 12;
    const double sectionHeight = std::max(minSection, (viewHeight - (rows - 1) * gap) / rows);
    const double sectionWidth = (viewWidth - (columns - 1) * gap) / columns;
    for (int m = 0; m < count; ++m) {
        const int row = m / columns, column = m % columns;
        Geometry g;
        g.section = QRectF(margin + column * (sectionWidth + gap), margin + row * (sectionHeight + gap),
                           sectionWidth, sectionHeight);
        g.header = QRectF(g.section.left(), g.section.top(), g.section.width(), headerHeight);
        // The sparkline leaves room at its right for its peak label.
        const double labelWidth = fm.averageCharWidth() * 11;
        g.sparkline = QRectF(g.section.left(), g.section.bottom() - sparkHeight,
                             g.section.width() - labelWidth, sparkHeight);
        g.grid = QRectF(g.section.left(), g.header.bottom() + 2, g.section.width(),
                        g.sparkline.top() - 8 - g.header.bottom() - 2);
        // Bank cells: the column count that makes cells closest to a tall-ish shape (fill
        // levels read best vertically), capped so a two-bank memory does not become two walls.
        const int banks = memories_[static_cast<std::size_t>(m)].banks;
        const double cellGap = banks > 48 ? 2 : 4;
        int bestColumns = 1;
        double bestScore = std::numeric_limits<double>::infinity();
        for (int c = 1; c <= banks; ++c) {
            const int r = (banks + c - 1) / c;
            const double w = (g.grid.width() - (c - 1) * cellGap) / c;
            const double h = (g.grid.height() - (r - 1) * cellGap) / r;
            if (w < 4 || h < 4)
                continue;
            const double score = std::abs(std::log((w / h) / 0.75)) + (r * c - banks) * 0.02;
            if (score < bestScore) {
                bestScore = score;
                bestColumns = c;
            }
        }
        const int cellRows = (banks + bestColumns - 1) / bestColumns;
        const double maxCellWidth = std::max(60.0, fm.averageCharWidth() * 14);
        const double maxCellHeight = std::max(90.0, fm.height() * 6);
        const double cellWidth =
            std::min(maxCellWidth, (g.grid.width() - (bestColumns - 1) * cellGap) / bestColumns);
        const double cellHeight =
            std::min(maxCellHeight, (g.grid.height() - (cellRows - 1) * cellGap) / cellRows);
        for (int b = 0; b < banks; ++b) {
            const int r = b / bestColumns, c = b % bestColumns;
            g.cells.emplace_back(g.grid.left() + c * (cellWidth + cellGap),
                                 g.grid.top() + r * (cellHeight + cellGap), cellWidth, cellHeight);
        }
        // The sparkline sits right under the last row of banks.
        if (!g.cells.empty()) {
            const double cellsBottom = g.cells.back().bottom();
            g.sparkline.moveTop(std::min(g.sparkline.top(), cellsBottom + 10));
            g.section.setBottom(g.sparkline.bottom());
        }
        contentHeight_ = std::max(contentHeight_, g.section.bottom() + margin);
        geometry_.push_back(std::move(g));
    }
    const double visible = legend.isNull() ? height() : legend.top();
    scroll_ = std::clamp(scroll_, 0.0, std::max(0.0, contentHeight_ - visible));
    for (const Memory &memory : memories_)
        memory.cachedColumns = -1;
}

void MemoryBankView::resizeEvent(QResizeEvent *event) {
    QWidget::resizeEvent(event);
    relayout();
}

void MemoryBankView::changeEvent(QEvent *event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::FontChange || event->type() == QEvent::StyleChange) {
        relayout();
        update();
    }
}

void MemoryBankView::wheelEvent(QWheelEvent *event) {
    ensureLayout();
    const QRectF legend = legendRect();
    const double visible = legend.isNull() ? height() : legend.top();
    if (contentHeight_ <= visible) {
        event->ignore();
        return;
    }
    scroll_ = std::clamp(scroll_ - event->angleDelta().y() / 2.0, 0.0, contentHeight_ - visible);
    update();
}

QRectF MemoryBankView::bankRect(int memory, int bank) const {
    ensureLayout();
    if (memory < 0 || memory >= static_cast<int>(geometry_.size()))
        return {};
    const auto &cells = geometry_[static_cast<std::size_t>(memory)].cells;
    if (bank < 0 || bank >= static_cast<int>(cells.size()))
        return {};
    return cells[static_cast<std::size_t>(bank)].translated(0, -scroll_);
}

QRectF MemoryBankView::sparklineRect(int memory) const {
    ensureLayout();
    if (memory < 0 || memory >= static_cast<int>(geometry_.size()))
        return {};
    return geometry_[static_cast<std::size_t>(memory)].sparkline.translated(0, -scroll_);
}

double MemoryBankView::bankBytes(const Memory &memory, int bank, TimePs t) const {
    const TraceIndex &index = state_.index();
    if (const auto series = memory.bankSeries[static_cast<std::size_t>(bank)])
        return index.counterAt(*series, t);
    double sum = 0;
    for (const auto &owner : memory.ownerSeries[static_cast<std::size_t>(bank)])
        if (owner)
            sum += index.counterAt(*owner, t);
    return sum;
}

double MemoryBankView::totalBytesAt(const Memory &memory, TimePs t) const {
    const auto it = std::upper_bound(memory.historyTime.begin(), memory.historyTime.end(), t);
    if (it == memory.historyTime.begin())
        return 0;
    return memory.historyTotal[static_cast<std::size_t>(it - memory.historyTime.begin()) - 1];
}

double MemoryBankView::bankFill(int memory, int bank) const {
    if (memory < 0 || memory >= memoryCount())
        return 0;
    const Memory &m = memories_[static_cast<std::size_t>(memory)];
    if (bank < 0 || bank >= m.banks || m.capacity <= 0)
        return 0;
    return bankBytes(m, bank, state_.cursor()) / static_cast<double>(m.capacity);
}

std::vector<double> MemoryBankView::ownerBytes(int memory, int bank) const {
    std::vector<double> bytes;
    if (memory < 0 || memory >= memoryCount() || owners_.isEmpty())
        return bytes;
    const Memory &m = memories_[static_cast<std::size_t>(memory)];
    if (bank < 0 || bank >= m.banks)
        return bytes;
    bytes.assign(static_cast<std::size_t>(owners_.size()), 0.0);
    const auto &series = m.ownerSeries[static_cast<std::size_t>(bank)];
    for (std::size_t o = 0; o < series.size(); ++o)
        if (series[o])
            bytes[o] = state_.index().counterAt(*series[o], state_.cursor());
    return bytes;
}

QColor MemoryBankView::ownerColor(int owner) const {
    // Categorical colours chosen apart from the single-fill blue, light and dark variants.
    static constexpr QRgb light[] = {0xff2a9d8f, 0xffe9a23b, 0xff8e6bbf, 0xffd1495b,
                                     0xff4f86c6, 0xff7fb069, 0xffc06c84, 0xff6c757d};
    static constexpr QRgb dark[] = {0xff4fc1b0, 0xfff2bd63, 0xffb49ae0, 0xffef6f7f,
                                    0xff79a9e6, 0xff9fd08a, 0xffe08fa6, 0xffadb5bd};
    const int i = ((owner % 8) + 8) % 8;
    return QColor::fromRgba(theme::isDark(palette()) ? dark[i] : light[i]);
}

QColor MemoryBankView::fillColor() const {
    return theme::isDark(palette()) ? QColor(0x5a, 0xa9, 0xf0) : QColor(0x3a, 0x7c, 0xc9);
}

std::optional<TimePs> MemoryBankView::stepStartBefore(TimePs t) const {
    const TraceIndex &index = state_.index();
    if (index.levelCount() < 1)
        return std::nullopt;
    const std::vector<std::uint32_t> &list = index.markersOf(0);
    const std::span<const Marker> markers = index.snapshot().markers();
    const auto it = std::lower_bound(list.begin(), list.end(), t,
                                     [&](std::uint32_t m, TimePs time) { return markers[m].time < time; });
    if (it == list.begin())
        return list.empty() ? std::nullopt : std::optional<TimePs>(0);
    return markers[*std::prev(it)].time;
}

double MemoryBankView::conflictCount(int memory, int bank) const {
    if (memory < 0 || memory >= memoryCount())
        return 0;
    const Memory &m = memories_[static_cast<std::size_t>(memory)];
    if (bank < 0 || bank >= m.banks || !m.conflictSeries[static_cast<std::size_t>(bank)])
        return 0;
    return state_.index().counterAt(*m.conflictSeries[static_cast<std::size_t>(bank)], state_.cursor());
}

bool MemoryBankView::conflictHighlighted(int memory, int bank) const {
    if (memory < 0 || memory >= memoryCount())
        return false;
    const Memory &m = memories_[static_cast<std::size_t>(memory)];
    if (bank < 0 || bank >= m.banks || !m.conflictSeries[static_cast<std::size_t>(bank)])
        return false;
    const SeriesId id = *m.conflictSeries[static_cast<std::size_t>(bank)];
    const TraceIndex &index = state_.index();
    const TimePs cursor = state_.cursor();
    const double now = index.counterAt(id, cursor);
    double before = 0;
    if (const auto start = stepStartBefore(cursor)) {
        before = index.counterAt(id, *start);
    } else if (const TraceIndex::Series *s = index.series(id)) {
        // No step markers: compare with the sample before the one in effect.
        const auto it = std::upper_bound(s->time.begin(), s->time.end(), cursor);
        const auto i = it - s->time.begin();
        before = i >= 2 ? s->value[static_cast<std::size_t>(i - 2)] : 0;
    }
    return now > before;
}

std::vector<std::pair<double, double>> MemoryBankView::historyColumns(int memory, int columns) const {
    if (memory < 0 || memory >= memoryCount() || columns <= 0)
        return {};
    const Memory &m = memories_[static_cast<std::size_t>(memory)];
    if (m.cachedColumns == columns)
        return m.columns;
    // One pass over the step function: each column covers [t0, t1) and takes the value in force
    // at t0 and every sample inside.
    std::vector<std::pair<double, double>> result(static_cast<std::size_t>(columns));
    const double end = static_cast<double>(std::max<TimePs>(state_.endTime(), 1));
    std::size_t next = 0;
    double value = 0;
    for (int c = 0; c < columns; ++c) {
        const auto t0 = static_cast<TimePs>(std::floor(end * c / columns));
        const auto t1 = static_cast<TimePs>(std::floor(end * (c + 1) / columns));
        while (next < m.historyTime.size() && m.historyTime[next] <= t0)
            value = m.historyTotal[next++];
        double low = value, high = value;
        while (next < m.historyTime.size() && m.historyTime[next] < t1) {
            value = m.historyTotal[next++];
            low = std::min(low, value);
            high = std::max(high, value);
        }
        result[static_cast<std::size_t>(c)] = {low, high};
    }
    m.cachedColumns = columns;
    m.columns = result;
    return result;
}

void MemoryBankView::paintHint(QPainter &painter, const QString &text) {
    painter.setPen(theme::mutedText());
    painter.drawText(rect().adjusted(20, 20, -20, -20), Qt::AlignCenter | Qt::TextWordWrap, text);
}

void MemoryBankView::paintEvent(QPaintEvent *) {
    ensureLayout();
    QPainter painter(this);
    painter.fillRect(rect(), palette().color(QPalette::Base));
    painter.setRenderHint(QPainter::Antialiasing);
    if (!state_.hasRun()) {
        paintHint(painter, tr("No run to show.\nStart a run or open a session to see its memory banks."));
        return;
    }
    if (memories_.empty()) {
        paintHint(painter, tr("This run's topology has no memories with banks."));
        return;
    }
    const QRectF legend = legendRect();
    painter.save();
    if (!legend.isNull())
        painter.setClipRect(QRectF(0, 0, width(), legend.top()));
    painter.translate(0, -scroll_);
    for (int m = 0; m < memoryCount(); ++m)
        paintMemory(painter, m);
    painter.restore();
    if (contentHeight_ > (legend.isNull() ? height() : legend.top())) {
        // A thin scroll indicator: the content is taller than the view.
        const double visible = legend.isNull() ? height() : legend.top();
        const double length = visible * visible / contentHeight_;
        const double top = scroll_ / (contentHeight_ - visible) * (visible - length);
        QColor bar = palette().color(QPalette::Text);
        bar.setAlpha(70);
        painter.setPen(Qt::NoPen);
        painter.setBrush(bar);
        painter.drawRoundedRect(QRectF(width() - 5, top + 2, 3, length - 4), 1.5, 1.5);
    }
    paintLegend(painter);
}

void MemoryBankView::paintMemory(QPainter &painter, int memory) {
    const Memory &m = memories_[static_cast<std::size_t>(memory)];
    const Geometry &g = geometry_[static_cast<std::size_t>(memory)];
    const QPalette &p = palette();
    const QColor text = p.color(QPalette::Text);

    if (m.unit == state_.selectedUnit()) {
        painter.setPen(QPen(p.color(QPalette::Highlight), 2));
        painter.setBrush(Qt::NoBrush);
        painter.drawRoundedRect(g.section.adjusted(-5, -3, 5, 3), 6, 6);
    }

    // Header: path, banks x capacity, total at the cursor (and new conflicts, when any).
    const double capacity = static_cast<double>(m.capacity) * m.banks;
    const double total = totalBytesAt(m, state_.cursor());
    int conflicted = 0;
    for (int b = 0; b < m.banks; ++b)
        conflicted += conflictHighlighted(memory, b) ? 1 : 0;
    QFont bold = font();
    bold.setBold(true);
    QFont small = font();
    small.setPointSizeF(font().pointSizeF() * 0.9);
    const QFontMetricsF boldMetrics(bold), smallMetrics(small);
    QString right = !m.recorded    ? tr("occupancy not recorded")
                    : capacity > 0 ? tr("%1 of %2 (%3)")
                                         .arg(format::bytes(total), format::bytes(capacity),
                                              format::percent(total / capacity))
                                   : format::bytes(total);
    const double rightWidth = smallMetrics.horizontalAdvance(right) + 4;
    const QString name = m.path;
    const QString shape = tr("%1 × %2").arg(m.banks).arg(format::bytes(static_cast<double>(m.capacity)));
    painter.setFont(bold);
    painter.setPen(text);
    const double nameWidth = std::min(boldMetrics.horizontalAdvance(name), g.header.width() - rightWidth - 8);
    painter.drawText(QRectF(g.header.left(), g.header.top(), std::max(0.0, nameWidth), g.header.height()),
                     Qt::AlignLeft | Qt::AlignVCenter,
                     boldMetrics.elidedText(name, Qt::ElideMiddle, nameWidth));
    painter.setFont(small);
    double x = g.header.left() + nameWidth + 10;
    const double room = g.header.right() - rightWidth - 10 - x;
    if (smallMetrics.horizontalAdvance(shape) <= room) {
        painter.setPen(theme::mutedText());
        painter.drawText(QRectF(x, g.header.top(), room, g.header.height()), Qt::AlignLeft | Qt::AlignVCenter,
                         shape);
        x += smallMetrics.horizontalAdvance(shape) + 12;
    }
    if (conflicted > 0) {
        const QString note = tr("%n bank(s) with new conflicts", nullptr, conflicted);
        if (smallMetrics.horizontalAdvance(note) <= g.header.right() - rightWidth - 10 - x) {
            painter.setPen(conflictColour(theme::isDark(p)));
            painter.drawText(QRectF(x, g.header.top(), g.header.right() - rightWidth - x, g.header.height()),
                             Qt::AlignLeft | Qt::AlignVCenter, note);
        }
    }
    painter.setPen(m.recorded ? text : theme::mutedText());
    painter.drawText(g.header, Qt::AlignRight | Qt::AlignVCenter, right);
    painter.setFont(font());

    for (int b = 0; b < m.banks; ++b)
        paintBank(painter, memory, b, g.cells[static_cast<std::size_t>(b)]);
    paintSparkline(painter, memory);
}

void MemoryBankView::paintBank(QPainter &painter, int memory, int bank, const QRectF &cell) {
    const Memory &m = memories_[static_cast<std::size_t>(memory)];
    const QPalette &p = palette();
    const bool dark = theme::isDark(p);
    const QColor base = p.color(QPalette::Base), text = p.color(QPalette::Text);
    const QRectF box = cell.adjusted(0.5, 0.5, -0.5, -0.5);
    const double radius = std::min(4.0, box.width() / 5);
    QPainterPath shape;
    shape.addRoundedRect(box, radius, radius);
    painter.setPen(Qt::NoPen);
    painter.setBrush(blend(base, text, dark ? 0.08 : 0.05));
    painter.drawPath(shape);
    if (!m.recorded) {
        // Nothing to fill: an outline only, so it does not read as "empty".
        painter.setBrush(Qt::NoBrush);
        painter.setPen(QPen(blend(base, text, 0.18), 1, Qt::DashLine));
        painter.drawPath(shape);
        return;
    }

    // The fill, clipped to the cell's rounded shape, stacked by owner from the bottom.
    const double capacity = static_cast<double>(m.capacity);
    const double bytes = bankBytes(m, bank, state_.cursor());
    const double fraction = capacity > 0 ? bytes / capacity : 0;
    painter.save();
    painter.setClipPath(shape);
    double y = box.bottom();
    const auto layer = [&](double layerBytes, const QColor &colour) {
        if (layerBytes <= 0 || capacity <= 0)
            return;
        const double h = std::min(y - box.top(), box.height() * layerBytes / capacity);
        painter.fillRect(QRectF(box.left(), y - h, box.width(), h), colour);
        y -= h;
    };
    if (m.hasOwners) {
        const std::vector<double> owners = ownerBytes(memory, bank);
        double sum = 0;
        for (std::size_t o = 0; o < owners.size(); ++o) {
            layer(owners[o], ownerColor(static_cast<int>(o)));
            sum += owners[o];
        }
        layer(bytes - sum, blend(base, text, 0.35));  // held by no named owner
    } else {
        layer(bytes, fillColor());
    }
    painter.restore();

    const bool conflict = conflictHighlighted(memory, bank);
    painter.setBrush(Qt::NoBrush);
    if (conflict) {
        painter.setPen(QPen(conflictColour(dark), 2));
        painter.drawRoundedRect(box.adjusted(1, 1, -1, -1), radius, radius);
    } else {
        painter.setPen(QPen(blend(base, text, dark ? 0.3 : 0.22), 1));
        painter.drawPath(shape);
    }

    // Numbers when the cell is large enough: percentage, then bytes, at the top.
    QFont small = font();
    small.setPointSizeF(font().pointSizeF() * (box.width() < 44 ? 0.75 : 0.85));
    const QFontMetricsF fm(small);
    const QString percent = QString::number(std::lround(fraction * 100)) + QStringLiteral("%");
    if (box.width() >= fm.horizontalAdvance(percent) + 4 && box.height() >= fm.height() * 2) {
        painter.setFont(small);
        const bool twoLines = box.width() >= fm.horizontalAdvance(format::bytes(bytes)) + 8 &&
                              box.height() >= fm.height() * 3.2;
        const QRectF line(box.left(), box.top() + 2, box.width(), fm.height());
        const QRectF textArea = twoLines ? line.adjusted(0, 0, 0, fm.height()) : line;
        const double fillTop = box.bottom() - box.height() * std::clamp(fraction, 0.0, 1.0);
        if (fillTop < textArea.bottom()) {
            // The fill reaches the numbers: a pill behind them keeps them readable on any colour.
            const double w = fm.horizontalAdvance(twoLines ? format::bytes(bytes) : percent) + 8;
            QColor pill = base;
            pill.setAlpha(215);
            painter.setPen(Qt::NoPen);
            painter.setBrush(pill);
            painter.drawRoundedRect(
                QRectF(textArea.center().x() - w / 2, textArea.top(), w, textArea.height()), 3, 3);
        }
        painter.setPen(text);
        painter.drawText(line, Qt::AlignHCenter | Qt::AlignVCenter, percent);
        if (twoLines) {
            painter.setPen(theme::mutedText());
            painter.drawText(line.translated(0, fm.height()), Qt::AlignHCenter | Qt::AlignVCenter,
                             format::bytes(bytes));
        }
        painter.setFont(font());
    }
    if (conflict && box.width() >= 14) {
        // A badge in the top-right corner.
        const double r = std::min(5.0, box.width() / 6);
        painter.setPen(Qt::NoPen);
        painter.setBrush(conflictColour(dark));
        painter.drawEllipse(QPointF(box.right() - r - 1, box.top() + r + 1), r, r);
    }
}

void MemoryBankView::paintSparkline(QPainter &painter, int memory) {
    const Memory &m = memories_[static_cast<std::size_t>(memory)];
    const QRectF area = geometry_[static_cast<std::size_t>(memory)].sparkline;
    const QPalette &p = palette();
    const QColor base = p.color(QPalette::Base), text = p.color(QPalette::Text);
    if (!m.recorded)
        return;
    painter.setPen(Qt::NoPen);
    painter.setBrush(blend(base, text, theme::isDark(p) ? 0.05 : 0.03));
    painter.drawRoundedRect(area, 3, 3);
    const int columns = std::max(1, static_cast<int>(area.width()));
    const std::vector<std::pair<double, double>> history = historyColumns(memory, columns);
    const double capacity = static_cast<double>(m.capacity) * m.banks;
    double peak = 0;
    for (const auto &[low, high] : history)
        peak = std::max(peak, high);
    // Scaled to the run's peak (with headroom), so growth is visible even in a large memory.
    const double scale = peak > 0 ? peak * 1.15 : std::max(capacity, 1.0);
    const double inner = area.height() - 4;
    const auto yOf = [&](double v) { return area.bottom() - 2 - inner * std::clamp(v / scale, 0.0, 1.0); };
    // Area under the maximum, then the min..max band darker (where occupancy moved within a column).
    QPainterPath fill(QPointF(area.left(), area.bottom() - 2));
    for (int c = 0; c < columns; ++c)
        fill.lineTo(area.left() + c + 0.5, yOf(history[static_cast<std::size_t>(c)].second));
    fill.lineTo(area.left() + columns, area.bottom() - 2);
    fill.closeSubpath();
    QColor colour = m.hasOwners ? ownerColor(0) : fillColor();
    QColor soft = colour;
    soft.setAlpha(70);
    painter.setBrush(soft);
    painter.drawPath(fill);
    painter.setPen(QPen(colour, 1.2));
    QPainterPath line;
    for (int c = 0; c < columns; ++c) {
        const auto [low, high] = history[static_cast<std::size_t>(c)];
        const double x = area.left() + c + 0.5;
        if (c == 0)
            line.moveTo(x, yOf(high));
        else
            line.lineTo(x, yOf(high));
        if (high > low)
            line.lineTo(x, yOf(low));
    }
    painter.setBrush(Qt::NoBrush);
    painter.drawPath(line);
    // The cursor.
    const double end = static_cast<double>(std::max<TimePs>(state_.endTime(), 1));
    const double cx = area.left() + area.width() * static_cast<double>(state_.cursor()) / end;
    painter.setPen(QPen(theme::cursorLine(), 1.5));
    painter.drawLine(QPointF(cx, area.top()), QPointF(cx, area.bottom()));
    // Peak label to the right: what the top of the line means.
    QFont small = font();
    small.setPointSizeF(font().pointSizeF() * 0.85);
    painter.setFont(small);
    painter.setPen(theme::mutedText());
    const QString label = capacity > 0 ? tr("peak %1").arg(format::percent(peak / capacity))
                                       : tr("peak %1").arg(format::bytes(peak));
    painter.drawText(QRectF(area.right() + 6, area.top(), width(), area.height()),
                     Qt::AlignLeft | Qt::AlignVCenter, tr("history\n%1").arg(label));
    painter.setFont(font());
}

void MemoryBankView::paintLegend(QPainter &painter) {
    const QRectF strip = legendRect();
    if (strip.isNull())
        return;
    painter.setPen(QPen(theme::gridLine(), 1));
    painter.drawLine(QPointF(strip.left(), strip.top() + 0.5), QPointF(strip.right(), strip.top() + 0.5));
    QFont small = font();
    small.setPointSizeF(font().pointSizeF() * 0.9);
    painter.setFont(small);
    const QFontMetricsF fm(small);
    const double swatch = std::round(fm.height() * 0.7);
    double x = strip.left() + 10;
    const auto item = [&](const QColor &colour, const QString &label) {
        const double w = swatch + 5 + fm.horizontalAdvance(label) + 14;
        if (x + w > strip.right())
            return;
        painter.setPen(Qt::NoPen);
        painter.setBrush(colour);
        painter.drawRoundedRect(QRectF(x, strip.center().y() - swatch / 2, swatch, swatch), 2, 2);
        painter.setPen(palette().color(QPalette::Text));
        painter.drawText(QRectF(x + swatch + 5, strip.top(), w, strip.height()),
                         Qt::AlignLeft | Qt::AlignVCenter, label);
        x += w;
    };
    for (int o = 0; o < owners_.size(); ++o)
        item(ownerColor(o), owners_[o]);
    item(blend(palette().color(QPalette::Base), palette().color(QPalette::Text), 0.35), tr("unattributed"));
    painter.setFont(font());
}

QString MemoryBankView::bankTooltip(int memory, int bank) const {
    const Memory &m = memories_[static_cast<std::size_t>(memory)];
    const double capacity = static_cast<double>(m.capacity);
    const double bytes = bankBytes(m, bank, state_.cursor());
    QString html = tr("<b>%1 bank %2</b><br>%3 of %4 (%5)")
                       .arg(m.path.toHtmlEscaped())
                       .arg(bank)
                       .arg(format::bytes(bytes), format::bytes(capacity),
                            format::percent(capacity > 0 ? bytes / capacity : 0));
    html += tr("<br><span style='color:gray'>%1 bytes at %2</span>")
                .arg(QString::number(bytes, 'f', 0), format::duration(state_.cursor()));
    if (m.hasOwners) {
        const std::vector<double> owners = ownerBytes(memory, bank);
        for (std::size_t o = 0; o < owners.size(); ++o)
            if (owners[o] > 0)
                html += tr("<br><span style='color:%1'>■</span> %2: %3 (%4)")
                            .arg(ownerColor(static_cast<int>(o)).name(),
                                 owners_[static_cast<int>(o)].toHtmlEscaped(), format::bytes(owners[o]),
                                 format::percent(capacity > 0 ? owners[o] / capacity : 0));
    }
    if (m.conflictSeries[static_cast<std::size_t>(bank)]) {
        html += tr("<br>Conflicts so far: %1").arg(format::number(conflictCount(memory, bank), 6));
        if (conflictHighlighted(memory, bank))
            html += tr(" <b>(more in this step)</b>");
    }
    return html;
}

bool MemoryBankView::event(QEvent *event) {
    if (event->type() == QEvent::ToolTip && state_.hasRun()) {
        const auto *help = static_cast<QHelpEvent *>(event);
        const QPointF pos = help->pos();
        for (int m = 0; m < memoryCount(); ++m) {
            for (int b = 0; b < memories_[static_cast<std::size_t>(m)].banks; ++b)
                if (bankRect(m, b).contains(pos)) {
                    QToolTip::showText(help->globalPos(), bankTooltip(m, b), this);
                    return true;
                }
            const QRectF spark = sparklineRect(m);
            if (spark.contains(pos)) {
                const Memory &memory = memories_[static_cast<std::size_t>(m)];
                const auto t = static_cast<TimePs>((pos.x() - spark.left()) / spark.width() *
                                                   static_cast<double>(state_.endTime()));
                const double capacity = static_cast<double>(memory.capacity) * memory.banks;
                const double total = totalBytesAt(memory, t);
                QToolTip::showText(
                    help->globalPos(),
                    tr("%1 at %2: %3 (%4)<br><i>Click to move the cursor here.</i>")
                        .arg(memory.path.toHtmlEscaped(), format::duration(t), format::bytes(total),
                             format::percent(capacity > 0 ? total / capacity : 0)),
                    this);
                return true;
            }
        }
        QToolTip::hideText();
        event->ignore();
        return true;
    }
    return QWidget::event(event);
}

void MemoryBankView::mousePressEvent(QMouseEvent *event) {
    if (!state_.hasRun() || event->button() != Qt::LeftButton) {
        QWidget::mousePressEvent(event);
        return;
    }
    ensureLayout();
    const QPointF pos = event->position();
    for (int m = 0; m < memoryCount(); ++m) {
        const QRectF spark = sparklineRect(m);
        if (spark.contains(pos)) {
            state_.setCursor(static_cast<TimePs>((pos.x() - spark.left()) / spark.width() *
                                                 static_cast<double>(state_.endTime())));
            return;
        }
        if (geometry_[static_cast<std::size_t>(m)].section.translated(0, -scroll_).contains(pos)) {
            state_.setSelectedUnit(memories_[static_cast<std::size_t>(m)].unit);
            return;
        }
    }
    state_.setSelectedUnit(kNoUnit);
}

}  // namespace accelscope
