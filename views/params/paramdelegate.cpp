#include "views/params/paramdelegate.h"

#include <algorithm>
#include <climits>

#include <QComboBox>
#include <QKeyEvent>
#include <QLineEdit>
#include <QPainter>
#include <QPainterPath>
#include <QSpinBox>

#include "core/api/errors.h"
#include "views/params/paramtablemodel.h"
#include "views/params/paramtheme.h"

namespace accelscope {

namespace {

const ParamSpec *specOf(const QModelIndex &index) {
    const auto *model = qobject_cast<const ParamTableModel *>(index.model());
    return model ? model->specAt(index) : nullptr;
}

bool fitsSpinBox(const ParamSpec &spec) {
    return spec.minimum >= static_cast<double>(INT_MIN) && spec.maximum <= static_cast<double>(INT_MAX);
}

}  // namespace

ParamDelegate::ParamDelegate(QObject *parent) : QStyledItemDelegate(parent) {}

QString ParamDelegate::validationError(const ParamSpec &spec, const QString &text) {
    try {
        spec.parse(text);
        return {};
    } catch (const InputError &e) {
        return e.message();
    }
}

void ParamDelegate::validate(QLineEdit *edit, const ParamSpec &spec) {
    const QString message = validationError(spec, edit->text());
    const bool invalid = !message.isEmpty();
    if (edit->property(kInvalidProperty).toBool() == invalid && edit->toolTip() == message)
        return;
    edit->setProperty(kInvalidProperty, invalid);
    edit->setToolTip(message);
    edit->setStyleSheet(
        invalid ? QStringLiteral("QLineEdit { border: 2px solid %1; border-radius: 3px; "
                                 "padding: 0 2px; background: %2; }")
                      .arg(paramtheme::errorColor().name(), paramtheme::errorFill().name(QColor::HexArgb))
                : QString());
    Q_EMIT validationChanged(message);
}

QWidget *ParamDelegate::createEditor(QWidget *parent, const QStyleOptionViewItem &option,
                                     const QModelIndex &index) const {
    const ParamSpec *spec = specOf(index);
    if (!spec || index.column() != ParamTableModel::ValueColumn)
        return QStyledItemDelegate::createEditor(parent, option, index);
    switch (spec->type) {
        case ParamType::Int:
            if (fitsSpinBox(*spec)) {
                auto *spin = new QSpinBox(parent);
                spin->setRange(static_cast<int>(spec->minimum), static_cast<int>(spec->maximum));
                if (!spec->unit.isEmpty())
                    spin->setSuffix(QLatin1Char(' ') + spec->unit);
                spin->setAccelerated(true);
                spin->setFrame(false);
                spin->setToolTip(spec->allowed());
                return spin;
            }
            break;  // a range wider than int: typed and validated like a real number
        case ParamType::Enum: {
            auto *combo = new QComboBox(parent);
            combo->addItems(spec->choices);
            combo->setFrame(false);
            // Picking a choice is the whole edit: commit it without a second keypress.
            auto *self = const_cast<ParamDelegate *>(this);
            connect(combo, &QComboBox::activated, self, [self, combo] {
                Q_EMIT self->commitData(combo);
                Q_EMIT self->closeEditor(combo);
            });
            return combo;
        }
        case ParamType::Bool:
            return nullptr;  // the check box edits it
        case ParamType::Double:
            break;
    }
    auto *edit = new QLineEdit(parent);
    edit->setFrame(false);
    edit->setPlaceholderText(spec->allowed());
    // Signals are not const; the delegate's state is not touched, only its signal is emitted.
    auto *self = const_cast<ParamDelegate *>(this);
    const ParamSpec specCopy = *spec;
    connect(edit, &QLineEdit::textChanged, self, [self, edit, specCopy] { self->validate(edit, specCopy); });
    connect(edit, &QObject::destroyed, self, [self] { Q_EMIT self->validationChanged(QString()); });
    return edit;
}

void ParamDelegate::setEditorData(QWidget *editor, const QModelIndex &index) const {
    const QVariant value = index.data(Qt::EditRole);
    if (auto *spin = qobject_cast<QSpinBox *>(editor)) {
        spin->setValue(static_cast<int>(value.toLongLong()));
    } else if (auto *combo = qobject_cast<QComboBox *>(editor)) {
        combo->setCurrentIndex(std::max(0, combo->findText(value.toString())));
    } else if (auto *edit = qobject_cast<QLineEdit *>(editor)) {
        // Only on first fill: a model refresh while typing must not wipe what is being typed.
        if (!edit->isModified())
            edit->setText(value.toString());
    } else {
        QStyledItemDelegate::setEditorData(editor, index);
    }
}

void ParamDelegate::setModelData(QWidget *editor, QAbstractItemModel *model, const QModelIndex &index) const {
    if (auto *spin = qobject_cast<QSpinBox *>(editor)) {
        spin->interpretText();
        model->setData(index, QVariant::fromValue(static_cast<qlonglong>(spin->value())), Qt::EditRole);
    } else if (auto *combo = qobject_cast<QComboBox *>(editor)) {
        model->setData(index, combo->currentText(), Qt::EditRole);
    } else if (auto *edit = qobject_cast<QLineEdit *>(editor)) {
        // Invalid text is still offered: the model refuses it and reports why.
        if (edit->text() != index.data(Qt::EditRole).toString())
            model->setData(index, edit->text(), Qt::EditRole);
    } else {
        QStyledItemDelegate::setModelData(editor, model, index);
    }
}

void ParamDelegate::updateEditorGeometry(QWidget *editor, const QStyleOptionViewItem &option,
                                         const QModelIndex &) const {
    editor->setGeometry(option.rect);
}

bool ParamDelegate::eventFilter(QObject *object, QEvent *event) {
    if (event->type() == QEvent::KeyPress) {
        const auto key = static_cast<QKeyEvent *>(event)->key();
        auto *edit = qobject_cast<QLineEdit *>(object);
        if (edit && (key == Qt::Key_Return || key == Qt::Key_Enter) &&
            edit->property(kInvalidProperty).toBool())
            return true;  // Enter on refused text keeps the editor open; Escape still cancels
    }
    return QStyledItemDelegate::eventFilter(object, event);
}

void ParamDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                          const QModelIndex &index) const {
    QStyledItemDelegate::paint(painter, option, index);
    if (index.column() != ParamTableModel::ValueColumn ||
        !index.data(ParamTableModel::DiffersFromPaperRole).toBool())
        return;
    // A small corner triangle, as spreadsheets mark a cell with a note: the tooltip names the
    // paper's value.
    const QRect r = option.rect;
    const int size = std::max(5, r.height() / 4);
    QPainterPath corner;
    corner.moveTo(r.right() - size, r.top());
    corner.lineTo(r.right() + 1, r.top());
    corner.lineTo(r.right() + 1, r.top() + size + 1);
    corner.closeSubpath();
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->fillPath(corner, paramtheme::paperMarker());
    painter->restore();
}

QSize ParamDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const {
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    size.setHeight(std::max(size.height() + 6, option.fontMetrics.height() + 10));  // room for the editors
    return size;
}

}  // namespace accelscope
