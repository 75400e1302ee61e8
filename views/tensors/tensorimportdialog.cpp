#include "views/tensors/tensorimportdialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QThread>

namespace accelscope {

TensorImportDialog::TensorImportDialog(QWidget *parent) : QDialog(parent) {
    setWindowTitle(QStringLiteral("Import tensor"));
    setObjectName(QStringLiteral("tensor_import_dialog"));
    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);

    path_ = new QLineEdit(this);
    path_->setPlaceholderText(QStringLiteral("a .npy or .safetensors file"));
    path_->setMinimumWidth(420);
    auto *browse = new QPushButton(QStringLiteral("Browse…"), this);
    auto *fileRow = new QHBoxLayout;
    fileRow->addWidget(path_, 1);
    fileRow->addWidget(browse);
    form->addRow(QStringLiteral("File"), fileRow);

    tensor_ = new QComboBox(this);
    tensor_->setEditable(true);
    tensor_->setMinimumContentsLength(24);
    tensor_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    tensor_->setToolTip(QStringLiteral("The tensor to show from a .safetensors file; leave empty for a .npy file"));
    form->addRow(QStringLiteral("&Tensor"), tensor_);
    info_ = new QLabel(this);
    info_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    form->addRow(QString(), info_);

    view_ = new QComboBox(this);
    view_->addItem(QStringLiteral("Heat map (float matrix)"), int(io::TensorView::Heat));
    view_->addItem(QStringLiteral("Mask (bit matrix)"), int(io::TensorView::Mask));
    view_->addItem(QStringLiteral("Tokens (kept / pruned per token)"), int(io::TensorView::Tokens));
    form->addRow(QStringLiteral("&View as"), view_);

    useThreshold_ = new QCheckBox(QStringLiteral("set / kept when above"), this);
    threshold_ = new QDoubleSpinBox(this);
    threshold_->setRange(-1e9, 1e9);
    threshold_->setDecimals(4);
    threshold_->setEnabled(false);
    auto *thresholdRow = new QHBoxLayout;
    thresholdRow->addWidget(useThreshold_);
    thresholdRow->addWidget(threshold_, 1);
    form->addRow(QStringLiteral("Threshold"), thresholdRow);

    leadingIndex_ = new QLineEdit(this);
    leadingIndex_->setObjectName(QStringLiteral("leading_index"));
    leadingIndex_->setPlaceholderText(QStringLiteral("0, 0, … (for tensors of more than 2 dimensions)"));
    leadingIndex_->setToolTip(QStringLiteral("One index per dimension before the last two, separated by commas; missing ones are 0"));
    form->addRow(QStringLiteral("&Leading index"), leadingIndex_);

    hint_ = new QLabel(this);
    hint_->setWordWrap(true);
    hint_->setForegroundRole(QPalette::PlaceholderText);

    buttons_ = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons_->button(QDialogButtonBox::Ok)->setText(QStringLiteral("Import"));
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(hint_);
    layout->addStretch(1);
    layout->addWidget(buttons_);

