#include "core/store/runrecorder.h"

#include <exception>

namespace accelscope {

RunRecorder::RunRecorder(QString sessionPath, RunInfo info)
    : sessionPath_(std::move(sessionPath)), info_(std::move(info)) {}

RunRecorder::~RunRecorder() {
    // The store is closed by finish(); still open here means the run never finished (the engine
    // was torn down mid-run). Say so in the file now rather than leave it `running`.
    if (!store_)
        return;
    try {
        store_->finishRun(info_.id, RunStatus::Interrupted, {}, {},
                          QStringLiteral("recording stopped before the run finished"));
    } catch (const std::exception &) {
        // A destructor must not throw; the next open marks the run interrupted instead.
    }
}

void RunRecorder::begin(const Model &model) {
    store_ = std::make_unique<RunStore>(sessionPath_, RunStore::Mode::ReadWrite);
    if (info_.dataSource.isEmpty())
        info_.dataSource = model.dataSource().description;
    store_->beginRun(info_, model.topology(), model.stepLevels());
    cursor_ = TraceCursor{};
    lastFlush_ = std::chrono::steady_clock::now();
}

void RunRecorder::flush(const TraceSnapshot &snapshot, bool force) {
    if (!store_)
        return;
    const bool nothingNew =
        snapshot.eventCount() == cursor_.events && snapshot.counterCount() == cursor_.counters &&
        snapshot.frames().size() == cursor_.frames && snapshot.markers().size() == cursor_.markers &&
        snapshot.eventTypes().size() == cursor_.eventTypes && snapshot.series().size() == cursor_.series;
    if (nothingNew)
        return;
    const auto now = std::chrono::steady_clock::now();
    const std::size_t pendingEvents = snapshot.eventCount() - cursor_.events;
    if (!force && pendingEvents < kBatchEvents && now - lastFlush_ < kBatchInterval)
        return;
    store_->appendTrace(info_.id, snapshot, cursor_);
    lastFlush_ = now;
}

void RunRecorder::finish(const TraceSnapshot &snapshot, RunStatus status, const Model &model,
                         const QString &error) {
    if (!store_)
        return;
    try {
        store_->appendTrace(info_.id, snapshot, cursor_);
    } catch (const std::exception &e) {
        // The end of the trace cannot be written; still say in the file that the run failed and
        // why, rather than leave it `running` (or later a bare `interrupted`) with the reason lost.
        const QString why =
            QStringLiteral("the end of the trace could not be written: ") + QString::fromUtf8(e.what());
        const QString message = error.isEmpty() ? why : error + QStringLiteral("; ") + why;
        try {
            store_->finishRun(info_.id, RunStatus::Failed, {}, {}, message);
            info_.status = RunStatus::Failed;
            info_.error = message;
            store_.reset();
        } catch (const std::exception &) {
            // The destructor tries once more.
        }
        throw;
    }
    std::vector<Metric> metrics;
    std::vector<BaselineResult> baselines;
    if (status == RunStatus::Complete) {
        metrics = model.metrics();
        baselines = model.baselines();
    } else {
        // A failed or cancelled model may not be able to report; keep what it can give and
        // let the run's status and error tell the rest.
        try {
            metrics = model.metrics();
            baselines = model.baselines();
        } catch (const std::exception &) {
            metrics.clear();
            baselines.clear();
        }
    }
    store_->finishRun(info_.id, status, metrics, baselines, error);
    info_.status = status;
    info_.error = error;
    store_.reset();
}

}  // namespace accelscope
