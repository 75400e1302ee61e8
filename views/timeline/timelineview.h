#pragma once
// The timeline: one lane per unit that ran events, grouped by the topology under collapsible
// headers, counter tracks below, step markers and a time ruler on top, the cursor and the selected
// range across everything, and a strip under the canvas with the selection's statistics.
//
// Painting never walks all events: a lane with more than about two events per pixel column is
// drawn per column from the index's prefix sums (LaneSampler), counters per column from min/max
// (CounterSampler), markers one per pixel column at most.
//
// Mouse: click sets the cursor, left-drag (or shift-drag) selects a range, double-click selects a
// lane's unit, the wheel zooms around the mouse, shift+wheel or middle-drag pans, a click on a
// group's triangle collapses it. Keys: W/S or +/- zoom, A/D or Left/Right pan, Home fits, F zooms to
// the selection.

#include <optional>
#include <vector>

#include <QHash>
#include <QImage>
#include <QSet>
#include <QWidget>

#include "views/state/viewstate.h"
#include "views/timeline/countersampler.h"
#include "views/timeline/lanesampler.h"
#include "views/timeline/timelinerows.h"

class QLabel;
class QScrollBar;
class QTimer;

namespace accelscope {

class TimelineView : public QWidget {
    Q_OBJECT
public:
    explicit TimelineView(ViewState &state, QWidget *parent = nullptr);
    ~TimelineView() override;

    // Shifts this timeline's run on the time axis: drawn times are run times + offset (to line
    // two runs up side by side).
    void setTimeOffset(TimePs offset);
    TimePs timeOffset() const { return offset_; }
    // The label column is at least this wide, so timelines stacked above one another share their
    // time axis' pixels (the compare window).
    void setMinimumLabelWidth(int pixels);
    int labelColumnWidth() const { return labelWidth(); }

    // For tests and export.
    QImage renderToImage(QSize size);
    // The event (index into the snapshot) drawn under `position`, if any.
    std::optional<std::size_t> eventAtPosition(QPoint position) const;
    // What the tooltip at `position` says (empty for none).
    QString toolTipAt(QPoint position) const;
    // The units whose lanes are shown, top to bottom (collapsed groups hide theirs).
    std::vector<UnitId> laneUnits() const;
    // Where a unit's lane is (empty when not shown or scrolled away).
    QRect laneRect(UnitId unit) const;
    // Horizontal position of run time `t`, and the run time at x.
    double xOfTime(TimePs runTime) const;
    TimePs timeAtX(double x) const;
    QString statsText() const;
    void setGroupCollapsed(UnitId group, bool collapsed);

    QSize sizeHint() const override { return {1000, 560}; }
    QSize minimumSizeHint() const override { return {360, 200}; }

protected:
    bool event(QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void leaveEvent(QEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void onRunChanged();
    void onTraceChanged();
    void rebuildRows();
    void layoutChildren();
    void updateLabelWidth();
    void updateScrollRange();
    void scheduleStats();
    void updateStats();

    // Geometry (widget coordinates).
    QRect canvasRect() const;  // lanes and counters (below the ruler, right of the labels)
    QRect rowsRect() const;    // labels and canvas together
    int rulerHeight() const;
    int labelWidth() const;
    int statsHeight() const;
    int scrollBarWidth() const;
    int markerStripTop() const;
    const TimelineRow *rowAt(QPoint position) const;
    QRect rowRect(const TimelineRow &row) const;  // full width, widget coordinates

    // Viewport in display time (run time + offset).
    TimeRange displayViewport() const;
    void applyViewport(TimeRange display);
    void zoomAround(double factor, double anchorX);
    void zoomAt(double factor, double fraction);  // fraction: where the fixed point sits, 0..1
    void panBy(double fraction);

    // Painting.
    void paintRuler(QPainter &painter, const QRect &rect);
    void paintMarkers(QPainter &painter, const QRect &rect);
    void paintLane(QPainter &painter, const TimelineRow &row, const QRect &rect);
    void paintColumns(QPainter &painter, const LaneSampler::Columns &columns, const QRect &rect,
                      bool summary);
    void paintCounter(QPainter &painter, const TimelineRow &row, const QRect &rect);
    void paintLabels(QPainter &painter, const QRect &rowsArea);
    const Marker *markerNear(QPoint position, int *level) const;
    QString eventToolTip(std::size_t event) const;

    ViewState &state_;
    TimePs offset_ = 0;
    std::vector<TimelineRow> rows_;
    int contentHeight_ = 0;
    int labelWidth_ = 200;
    int minimumLabelWidth_ = 0;
    QSet<UnitId> collapsed_;
    bool countersCollapsed_ = false;

    QScrollBar *scrollBar_ = nullptr;
    QLabel *statsLabel_ = nullptr;
    QTimer *statsTimer_ = nullptr;
    QHash<UnitId, double> unitUtilization_;  // per lane, over the selection

    CounterSampler counterSampler_;
    LaneSampler::Columns columns_, summary_;  // scratch, reused across paints
    CounterSampler::Columns counterColumns_;
    QImage trackImage_;  // a counter track's pixels, reused between tracks and paints

    enum class Drag { None, Pending, Select, Pan, Scrub };
    Drag drag_ = Drag::None;
    QPoint pressPosition_;
    TimePs pressTime_ = 0;
    TimeRange pressViewport_;
    int hoverRow_ = -1;
};

}  // namespace accelscope
