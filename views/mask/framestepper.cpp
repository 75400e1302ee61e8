#include "views/mask/framestepper.h"

#include <algorithm>

#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QSlider>
#include <QToolButton>

#include "views/common/format.h"
#include "views/state/viewstate.h"

namespace accelscope {

FrameStepper::FrameStepper(ViewState &state, QWidget *parent) : QWidget(parent), state_(state) {
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    auto *title = new QLabel(tr("Step"), this);
    previousButton_ = new QToolButton(this);
    previousButton_->setArrowType(Qt::LeftArrow);
    previousButton_->setAutoRaise(true);
    previousButton_->setToolTip(tr("Previous frame"));
    nextButton_ = new QToolButton(this);
    nextButton_->setArrowType(Qt::RightArrow);
    nextButton_->setAutoRaise(true);
    nextButton_->setToolTip(tr("Next frame"));
    slider_ = new QSlider(Qt::Horizontal, this);
    slider_->setObjectName(QStringLiteral("stepSlider"));
    slider_->setToolTip(tr("Frames of this name over time; dragging moves the cursor"));
    slider_->setMinimumWidth(120);
    label_ = new QLabel(this);
    label_->setMinimumWidth(
        label_->fontMetrics().horizontalAdvance(QStringLiteral("frame 888 of 888 · 888.8 µs")));
    layout->addWidget(title);
    layout->addWidget(previousButton_);
    layout->addWidget(slider_, 1);
    layout->addWidget(nextButton_);
    layout->addWidget(label_);

    connect(slider_, &QSlider::valueChanged, this, &FrameStepper::userMoved);
    connect(previousButton_, &QToolButton::clicked, this,
            [this] { slider_->setValue(slider_->value() - 1); });
    connect(nextButton_, &QToolButton::clicked, this, [this] { slider_->setValue(slider_->value() + 1); });
    connect(&state_, &ViewState::cursorChanged, this, &FrameStepper::refresh);
    connect(&state_, &ViewState::traceChanged, this, &FrameStepper::refresh);
    connect(&state_, &ViewState::runChanged, this, [this] {
        pinned_ = -1;
        refresh();
    });
    refresh();
}

void FrameStepper::setFrameName(const QString &name) {
    if (name == name_)
        return;
    name_ = name;
    pinned_ = -1;
    refresh();
}

int FrameStepper::frameCount() const {
    return state_.hasRun() && !name_.isEmpty() ? static_cast<int>(state_.index().framesNamed(name_).size())
                                               : 0;
}

std::shared_ptr<const StoredFrame> FrameStepper::frameAtIndex(int index) const {
    if (index < 0 || index >= frameCount())
        return nullptr;
    const auto &list = state_.index().framesNamed(name_);
    return state_.index().snapshot().frames()[list[static_cast<std::size_t>(index)]];
}

void FrameStepper::refresh() {
    const int count = frameCount();
    int index = -1;
    if (count > 0) {
        const auto &list = state_.index().framesNamed(name_);
        const auto &frames = state_.index().snapshot().frames();
        const TimePs cursor = state_.cursor();
        const auto it =
            std::upper_bound(list.begin(), list.end(), cursor,
                             [&frames](TimePs t, std::uint32_t f) { return t < frames[f]->time; });
        index = static_cast<int>(it - list.begin()) - 1;
        // Keep the user's pick among frames recorded at the same time as the one at the cursor.
        if (index >= 0 && pinned_ >= 0 && pinned_ < count && pinned_ <= index &&
            frames[list[static_cast<std::size_t>(pinned_)]]->time ==
                frames[list[static_cast<std::size_t>(index)]]->time)
            index = pinned_;
        else
            pinned_ = -1;
    }
    {
        const QSignalBlocker blocker(slider_);
        slider_->setRange(0, std::max(0, count - 1));
        slider_->setValue(std::max(0, index));
    }
    setEnabled(count > 0);
    previousButton_->setEnabled(index > 0);
    nextButton_->setEnabled(index + 1 < count);
    const auto frame = frameAtIndex(index);
    const bool changed = index != current_ || frame.get() != shown_;
    current_ = index;
    shown_ = frame.get();
    updateLabel();
    if (changed)
        Q_EMIT frameChanged();
}

void FrameStepper::userMoved(int index) {
    const auto frame = frameAtIndex(index);
    if (!frame)
        return;
    pinned_ = index;
    state_.setCursor(frame->time);
    refresh();  // the cursor may not have moved (same time), but the pick did
}

void FrameStepper::updateLabel() {
    const int count = frameCount();
    if (count == 0) {
        label_->setText(tr("no frames"));
        return;
    }
    if (current_ < 0) {
        label_->setText(tr("none yet of %1").arg(count));
        return;
    }
    label_->setText(
        tr("frame %1 of %2 · %3").arg(current_ + 1).arg(count).arg(format::duration(currentFrame()->time)));
}

}  // namespace accelscope
