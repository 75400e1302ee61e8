#include "views/mask/maskview.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

#include "views/common/format.h"
#include "views/common/theme.h"
#include "views/mask/framestepper.h"
#include "views/mask/maskcanvas.h"
#include "views/state/viewstate.h"

namespace accelscope {

namespace {
QString quoted(const QString &text) {
    return QStringLiteral("“%1”").arg(text);
}

QString dtypeText(DType type) {
    return toString(type).toUpper();
}
}  // namespace

MaskView::MaskView(ViewState &state, QWidget *parent) : QWidget(parent), state_(state) {
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 4);
    layout->setSpacing(4);

    toolbar_ = new QWidget(this);
    auto *bars = new QVBoxLayout(toolbar_);
    bars->setContentsMargins(0, 0, 0, 0);
    bars->setSpacing(2);
    auto *selectors = new QHBoxLayout;
    selectors->setSpacing(6);
    familyLabel_ = new QLabel(tr("Frames"), toolbar_);
    familyCombo_ = new QComboBox(toolbar_);
    familyCombo_->setToolTip(tr("Groups of frame names with the same numbered parts"));
    whatLabel_ = new QLabel(toolbar_);
    whatCombo_ = new QComboBox(toolbar_);
    whatCombo_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    sliceLabel_ = new QLabel(tr("Slice"), toolbar_);
    sliceSpin_ = new QSpinBox(toolbar_);
    sliceSpin_->setToolTip(tr("Which matrix of a frame with more than two dimensions"));
    diffButton_ = new QToolButton(toolbar_);
    diffButton_->setText(tr("Diff vs previous"));
    diffButton_->setCheckable(true);
    diffButton_->setToolTip(tr("Show what changed since the previous frame of this name"));
    fitButton_ = new QToolButton(toolbar_);
    fitButton_->setText(tr("Fit"));
    fitButton_->setToolTip(tr("Show the whole matrix (wheel zooms, drag pans, double-click fits)"));
    selectors->addWidget(familyLabel_);
    selectors->addWidget(familyCombo_);
    selectors->addWidget(whatLabel_);
    selectors->addWidget(whatCombo_);
    selectors->addWidget(sliceLabel_);
    selectors->addWidget(sliceSpin_);
    selectors->addStretch(1);
    selectors->addWidget(diffButton_);
    selectors->addWidget(fitButton_);
    bars->addLayout(selectors);
    stepper_ = new FrameStepper(state_, toolbar_);
    bars->addWidget(stepper_);
    layout->addWidget(toolbar_);

    notice_ = new QLabel(this);
    notice_->setObjectName(QStringLiteral("notice"));
    notice_->setWordWrap(true);
    notice_->hide();
    layout->addWidget(notice_);
    canvas_ = new MaskCanvas(this);
    canvas_->setCellTextProvider([this](int row, int col) { return cellText(row, col); });
    layout->addWidget(canvas_, 1);
    status_ = new QLabel(this);
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(status_);

    connect(familyCombo_, &QComboBox::currentIndexChanged, this, &MaskView::familyChanged);
    connect(whatCombo_, &QComboBox::currentIndexChanged, this, [this] { selectorChanged(-1); });
    connect(sliceSpin_, &QSpinBox::valueChanged, this, &MaskView::redraw);
    connect(diffButton_, &QToolButton::toggled, this, &MaskView::reload);
    connect(fitButton_, &QToolButton::clicked, canvas_, &MaskCanvas::fit);
    connect(stepper_, &FrameStepper::frameChanged, this, &MaskView::reload);
    connect(&state_, &ViewState::runChanged, this, &MaskView::rebuildCatalog);
    connect(&state_, &ViewState::traceChanged, this, [this] {
        // A live run: only a new name rebuilds the selectors; new frames reach the stepper.
        if (frameNamesShown() != catalog_.names())
            rebuildCatalog();
    });
    rebuildCatalog();
}

MaskView::~MaskView() = default;

QStringList MaskView::frameNamesShown() const {
    if (!state_.hasRun())
        return {};
    return state_.index().frameNames(FrameKind::Mask) + state_.index().frameNames(FrameKind::Heat);
}

void MaskView::rebuildCatalog() {
    const QStringList names = frameNamesShown();
    catalog_.setNames(names);
    {
        const QSignalBlocker blocker(familyCombo_);
        familyCombo_->clear();
        for (const QString &family : catalog_.families())
            familyCombo_->addItem(familyLabel(family), family);
    }
    familyLabel_->setVisible(catalog_.families().size() > 1);
    familyCombo_->setVisible(catalog_.families().size() > 1);
    family_ = QStringLiteral("\n");  // forces the key selectors to be rebuilt
    const QString keep = name_;
    name_.clear();
    showName(names.contains(keep) ? keep : names.value(0));
}

