#include "views/params/parameditor.h"

#include <algorithm>

#include <QAction>
#include <QComboBox>
#include <QEvent>
#include <QFileDialog>
#include <QJsonObject>
#include <QMenu>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPainter>
#include <QPainterPath>
#include <QPushButton>
#include <QSignalBlocker>
#include <QToolButton>
#include <QTreeView>
#include <QUndoStack>
#include <QVBoxLayout>

#include "core/api/errors.h"
#include "core/session/paramfile.h"
#include "views/common/theme.h"
#include "views/params/paramdelegate.h"
#include "views/params/paramtablemodel.h"
#include "views/params/paramtheme.h"
#include "views/params/tensorinputs.h"

namespace accelscope {

namespace {

// A curved arrow in the text colour, mirrored for redo; themes without edit-undo icons (and the
// offscreen platform) still get a recognisable button.
QIcon historyIcon(bool redo, const QPalette &palette) {
    const QString name = redo ? QStringLiteral("edit-redo") : QStringLiteral("edit-undo");
    if (QIcon::hasThemeIcon(name))
        return QIcon::fromTheme(name);
    QIcon icon;
    for (const QPalette::ColorGroup group : {QPalette::Active, QPalette::Disabled}) {
        QPixmap pixmap(32, 32);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        if (redo)
            painter.setTransform(QTransform(-1, 0, 0, 1, 32, 0));
        QPen pen(palette.color(group, QPalette::ButtonText), 3.2, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
        painter.setPen(pen);
        QPainterPath arc;
        arc.moveTo(9, 13);
        arc.cubicTo(14, 7, 26, 8, 26, 18);
        arc.cubicTo(26, 24, 21, 27, 16, 27);
        painter.drawPath(arc);
        QPainterPath head;
        head.moveTo(5, 6);
        head.lineTo(6, 16);
        head.lineTo(15, 13);
        head.closeSubpath();
        painter.setBrush(palette.color(group, QPalette::ButtonText));
        painter.drawPath(head);
        painter.end();
        icon.addPixmap(pixmap, group == QPalette::Active ? QIcon::Normal : QIcon::Disabled);
    }
    return icon;
}

// Exposes the contents width of a column, which fitColumns() needs before deciding widths.
class ParamTreeView : public QTreeView {
public:
    using QTreeView::QTreeView;
    using QTreeView::sizeHintForColumn;
};

QToolButton *historyButton(QWidget *parent) {
    auto *button = new QToolButton(parent);
    button->setAutoRaise(true);
    button->setToolButtonStyle(Qt::ToolButtonIconOnly);
    button->setIconSize(QSize(16, 16));
    return button;
}

}  // namespace

ParamEditor::ParamEditor(QWidget *parent)
    : QWidget(parent),
      model_(new ParamTableModel(this)),
      delegate_(new ParamDelegate(this)),
      undoStack_(new QUndoStack(this)),
      presetCombo_(new QComboBox(this)),
      resetButton_(new QPushButton(QStringLiteral("Reset to paper"), this)),
      undoButton_(historyButton(this)),
      redoButton_(historyButton(this)),
      fileButton_(new QToolButton(this)),
      presetInfo_(new QLabel(this)),
      view_(new ParamTreeView(this)),
      tensorInputs_(new TensorInputs(this)),
      messageLine_(new QLabel(this)) {
    model_->setUndoStack(undoStack_);

    auto *presetLabel = new QLabel(QStringLiteral("&Preset"), this);
    presetLabel->setBuddy(presetCombo_);
    presetCombo_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    presetCombo_->setMinimumContentsLength(12);
    presetCombo_->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    presetCombo_->setToolTip(QStringLiteral("Start from a named configuration"));
    resetButton_->setToolTip(QStringLiteral("Every value back to the paper's configuration"));
    resetButton_->setEnabled(false);

    auto *top = new QHBoxLayout;
    top->setSpacing(6);
    top->addWidget(presetLabel);
    top->addWidget(presetCombo_, 1);
    top->addWidget(resetButton_);
    top->addSpacing(2);
    top->addWidget(undoButton_);
    top->addWidget(redoButton_);
    top->addWidget(fileButton_);

    presetInfo_->setWordWrap(true);
    presetInfo_->setTextFormat(Qt::PlainText);
    QPalette muted = presetInfo_->palette();
    muted.setColor(QPalette::WindowText, theme::mutedText());
    presetInfo_->setPalette(muted);

    view_->setModel(model_);
    view_->setItemDelegate(delegate_);
    view_->setAlternatingRowColors(true);
    view_->setUniformRowHeights(true);
    view_->setAllColumnsShowFocus(true);
    view_->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::SelectedClicked |
                           QAbstractItemView::EditKeyPressed | QAbstractItemView::AnyKeyPressed);
    view_->header()->setStretchLastSection(true);
    // fitColumns() shrinks the label column to the width instead; long labels elide.
    view_->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    view_->header()->setSectionResizeMode(QHeaderView::Interactive);

