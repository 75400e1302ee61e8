#pragma once
// TraceBlockReader: a recorded run's trace in pieces, for readers that must not hold a whole run
// in memory (the exports in core/io): the small tables, then events and counters one stored
// block (up to 65,536 rows) at a time, decoded and checked as RunStore::loadTrace checks them.
//
// It opens the session file read-only on its own connection (checked first as RunStore checks a
// file), so it reads a consistent snapshot while another connection records. Its code shares
// the chunk decoding of runstore.cpp and lives there.

#include <cstdint>
#include <functional>
#include <vector>

#include "core/store/runstore.h"

struct sqlite3;

namespace accelscope {

struct TraceTables {
    std::vector<EventType> eventTypes;  // indexed by EventTypeId
    std::vector<CounterSeries> series;  // indexed by SeriesId
    std::vector<Marker> markers;
};

struct EventBlock {
    std::size_t first = 0;  // the run's index of the block's first event
    std::vector<TimePs> begin, end;
    std::vector<std::uint64_t> bytes, flops;
    std::vector<EventTypeId> type;
    std::vector<std::uint32_t> step;
    std::size_t size() const { return begin.size(); }
};

struct CounterBlock {
    std::size_t first = 0;
    std::vector<TimePs> time;
    std::vector<double> value;
    std::vector<SeriesId> series;
    std::size_t size() const { return time.size(); }
};

class TraceBlockReader {
public:
    // Throws StoreError naming the file (missing, not a session, corrupt, newer schema).
    explicit TraceBlockReader(const QString &sessionPath);
    ~TraceBlockReader();
    TraceBlockReader(const TraceBlockReader &) = delete;
    TraceBlockReader &operator=(const TraceBlockReader &) = delete;

    QString path() const { return store_.path(); }
    RunRecord loadRun(RunId run) const { return store_.loadRun(run); }
    // Each throws StoreError for an unknown run or a corrupt block.
    TraceTables loadTables(RunId run) const;
    void forEachEventBlock(RunId run, const std::function<void(const EventBlock &)> &visit) const;
    void forEachCounterBlock(RunId run, const std::function<void(const CounterBlock &)> &visit) const;

private:
    RunStore store_;  // read-only: checks the file, reads run records
    sqlite3 *db_ = nullptr;
};

}  // namespace accelscope
