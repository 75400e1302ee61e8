#pragma once
// Runs a model from start to end without a user interface: the command line's `run`, `validate`
// and `sweep`, and the desktop application's batch actions. The model steps in an Engine worker
// thread; when the request names a session file the run is recorded there as it goes.

#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <vector>

#include <QString>

#include "core/api/metric.h"
#include "core/api/param.h"
#include "core/api/plugin.h"
#include "core/session/runrequest.h"
#include "core/sim/trace.h"
#include "core/store/runstore.h"

namespace accelscope {

// Receives the fraction done, 0..1. Called from worker threads, never concurrently.
using ProgressCallback = std::function<void(double fraction)>;

struct RunOutcome {
    QString pluginId;
    QString preset;
    ParamSet params;
    std::uint64_t seed = 0;
    RunStatus status = RunStatus::Complete;
    QStringList assignments;  // the request's --set assignments, for messages
    QString error;            // why the run failed (the engine's message)
    std::vector<Metric> metrics;
    std::vector<BaselineResult> baselines;
    std::int64_t eventCount = 0;
    TimePs simulatedEndPs = 0;
    QString dataSource;  // Model::dataSource().description
    bool syntheticData = true;
    QString sessionPath;  // "" when not recorded
    RunId runId = 0;      // 0 when not recorded

    bool ok() const { return status == RunStatus::Complete; }
    // "plugin 'x', preset 'paper' with k=16: <error>": names what failed, for messages.
    QString failureMessage() const;
};

// A run computed without recording it: its outcome, the model's topology and step levels (so that a
// single writer can record it later), and its trace when it was kept.
struct ComputedRun {
    RunOutcome outcome;
    Topology topology;
    std::vector<StepLevel> stepLevels;
    std::optional<TraceSnapshot> trace;  // only when asked for
};

// Thrown where a result needs every run (claims) but the caller stopped them.
class RunCancelled : public std::runtime_error {
public:
    RunCancelled() : std::runtime_error("cancelled") {}
};

// Resolves the request, checks the session file can be opened for writing (StoreError, before
// any work is done), creates the model and runs it to the end.
//
// Throws InputError for bad parameters, an unknown preset or an unusable session file, and
// PluginError when the plugin fails to create a model. A model that throws while running does
// not throw here: the outcome's status is Failed, `error` says why, and the recorded run (if
// any) is marked failed. A run stopped through `request.stop` ends Cancelled the same way.
RunOutcome runToCompletion(const PluginInfo &info, const AcceleratorPlugin &plugin, const RunRequest &request,
                           const ProgressCallback &progress = {});

// Runs the request to the end like runToCompletion, but records nothing (request.sessionPath is
// ignored) and keeps the trace only when `keepTrace`. Throws and reports like runToCompletion.
ComputedRun computeRun(const PluginInfo &info, const AcceleratorPlugin &plugin, const RunRequest &request,
                       bool keepTrace, const ProgressCallback &progress = {});

// Runs several requests for one plugin on a thread pool (`maxThreads` <= 0: one per core) and
// returns the outcomes in request order. All requests are resolved before any runs, so bad input
// fails fast. Progress is the mean over all runs. Requests not yet started when their `stop` flag
// is set are not run (status Cancelled, no run recorded).
std::vector<RunOutcome> runBatch(const PluginInfo &info, const AcceleratorPlugin &plugin,
                                 const std::vector<RunRequest> &requests,
                                 const ProgressCallback &progress = {}, int maxThreads = 0);

}  // namespace accelscope
