#pragma once
// The paper's claims for the current run: paper value, model value, error and PASS/FAIL per claim,
// with a summary line, or a hint saying how to get claims when the run has none.

#include <QWidget>

class QLabel;
class QStackedWidget;
class QTableView;

namespace accelscope {

class ClaimTableModel;
class ViewState;

class ClaimsView : public QWidget {
    Q_OBJECT
public:
    explicit ClaimsView(ViewState &state, QWidget *parent = nullptr);

    ClaimTableModel *model() const { return model_; }
    QString summary() const;
    QString hint() const;
    bool showsHint() const;

private:
    void refresh();

    ViewState &state_;
    ClaimTableModel *model_;
    QLabel *summary_;
    QStackedWidget *stack_;
    QTableView *table_;
    QLabel *hint_;
};

}  // namespace accelscope
