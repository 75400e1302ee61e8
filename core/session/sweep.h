#pragma once
// A parameter sweep: one or more keys each take a list of values; every combination (the
// cartesian product, first axis outermost) is run from the same preset and seed, in parallel on
// the local cores. A sweep can be split into slices (point i belongs to slice i mod N) so that the
// tasks of a job array each run their share, and recorded into one session by a single writer:
// points are computed in worker threads and written by the calling thread, metrics only unless
// the full traces are asked for.

#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include "core/api/plugin.h"
#include "core/session/runner.h"
#include "core/store/runstore.h"

namespace accelscope {

struct SweepAxis {
    QString key;
    QStringList values;  // as typed; each is checked against the schema before anything runs

    // Parses "KEY=V1,V2,..."; throws InputError naming the text when it is malformed.
    static SweepAxis parse(const QString &text);
};

// Which of a sweep's points one process runs: point i (in sweep order) belongs to slice
// i mod count. The split depends only on the point's index, so `count` tasks on any machines,
// in any order, together run every point exactly once.
struct SweepSlice {
    int index = 0;
    int count = 1;

    // Parses "K/N" with 0 <= K < N; throws InputError naming the text otherwise.
    static SweepSlice parse(const QString &text);
    bool contains(std::size_t point) const { return point % static_cast<std::size_t>(count) ==
                                                    static_cast<std::size_t>(index); }
    bool whole() const { return count == 1; }
};

struct SweepRequest {
    RunRequest base;  // plugin, preset, fixed assignments, seed, session
    std::vector<SweepAxis> axes;
    int maxThreads = 0;         // <= 0: one per core
    bool recordEvents = false;  // record every point's trace; otherwise only its results
    SweepSlice slice;
};

struct SweepPoint {
    std::size_t index = 0;                                 // in the whole sweep, across slices
    std::vector<std::pair<QString, QString>> coordinates;  // (key, value) per axis
    RunOutcome outcome;
};

struct SweepResult {
    std::int64_t sweepId = 0;        // the sweep's row in the session; 0 when not recorded
    std::size_t totalPoints = 0;     // points of the whole sweep, every slice
    std::vector<SweepPoint> points;  // this slice's points, in sweep order
};

struct SweepProgress {
    std::size_t done = 0;    // points finished (complete, failed or cancelled)
    std::size_t failed = 0;  // of those, failed
    std::size_t total = 0;   // points this slice runs
    double fraction = 0;     // 0..1, including the progress of points still running
};
// Called from worker threads and the calling thread, never concurrently.
using SweepProgressCallback = std::function<void(const SweepProgress &)>;

// More points than this (the product of the axes' value counts) are refused before any is built.
inline constexpr std::size_t kMaxSweepPoints = 100000;

// The request's points, in order, without running them. Throws InputError for an empty sweep,
// a key given twice, an unknown key or a value the key does not allow.
std::vector<RunRequest> sweepRequests(const AcceleratorPlugin &plugin, const SweepRequest &request);

// The sweep's row as recorded: plugin, preset, seed and its axes as
// {"order": [key, ...], key: [value, ...], ..., "set": ["key=value", ...]} (values as the schema
// parses them; "set" lists the fixed assignments, present only when there are some). Two slices
// of one sweep describe it identically.
SweepInfo describeSweep(const AcceleratorPlugin &plugin, const SweepRequest &request);

// Runs the slice's points. When the request names a session file, the file is opened first (a
// file that cannot be used is bad input before any work), the sweep's row is created (or an
// identical one reused, so the slices of one sweep recorded into one file form one sweep) and
// every point is recorded as it finishes, by the calling thread alone.
//
// A point whose model fails (while running, or a plugin error while creating it) is Failed and
// recorded as such; the others still run. A point the plugin refuses as bad input (an InputError
// from createModel) stops the sweep: points not started are not run, and the InputError, naming
// the point, is rethrown once the running ones have finished. A failure to write the session
// stops it likewise (StoreError). Points not started when `base.stop` is set are Cancelled and
// not recorded.
SweepResult runSweep(const PluginInfo &info, const AcceleratorPlugin &plugin, const SweepRequest &request,
                     const SweepProgressCallback &progress = {});

}  // namespace accelscope
