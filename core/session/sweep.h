#pragma once
// A parameter sweep: one or more keys each take a list of values; every combination (the
// cartesian product, first axis outermost) is run from the same preset and seed, in parallel.

#include <utility>
#include <vector>

#include <QString>
#include <QStringList>

#include "core/api/plugin.h"
#include "core/session/runner.h"

namespace accelscope {

struct SweepAxis {
    QString key;
    QStringList values;  // as typed; each is checked against the schema before anything runs

    // Parses "KEY=V1,V2,..."; throws InputError naming the text when it is malformed.
    static SweepAxis parse(const QString &text);
};

struct SweepRequest {
    RunRequest base;  // plugin, preset, fixed assignments, seed, session
    std::vector<SweepAxis> axes;
    int maxThreads = 0;  // <= 0: one per core
};

struct SweepPoint {
    std::vector<std::pair<QString, QString>> coordinates;  // (key, value) per axis
    RunOutcome outcome;
};

// The request's points, in order, without running them. Throws InputError for an empty sweep,
// a key given twice, an unknown key or a value the key does not allow.
std::vector<RunRequest> sweepRequests(const AcceleratorPlugin &plugin, const SweepRequest &request);

// Runs every point. A point whose model fails has status Failed; the others still run.
std::vector<SweepPoint> runSweep(const PluginInfo &info, const AcceleratorPlugin &plugin,
                                 const SweepRequest &request, const ProgressCallback &progress = {});

}  // namespace accelscope
