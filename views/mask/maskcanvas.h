#pragma once
// Draws one matrix image (one pixel per element) scaled with nearest neighbour, with row and
// column indices, a colour legend and a hover outline; wheel zooms around the pointer, dragging
// pans, fit() shows the whole matrix. Shows a centred hint instead when there is nothing to draw.

#include <functional>
#include <optional>

#include <QImage>
#include <QPoint>
#include <QPointF>
#include <QWidget>

#include "views/mask/framematrix.h"

namespace accelscope {

class MaskCanvas : public QWidget {
    Q_OBJECT
public:
    explicit MaskCanvas(QWidget *parent = nullptr);

    // `image` is rows x cols pixels; `legendTitle` heads the colour legend drawn for `scale`.
    void setImage(const QImage &image, const MatrixScale &scale, const QString &legendTitle);
    const QImage &image() const { return image_; }
    // A non-empty hint replaces the image.
    void setHint(const QString &hint);
    QString hint() const { return hint_; }
    // Text for the hover tooltip of a cell.
    void setCellTextProvider(std::function<QString(int row, int col)> provider) {
        cellText_ = std::move(provider);
    }

    void fit();
    bool isFitted() const { return fitted_; }
    void zoomBy(double factor, QPointF around);
    // Where the image is drawn, in widget coordinates.
    QRectF imageRect() const;
    // The cell (column x, row y) under a widget position.
    std::optional<QPoint> cellAt(QPointF position) const;

    QSize sizeHint() const override { return {600, 400}; }
    QSize minimumSizeHint() const override { return {160, 120}; }

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;

private:
    QRectF plotArea() const;
    int legendWidth() const;
    void drawAxes(QPainter &painter, const QRectF &area) const;
    void drawLegend(QPainter &painter, const QRectF &area) const;
    QStringList legendLabels() const;

    QImage image_;
    MatrixScale scale_;
    QString legendTitle_;
    QString hint_;
    std::function<QString(int, int)> cellText_;
    bool fitted_ = true;
    double scaleX_ = 1;
    double scaleY_ = 1;
    QPointF origin_;  // the image's top-left corner in widget coordinates
    std::optional<QPoint> hovered_;
    std::optional<QPointF> dragFrom_;
};

}  // namespace accelscope
