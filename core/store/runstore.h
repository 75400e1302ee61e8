#pragma once
// RunStore: one SQLite file per session (.ascope). WAL mode, schema version in
// PRAGMA user_version, forward-only migrations. Events and counters are stored as compressed
// columnar chunks; everything else is plain, queryable tables (see docs/schema.md).
//
// Thread use: one RunStore per thread. The engine thread records; UI threads open their own
// read-only RunStore on the same file (WAL lets them read while a run is written).

#include <cstdint>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include "core/api/claim.h"
#include "core/api/metric.h"
#include "core/api/model.h"
#include "core/api/topology.h"
#include "core/sim/trace.h"

struct sqlite3;

namespace accelscope {

using RunId = std::int64_t;

enum class RunStatus { Running, Complete, Failed, Interrupted, Cancelled };
QString toString(RunStatus status);
RunStatus runStatusFromString(const QString &text);

// What identifies a run: enough to reproduce it.
struct RunInfo {
    RunId id = 0;
    QString pluginId;
    QString pluginVersion;
    QString preset;      // "" when parameters were set by hand
    QJsonObject params;  // full ParamSet::toJson()
    std::uint64_t seed = 0;
    QString dataSource;  // Model::dataSource().description
    RunStatus status = RunStatus::Running;
    QString error;         // why it failed
    QDateTime startedAt;   // UTC
    QDateTime finishedAt;  // invalid while running
    std::int64_t eventCount = 0;
    TimePs simulatedEndPs = 0;
    QString notes;  // the user's notes on the run (schema 2)
    // Provenance (schema 3).
    QString importedFrom;        // the trace file of an imported, read-only run; "" when recorded
    bool traceRecorded = true;   // false: only results were kept (metrics-only sweep point)
    std::int64_t sweepId = 0;    // the sweep the run belongs to; 0 for none
    int sweepPoint = -1;         // its index within the sweep; -1 for none
    QString originFile;          // the session a merged run was copied from; "" when recorded here
    std::int64_t originRunId = 0;  // its id there; 0 when recorded here

    bool isImported() const { return !importedFrom.isEmpty(); }
};

// A sweep: the axes that were varied, for grouping its runs (schema 3).
struct SweepInfo {
    std::int64_t id = 0;
    QString pluginId;
    QString preset;
    QJsonObject axes;  // {"key": ["v1", "v2", ...], ...}, in axis order under "order"
    std::uint64_t seed = 0;
    QDateTime createdAt;  // UTC
    QString originFile;   // the session a merged sweep was copied from; "" when recorded here
    std::int64_t originSweepId = 0;
};

// Whether two sweep rows describe the same sweep: same plugin, preset, axes and seed (the slices of
// one sweep, recorded on different machines, do).
bool sameSweep(const SweepInfo &a, const SweepInfo &b);

// What RunStore::copyRunsFrom copied from one session.
struct MergedSession {
    QString source;
    std::vector<std::pair<RunId, RunId>> runIds;  // (id in the source, new id here), in source order
    int interrupted = 0;   // runs still `running` in the source, copied as interrupted
    int sweepsAdded = 0;   // sweeps new to this file
    int sweepsJoined = 0;  // sweeps that joined one already here (another slice of it)
};

// Everything about a run except its bulk trace.
struct RunRecord {
    RunInfo info;
    Topology topology;
    std::vector<StepLevel> stepLevels;
    std::vector<Metric> metrics;
    std::vector<BaselineResult> baselines;
    std::vector<ClaimResult> claims;
};

// How far a run's trace has been written; RunStore::appendTrace continues from it.
struct TraceCursor {
    std::size_t events = 0;
    std::size_t counters = 0;
    std::size_t series = 0;
    std::size_t eventTypes = 0;
    std::size_t frames = 0;
    std::size_t markers = 0;
};

class RunStore {
public:
    enum class Mode { ReadWrite, ReadOnly };
    static constexpr int kSchemaVersion = 3;

    // Opens or creates the session file, migrating an older schema forward. Marks runs left
    // `running` by a process that no longer exists as `interrupted`. Throws StoreError with a
    // message naming the file and the problem (not a session, corrupt, newer schema, locked,
    // read-only, missing in ReadOnly mode).
    explicit RunStore(const QString &path, Mode mode = Mode::ReadWrite);
    ~RunStore();
    RunStore(const RunStore &) = delete;
    RunStore &operator=(const RunStore &) = delete;

    QString path() const { return path_; }
    int schemaVersion() const;

    // Recording (ReadWrite). beginRun fills info.id and info.startedAt.
    RunId beginRun(RunInfo &info, const Topology &topology, const std::vector<StepLevel> &levels);
    // Writes what the snapshot holds beyond `cursor` in one transaction and advances the cursor.
    void appendTrace(RunId run, const TraceSnapshot &snapshot, TraceCursor &cursor);
    void finishRun(RunId run, RunStatus status, const std::vector<Metric> &metrics,
                   const std::vector<BaselineResult> &baselines, const QString &error = {});
    void recordClaims(RunId run, const std::vector<ClaimResult> &claims);
    // The user's notes on a run (needs schema 2, so ReadWrite). Throws StoreError for an unknown id.
    void setNotes(RunId run, const QString &notes);

    // Sweeps (schema 3): createSweep fills info.id and info.createdAt; runs join one through
    // RunInfo::sweepId and sweepPoint given to beginRun.
    std::int64_t createSweep(SweepInfo &info);
    std::vector<SweepInfo> sweeps() const;

    // Reading.
    std::vector<RunInfo> runs() const;
    RunRecord loadRun(RunId run) const;  // throws StoreError for an unknown id
    std::unique_ptr<Trace> loadTrace(RunId run) const;

    // UI state (open views, cursor, bookmarks, notes) as key → JSON.
    void setUiState(const QString &key, const QJsonObject &value);
    std::optional<QJsonObject> uiState(const QString &key) const;

    // Merging (ReadWrite): copies every run of `source` (open read-only; never modified) with all it
    // has — run row, topology, step levels, event types, counter series, markers, metrics,
    // baselines, claims, frames and the event and counter chunks as stored — under new ids, in one
    // transaction. Each copied run records where it came from (origin_file, origin_run_id; a run
    // merged before keeps its first origin); its sweep joins an identical sweep here (sameSweep)
    // or is added; a run still `running` in the source is copied as `interrupted` with a note.
    MergedSession copyRunsFrom(const RunStore &source);

    // Writes a compacted, consistent copy of the whole session to `target` (Save As). Throws
    // StoreError naming the target when it exists already or cannot be written.
    void saveCopy(const QString &target) const;

    // The platform app-data folder's default session file.
    // Whether a session file may be written: the OS allows it and some write bit is set, so a
    // file marked read-only stays untouched even for an administrator (the rule opening follows).
    static bool isWritableFile(const QString &path);
    static QString defaultSessionPath();

    // Caps the file at `pages` database pages on this connection, so tests can provoke the
    // disk-full path (SQLITE_FULL) without filling a real disk.
    void setMaxPageCountForTesting(std::int64_t pages);

private:
    QString path_;
    Mode mode_;
    sqlite3 *db_ = nullptr;
};

}  // namespace accelscope
