#pragma once
// A step selector over the frames of one name: a slider (with previous / next buttons) whose
// position is the frame shown at the ViewState cursor (the latest one at or before it), and which
// moves the cursor to a frame's time when the user drags it. The mask and token views share it.

#include <memory>

#include <QString>
#include <QWidget>

class QLabel;
class QSlider;
class QToolButton;

namespace accelscope {

class ViewState;
struct StoredFrame;

class FrameStepper : public QWidget {
    Q_OBJECT
public:
    explicit FrameStepper(ViewState &state, QWidget *parent = nullptr);

    // Follows the frames named `name` (empty: none).
    void setFrameName(const QString &name);
    QString frameName() const { return name_; }

    int frameCount() const;
    // Position in framesNamed(name) of the frame at the cursor; -1 when none has been recorded yet.
    int currentIndex() const { return current_; }
    std::shared_ptr<const StoredFrame> currentFrame() const { return frameAtIndex(current_); }
    // The frame before the current one in the name's sequence (what a diff compares with).
    std::shared_ptr<const StoredFrame> previousFrame() const { return frameAtIndex(current_ - 1); }
    std::shared_ptr<const StoredFrame> frameAtIndex(int index) const;

    QSlider *slider() const { return slider_; }

    // Re-reads the index (the trace grew) and the cursor.
    void refresh();

Q_SIGNALS:
    // The current frame (or its absence) changed.
    void frameChanged();

private:
    void userMoved(int index);
    void updateLabel();

    ViewState &state_;
    QString name_;
    int current_ = -1;
    // A frame the user picked; kept while the cursor stays at its time, so that several frames
    // recorded at one time can each be shown.
    int pinned_ = -1;
    const StoredFrame *shown_ = nullptr;
    QToolButton *previousButton_ = nullptr;
    QToolButton *nextButton_ = nullptr;
    QSlider *slider_ = nullptr;
    QLabel *label_ = nullptr;
};

}  // namespace accelscope
