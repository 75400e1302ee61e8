#pragma once
// Editors for a ParamTableModel's value column: a spin box for integers (range and unit from the
// spec), a line edit validated as you type for real numbers (red border and the parse message
// while the text is refused; Enter does not commit it), a combo box for choices. Booleans are
// the model's check boxes. Values that differ from the paper preset get a small corner mark.

#include <QStyledItemDelegate>

#include "core/api/param.h"

class QLineEdit;

namespace accelscope {

class ParamDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    explicit ParamDelegate(QObject *parent = nullptr);

    // "" when `text` is a value `spec` accepts, else ParamSpec::parse's message.
    static QString validationError(const ParamSpec &spec, const QString &text);
    // The property a refused line edit carries (true while its text is invalid).
    static constexpr const char *kInvalidProperty = "paramInvalid";

    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &option,
                          const QModelIndex &index) const override;
    void setEditorData(QWidget *editor, const QModelIndex &index) const override;
    void setModelData(QWidget *editor, QAbstractItemModel *model, const QModelIndex &index) const override;
    void updateEditorGeometry(QWidget *editor, const QStyleOptionViewItem &option,
                              const QModelIndex &index) const override;
    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

Q_SIGNALS:
    // The open editor's text became invalid (`message`) or valid again ("").
    void validationChanged(const QString &message);

protected:
    bool eventFilter(QObject *object, QEvent *event) override;

private:
    void validate(QLineEdit *edit, const ParamSpec &spec);
};

}  // namespace accelscope
