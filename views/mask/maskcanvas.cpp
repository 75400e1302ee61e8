#include "views/mask/maskcanvas.h"

#include <algorithm>
#include <cmath>

#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>
#include <QWheelEvent>

#include "views/common/format.h"
#include "views/common/theme.h"

namespace accelscope {

namespace {
constexpr double kLeftMargin = 44;
constexpr double kTopMargin = 22;
constexpr double kBottomMargin = 10;
constexpr double kLegendBar = 14;

// The smallest of 1, 2, 5, 10, 20, 50, ... indices whose labels are at least `minPixels` apart.
int tickStep(double pixelsPerCell, double minPixels) {
    for (int step = 1;; step *= 10)
        for (int m : {1, 2, 5})
            if (pixelsPerCell * step * m >= minPixels || step * m >= (1 << 28))
                return step * m;
}
}  // namespace

MaskCanvas::MaskCanvas(QWidget *parent) : QWidget(parent) {
    setMouseTracking(true);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setFocusPolicy(Qt::WheelFocus);
}

void MaskCanvas::setImage(const QImage &image, const MatrixScale &scale, const QString &legendTitle) {
    const bool sameSize = image.size() == image_.size();
    image_ = image;
    scale_ = scale;
    legendTitle_ = legendTitle;
    hint_.clear();
    if (!sameSize || fitted_)
        fit();  // a new shape starts fitted; stepping through same-shaped frames keeps the zoom
    update();
}

void MaskCanvas::setHint(const QString &hint) {
    hint_ = hint;
    if (!hint.isEmpty()) {
        image_ = {};
        hovered_.reset();
    }
    update();
}

int MaskCanvas::legendWidth() const {
    const QFontMetrics fm(font());
    int widest = fm.horizontalAdvance(legendTitle_);
    const int swatch = scale_.kind == MatrixScale::Kind::Bits || scale_.kind == MatrixScale::Kind::BitDiff
                           ? 20
                           : static_cast<int>(kLegendBar) + 6;
    for (const QString &label : legendLabels())
        widest = std::max(widest, swatch + fm.horizontalAdvance(label));
    // A floor, so the matrix does not shift when the legend switches between value and diff.
    return std::max(widest + 28, fm.horizontalAdvance(QStringLiteral("unset in both")) + 48);
}

QRectF MaskCanvas::plotArea() const {
    QRectF area(QPointF(kLeftMargin, kTopMargin), QPointF(width() - legendWidth(), height() - kBottomMargin));
    return area.width() > 10 && area.height() > 10 ? area : QRectF(0, 0, width(), height());
}

void MaskCanvas::fit() {
    fitted_ = true;
    if (image_.isNull())
        return;
    const QRectF area = plotArea();
    double s = std::min(area.width() / image_.width(), area.height() / image_.height());
    if (s >= 2)
        s = std::floor(s);  // whole pixels per cell keep every cell the same size
    scaleX_ = scaleY_ = s;
    // A single row (a 1-D frame) would be a hairline: give it a readable height. A wide, short
    // matrix (a few steps × many channels) would be a strip of hairlines: its rows grow up to
    // 16 pixels, within the plot area (cells are then taller than wide).
    if (image_.height() == 1)
        scaleY_ = std::min(area.height(), std::max(s, 32.0));
    else if (image_.height() * s < area.height() / 2)
        scaleY_ = std::max(s, std::floor(std::min(area.height() / image_.height(), 16.0)));
    const QSizeF drawn(image_.width() * scaleX_, image_.height() * scaleY_);
    origin_ = area.center() - QPointF(drawn.width() / 2, drawn.height() / 2);
    update();
}

void MaskCanvas::zoomBy(double factor, QPointF around) {
    if (image_.isNull())
        return;
    // Between the whole matrix in a few pixels and a cell wider than the view.
    const double next = std::clamp(scaleX_ * factor, 0.05, 400.0);
    factor = next / scaleX_;
    scaleX_ *= factor;
    scaleY_ *= factor;
    origin_ = around - (around - origin_) * factor;
    fitted_ = false;
    update();
}

QRectF MaskCanvas::imageRect() const {
    return {origin_, QSizeF(image_.width() * scaleX_, image_.height() * scaleY_)};
}

std::optional<QPoint> MaskCanvas::cellAt(QPointF position) const {
    if (image_.isNull() || !plotArea().contains(position))
        return std::nullopt;
    const QPointF local = position - origin_;
    const int col = static_cast<int>(std::floor(local.x() / scaleX_));
    const int row = static_cast<int>(std::floor(local.y() / scaleY_));
    if (col < 0 || row < 0 || col >= image_.width() || row >= image_.height())
        return std::nullopt;
    return QPoint(col, row);
}

void MaskCanvas::paintEvent(QPaintEvent *) {
    QPainter painter(this);
    painter.fillRect(rect(), theme::viewBackground());
    if (!hint_.isEmpty() || image_.isNull()) {
        QFont f = font();
        f.setPointSizeF(f.pointSizeF() * 1.1);
        painter.setFont(f);
        painter.setPen(theme::mutedText());
        painter.drawText(rect().adjusted(24, 24, -24, -24), Qt::AlignCenter | Qt::TextWordWrap, hint_);
        return;
    }
    const QRectF area = plotArea();
    const QRectF target = imageRect();
    painter.save();
    painter.setClipRect(area);
    painter.setRenderHint(QPainter::SmoothPixmapTransform, false);
    painter.drawImage(target, image_);
    // Cell borders once cells are big enough to tell apart.
    if (scaleX_ >= 10 && scaleY_ >= 10) {
        QColor grid = theme::viewBackground();
        grid.setAlpha(110);
        painter.setPen(QPen(grid, 1));
        const QRectF visible = target.intersected(area);
        const int c0 = std::max(0, static_cast<int>((visible.left() - origin_.x()) / scaleX_));
        const int c1 =
            std::min(image_.width(), static_cast<int>((visible.right() - origin_.x()) / scaleX_) + 1);
        const int r0 = std::max(0, static_cast<int>((visible.top() - origin_.y()) / scaleY_));
        const int r1 =
            std::min(image_.height(), static_cast<int>((visible.bottom() - origin_.y()) / scaleY_) + 1);
        for (int c = c0 + 1; c < c1; ++c) {
            const double x = origin_.x() + c * scaleX_;
            painter.drawLine(QPointF(x, visible.top()), QPointF(x, visible.bottom()));
        }
        for (int r = r0 + 1; r < r1; ++r) {
            const double y = origin_.y() + r * scaleY_;
            painter.drawLine(QPointF(visible.left(), y), QPointF(visible.right(), y));
        }
    }
    painter.setPen(QPen(theme::gridLine(), 1));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(target.adjusted(-0.5, -0.5, 0.5, 0.5));
    if (hovered_) {
        const QRectF cell(origin_.x() + hovered_->x() * scaleX_, origin_.y() + hovered_->y() * scaleY_,
                          scaleX_, scaleY_);
        painter.setRenderHint(QPainter::Antialiasing, false);
        painter.setPen(QPen(palette().color(QPalette::Base), 3));
        painter.drawRect(cell.adjusted(-1, -1, 1, 1));
        painter.setPen(QPen(palette().color(QPalette::Text), 1.5));
        painter.drawRect(cell.adjusted(-1, -1, 1, 1));
    }
    painter.restore();
    drawAxes(painter, area);
    drawLegend(painter, area);
}

void MaskCanvas::drawAxes(QPainter &painter, const QRectF &area) const {
    QFont small = font();
    small.setPointSizeF(std::max(6.5, small.pointSizeF() * 0.85));
    painter.setFont(small);
    painter.setPen(theme::mutedText());
    const QFontMetrics fm(small);
    const QRectF target = imageRect().intersected(area);
    if (target.isEmpty())
        return;
    // Column indices above the image, row indices to its left, at cell centres.
    const int colStep = tickStep(scaleX_, fm.horizontalAdvance(QString::number(image_.width())) + 14);
    const int c0 = std::max(0, static_cast<int>((target.left() - origin_.x()) / scaleX_));
    for (int c = (c0 + colStep - 1) / colStep * colStep; c < image_.width(); c += colStep) {
        const double x = origin_.x() + (c + 0.5) * scaleX_;
        if (x > target.right())
            break;
        painter.drawText(QRectF(x - 30, target.top() - fm.height() - 4, 60, fm.height()), Qt::AlignCenter,
                         QString::number(c));
    }
    const int rowStep = tickStep(scaleY_, fm.height() + 6);
    const int r0 = std::max(0, static_cast<int>((target.top() - origin_.y()) / scaleY_));
    for (int r = (r0 + rowStep - 1) / rowStep * rowStep; r < image_.height(); r += rowStep) {
        const double y = origin_.y() + (r + 0.5) * scaleY_;
        if (y > target.bottom())
            break;
        painter.drawText(QRectF(0, y - fm.height() / 2.0, target.left() - 6, fm.height()),
                         Qt::AlignRight | Qt::AlignVCenter, QString::number(r));
    }
}

QStringList MaskCanvas::legendLabels() const {
    switch (scale_.kind) {
        case MatrixScale::Kind::Bits:
            return {tr("set (1)"), tr("unset (0)")};
        case MatrixScale::Kind::BitDiff:
            return {tr("added"), tr("removed"), tr("set in both"), tr("unset in both")};
        case MatrixScale::Kind::Diverging:
            return {format::number(scale_.high), QStringLiteral("0"), format::number(scale_.low)};
        case MatrixScale::Kind::Sequential:
            return {format::number(scale_.high), format::number(scale_.low)};
    }
    return {};
}

void MaskCanvas::drawLegend(QPainter &painter, const QRectF &area) const {
    const QFontMetrics fm(font());
    painter.setFont(font());
    const double x = area.right() + 20;
    double y = area.top();
    painter.setPen(palette().color(QPalette::Text));
    painter.drawText(QPointF(x, y + fm.ascent()), legendTitle_);
    y += fm.height() + 8;
    const QStringList labels = legendLabels();
    if (scale_.kind == MatrixScale::Kind::Bits || scale_.kind == MatrixScale::Kind::BitDiff) {
        const QList<QColor> colours = scale_.kind == MatrixScale::Kind::Bits
                                          ? QList<QColor>{maskcolor::set(), maskcolor::unset()}
                                          : QList<QColor>{maskcolor::added(), maskcolor::removed(),
                                                          maskcolor::unchanged(), maskcolor::unset()};
        for (qsizetype i = 0; i < labels.size(); ++i) {
            const QRectF swatch(x, y + (fm.height() - 12) / 2.0, 12, 12);
            painter.fillRect(swatch, colours[i]);
            painter.setPen(theme::gridLine());
            painter.drawRect(swatch);
            painter.setPen(palette().color(QPalette::Text));
            painter.drawText(QPointF(x + 20, y + fm.ascent()), labels[i]);
            y += fm.height() + 6;
        }
        return;
    }
    // A vertical colour bar, high at the top.
    const double barHeight = std::clamp(area.bottom() - y - fm.height(), 40.0, 240.0);
    const QRectF bar(x, y, kLegendBar, barHeight);
    for (int i = 0; i < static_cast<int>(barHeight); ++i) {
        const double f = 1.0 - (i + 0.5) / barHeight;
        painter.fillRect(QRectF(bar.left(), bar.top() + i, bar.width(), 1.0),
                         scaleColor(scale_, scale_.low + f * (scale_.high - scale_.low)));
    }
    painter.setPen(theme::gridLine());
    painter.drawRect(bar);
    painter.setPen(palette().color(QPalette::Text));
    const double tx = bar.right() + 6;
    painter.drawText(QPointF(tx, bar.top() + fm.ascent() - 2), labels.front());
    painter.drawText(QPointF(tx, bar.bottom()), labels.back());
    if (labels.size() == 3)
        painter.drawText(QPointF(tx, bar.center().y() + fm.ascent() / 2.0 - 1), labels[1]);
}

void MaskCanvas::resizeEvent(QResizeEvent *) {
    if (fitted_)
        fit();
}

void MaskCanvas::wheelEvent(QWheelEvent *event) {
    const double steps = event->angleDelta().y() / 120.0;
    if (steps != 0 && !image_.isNull())
        zoomBy(std::pow(1.25, steps), event->position());
    event->accept();
}

void MaskCanvas::mousePressEvent(QMouseEvent *event) {
    if (event->button() == Qt::LeftButton && !image_.isNull()) {
        dragFrom_ = event->position();
        setCursor(Qt::ClosedHandCursor);
    }
}

void MaskCanvas::mouseMoveEvent(QMouseEvent *event) {
    if (dragFrom_) {
        origin_ += event->position() - *dragFrom_;
        dragFrom_ = event->position();
        fitted_ = false;
        update();
        return;
    }
    const auto cell = cellAt(event->position());
    if (cell != hovered_) {
        hovered_ = cell;
        update();
    }
    if (cell && cellText_)
        QToolTip::showText(event->globalPosition().toPoint(), cellText_(cell->y(), cell->x()), this);
    else
        QToolTip::hideText();
}

void MaskCanvas::mouseReleaseEvent(QMouseEvent *) {
    dragFrom_.reset();
    unsetCursor();
}

void MaskCanvas::leaveEvent(QEvent *) {
    hovered_.reset();
    update();
}

void MaskCanvas::mouseDoubleClickEvent(QMouseEvent *) {
    fit();
}

}  // namespace accelscope
