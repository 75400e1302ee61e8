#pragma once
// Loads a recorded run (its record and its indexed trace) from a session file in a worker thread,
// so that opening a ten-million-event run never blocks the UI thread. Each load opens its own
// read-only connection; WAL lets it read while another connection records.

#include <memory>

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

    // Starts loading; loaded or failed follows on this object's thread. A newer request
    // supersedes an older one still in flight (its result is dropped).
    void load(const QString &sessionPath, RunId run);
    // Drops any load in flight.
    void cancel() { ++generation_; }
    // The run `loaded` announced (once; ownership passes to the caller).
    LoadedRun take() { return std::move(loaded_); }

Q_SIGNALS:
    void loaded(accelscope::RunId run);
    void failed(accelscope::RunId run, const QString &message);

private:
    int generation_ = 0;
    LoadedRun loaded_;
};

}  // namespace accelscope
