#pragma once
// The session's runs: a sortable, filterable table. Double-click or Enter opens a run; selecting
// two and pressing Compare compares them; the notes column is editable.

#include <vector>

#include <QWidget>

#include "core/store/runstore.h"

class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace accelscope {

class RunListModel;
class ViewState;

class RunBrowserView : public QWidget {
    Q_OBJECT
public:
    explicit RunBrowserView(ViewState &state, QWidget *parent = nullptr);

    void setRuns(std::vector<RunInfo> runs);
    void setCurrentRun(RunId run);
    void setFilterText(const QString &text);

    RunListModel *model() const { return model_; }
    QSortFilterProxyModel *proxy() const { return proxy_; }
    QTableView *table() const { return table_; }
    QPushButton *compareButton() const { return compare_; }
    // Selected runs in view order.
    std::vector<RunId> selectedRuns() const;

Q_SIGNALS:
    void openRequested(accelscope::RunId run);
    void compareRequested(accelscope::RunId first, accelscope::RunId second);
    void notesEdited(accelscope::RunId run, const QString &notes);

private:
    void updateControls();

    RunListModel *model_;
    QSortFilterProxyModel *proxy_;
    QLineEdit *filter_;
    QTableView *table_;
    QPushButton *compare_;
    QLabel *count_;
};

}  // namespace accelscope