void MaskView::rebuildKeySelectors(const QString &family) {
    qDeleteAll(keyLabels_);
    qDeleteAll(keyCombos_);
    keyLabels_.clear();
    keyCombos_.clear();
    auto *row =
        static_cast<QHBoxLayout *>(static_cast<QVBoxLayout *>(toolbar_->layout())->itemAt(0)->layout());
    const QStringList keys = catalog_.keys(family);
    int at = row->indexOf(whatLabel_);
    for (int k = 0; k < keys.size(); ++k) {
        auto *label = new QLabel(keys[k].left(1).toUpper() + keys[k].mid(1), toolbar_);
        auto *combo = new QComboBox(toolbar_);
        combo->setObjectName(keys[k]);
        for (int value : catalog_.indices(family, k))
            combo->addItem(QString::number(value), value);
        combo->setEnabled(combo->count() > 1);
        connect(combo, &QComboBox::currentIndexChanged, this, [this, k] { selectorChanged(k); });
        row->insertWidget(at++, label);
        row->insertWidget(at++, combo);
        keyLabels_.append(label);
        keyCombos_.append(combo);
    }
    const QSignalBlocker blocker(whatCombo_);
    whatCombo_->clear();
    for (const QString &what : catalog_.whats(family))
        whatCombo_->addItem(what.isEmpty() ? tr("(frame)") : what, what);
    whatLabel_->setText(family.isEmpty() ? tr("Name") : tr("Frame"));
    whatCombo_->setEnabled(whatCombo_->count() > 1);
    const bool anyNames = !catalog_.isEmpty();
    whatLabel_->setVisible(anyNames);
    whatCombo_->setVisible(anyNames);
}

QComboBox *MaskView::selector(const QString &part) const {
    if (part == QLatin1String("family"))
        return familyCombo_;
    if (part == QLatin1String("what") || part == QLatin1String("name"))
        return whatCombo_;
    for (QComboBox *combo : keyCombos_)
        if (combo->objectName() == part)
            return combo;
    return nullptr;
}

void MaskView::showName(const QString &name) {
    const FrameNameParts &parts = catalog_.parts(name);
    const QString family = parts.family();
    if (family != family_) {
        family_ = family;
        rebuildKeySelectors(family);
    }
    name_ = name;
    syncSelectors();
    stepper_->setFrameName(name);
    reload();
}

void MaskView::syncSelectors() {
    const FrameNameParts &parts = catalog_.parts(name_);
    {
        const QSignalBlocker blocker(familyCombo_);
        familyCombo_->setCurrentIndex(familyCombo_->findData(family_));
    }
    for (qsizetype k = 0; k < keyCombos_.size() && k < parts.indices.size(); ++k) {
        const QSignalBlocker blocker(keyCombos_[k]);
        keyCombos_[k]->setCurrentIndex(keyCombos_[k]->findData(parts.indices[k]));
    }
    const QSignalBlocker blocker(whatCombo_);
    whatCombo_->setCurrentIndex(whatCombo_->findData(parts.what));
}

void MaskView::familyChanged() {
    const QString family = familyCombo_->currentData().toString();
    for (const QString &name : catalog_.names())
        if (catalog_.parts(name).family() == family) {
            showName(name);
            return;
        }
}

void MaskView::selectorChanged(int keyPosition) {
    QList<int> indices;
    for (QComboBox *combo : keyCombos_)
        indices.append(combo->currentData().toInt());
    const QString what = whatCombo_->currentData().toString();
    const QString name = catalog_.closestName(family_, indices, what, keyPosition);
    if (!name.isEmpty())
        showName(name);
}

void MaskView::setDiffEnabled(bool enabled) {
    diffButton_->setChecked(enabled);
}

bool MaskView::diffEnabled() const {
    return diffButton_->isChecked();
}

const QImage &MaskView::image() const {
    return canvas_->image();
}

QString MaskView::hint() const {
    return canvas_->hint();
}

QString MaskView::statusText() const {
    return status_->text();
}

QString MaskView::notice() const {
    return notice_->isHidden() ? QString() : notice_->text();
}

void MaskView::reload() {
    // Decode only when the frame changed: stepping redraws, hovering does not decode.
    const auto frame = stepper_->currentFrame();
    if (frame != frame_) {
        frame_ = frame;
        decodeError_.clear();
        matrix_ = frame ? decodeFrameMatrix(*frame, &decodeError_) : std::nullopt;
    }
    const auto previous = diffEnabled() ? stepper_->previousFrame() : nullptr;
    if (previous != previousFrame_) {
        previousFrame_ = previous;
        previous_ = previous ? decodeFrameMatrix(*previous) : std::nullopt;
    }
    if (matrix_) {
        const QSignalBlocker blocker(sliceSpin_);
        sliceSpin_->setRange(0, matrix_->slices - 1);
    }
    const bool slices = matrix_ && matrix_->slices > 1;
    sliceLabel_->setVisible(slices);
    sliceSpin_->setVisible(slices);
    if (frame && !matrix_) {
        canvas_->setHint(tr("Cannot draw %1: %2.").arg(quoted(name_), decodeError_));
        status_->clear();
        notice_->hide();
        return;
    }
    redraw();
}

