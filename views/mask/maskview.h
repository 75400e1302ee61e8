#pragma once
// The Masks view: mask (bit) and heat (float) matrices from a run's frames, at the ViewState
// cursor. Selectors pick a frame name (layer / head / what parsed from the name's path), a step
// slider moves through that name's frames (and moves the cursor), and a toggle shows the
// difference against the previous frame of the same name.

#include <memory>
#include <optional>

#include <QList>
#include <QWidget>

#include "views/mask/framematrix.h"
#include "views/mask/framenames.h"

class QComboBox;
class QLabel;
class QSpinBox;
class QToolButton;

namespace accelscope {

class FrameStepper;
class MaskCanvas;
class ViewState;
struct StoredFrame;

class MaskView : public QWidget {
    Q_OBJECT
public:
    explicit MaskView(ViewState &state, QWidget *parent = nullptr);
    ~MaskView() override;

    const FrameNameCatalog &catalog() const { return catalog_; }
    QString currentName() const { return name_; }
    // Shows the frames named `name` (selectors follow).
    void showName(const QString &name);
    // The selector for a part of the name: "family", "what", "name" or a numbered key ("layer").
    QComboBox *selector(const QString &part) const;
    FrameStepper *stepper() const { return stepper_; }
    MaskCanvas *canvas() const { return canvas_; }
    QSpinBox *sliceSelector() const { return sliceSpin_; }

    void setDiffEnabled(bool enabled);
    bool diffEnabled() const;

    // What is drawn: one pixel per element of the current slice (null with a hint instead).
    const QImage &image() const;
    MatrixScale scale() const { return scale_; }
    // Stats of the current frame's slice (not of the diff).
    MatrixStats stats() const { return stats_; }
    QString hint() const;
    QString statusText() const;
    // Why a requested diff is not shown (no previous frame, another shape); empty otherwise.
    QString notice() const;

protected:
    void changeEvent(QEvent *event) override;

private:
    QStringList frameNamesShown() const;
    void rebuildCatalog();
    void rebuildKeySelectors(const QString &family);
    void syncSelectors();
    void selectorChanged(int keyPosition);  // -1: the 'what' selector
    void familyChanged();
    void reload();
    void redraw();
    QString cellText(int row, int col) const;

    ViewState &state_;
    FrameNameCatalog catalog_;
    QString name_;
    QString family_;

    QWidget *toolbar_ = nullptr;
    QLabel *familyLabel_ = nullptr;
    QComboBox *familyCombo_ = nullptr;
    QList<QLabel *> keyLabels_;
    QList<QComboBox *> keyCombos_;
    QLabel *whatLabel_ = nullptr;
    QComboBox *whatCombo_ = nullptr;
    QLabel *sliceLabel_ = nullptr;
    QSpinBox *sliceSpin_ = nullptr;
    QToolButton *diffButton_ = nullptr;
    QToolButton *fitButton_ = nullptr;
    FrameStepper *stepper_ = nullptr;
    MaskCanvas *canvas_ = nullptr;
    QLabel *notice_ = nullptr;
    QLabel *status_ = nullptr;

    // The decoded frames shown, kept until the frame changes.
    std::shared_ptr<const StoredFrame> frame_;
    std::optional<FrameMatrix> matrix_;
    QString decodeError_;
    std::shared_ptr<const StoredFrame> previousFrame_;
    std::optional<FrameMatrix> previous_;
    MatrixStats stats_;
    MatrixScale scale_;
    bool showingDiff_ = false;
};

}  // namespace accelscope
