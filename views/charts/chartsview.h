#pragma once
// Qt Charts over the current run: utilization per device (or unit name) over time with the cursor,
// busy time per op kind for the run or the selection, the run's metrics against the paper's
// baselines, and a sweep's metric against the parameter that varies.

#include <vector>

#include <QWidget>

#include "core/store/runstore.h"
#include "views/charts/chartdata.h"

class QChart;
class QLineSeries;
class QComboBox;
class QTabWidget;
class QTimer;

namespace accelscope {

class ChartPage;
class ViewState;

class ChartsView : public QWidget {
    Q_OBJECT
public:
    enum class Page { Utilization, OpKinds, Baselines, Sweep };

    explicit ChartsView(ViewState &state, QWidget *parent = nullptr);
    ~ChartsView() override;

    // Runs of one plugin that differ in some parameters (a sweep); empty clears the sweep page.
    void setSweep(std::vector<RunRecord> runs);
    const std::vector<RunRecord> &sweep() const { return sweep_; }
    // Chooses what the sweep page plots; false (and no change) when the sweep lacks either.
    bool setSweepAxes(const QString &metric, const QString &parameter);

    Page page() const;
    void setPage(Page page);
    ChartPage *chartPage(Page page) const;
    // What the utilization page plots (refreshed when the run or trace changes).
    const UtilizationOverTime &utilization() const { return utilization_; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void markAllDirty();
    void refreshCurrentPage();
    void buildUtilization();
    void moveUtilizationCursor();
    void buildOpKinds();
    void buildBaselines();
    void fillBaselineMetrics();
    void buildSweep();
    void fillSweepChoices();

    ViewState &state_;
    QTabWidget *tabs_;
    std::vector<ChartPage *> pages_;
    std::vector<bool> dirty_;
    QTimer *traceThrottle_;

    QComboBox *grouping_;
    UtilizationOverTime utilization_;
    TimeAxisUnit utilizationAxis_;
    QLineSeries *cursorSeries_ = nullptr;

    QComboBox *baselineMetric_;
    QComboBox *sweepMetric_;
    QComboBox *sweepParameter_;
    std::vector<RunRecord> sweep_;
};

}  // namespace accelscope
