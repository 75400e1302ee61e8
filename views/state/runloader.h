#pragma once
// Reads recorded runs from a session file in worker threads, so that opening a ten-million-event
// run, or the records of a thousand-point sweep, never blocks the UI thread. Each request opens
// its own read-only connection; WAL lets it read while another connection records.

#include <memory>
#include <vector>

#include <QObject>
#include <QString>

#include "core/sim/traceindex.h"
#include "core/store/runstore.h"

namespace accelscope {

struct LoadedRun {
    std::shared_ptr<const RunRecord> record;
    std::unique_ptr<TraceIndex> index;
};

class RunLoader : public QObject {
    Q_OBJECT
public:
    explicit RunLoader(QObject *parent = nullptr);
    ~RunLoader() override;

    // Starts loading a run (its record and indexed trace); loaded or failed follows on this
    // object's thread. A newer request supersedes an older one still in flight (its result is
    // dropped).
    void load(const QString &sessionPath, RunId run);
    // Starts loading the records (no traces) of a plugin's completed runs, oldest first, at most
    // `limit` of the newest; recordsLoaded or failed (with run 0) follows. Superseded likewise.
    // With `sweepId` > 0, only that sweep's runs (the points of one sweep plot together).
    static constexpr std::size_t kRecordLimit = 5000;
    void loadRecords(const QString &sessionPath, const QString &pluginId, std::size_t limit = kRecordLimit,
                     std::int64_t sweepId = 0);
    // Drops every request in flight.
    void cancel() {
        ++runGeneration_;
        ++recordsGeneration_;
    }
    // What loaded / recordsLoaded announced (once; ownership passes to the caller).
    LoadedRun take() { return std::move(loaded_); }
    std::vector<RunRecord> takeRecords() { return std::move(records_); }

Q_SIGNALS:
    void loaded(accelscope::RunId run);
    void recordsLoaded(const QString &pluginId);
    void failed(accelscope::RunId run, const QString &message);

private:
    // Runs `read` (given a read-only store) in a worker thread, then `deliver` here with its
    // result, unless `generation` moved on meanwhile; a failure becomes failed(run, message).
    template <class Result, class Read, class Deliver>
    void inWorker(const QString &sessionPath, RunId run, int *generation, Read read, Deliver deliver);

    int runGeneration_ = 0;
    int recordsGeneration_ = 0;
    LoadedRun loaded_;
    std::vector<RunRecord> records_;
};

}  // namespace accelscope