    messageLine_->setWordWrap(true);
    messageLine_->setTextFormat(Qt::PlainText);
    messageLine_->setMinimumHeight(2 * fontMetrics().lineSpacing() + 4);
    messageLine_->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    messageLine_->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->setSpacing(4);
    layout->addLayout(top);
    layout->addWidget(presetInfo_);
    layout->addWidget(view_, 1);
    layout->addWidget(tensorInputs_);
    layout->addWidget(messageLine_);

    // Undo/redo live on the editor so Ctrl+Z applies while focus is anywhere inside it (an open
    // line edit keeps its own text undo, which is what a user expects there).
    auto *undoAction = new QAction(historyIcon(false, palette()), QStringLiteral("Undo"), this);
    undoAction->setShortcut(QKeySequence::Undo);
    auto *redoAction = new QAction(historyIcon(true, palette()), QStringLiteral("Redo"), this);
    redoAction->setShortcuts({QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence::Redo});
    for (QAction *action : {undoAction, redoAction}) {
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        action->setEnabled(false);
        addAction(action);
    }
    undoButton_->setDefaultAction(undoAction);
    redoButton_->setDefaultAction(redoAction);
    undoButton_->setToolTip(QStringLiteral("Undo (Ctrl+Z)"));
    redoButton_->setToolTip(QStringLiteral("Redo (Ctrl+Shift+Z)"));
    connect(undoAction, &QAction::triggered, undoStack_, &QUndoStack::undo);
    connect(redoAction, &QAction::triggered, undoStack_, &QUndoStack::redo);
    connect(undoStack_, &QUndoStack::canUndoChanged, undoAction, &QAction::setEnabled);
    connect(undoStack_, &QUndoStack::canRedoChanged, redoAction, &QAction::setEnabled);
    connect(undoStack_, &QUndoStack::undoTextChanged, this, [this, undoAction](const QString &text) {
        undoAction->setToolTip(text.isEmpty() ? QStringLiteral("Undo (Ctrl+Z)")
                                              : QStringLiteral("Undo: %1 (Ctrl+Z)").arg(text));
        undoButton_->setToolTip(undoAction->toolTip());
    });
    connect(undoStack_, &QUndoStack::redoTextChanged, this, [this, redoAction](const QString &text) {
        redoAction->setToolTip(text.isEmpty() ? QStringLiteral("Redo (Ctrl+Shift+Z)")
                                              : QStringLiteral("Redo: %1 (Ctrl+Shift+Z)").arg(text));
        redoButton_->setToolTip(redoAction->toolTip());
    });

    // `activated` also fires when the shown preset is picked again: that drops the hand edits.
    connect(presetCombo_, &QComboBox::activated, this,
            [this](int row) { model_->choosePreset(presetCombo_->itemData(row).toString()); });
    connect(resetButton_, &QPushButton::clicked, model_, &ParamTableModel::resetToPaper);

    fileButton_->setText(QStringLiteral("File"));
    fileButton_->setToolTip(QStringLiteral("Save these parameters to a file, or load a saved set"));
    fileButton_->setPopupMode(QToolButton::InstantPopup);
    auto *fileMenu = new QMenu(fileButton_);
    const QString filter = QStringLiteral("Parameter files (*.json);;All files (*)");
    fileMenu->addAction(QStringLiteral("Save parameters to file…"), this, [this, filter] {
        QString path = QFileDialog::getSaveFileName(this, QStringLiteral("Save parameters"),
                                                    pluginId_ + QStringLiteral("-params.json"), filter);
        if (!path.isEmpty())
            saveParamFile(path);
    });
    fileMenu->addAction(QStringLiteral("Load parameters from file…"), this, [this, filter] {
        const QString path = QFileDialog::getOpenFileName(this, QStringLiteral("Load parameters"), {}, filter);
        if (!path.isEmpty())
            loadParamFile(path);
    });
    fileButton_->setMenu(fileMenu);