void MaskView::redraw() {
    notice_->hide();
    // Not isVisible(): that is false for every child until the view itself is shown.
    const bool bars = state_.hasRun() && !catalog_.isEmpty();
    toolbar_->setVisible(bars);
    status_->setVisible(bars);
    if (!state_.hasRun()) {
        canvas_->setHint(
            tr("No run to show.\nRun a plugin or open a session to see its masks and heat maps."));
        return;
    }
    if (catalog_.isEmpty()) {
        canvas_->setHint(
            tr("This run recorded no mask or heat frames.\n"
               "Models that mask, prune or score attention record them as they step."));
        return;
    }
    if (!matrix_) {
        const auto first = stepper_->frameAtIndex(0);
        canvas_->setHint(tr("No %1 frame yet at the cursor.\nThe first is recorded at %2: move the cursor or "
                            "the step slider forward.")
                             .arg(quoted(name_), first ? format::duration(first->time) : tr("a later time")));
        status_->clear();
        return;
    }
    const FrameMatrix &m = *matrix_;
    const int slice = std::clamp(sliceSpin_->value(), 0, m.slices - 1);
    stats_ = matrixStats(m, slice);

    QStringList status;
    status.append(QStringLiteral("%1 %2 (%3)")
                      .arg(m.shapeText(), m.isBits() ? tr("mask") : tr("heat map"), dtypeText(m.dtype)));
    if (m.slices > 1)
        status.append(tr("slice %1 of %2").arg(m.sliceLabel(slice)).arg(m.slices));
    if (m.isBits())
        status.append(tr("density %1 set").arg(format::percent(stats_.density)));
    else {
        status.append(
            tr("range %1 … %2").arg(format::number(stats_.minimum), format::number(stats_.maximum)));
        status.append(tr("density %1 (|v| ≥ %2 of the largest)")
                          .arg(format::percent(stats_.density), format::percent(kDensityThreshold)));
    }

    showingDiff_ = false;
    if (diffEnabled()) {
        QString why;
        if (!previousFrame_)
            why = tr("No previous %1 frame to compare with: this is the first one. Showing the frame itself.")
                      .arg(quoted(name_));
        else if (!previous_)
            why = tr("The previous frame cannot be read. Showing the frame itself.");
        else if (!previous_->sameGeometry(m))
            why = tr("The previous frame is %1 and this one %2: shapes differ, so there is no element-wise "
                     "diff. "
                     "Showing the frame itself.")
                      .arg(previous_->shapeText(), m.shapeText());
        if (why.isEmpty()) {
            showingDiff_ = true;
            canvas_->setImage(renderDifference(m, *previous_, slice, &scale_), scale_,
                              m.isBits() ? tr("vs previous") : tr("Δ vs previous"));
            if (m.isBits()) {
                const BitDiffCounts counts = bitDiffCounts(m, *previous_, slice);
                status.append(tr("+%1 added, −%2 removed, %3 in both since %4")
                                  .arg(counts.added)
                                  .arg(counts.removed)
                                  .arg(counts.unchanged)
                                  .arg(format::duration(previousFrame_->time)));
            } else {
                status.append(tr("largest change ±%1 since %2")
                                  .arg(format::number(scale_.high), format::duration(previousFrame_->time)));
            }
        } else {
            notice_->setText(why);
            QPalette p = notice_->palette();
            p.setColor(QPalette::WindowText, theme::cursorLine());
            notice_->setPalette(p);
            notice_->show();
        }
    }
    if (!showingDiff_) {
        scale_ = scaleFor(m, stats_);
        canvas_->setImage(renderMatrix(m, slice, scale_), scale_, m.isBits() ? tr("Mask") : tr("Value"));
    }
    status_->setText(status.join(QStringLiteral("  ·  ")));
}

QString MaskView::cellText(int row, int col) const {
    if (!matrix_)
        return {};
    const FrameMatrix &m = *matrix_;
    const int slice = std::clamp(sliceSpin_->value(), 0, m.slices - 1);
    const QString where =
        m.rows == 1 && m.shape.size() == 1 ? tr("index %1").arg(col) : tr("row %1, col %2").arg(row).arg(col);
    const QString prefix = m.slices > 1 ? m.sliceLabel(slice) + QLatin1Char(' ') : QString();
    const double value = m.at(slice, row, col);
    QString text = prefix + where + QLatin1Char('\n') +
                   (m.isBits() ? (value != 0 ? tr("set (1)") : tr("unset (0)"))
                               : tr("value %1").arg(format::number(value, 4)));
    if (showingDiff_ && previous_) {
        const double before = previous_->at(slice, row, col);
        if (m.isBits()) {
            const bool now = value != 0, was = before != 0;
            text += QLatin1Char('\n') + (now && !was   ? tr("added since the previous frame")
                                         : !now && was ? tr("removed since the previous frame")
                                                       : tr("unchanged"));
        } else {
            text +=
                QLatin1Char('\n') + tr("previous %1, change %2")
                                        .arg(format::number(before, 4), format::number(value - before, 3));
        }
    }
    return text;
}

void MaskView::changeEvent(QEvent *event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::ApplicationPaletteChange)
        redraw();
}

}  // namespace accelscope