    connect(browse, &QPushButton::clicked, this, &TensorImportDialog::browse);
    connect(path_, &QLineEdit::editingFinished, this, &TensorImportDialog::listTensors);
    connect(useThreshold_, &QCheckBox::toggled, threshold_, &QWidget::setEnabled);
    connect(useThreshold_, &QCheckBox::toggled, this, &TensorImportDialog::updateHint);
    connect(view_, &QComboBox::currentIndexChanged, this, &TensorImportDialog::updateHint);
    connect(buttons_, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
    updateHint();
}

void TensorImportDialog::setPath(const QString &path) {
    path_->setText(path);
    listTensors();
}

void TensorImportDialog::setTensorName(const QString &name) { tensor_->setCurrentText(name); }

void TensorImportDialog::setView(io::TensorView view) { view_->setCurrentIndex(view_->findData(int(view))); }

void TensorImportDialog::setThreshold(std::optional<double> threshold) {
    useThreshold_->setChecked(threshold.has_value());
    if (threshold)
        threshold_->setValue(*threshold);
}

QStringList TensorImportDialog::listedTensors() const {
    QStringList names;
    for (int i = 0; i < tensor_->count(); ++i)
        names << tensor_->itemText(i);
    return names;
}

std::optional<TensorImportRequest> TensorImportDialog::request(QString *error) const {
    TensorImportRequest request;
    request.path = path_->text().trimmed();
    request.tensorName = tensor_->currentText().trimmed();
    request.options.view = static_cast<io::TensorView>(view_->currentData().toInt());
    if (useThreshold_->isChecked())
        request.options.threshold = threshold_->value();
    const QString indexText = leadingIndex_->text().trimmed();
    if (!indexText.isEmpty()) {
        for (const QString &part : indexText.split(QLatin1Char(','))) {
            bool ok = false;
            const qlonglong index = part.trimmed().toLongLong(&ok);
            if (!ok || index < 0) {
                if (error)
                    *error = QStringLiteral("Leading index '%1': '%2' is not an index; allowed: integers of 0 or more separated by commas")
                                 .arg(indexText, part.trimmed());
                return std::nullopt;
            }
            request.options.leadingIndex.push_back(index);
        }
    }
    if (request.path.isEmpty()) {
        if (error)
            *error = QStringLiteral("No file chosen; choose a .npy or .safetensors file");
        return std::nullopt;
    }
    return request;
}

void TensorImportDialog::browse() {
    const QString path = QFileDialog::getOpenFileName(this, QStringLiteral("Import tensor"), QFileInfo(path_->text()).absolutePath(),
                                                      QStringLiteral("Tensor files (*.npy *.safetensors);;All files (*)"));
    if (!path.isEmpty())
        setPath(path);
}

void TensorImportDialog::listTensors() {
    // A header read, but a .npy file is decoded whole, so it runs in a worker like the import.
    const int expected = ++listGeneration_;
    const QString path = path_->text().trimmed();
    info_->setText(path.isEmpty() ? QString() : QStringLiteral("Reading…"));
    QPointer<TensorImportDialog> self(this);
    QThread *worker = QThread::create([self, expected, path] {
        QStringList names;
        QString text;
        try {
            const std::vector<io::TensorInfo> infos = io::listTensorFile(path);
            QStringList shapes;
            for (const io::TensorInfo &info : infos) {
                names << info.name;
                shapes << QStringLiteral("%1 %2 %3").arg(info.name.isEmpty() ? QStringLiteral("array") : info.name,
                                                         io::toString(info.dtype), info.shapeText());
            }
            text = shapes.mid(0, 6).join(QStringLiteral("\n")) +
                   (shapes.size() > 6 ? QStringLiteral("\n… %1 tensors in all").arg(shapes.size()) : QString());
        } catch (const std::exception &e) {
            text = QString::fromUtf8(e.what());
        }
        QMetaObject::invokeMethod(
            self.data(),
            [self, expected, names, text] {
                if (!self || expected != self->listGeneration_)
                    return;
                const QString current = self->tensor_->currentText();
                self->tensor_->clear();
                for (const QString &name : names) {
                    if (!name.isEmpty())
                        self->tensor_->addItem(name);
                }
                self->tensor_->setCurrentText(names.contains(current) ? current : (names.value(0)));
                self->info_->setText(text);
                Q_EMIT self->tensorsListed();
            },
            Qt::QueuedConnection);
    });
    connect(worker, &QThread::finished, worker, &QObject::deleteLater);
    worker->start();
}

void TensorImportDialog::updateHint() {
    const auto view = static_cast<io::TensorView>(view_->currentData().toInt());
    const QString rule = useThreshold_->isChecked() ? QStringLiteral("above the threshold") : QStringLiteral("nonzero");
    switch (view) {
    case io::TensorView::Heat:
        hint_->setText(QStringLiteral("Shown in the Masks view as a float matrix (the last two dimensions)."));
        break;
    case io::TensorView::Mask:
        hint_->setText(QStringLiteral("Shown in the Masks view; an element is set when it is %1.").arg(rule));
        break;
    case io::TensorView::Tokens:
        hint_->setText(QStringLiteral("Shown in the Tokens view; a token is kept when its value is %1, pruned otherwise.").arg(rule));
        break;
    }
}

}  // namespace accelscope
