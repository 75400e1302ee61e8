#pragma once
// The Tokens view: per-token states from a run's Tokens frames at the ViewState cursor (kept,
// pruned, merged into another token, reused, evicted, reduced precision), with merges drawn as
// links, a legend of counts, a name selector and a step slider that follows and moves the cursor.

#include <memory>
#include <optional>

#include <QWidget>

#include "views/token/tokengrid.h"

class QComboBox;
class QLabel;

namespace accelscope {

class FrameStepper;
class TokenCanvas;
class ViewState;
struct StoredFrame;

class TokenView : public QWidget {
    Q_OBJECT
public:
    explicit TokenView(ViewState &state, QWidget *parent = nullptr);
    ~TokenView() override;

    QString currentName() const { return name_; }
    void showName(const QString &name);
    QComboBox *nameSelector() const { return nameCombo_; }
    FrameStepper *stepper() const { return stepper_; }
    TokenCanvas *canvas() const { return canvas_; }
    QString hint() const;
    QString statusText() const;

protected:
    void changeEvent(QEvent *event) override;

private:
    void rebuildNames();
    void reload();

    ViewState &state_;
    QStringList names_;
    QString name_;
    QWidget *toolbar_ = nullptr;
    QLabel *nameLabel_ = nullptr;
    QComboBox *nameCombo_ = nullptr;
    FrameStepper *stepper_ = nullptr;
    TokenCanvas *canvas_ = nullptr;
    QLabel *status_ = nullptr;
    std::shared_ptr<const StoredFrame> frame_;
};

}  // namespace accelscope
