#pragma once
// Runs a model to the end (or for a number of finest steps) straight into a Trace, without an
// engine or a store, and packages what views need: the RunRecord and an index of the trace.

#include <memory>

#include "core/api/model.h"
#include "core/sim/trace.h"
#include "core/sim/traceindex.h"
#include "core/store/runstore.h"

namespace accelscope::test {

struct RecordedRun {
    std::shared_ptr<RunRecord> record;
    std::unique_ptr<Trace> trace;
    std::unique_ptr<TraceIndex> index() const { return std::make_unique<TraceIndex>(trace->snapshot()); }
};

// `maxSteps` < 0: to the end of the run.
inline RecordedRun recordRun(Model &model, const QString &pluginId, std::int64_t maxSteps = -1) {
    RecordedRun run;
    run.trace = std::make_unique<Trace>();
    for (std::int64_t s = 0; (maxSteps < 0 || s < maxSteps) && model.step(0, *run.trace); ++s) {
    }
    run.trace->publish();
    run.record = std::make_shared<RunRecord>();
    run.record->info.id = 1;
    run.record->info.pluginId = pluginId;
    run.record->info.preset = QStringLiteral("paper");
    run.record->info.status = model.finished() ? RunStatus::Complete : RunStatus::Running;
    run.record->info.dataSource = model.dataSource().description;
    run.record->info.eventCount = static_cast<std::int64_t>(run.trace->eventCount());
    run.record->info.simulatedEndPs = run.trace->snapshot().endTime();
    run.record->topology = model.topology();
    run.record->stepLevels = model.stepLevels();
    run.record->metrics = model.metrics();
    run.record->baselines = model.baselines();
    return run;
}

// Writes the run into a session as a complete recorded run; returns its id there.
inline RunId storeRun(RunStore &store, const RecordedRun &run) {
    RunInfo info = run.record->info;
    const RunId id = store.beginRun(info, run.record->topology, run.record->stepLevels);
    TraceCursor cursor;
    store.appendTrace(id, run.trace->snapshot(), cursor);
    store.finishRun(id, run.record->info.status, run.record->metrics, run.record->baselines);
    return id;
}

}  // namespace accelscope::test
