#include "views/token/tokencanvas.h"

#include <algorithm>
#include <cmath>

#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include "views/common/format.h"
#include "views/common/theme.h"

namespace accelscope {

namespace {
constexpr double kMargin = 10;
constexpr double kPanelGap = 18;
constexpr double kMaxCell = 28;
constexpr double kSwatch = 11;
constexpr int kMaxLongLinks = 40;
}  // namespace

TokenCanvas::TokenCanvas(QWidget *parent) : QWidget(parent) {
    setMouseTracking(true);
    setAttribute(Qt::WA_OpaquePaintEvent);
}

void TokenCanvas::setGrid(const TokenGrid &grid) {
    if (!grid_ || grid_->shape != grid.shape)
        hovered_ = -1;  // another layout: the old position means nothing
    grid_ = grid;
    hint_.clear();
    links_ = mergeLinks(grid);
    counts_ = countStates(grid);
    incoming_.assign(static_cast<std::size_t>(grid.count()), {});
    for (const TokenLink &link : links_)
        incoming_[static_cast<std::size_t>(link.to)].push_back(link.from);
    if (hovered_ >= grid.count())
        hovered_ = -1;
    layoutGrid();
    update();
}

void TokenCanvas::setHint(const QString &hint) {
    hint_ = hint;
    if (!hint.isEmpty()) {
        grid_.reset();
        links_.clear();
        incoming_.clear();
        counts_ = {};
        hovered_ = -1;
    }
    update();
}

std::vector<TokenCanvas::LegendItem> TokenCanvas::legendItems() const {
    using namespace token_state;
    std::vector<LegendItem> items;
    const TokenCounts &c = counts_;
    auto add = [&items](std::int32_t state, const QString &label, int count) {
        if (count > 0)
            items.push_back({theme::tokenStateColor(state), QStringLiteral("%1 %2").arg(label).arg(count)});
    };
    add(kKept, tr("kept"), c.kept);
    add(kReused, tr("reused"), c.reused);
    for (const auto &[bits, count] : c.precisionByBits)
        add(kPrecisionBase + bits, tr("%1-bit").arg(bits), count);
    add(kMergedBase, tr("merged"), c.merged);
    add(kPruned, tr("pruned"), c.pruned);
    add(kEvicted, tr("evicted"), c.evicted);
    add(-1, tr("other"), c.other);
    return items;
}

QStringList TokenCanvas::legendEntries() const {
    QStringList entries;
    for (const LegendItem &item : legendItems())
        entries.append(item.text);
    return entries;
}

void TokenCanvas::layoutGrid() {
    panelOrigins_.clear();
    if (!grid_)
        return;
    const QFontMetrics fm(font());
    legendHeight_ = legendLayout(nullptr) + 8;
    const TokenGrid &g = *grid_;
    panelTitle_ = g.frames > 1 ? fm.height() + 4 : 0;
    const double availW = width() - 2 * kMargin;
    const double availH = height() - legendHeight_ - 2 * kMargin;
    // Pick the number of panel columns that gives the largest cells.
    double best = 0;
    int bestColumns = 1;
    for (int columns = 1; columns <= g.frames; ++columns) {
        const int panelRows = (g.frames + columns - 1) / columns;
        const double w = (availW - (columns - 1) * kPanelGap) / (columns * g.cols);
        const double h =
            (availH - panelRows * panelTitle_ - (panelRows - 1) * kPanelGap) / (panelRows * g.rows);
        // Frames in one row read left to right in time: prefer that unless cells get much smaller.
        const double size = std::min(w, h) * (panelRows == 1 ? 1.2 : 1.0);
        if (size > best + 1e-9) {
            best = size;
            bestColumns = columns;
        }
    }
    {
        const int panelRows = (g.frames + bestColumns - 1) / bestColumns;
        best =
            std::min((availW - (bestColumns - 1) * kPanelGap) / (bestColumns * g.cols),
                     (availH - panelRows * panelTitle_ - (panelRows - 1) * kPanelGap) / (panelRows * g.rows));
    }
    cell_ = std::min(best, kMaxCell);
    if (cell_ >= 3)
        cell_ = std::floor(cell_);
    cell_ = std::max(cell_, 1.0);
    gap_ = cell_ >= 6 ? 1 : 0;
    panelColumns_ = bestColumns;
    const int panelRows = (g.frames + bestColumns - 1) / bestColumns;
    const double panelW = g.cols * cell_, panelH = g.rows * cell_;
    const double totalW = bestColumns * panelW + (bestColumns - 1) * kPanelGap;
    const double totalH = panelRows * (panelH + panelTitle_) + (panelRows - 1) * kPanelGap;
    const double x0 = kMargin + std::max(0.0, (availW - totalW) / 2);
    const double y0 = legendHeight_ + kMargin + std::max(0.0, (availH - totalH) / 2);
    for (int f = 0; f < g.frames; ++f) {
        const int pc = f % bestColumns, pr = f / bestColumns;
        panelOrigins_.emplace_back(x0 + pc * (panelW + kPanelGap),
                                   y0 + pr * (panelH + panelTitle_ + kPanelGap) + panelTitle_);
    }
}

QRectF TokenCanvas::cellRect(int token) const {
    if (!grid_ || token < 0 || token >= grid_->count() || panelOrigins_.empty())
        return {};
    const TokenGrid::Position p = grid_->position(token);
    const QPointF origin = panelOrigins_[static_cast<std::size_t>(p.frame)];
    return {origin.x() + p.col * cell_, origin.y() + p.row * cell_, cell_, cell_};
}

int TokenCanvas::tokenAt(QPointF position) const {
    if (!grid_)
        return -1;
    for (std::size_t f = 0; f < panelOrigins_.size(); ++f) {
        const QPointF local = position - panelOrigins_[f];
        const int col = static_cast<int>(std::floor(local.x() / cell_));
        const int row = static_cast<int>(std::floor(local.y() / cell_));
        if (local.x() >= 0 && local.y() >= 0 && col < grid_->cols && row < grid_->rows)
            return grid_->tokenAt(static_cast<int>(f), row, col);
    }
    return -1;
}

void TokenCanvas::setHoveredToken(int token) {
    if (token == hovered_)
        return;
    hovered_ = token;
    update();
}

QString TokenCanvas::tooltipFor(int token) const {
    if (!grid_ || token < 0 || token >= grid_->count())
        return {};
    const std::int32_t state = grid_->states[static_cast<std::size_t>(token)];
    QString text = grid_->describe(token) + QLatin1Char('\n');
    if (state >= token_state::kMergedBase && state - token_state::kMergedBase < grid_->count())
        text += tr("merged into %1").arg(grid_->describe(state - token_state::kMergedBase));
    else
        text += theme::tokenStateLabel(state);
    const auto &in = incoming_[static_cast<std::size_t>(token)];
    if (!in.empty())
        text += QLatin1Char('\n') + (in.size() == 1 ? tr("1 token merged into it")
                                                    : tr("%1 tokens merged into it").arg(in.size()));
    return text;
}

double TokenCanvas::legendLayout(std::vector<QPointF> *positions) const {
    // Entries flow left to right and wrap; the summary sits at the right end of the first line.
    const QFontMetrics fm(font());
    QFont bold = font();
    bold.setBold(true);
    const double summaryWidth = QFontMetrics(bold).horizontalAdvance(summaryText()) + 24;
    double x = kMargin, y = 7;
    int line = 0;
    for (const LegendItem &item : legendItems()) {
        const double w = kSwatch + 5 + fm.horizontalAdvance(item.text) + 16;
        const double limit = width() - kMargin - (line == 0 ? summaryWidth : 0);
        if (x > kMargin && x + w > limit) {
            x = kMargin;
            y += fm.height() + 4;
            ++line;
        }
        if (positions)
            positions->emplace_back(x, y);
        x += w;
    }
    return y + fm.height() + 6;
}

QString TokenCanvas::summaryText() const {
    return tr("kept %1 of %2 tokens").arg(format::percent(counts_.keptFraction())).arg(counts_.total);
}

void TokenCanvas::drawLegend(QPainter &painter) const {
    const QFontMetrics fm(font());
    std::vector<QPointF> positions;
    legendLayout(&positions);
    const auto items = legendItems();
    for (std::size_t i = 0; i < items.size(); ++i) {
        const QPointF at = positions[i];
        const QRectF swatch(at.x(), at.y() + (fm.height() - kSwatch) / 2, kSwatch, kSwatch);
        painter.fillRect(swatch, items[i].colour);
        painter.setPen(theme::gridLine());
        painter.drawRect(swatch);
        painter.setPen(palette().color(QPalette::Text));
        painter.drawText(QPointF(at.x() + kSwatch + 5, at.y() + fm.ascent()), items[i].text);
    }
    QFont bold = font();
    bold.setBold(true);
    painter.setFont(bold);
    const QString summary = summaryText();
    painter.drawText(
        QPointF(width() - kMargin - QFontMetrics(bold).horizontalAdvance(summary), 7 + fm.ascent()), summary);
    painter.setFont(font());
    painter.setPen(theme::gridLine());
    painter.drawLine(QPointF(kMargin, legendHeight_ - 1), QPointF(width() - kMargin, legendHeight_ - 1));
}

void TokenCanvas::drawLinks(QPainter &painter) const {
    if (links_.empty())
        return;
    // Many merges: fainter lines, so the grid under them stays readable.
    const int alpha = links_.size() > 200 ? 80 : links_.size() > 50 ? 120 : 190;
    QColor line = palette().color(QPalette::Text);
    line.setAlpha(alpha);
    const double width = std::clamp(cell_ / 10.0, 0.8, 1.6);
    const double dot = std::clamp(cell_ * 0.16, 1.2, 3.0);
    painter.setRenderHint(QPainter::Antialiasing, true);
    painter.setPen(QPen(line, width, Qt::SolidLine, Qt::RoundCap));
    painter.setBrush(line);
    // Merges into another frame's panel would cross whole panels; when there are many, each is a
    // short stub pointing at its destination (hovering a token draws the full line).
    int acrossPanels = 0;
    for (const TokenLink &link : links_)
        acrossPanels += grid_->position(link.from).frame != grid_->position(link.to).frame ? 1 : 0;
    const bool stubs = acrossPanels > kMaxLongLinks;
    for (const TokenLink &link : links_) {
        const QPointF a = cellRect(link.from).center(), b = cellRect(link.to).center();
        if (stubs && grid_->position(link.from).frame != grid_->position(link.to).frame) {
            const QPointF d = b - a;
            const double length = std::hypot(d.x(), d.y());
            const QPointF end = a + d * (cell_ * 0.75 / std::max(length, 1e-9));
            painter.setPen(QPen(line, width * 1.3, Qt::SolidLine, Qt::RoundCap));
            painter.drawLine(a, end);
            painter.setPen(Qt::NoPen);
            painter.drawEllipse(end, dot * 0.8, dot * 0.8);
            continue;
        }
        painter.setPen(QPen(line, width, Qt::SolidLine, Qt::RoundCap));
        painter.drawLine(a, b);
        painter.setPen(Qt::NoPen);
        painter.drawEllipse(b, dot, dot);
    }

    if (hovered_ < 0)
        return;
    // The hovered token's own merge and the merges into it, drawn on top in the highlight colour.
    const QColor highlight = theme::cursorLine();
    std::vector<TokenLink> mine;
    for (const TokenLink &link : links_)
        if (link.from == hovered_)
            mine.push_back(link);
    for (int from : incoming_[static_cast<std::size_t>(hovered_)])
        mine.push_back({from, hovered_});
    for (const TokenLink &link : mine) {
        const QPointF a = cellRect(link.from).center(), b = cellRect(link.to).center();
        painter.setPen(QPen(highlight, std::max(2.0, width * 1.6), Qt::SolidLine, Qt::RoundCap));
        painter.drawLine(a, b);
        painter.setPen(Qt::NoPen);
        painter.setBrush(highlight);
        painter.drawEllipse(b, dot * 1.4, dot * 1.4);
        painter.setBrush(Qt::NoBrush);
        painter.setPen(QPen(highlight, 1.5));
        painter.drawRect(
            cellRect(link.from == hovered_ ? link.to : link.from).adjusted(-0.5, -0.5, 0.5, 0.5));
    }
}

void TokenCanvas::paintEvent(QPaintEvent *) {
    QPainter painter(this);
    painter.fillRect(rect(), theme::viewBackground());
    if (!grid_) {
        QFont f = font();
        f.setPointSizeF(f.pointSizeF() * 1.1);
        painter.setFont(f);
        painter.setPen(theme::mutedText());
        painter.drawText(rect().adjusted(24, 24, -24, -24), Qt::AlignCenter | Qt::TextWordWrap, hint_);
        return;
    }
    drawLegend(painter);
    const TokenGrid &g = *grid_;
    const QFontMetrics fm(font());
    for (int f = 0; f < g.frames; ++f) {
        const QPointF origin = panelOrigins_[static_cast<std::size_t>(f)];
        if (g.frames > 1) {
            painter.setPen(theme::mutedText());
            painter.drawText(QPointF(origin.x(), origin.y() - 5 - fm.descent()), tr("frame %1").arg(f));
        }
        // The panel's outline marks the grid even where tokens are pale (pruned).
        painter.setPen(theme::gridLine());
        painter.setBrush(Qt::NoBrush);
        painter.drawRect(
            QRectF(origin, QSizeF(g.cols * cell_, g.rows * cell_)).adjusted(-1.5, -1.5, 0.5, 0.5));
    }
    for (int t = 0; t < g.count(); ++t)
        painter.fillRect(cellRect(t).adjusted(0, 0, -gap_, -gap_),
                         theme::tokenStateColor(g.states[static_cast<std::size_t>(t)]));
    drawLinks(painter);
    if (hovered_ >= 0) {
        painter.setRenderHint(QPainter::Antialiasing, false);
        painter.setBrush(Qt::NoBrush);
        painter.setPen(QPen(palette().color(QPalette::Text), 2));
        painter.drawRect(cellRect(hovered_).adjusted(-1, -1, 1, 1));
    }
}

void TokenCanvas::resizeEvent(QResizeEvent *) {
    layoutGrid();
}

void TokenCanvas::mouseMoveEvent(QMouseEvent *event) {
    const int token = tokenAt(event->position());
    setHoveredToken(token);
    if (token >= 0)
        QToolTip::showText(event->globalPosition().toPoint(), tooltipFor(token), this);
    else
        QToolTip::hideText();
}

void TokenCanvas::leaveEvent(QEvent *) {
    setHoveredToken(-1);
}

}  // namespace accelscope
