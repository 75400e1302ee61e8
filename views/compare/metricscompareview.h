#pragma once
// Two runs' metrics side by side with deltas, under a header naming both runs (id, plugin,
// preset). Shows a hint until two runs are given.

#include <QWidget>

#include "core/store/runstore.h"

class QCheckBox;
class QLabel;
class QStackedWidget;
class QTableView;

namespace accelscope {

class MetricsCompareModel;
class ViewState;

class MetricsCompareView : public QWidget {
    Q_OBJECT
public:
    explicit MetricsCompareView(ViewState &state, QWidget *parent = nullptr);

    void setRuns(const RunRecord &a, const RunRecord &b);
    void clear();

    MetricsCompareModel *model() const { return model_; }
    QString headerText() const;
    QTableView *table() const { return table_; }

private:
    MetricsCompareModel *model_;
    QLabel *header_;
    QCheckBox *baselines_;
    QStackedWidget *stack_;
    QTableView *table_;
    QLabel *hint_;
};

}  // namespace accelscope
