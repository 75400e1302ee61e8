#pragma once
// The machine at the cursor: the run's topology drawn device > core > unit (DataflowLayout), each
// unit filled with the colour of the op kind it executes at ViewState::cursor() (neutral when
// idle) with a bar of its utilization over a window around the cursor, and each link drawn
// thicker and coloured as the bandwidth it carries at the cursor grows. Hover for details; click
// a unit to select it and filter the other views to its subtree, click the background to clear.

#include <array>
#include <optional>
#include <vector>

#include <QWidget>

#include "views/dataflow/dataflowlayout.h"
#include "views/state/viewstate.h"

namespace accelscope {

class DataflowView : public QWidget {
    Q_OBJECT
public:
    explicit DataflowView(ViewState &state, QWidget *parent = nullptr);

    // Where a unit's box is drawn, in widget coordinates (null for links and unplaced units).
    QRectF unitRect(UnitId unit) const { return dataflowLayout().rect(unit); }
    const DataflowLayout &dataflowLayout() const;
    // The window the utilization bars cover: the level-1 step holding the cursor, or the last
    // 1 % of the run before it when the model has a single step level.
    TimeRange utilizationWindow() const;
    // The fill a unit's tile gets at the cursor (its op kind's colour, or the idle colour).
    QColor unitFill(UnitId unit) const;
    QSize sizeHint() const override { return {900, 520}; }
    QSize minimumSizeHint() const override { return {320, 220}; }

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;
    bool event(QEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    // What a unit does at the cursor.
    struct Activity {
        std::optional<UnitEvent> event;
        double utilization = 0;   // busy fraction of the window
        double bandwidthBps = 0;  // bytes per second at the cursor (links and memories)
        double peakBps = 0;       // the link's or memory's peak, 0 when unknown
    };

    void rebuild();         // a different run: per-run caches and the layout
    void relayout() const;  // the widget's size or font changed
    QRectF legendRect() const;
    Activity activityOf(UnitId unit) const;
    double memoryBandwidthAt(UnitId memory) const;
    bool busyAtCursor(UnitId unit) const;
    QString tooltipFor(UnitId unit) const;
    void paintHint(QPainter &painter, const QString &text);
    void paintContainer(QPainter &painter, UnitId unit);
    void paintTile(QPainter &painter, UnitId unit);
    void paintConnector(QPainter &painter, const DataflowLayout::Connector &connector);
    void paintLegend(QPainter &painter);
    QColor idleFill() const;

    ViewState &state_;
    mutable DataflowLayout layout_;
    mutable QSize layoutSize_;  // the size layout_ was made for (resize events may still be pending)
    // Per run: op kinds that occur (the legend), links and memories by unit id, and the
    // "<memory path>/bandwidth" series of each memory when the model records one.
    std::array<bool, kOpKindCount> kindsInRun_{};
    std::vector<int> linkOf_;    // index into topology().links(), -1 when the unit is not a link
    std::vector<int> memoryOf_;  // index into topology().memories(), -1 otherwise
    std::vector<std::optional<SeriesId>> bandwidthSeries_;  // by memory index
    std::vector<double> bandwidthScale_;                    // series unit to bytes per second
    UnitId hovered_ = kNoUnit;
};

}  // namespace accelscope
