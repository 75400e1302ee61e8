#pragma once
// Connects a running Engine to a RunStore. Every method runs on the engine's worker thread; the
// RunStore is opened there (one SQLite connection per thread). Writes are batched: flush() is
// called at step boundaries and writes only when enough is pending or enough time has passed, so
// a crash loses at most the last batch.

#include <chrono>
#include <memory>

#include "core/store/runstore.h"

namespace accelscope {

class RunRecorder {
public:
    // `info` names plugin, version, preset, params, seed; the run id is assigned in begin().
    RunRecorder(QString sessionPath, RunInfo info);
    ~RunRecorder();

    // Opens the store and records the run as `running` with its topology and step levels.
    void begin(const Model &model);
    // Writes pending records if `force`, or if the batch is large or old enough.
    void flush(const TraceSnapshot &snapshot, bool force = false);
    // Writes the rest and the run's final status, metrics and baselines.
    void finish(const TraceSnapshot &snapshot, RunStatus status, const Model &model,
                const QString &error = {});

    RunId runId() const { return info_.id; }
    const QString &sessionPath() const { return sessionPath_; }

    static constexpr std::size_t kBatchEvents = 1 << 18;
    static constexpr std::chrono::milliseconds kBatchInterval{500};

private:
    QString sessionPath_;
    RunInfo info_;
    std::unique_ptr<RunStore> store_;
    TraceCursor cursor_;
    std::chrono::steady_clock::time_point lastFlush_;
};

}  // namespace accelscope
