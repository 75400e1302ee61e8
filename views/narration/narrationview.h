#pragma once
// Teaching text at the cursor: where the run is ("token 3 of 4 · layer 12 of 49"), what the
// machine does in the finest step that has narration, the coarser steps' narration, and where the
// run's data came from. Previous/next buttons move the cursor a step of the chosen level.

#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QTextBrowser;

namespace accelscope {

class ViewState;

class NarrationView : public QWidget {
    Q_OBJECT
public:
    explicit NarrationView(ViewState &state, QWidget *parent = nullptr);

    // What the view shows, as plain text (breadcrumbs, narration, data source).
    QString text() const;
    int stepLevel() const;  // the level the buttons step
    void setStepLevel(int level);

public Q_SLOTS:
    void previousStep();
    void nextStep();

protected:
    void changeEvent(QEvent *event) override;

private:
    void rebuildLevels();
    void refresh();

    ViewState &state_;
    QTextBrowser *browser_;
    QComboBox *level_;
    QPushButton *previous_;
    QPushButton *next_;
};

// Whether a data-source description says the data are synthetic (RunInfo keeps only the text).
bool looksSynthetic(const QString &dataSource);

}  // namespace accelscope