    connect(model_, &ParamTableModel::paramsChanged, this, [this] {
        rejectError_.clear();
        syncPresetControls();
        updateMessage();
        Q_EMIT paramsChanged();
    });
    connect(tensorInputs_, &TensorInputs::tensorsChanged, this, [this] {
        tensorError_.clear();
        updateMessage();
        Q_EMIT paramsChanged();
    });
    connect(tensorInputs_, &TensorInputs::failed, this, [this](const QString &message) {
        tensorError_ = message;
        updateMessage();
    });
    connect(model_, &ParamTableModel::editRejected, this, [this](const QString &, const QString &message) {
        rejectError_ = message;
        updateMessage();
    });
    connect(delegate_, &ParamDelegate::validationChanged, this, [this](const QString &message) {
        liveError_ = message;
        updateMessage();
    });
    // After a refused commit the rejection is what matters, not the closed editor's live check.
    connect(delegate_, &QAbstractItemDelegate::closeEditor, this, [this] {
        liveError_.clear();
        updateMessage();
    });
    connect(view_->selectionModel(), &QItemSelectionModel::currentChanged, this, [this] {
        rejectError_.clear();
        updateMessage();
    });
    connect(model_, &QAbstractItemModel::modelReset, this, [this] {
        view_->expandAll();
        for (int row = 0; row < model_->rowCount(); ++row)
            view_->setFirstColumnSpanned(row, {}, true);
        fitColumns();
    });
    view_->viewport()->installEventFilter(this);
    updateMessage();
}

ParamEditor::~ParamEditor() {
    // The children outlive this object's members: an editor still open in the tree closes while
    // QWidget deletes them, and must not reach updateMessage() then.
    for (QObject *sender : std::initializer_list<QObject *>{delegate_, model_, tensorInputs_, undoStack_})
        disconnect(sender, nullptr, this, nullptr);
}

bool ParamEditor::eventFilter(QObject *watched, QEvent *event) {
    if (watched == view_->viewport() && event->type() == QEvent::Resize)
        fitColumns();
    return QWidget::eventFilter(watched, event);
}

void ParamEditor::fitColumns() {
    // Value and unit take what they need; the label gets the rest up to its own width,
    // so a narrow dock shows everything without a horizontal scroll bar (long labels elide, their
    // tooltip has them) and a wide one keeps values next to their labels.
    const auto contents = [this](int column) {
        return std::max(static_cast<ParamTreeView *>(view_)->sizeHintForColumn(column),
                        view_->header()->sectionSizeHint(column));
    };
    const int value = std::max(contents(ParamTableModel::ValueColumn) + 16, 64);
    const int unit = contents(ParamTableModel::UnitColumn) + 4;
    // The allowed range is the last, stretched column: it elides first (its tooltip has it), as
    // a value whose name cannot be read is of little use.
    const int allowed = std::min(contents(ParamTableModel::AllowedColumn), 64);
    const int rest = view_->viewport()->width() - value - unit - allowed - 6;
    const int label = std::clamp(rest, 90, contents(ParamTableModel::LabelColumn) + 12);
    view_->setColumnWidth(ParamTableModel::LabelColumn, label);
    view_->setColumnWidth(ParamTableModel::ValueColumn, value);
    view_->setColumnWidth(ParamTableModel::UnitColumn, unit);
}

void ParamEditor::setPlugin(const PluginInfo &info, const AcceleratorPlugin &plugin) {
    pluginId_ = info.id;
    setSchema(plugin.schema(), plugin.presets());
}

void ParamEditor::setSchema(const ParamSchema &schema, std::vector<Preset> presets) {
    undoStack_->clear();
    liveError_.clear();
    rejectError_.clear();
    tensorError_.clear();
    model_->setSchema(schema, std::move(presets));
    tensorInputs_->setSchema(schema);
    rebuildPresets();
    syncPresetControls();
    updateMessage();
}

ParamSet ParamEditor::params() const {
    ParamSet params = model_->params();
    for (const auto &[name, tensor] : tensorInputs_->tensors())
        params.setTensor(name, tensor);  // checked against the schema when it was read
    return params;
}

QString ParamEditor::presetName() const {
    return model_->presetName();
}

QStringList ParamEditor::assignments() const {
    return model_->assignments();
}

QStringList ParamEditor::setFromRun(const QString &preset, const QJsonObject &params) {
    const QStringList problems = model_->setFromRun(preset, params);
    const QJsonObject tensors = params.value(ParamSet::kTensorsKey).toObject();
    for (auto it = tensors.begin(); it != tensors.end(); ++it) {
        const QJsonObject entry = it.value().toObject();
        tensorInputs_->load(it.key(), entry.value(QStringLiteral("file")).toString(),
                            entry.value(QStringLiteral("tensor")).toString(), entry.value(QStringLiteral("sha256")).toString());
    }
    for (const auto &[name, unused] : std::map<QString, io::LoadedTensor>(tensorInputs_->tensors())) {
        if (!tensors.contains(name))
            tensorInputs_->clear(name);  // the run had synthetic data there
    }
    rejectError_ = problems.join(QLatin1Char('\n'));
    updateMessage();
    return problems;
}

void ParamEditor::rebuildPresets() {
    const QSignalBlocker blocker(presetCombo_);
    presetCombo_->clear();
    for (const Preset &preset : model_->presets()) {
        presetCombo_->addItem(preset.name, preset.name);
        presetCombo_->setItemData(presetCombo_->count() - 1, preset.description, Qt::ToolTipRole);
    }
    presetCombo_->setEnabled(presetCombo_->count() > 0);
}

void ParamEditor::syncPresetControls() {
    {
        const QSignalBlocker blocker(presetCombo_);
        presetCombo_->setCurrentIndex(presetCombo_->findData(model_->presetName()));
    }
    const Preset *preset = findPreset(model_->presets(), model_->presetName());
    const Preset *paper = findPreset(model_->presets(), QStringLiteral("paper"));
    const qsizetype edits = model_->assignments().size();
    QString info = preset ? preset->description : QString();
    if (edits > 0)
        info +=
            (info.isEmpty() ? QString() : QStringLiteral("  ·  ")) +
            (edits == 1 ? QStringLiteral("1 value changed") : QStringLiteral("%1 values changed").arg(edits));
    presetInfo_->setText(info);
    presetInfo_->setVisible(!info.isEmpty());
    presetCombo_->setToolTip(preset ? preset->description
                                    : QStringLiteral("Start from a named configuration"));
    resetButton_->setEnabled(
        paper && !(model_->state() == ParamTableModel::State{ParamSet::fromPreset(model_->schema(), *paper),
                                                             QStringLiteral("paper")}));
}

QString ParamEditor::saveParamFile(const QString &path) {
    try {
        ParamFile::fromParams(pluginId_, presetName(), model_->presets(), model_->state().params).write(path);
        return {};
    } catch (const InputError &e) {
        rejectError_ = e.message();
        updateMessage();
        return rejectError_;
    }
}

QString ParamEditor::loadParamFile(const QString &path) {
    QJsonObject values;
    QString preset;
    try {
        const ParamFile file = ParamFile::read(path);
        if (!pluginId_.isEmpty())
            file.checkPlugin(pluginId_);
        preset = file.preset().isEmpty() ? QStringLiteral("paper") : file.preset();
        const Preset *start = findPreset(model_->presets(), preset);
        if (!start)
            throw InputError(QStringLiteral("%1: this plugin has no preset '%2'").arg(path, preset));
        ParamSet check = ParamSet::fromPreset(model_->schema(), *start);
        file.applyTo(check);  // refuses the whole file on the first value that does not fit
        for (const auto &[key, value] : file.values())
            values.insert(key, toJson(check.value(key)));
    } catch (const InputError &e) {
        rejectError_ = e.message();
        updateMessage();
        return rejectError_;
    }
    model_->setFromRun(preset, values);
    return {};
}

QString ParamEditor::message() const {
    return messageLine_->text();
}

void ParamEditor::updateMessage() {
    QString text;
    QColor color = theme::mutedText();
    if (!liveError_.isEmpty()) {
        text = liveError_;
        color = paramtheme::errorColor();
    } else if (!rejectError_.isEmpty()) {
        text = QStringLiteral("Not applied: ") + rejectError_;
        color = paramtheme::errorColor();
    } else if (!tensorError_.isEmpty()) {
        text = QStringLiteral("Input tensor not used: ") + tensorError_;
        color = paramtheme::errorColor();
    } else if (const ParamSpec *spec = model_->specAt(view_->currentIndex())) {
        text = spec->doc.isEmpty() ? spec->allowed() : spec->doc + QStringLiteral(" — ") + spec->allowed();
    } else if (model_->rowCount() > 0) {
        text = QStringLiteral(
            "Double-click a value to edit it. Bold values differ from the preset; a corner "
            "mark means the paper used another value.");
    }
    messageLine_->setText(text);
    messageLine_->setToolTip(text);
    QPalette palette = messageLine_->palette();
    palette.setColor(QPalette::WindowText, color);
    messageLine_->setPalette(palette);
}

}  // namespace accelscope
