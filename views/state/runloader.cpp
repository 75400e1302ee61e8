#include "views/state/runloader.h"

#include <QPointer>
#include <QThread>

namespace accelscope {

RunLoader::RunLoader(QObject *parent) : QObject(parent) {}

RunLoader::~RunLoader() { ++generation_; }

void RunLoader::load(const QString &sessionPath, RunId run) {
    const int generation = ++generation_;
    QPointer<RunLoader> self(this);
    QThread *worker = QThread::create([self, generation, run, sessionPath] {
        auto result = std::make_shared<LoadedRun>();
        QString error;
        try {
            const RunStore reader(sessionPath, RunStore::Mode::ReadOnly);
            result->record = std::make_shared<RunRecord>(reader.loadRun(run));
            const std::unique_ptr<Trace> trace = reader.loadTrace(run);
            result->index = std::make_unique<TraceIndex>(trace->snapshot());
        } catch (const std::exception &e) {
            error = QString::fromUtf8(e.what());
        } catch (...) {
            error = QStringLiteral("an unknown error while reading the session");
        }
        QMetaObject::invokeMethod(
            self.data(),
            [self, generation, run, result, error] {
                if (!self || generation != self->generation_)
                    return;
                if (!error.isEmpty()) {
                    Q_EMIT self->failed(run, error);
                    return;
                }
                self->loaded_ = std::move(*result);
                Q_EMIT self->loaded(run);
            },
            Qt::QueuedConnection);
    });
    connect(worker, &QThread::finished, worker, &QObject::deleteLater);
    worker->start();
}

}  // namespace accelscope
