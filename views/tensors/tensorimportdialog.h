#pragma once
// File > Import tensor…: the file, the tensor in it (listed in a worker thread for a
// .safetensors file), how to show it (mask, heat, tokens), the threshold and the index of each
// leading dimension. The dialog only collects a TensorImportRequest; TensorImporter reads.

#include <QDialog>

#include "views/tensors/tensorimporter.h"

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;

namespace accelscope {

class TensorImportDialog : public QDialog {
    Q_OBJECT
public:
    explicit TensorImportDialog(QWidget *parent = nullptr);

    void setPath(const QString &path);
    void setTensorName(const QString &name);
    void setView(io::TensorView view);
    void setThreshold(std::optional<double> threshold);
    // Nothing when the index text is malformed; `error` says why.
    std::optional<TensorImportRequest> request(QString *error = nullptr) const;
    // The tensors the chosen file holds, as last listed ("" for none yet).
    QStringList listedTensors() const;

Q_SIGNALS:
    void tensorsListed();

private:
    void browse();
    void listTensors();
    void updateHint();

    QLineEdit *path_ = nullptr;
    QComboBox *tensor_ = nullptr;
    QComboBox *view_ = nullptr;
    QCheckBox *useThreshold_ = nullptr;
    QDoubleSpinBox *threshold_ = nullptr;
    QLineEdit *leadingIndex_ = nullptr;
    QLabel *info_ = nullptr;
    QLabel *hint_ = nullptr;
    QDialogButtonBox *buttons_ = nullptr;
    int listGeneration_ = 0;
};

}  // namespace accelscope
