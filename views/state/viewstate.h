#pragma once
// The one state every view observes: the run shown, its indexed trace, the cursor (a simulated
// time), the selected time range, the timeline's visible window, the selected unit and the
// filters. Views never talk to each other; they change this object and redraw on its signals, so
// moving the timeline cursor moves every view to that time, and scrubbing back replays from the
// recorded trace without re-running the model.
//
// Lives on the UI thread. A run loaded from a session arrives with a TraceIndex built in a worker;
// a live run extends the index here, a step's worth of events at a time.

#include <cstdint>
#include <memory>

#include <QJsonObject>
#include <QObject>
#include <QSet>

#include "core/sim/traceindex.h"
#include "core/store/runstore.h"

namespace accelscope {

class ViewState : public QObject {
    Q_OBJECT
public:
    explicit ViewState(QObject *parent = nullptr);
    ~ViewState() override;

    // The run every view shows. The cursor moves to the end of the trace, the viewport shows all
    // of it and the selection and filters are cleared. `live` runs keep growing via updateTrace().
    void setRun(std::shared_ptr<const RunRecord> record, std::unique_ptr<TraceIndex> index, bool live = false);
    void clearRun();
    // A live run grew: indexes what `snapshot` adds and moves the cursor to the new end.
    void updateTrace(const TraceSnapshot &snapshot);
    // The record changed (a live run finished: metrics, baselines, claims, status).
    void updateRecord(std::shared_ptr<const RunRecord> record);
    void setLive(bool live);

    bool hasRun() const { return record_ != nullptr; }
    // The run kept its results but not its trace (a sweep point recorded without --events).
    bool isMetricsOnly() const { return record_ && !record_->info.traceRecorded; }
    bool isLive() const { return live_; }
    // Null when no run is shown.
    const RunRecord *record() const { return record_.get(); }
    std::shared_ptr<const RunRecord> sharedRecord() const { return record_; }
    const Topology &topology() const;
    const TraceIndex &index() const { return *index_; }
    TimePs endTime() const { return index_->endTime(); }

    // The simulated time every view shows, within [0, endTime()].
    TimePs cursor() const { return cursor_; }
    void setCursor(TimePs time);
    // The step of `level` the cursor is in: completed units of that level at the cursor.
    std::int64_t stepAtCursor(int level) const { return index_->completedAt(level, cursor_); }
    // Moves the cursor to the end of the next / previous unit of `level` (a marker time).
    void cursorToNextMarker(int level);
    void cursorToPreviousMarker(int level);

    // A time range the user selected (empty when none).
    TimeRange selection() const { return selection_; }
    void setSelection(TimeRange range);

    // The timeline's visible window; other views may follow it.
    TimeRange viewport() const { return viewport_; }
    void setViewport(TimeRange range);
    void fitViewport();

    // The unit under focus (hovered in one view, highlighted in the others); kNoUnit for none.
    UnitId selectedUnit() const { return selectedUnit_; }
    void setSelectedUnit(UnitId unit);

    // Units the timeline shows; empty means all.
    const QSet<UnitId> &unitFilter() const { return unitFilter_; }
    void setUnitFilter(const QSet<UnitId> &units);
    // Filters to `unit` and every unit under it in the topology.
    void filterToSubtree(UnitId unit);
    bool unitVisible(UnitId unit) const { return unitFilter_.isEmpty() || unitFilter_.contains(unit); }

    // Op kinds shown, one bit per OpKind; all by default.
    std::uint32_t opKindMask() const { return opKindMask_; }
    void setOpKindMask(std::uint32_t mask);
    bool opKindVisible(OpKind kind) const { return (opKindMask_ >> static_cast<int>(kind)) & 1u; }
    static constexpr std::uint32_t kAllOpKinds = (1u << kOpKindCount) - 1;

    // What a session saves and restores (cursor, selection, viewport, selected unit, filters).
    QJsonObject saveState() const;
    void restoreState(const QJsonObject &state);

Q_SIGNALS:
    void runChanged();     // a different run (or none): views rebuild everything
    void traceChanged();   // the same run's trace grew
    void recordChanged();  // metrics, claims or status of the same run changed
    void cursorChanged(accelscope::TimePs cursor);
    void selectionChanged(accelscope::TimeRange range);
    void viewportChanged(accelscope::TimeRange range);
    void selectedUnitChanged(accelscope::UnitId unit);
    void filterChanged();

private:
    std::shared_ptr<const RunRecord> record_;
    std::unique_ptr<TraceIndex> index_;
    bool live_ = false;
    TimePs cursor_ = 0;
    TimeRange selection_;
    TimeRange viewport_;
    bool viewportFitsAll_ = true;
    UnitId selectedUnit_ = kNoUnit;
    QSet<UnitId> unitFilter_;
    std::uint32_t opKindMask_ = kAllOpKinds;
};

}  // namespace accelscope

Q_DECLARE_METATYPE(accelscope::TimeRange)
