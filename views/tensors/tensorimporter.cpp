#include "views/tensors/tensorimporter.h"

#include <QFileInfo>
#include <QPointer>
#include <QThread>

namespace accelscope {

LoadedRun importTensorRun(const TensorImportRequest &request) {
    const io::LoadedTensor loaded = io::loadTensorFile(request.path, request.tensorName);
    const QString tensorName = loaded.tensor->info.name;
    const QString label = QFileInfo(request.path).completeBaseName() +
                          (tensorName.isEmpty() ? QString() : QLatin1Char('/') + tensorName);
    Frame frame = io::tensorToFrame(*loaded.tensor, request.options,
                                    QStringLiteral("import/%1/%2").arg(label, io::toString(request.options.view)),
                                    request.path);
    const QString shownAs = io::toString(request.options.view);
    Trace trace;
    trace.frame(std::move(frame));
    // The narration of the one step: what is on show and where it came from.
    trace.marker(Marker{0, 0, 0,
                        QStringLiteral("Tensor %1 of %2, shape %3, shown as %4%5.")
                            .arg(tensorName.isEmpty() ? QStringLiteral("array") : QStringLiteral("'%1'").arg(tensorName),
                                 QFileInfo(request.path).fileName(), loaded.tensor->info.shapeText(), shownAs,
                                 request.options.threshold ? QStringLiteral(" (above %1)").arg(*request.options.threshold)
                                                           : QString())});
    trace.publish();

    auto record = std::make_shared<RunRecord>();
    RunInfo &info = record->info;
    info.pluginId = QStringLiteral("tensor import");
    info.importedFrom = loaded.path;
    info.status = RunStatus::Complete;
    info.dataSource = QStringLiteral("%1%2 (%3 %4, sha256 %5)")
                          .arg(loaded.path,
                               tensorName.isEmpty() ? QString() : QStringLiteral(", tensor '%1'").arg(tensorName),
                               io::toString(loaded.tensor->info.dtype), loaded.tensor->info.shapeText(), loaded.sha256);
    record->stepLevels = {StepLevel{QStringLiteral("frame"), QStringLiteral("the imported tensor")}};
    LoadedRun run;
    run.record = std::move(record);
    run.index = std::make_unique<TraceIndex>(trace.snapshot());
    return run;
}

TensorImporter::TensorImporter(QObject *parent) : QObject(parent) {}

TensorImporter::~TensorImporter() = default;

void TensorImporter::import(const TensorImportRequest &request) {
    const int expected = ++generation_;
    ++inFlight_;
    QPointer<TensorImporter> self(this);
    QThread *worker = QThread::create([self, expected, request] {
        auto result = std::make_shared<LoadedRun>();
        QString error;
        try {
            *result = importTensorRun(request);
        } catch (const std::exception &e) {
            error = QString::fromUtf8(e.what());
        }
        QMetaObject::invokeMethod(
            self.data(),
            [self, expected, result, error, path = request.path] {
                if (!self)
                    return;
                --self->inFlight_;
                if (expected != self->generation_)
                    return;
                if (!error.isEmpty()) {
                    Q_EMIT self->failed(error);
                    return;
                }
                self->result_ = std::move(*result);
                Q_EMIT self->imported(path);
            },
            Qt::QueuedConnection);
    });
    connect(worker, &QThread::finished, worker, &QObject::deleteLater);
    worker->start();
}

}  // namespace accelscope
