#include "views/params/tensorinputs.h"

#include <memory>

#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QInputDialog>
#include <QLabel>
#include <QToolButton>

#include "core/api/errors.h"
#include "views/common/background.h"
#include "views/common/theme.h"

namespace accelscope {

TensorInputs::TensorInputs(QWidget *parent) : QWidget(parent), grid_(new QGridLayout(this)) {
    grid_->setContentsMargins(0, 4, 0, 0);
    grid_->setHorizontalSpacing(6);
    grid_->setVerticalSpacing(2);
    grid_->setColumnStretch(1, 1);
    hide();
}

void TensorInputs::setSchema(const ParamSchema &schema) {
    ++generation_;
    loading_ = 0;
    for (QWidget *widget : rowWidgets_)
        delete widget;
    rowWidgets_.clear();
    rows_.clear();
    const bool hadTensors = !tensors_.empty();
    tensors_.clear();
    if (!schema.tensors().empty()) {
        auto *title = new QLabel(QStringLiteral("<b>Input tensors</b> — real data from .npy or .safetensors files"), this);
        grid_->addWidget(title, 0, 0, 1, 4);
        rowWidgets_.push_back(title);
    }
    int line = 1;
    for (const TensorSpec &spec : schema.tensors()) {
        Row row;
        row.spec = spec;
        auto *name = new QLabel(spec.name, this);
        name->setToolTip(spec.doc + QStringLiteral("\nAllowed: ") + spec.allowed());
        row.status = new QLabel(this);
        row.status->setTextFormat(Qt::PlainText);
        row.status->setWordWrap(true);
        row.status->setTextInteractionFlags(Qt::TextSelectableByMouse);
        auto *chooseButton = new QToolButton(this);
        chooseButton->setText(QStringLiteral("Choose…"));
        chooseButton->setToolTip(QStringLiteral("Read %1 from a file: %2").arg(spec.name, spec.allowed()));
        row.clear = new QToolButton(this);
        row.clear->setText(QStringLiteral("Synthetic"));
        row.clear->setToolTip(QStringLiteral("Forget the file: the model makes its own seeded data"));
        grid_->addWidget(name, line, 0, Qt::AlignTop);
        grid_->addWidget(row.status, line, 1);
        grid_->addWidget(chooseButton, line, 2, Qt::AlignTop);
        grid_->addWidget(row.clear, line, 3, Qt::AlignTop);
        rowWidgets_.insert(rowWidgets_.end(), {name, row.status, chooseButton, row.clear});
        const QString key = spec.name;
        connect(chooseButton, &QToolButton::clicked, this, [this, key] { choose(key); });
        connect(row.clear, &QToolButton::clicked, this, [this, key] { clear(key); });
        rows_.emplace(key, row);
        updateRow(key);
        ++line;
    }
    setVisible(!rows_.empty());
    if (hadTensors)
        Q_EMIT tensorsChanged();
}

QString TensorInputs::statusText(const QString &name) const {
    const auto given = tensors_.find(name);
    if (given == tensors_.end())
        return QStringLiteral("synthetic (no file)");
    const io::LoadedTensor &t = given->second;
    return QStringLiteral("%1%2 %3 %4")
        .arg(QFileInfo(t.path).fileName(), t.tensorName.isEmpty() ? QString() : QStringLiteral(" : ") + t.tensorName,
             t.tensor->info.shapeText(), io::toString(t.tensor->info.dtype));
}

void TensorInputs::updateRow(const QString &name) {
    const auto row = rows_.find(name);
    if (row == rows_.end())
        return;
    const bool given = tensors_.count(name) > 0;
    row->second.status->setText(statusText(name));
    row->second.status->setToolTip(given ? tensors_.at(name).path + QStringLiteral("\nsha256 ") + tensors_.at(name).sha256
                                         : row->second.spec.doc);
    QPalette palette = row->second.status->palette();
    palette.setColor(QPalette::WindowText, given ? this->palette().color(QPalette::WindowText) : theme::mutedText());
    row->second.status->setPalette(palette);
    row->second.clear->setEnabled(given);
}

void TensorInputs::clear(const QString &name) {
    if (tensors_.erase(name) == 0)
        return;
    updateRow(name);
    Q_EMIT tensorsChanged();
}

void TensorInputs::choose(const QString &name) {
    const QString path = QFileDialog::getOpenFileName(this, QStringLiteral("Input tensor %1").arg(name), QString(),
                                                      QStringLiteral("Tensors (*.npy *.safetensors);;All files (*)"));
    if (path.isEmpty())
        return;
    QString tensorName;
    try {
        // Only the header is read: fast enough for the UI thread.
        const std::vector<io::TensorInfo> listed = io::listTensorFile(path);
        if (listed.size() > 1) {
            QStringList items;
            for (const io::TensorInfo &info : listed)
                items << QStringLiteral("%1  %2 %3").arg(info.name, info.shapeText(), io::toString(info.dtype));
            bool ok = false;
            const QString picked = QInputDialog::getItem(this, QStringLiteral("Input tensor %1").arg(name),
                                                         QStringLiteral("Tensor in %1:").arg(QFileInfo(path).fileName()),
                                                         items, 0, false, &ok);
            if (!ok)
                return;
            tensorName = listed[static_cast<std::size_t>(items.indexOf(picked))].name;
        }
    } catch (const std::exception &e) {
        Q_EMIT failed(QString::fromUtf8(e.what()));
        return;
    }
    load(name, path, tensorName);
}

void TensorInputs::load(const QString &name, const QString &path, const QString &tensorName, const QString &sha256) {
    const auto row = rows_.find(name);
    if (row == rows_.end()) {
        QStringList known;
        for (const auto &[key, unused] : rows_)
            known << key;
        Q_EMIT failed(QStringLiteral("this plugin takes no input tensor '%1'; it takes: %2")
                          .arg(name, known.isEmpty() ? QStringLiteral("none") : known.join(QStringLiteral(", "))));
        return;
    }
    row->second.status->setText(QStringLiteral("reading %1…").arg(QFileInfo(path).fileName()));
    ++loading_;
    auto loaded = std::make_shared<io::LoadedTensor>();
    const TensorSpec spec = row->second.spec;
    const int generation = generation_;
    runInBackground(
        this,
        [loaded, spec, path, tensorName, sha256] {
            *loaded = io::loadTensorFile(path, tensorName);
            const QString source =
                tensorName.isEmpty() ? path : QStringLiteral("%1 (tensor %2)").arg(path, tensorName);
            if (!sha256.isEmpty() && loaded->sha256 != sha256)
                throw InputError(QStringLiteral("%1 has changed since the run read it (sha256 %2, now %3)")
                                     .arg(source, sha256, loaded->sha256));
            spec.check(loaded->tensor->info, source);
        },
        [this, loaded, name, generation](const QString &error) {
            if (generation != generation_)
                return;  // another plugin is shown by now
            --loading_;
            if (error.isEmpty())
                tensors_[name] = *loaded;
            updateRow(name);
            if (!error.isEmpty()) {
                Q_EMIT failed(error);
                return;
            }
            Q_EMIT tensorsChanged();
        });
}

}  // namespace accelscope
