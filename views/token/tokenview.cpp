#include "views/token/tokenview.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QVBoxLayout>

#include "core/sim/trace.h"
#include "views/common/format.h"
#include "views/mask/framestepper.h"
#include "views/state/viewstate.h"
#include "views/token/tokencanvas.h"

namespace accelscope {

TokenView::TokenView(ViewState &state, QWidget *parent) : QWidget(parent), state_(state) {
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 4);
    layout->setSpacing(4);
    toolbar_ = new QWidget(this);
    auto *bar = new QHBoxLayout(toolbar_);
    bar->setContentsMargins(0, 0, 0, 0);
    bar->setSpacing(6);
    nameLabel_ = new QLabel(tr("Tokens"), toolbar_);
    nameCombo_ = new QComboBox(toolbar_);
    nameCombo_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    nameCombo_->setToolTip(tr("Which token frames to show"));
    stepper_ = new FrameStepper(state_, toolbar_);
    bar->addWidget(nameLabel_);
    bar->addWidget(nameCombo_);
    bar->addSpacing(8);
    bar->addWidget(stepper_, 1);
    layout->addWidget(toolbar_);
    canvas_ = new TokenCanvas(this);
    layout->addWidget(canvas_, 1);
    status_ = new QLabel(this);
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(status_);

    connect(nameCombo_, &QComboBox::currentIndexChanged, this,
            [this] { showName(nameCombo_->currentData().toString()); });
    connect(stepper_, &FrameStepper::frameChanged, this, &TokenView::reload);
    connect(&state_, &ViewState::runChanged, this, &TokenView::rebuildNames);
    connect(&state_, &ViewState::traceChanged, this, [this] {
        if (state_.index().frameNames(FrameKind::Tokens).size() != names_.size())
            rebuildNames();
    });
    rebuildNames();
}

TokenView::~TokenView() = default;

void TokenView::rebuildNames() {
    names_ = state_.hasRun() ? state_.index().frameNames(FrameKind::Tokens) : QStringList{};
    {
        const QSignalBlocker blocker(nameCombo_);
        nameCombo_->clear();
        for (const QString &name : names_)
            nameCombo_->addItem(name, name);
    }
    // One name needs no selector; the status line names it.
    nameLabel_->setVisible(names_.size() > 1);
    nameCombo_->setVisible(names_.size() > 1);
    const QString keep = name_;
    name_.clear();
    showName(names_.contains(keep) ? keep : names_.value(0));
}

void TokenView::showName(const QString &name) {
    name_ = name;
    {
        const QSignalBlocker blocker(nameCombo_);
        nameCombo_->setCurrentIndex(nameCombo_->findData(name));
    }
    stepper_->setFrameName(name);
    frame_.reset();
    reload();
}

QString TokenView::hint() const {
    return canvas_->hint();
}

QString TokenView::statusText() const {
    return status_->text();
}

void TokenView::reload() {
    const bool bars = state_.hasRun() && !names_.isEmpty();
    toolbar_->setVisible(bars);
    status_->setVisible(bars);
    if (!state_.hasRun()) {
        canvas_->setHint(tr("No run to show.\nRun a plugin or open a session to see its token maps."));
        return;
    }
    if (names_.isEmpty()) {
        canvas_->setHint(
            tr("This run recorded no token frames.\n"
               "Models that prune, merge, reuse or evict tokens record them as they step."));
        return;
    }
    const auto frame = stepper_->currentFrame();
    if (!frame) {
        const auto first = stepper_->frameAtIndex(0);
        canvas_->setHint(
            tr("No “%1” frame yet at the cursor.\nThe first is recorded at %2: move the cursor or "
               "the step slider forward.")
                .arg(name_, first ? format::duration(first->time) : tr("a later time")));
        status_->clear();
        frame_.reset();
        return;
    }
    if (frame == frame_ && canvas_->grid())
        return;
    frame_ = frame;
    QString error;
    const auto grid = decodeTokenGrid(*frame, &error);
    if (!grid) {
        canvas_->setHint(tr("Cannot draw “%1”: %2.").arg(name_, error));
        status_->clear();
        return;
    }
    canvas_->setGrid(*grid);
    QStringList shape;
    for (std::int64_t d : grid->shape)
        shape.append(QString::number(d));
    QStringList status{name_, tr("%1 tokens").arg(shape.join(QStringLiteral(" × ")))};
    if (grid->wrapped)
        status.append(tr("shown %1 per row").arg(grid->cols));
    const auto merges = canvas_->links().size();
    status.append(merges == 1 ? tr("1 merge") : tr("%1 merges").arg(merges));
    status.append(tr("step %1 at %2").arg(frame->step).arg(format::duration(frame->time)));
    status_->setText(status.join(QStringLiteral("  ·  ")));
}

void TokenView::changeEvent(QEvent *event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::ApplicationPaletteChange)
        canvas_->update();
}

}  // namespace accelscope
