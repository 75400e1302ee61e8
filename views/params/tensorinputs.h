#pragma once
// The input tensors a plugin accepts (ParamSchema::tensors()), under the parameter tree: one row
// per tensor with what the next run gets — synthetic data, or a file — and buttons to choose a
// .npy / .safetensors file or go back to synthetic data. Files are read and checked against the
// tensor's shape in a worker thread; tensorsChanged or failed follows.

#include <map>
#include <vector>

#include <QString>
#include <QWidget>

#include "core/api/param.h"
#include "core/io/tensorfile.h"

class QGridLayout;
class QLabel;
class QToolButton;

namespace accelscope {

class TensorInputs : public QWidget {
    Q_OBJECT
public:
    explicit TensorInputs(QWidget *parent = nullptr);

    // Rows for the schema's tensors (hidden when it has none); drops the tensors given so far.
    void setSchema(const ParamSchema &schema);
    const std::map<QString, io::LoadedTensor> &tensors() const { return tensors_; }

    // Reads tensor `tensorName` of `path` ("" for a .npy file or a file of one tensor) as input
    // `name`. A non-empty `sha256` must match the file's (a recorded run names the file it read).
    void load(const QString &name, const QString &path, const QString &tensorName = {}, const QString &sha256 = {});
    void clear(const QString &name);
    bool isLoading() const { return loading_ > 0; }
    // What row `name` says: "synthetic (no file)" or the file, tensor, shape and dtype.
    QString statusText(const QString &name) const;

Q_SIGNALS:
    void tensorsChanged();
    void failed(const QString &message);

private:
    struct Row {
        TensorSpec spec;
        QLabel *status = nullptr;
        QToolButton *clear = nullptr;
    };
    void choose(const QString &name);
    void updateRow(const QString &name);

    QGridLayout *grid_;
    std::map<QString, Row> rows_;
    std::vector<QWidget *> rowWidgets_;
    std::map<QString, io::LoadedTensor> tensors_;
    int generation_ = 0;  // a new schema drops the files still being read for the old one
    int loading_ = 0;
};

}  // namespace accelscope
