#pragma once
// Two recorded runs side by side: the metrics table with deltas on top, the two timelines below,
// aligned on one time axis. A time offset shifts the second run (to line up, say, the decode
// phases of runs with different prefill lengths); the cursor and the zoom move both together.

#include <memory>

#include <QWidget>

#include "core/store/runstore.h"

class QDoubleSpinBox;
class QLabel;

namespace accelscope {

class MetricsCompareView;
class RunLoader;
class TimelineView;
class ViewState;

class CompareWindow : public QWidget {
    Q_OBJECT
public:
    CompareWindow(const QString &sessionPath, RunId first, RunId second, QWidget *parent = nullptr);
    ~CompareWindow() override;

    // The second run's shift on the shared axis, in picoseconds.
    void setOffset(TimePs offset);
    TimePs offset() const { return offset_; }
    bool isLoaded() const { return loadedCount_ == 2; }
    ViewState &first() { return *first_; }
    ViewState &second() { return *second_; }
    MetricsCompareView &metrics() { return *metrics_; }
    TimelineView &firstTimeline() { return *firstTimeline_; }
    TimelineView &secondTimeline() { return *secondTimeline_; }

Q_SIGNALS:
    void loaded();
    void failed(const QString &message);

private:
    void onLoaded(RunLoader *loader, ViewState &state);
    void syncCursorFromFirst();
    void syncCursorFromSecond();
    void syncViewport(ViewState &from, ViewState &to);

    std::unique_ptr<ViewState> first_;
    std::unique_ptr<ViewState> second_;
    MetricsCompareView *metrics_ = nullptr;
    TimelineView *firstTimeline_ = nullptr;
    TimelineView *secondTimeline_ = nullptr;
    QLabel *firstTitle_ = nullptr;
    QLabel *secondTitle_ = nullptr;
    QLabel *status_ = nullptr;
    QDoubleSpinBox *offsetSpin_ = nullptr;
    TimePs offset_ = 0;
    int loadedCount_ = 0;
    bool syncing_ = false;
};

}  // namespace accelscope
