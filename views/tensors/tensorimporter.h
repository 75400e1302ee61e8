#pragma once
// Imports a tensor file for viewing: reads it in a worker thread, turns the chosen tensor into a
// mask, heat or tokens frame, and hands back a read-only run holding that one frame, which the
// Masks or Tokens view shows like any recorded run. Nothing is written to the session.

#include <QObject>
#include <QString>

#include "core/io/tensorfileframe.h"
#include "views/state/runloader.h"

namespace accelscope {

struct TensorImportRequest {
    QString path;
    QString tensorName;  // "" for .npy, or a .safetensors file holding one tensor
    io::TensorFrameOptions options;
};

// The run shown for an imported tensor: record (imported_from = the file, data source naming
// the tensor and its sha256) and the indexed trace of one frame. Throws InputError.
LoadedRun importTensorRun(const TensorImportRequest &request);

class TensorImporter : public QObject {
    Q_OBJECT
public:
    explicit TensorImporter(QObject *parent = nullptr);
    ~TensorImporter() override;

    // Starts reading; imported or failed follows on this object's thread. A newer request
    // supersedes one still in flight.
    void import(const TensorImportRequest &request);
    bool busy() const { return inFlight_ > 0; }
    // What imported announced (once; ownership passes to the caller).
    LoadedRun take() { return std::move(result_); }

Q_SIGNALS:
    void imported(const QString &path);
    void failed(const QString &message);

private:
    int generation_ = 0;
    int inFlight_ = 0;
    LoadedRun result_;
};

}  // namespace accelscope
