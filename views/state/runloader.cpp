#include "views/state/runloader.h"

#include <QPointer>
#include <QThread>

namespace accelscope {

RunLoader::RunLoader(QObject *parent) : QObject(parent) {}

RunLoader::~RunLoader() { cancel(); }

template <class Result, class Read, class Deliver>
void RunLoader::inWorker(const QString &sessionPath, RunId run, int *generation, Read read, Deliver deliver) {
    const int expected = ++*generation;
    QPointer<RunLoader> self(this);
    QThread *worker = QThread::create([self, expected, generation, run, sessionPath, read, deliver] {
        auto result = std::make_shared<Result>();
        QString error;
        try {
            const RunStore reader(sessionPath, RunStore::Mode::ReadOnly);
            *result = read(reader);
        } catch (const std::exception &e) {
            error = QString::fromUtf8(e.what());
        } catch (...) {
            error = QStringLiteral("an unknown error while reading the session");
        }
        // `generation` points into the loader; it is read only on the loader's thread, once the
        // QPointer says the loader still exists.
        QMetaObject::invokeMethod(
            self.data(),
            [self, expected, generation, run, result, error, deliver] {
                if (!self || expected != *generation)
                    return;
                if (!error.isEmpty()) {
                    Q_EMIT self->failed(run, error);
                    return;
                }
                deliver(*self, std::move(*result));
            },
            Qt::QueuedConnection);
    });
    connect(worker, &QThread::finished, worker, &QObject::deleteLater);
    worker->start();
}

void RunLoader::load(const QString &sessionPath, RunId run) {
    inWorker<LoadedRun>(
        sessionPath, run, &runGeneration_,
        [run](const RunStore &reader) {
            LoadedRun result;
            result.record = std::make_shared<RunRecord>(reader.loadRun(run));
            const std::unique_ptr<Trace> trace = reader.loadTrace(run);
            result.index = std::make_unique<TraceIndex>(trace->snapshot());
            return result;
        },
        [run](RunLoader &self, LoadedRun &&result) {
            self.loaded_ = std::move(result);
            Q_EMIT self.loaded(run);
        });
}

void RunLoader::loadRecords(const QString &sessionPath, const QString &pluginId, std::size_t limit,
                            std::int64_t sweepId) {
    inWorker<std::vector<RunRecord>>(
        sessionPath, 0, &recordsGeneration_,
        [pluginId, sweepId, limit](const RunStore &reader) {
            std::vector<RunInfo> runs = reader.runs();
            std::erase_if(runs, [&](const RunInfo &r) {
                return r.pluginId != pluginId || r.status != RunStatus::Complete ||
                       (sweepId > 0 && r.sweepId != sweepId);
            });
            std::sort(runs.begin(), runs.end(), [](const RunInfo &a, const RunInfo &b) { return a.id < b.id; });
            if (runs.size() > limit)
                runs.erase(runs.begin(), runs.end() - static_cast<std::ptrdiff_t>(limit));
            std::vector<RunRecord> records;
            records.reserve(runs.size());
            for (const RunInfo &info : runs)
                records.push_back(reader.loadRun(info.id));
            return records;
        },
        [pluginId](RunLoader &self, std::vector<RunRecord> &&records) {
            self.records_ = std::move(records);
            Q_EMIT self.recordsLoaded(pluginId);
        });
}

}  // namespace accelscope
