#pragma once
// What a report is made of: recorded runs read back from a session file (record and indexed
// trace), each with its plugin's paper metadata and claims when the plugin is installed.
// Loading touches no widget, so it may run in a worker thread; attachPlugin() uses the registry
// and belongs on the thread that owns it.

#include <memory>
#include <optional>
#include <vector>

#include <QString>

#include "core/api/plugin.h"
#include "core/sim/traceindex.h"
#include "core/store/runstore.h"

namespace accelscope {

class PluginRegistry;

struct ReportRun {
    std::shared_ptr<const RunRecord> record;
    std::unique_ptr<TraceIndex> index;  // handed to the views that draw the figures
    std::optional<PluginInfo> plugin;  // empty when the plugin is not installed
    std::vector<Claim> pluginClaims;   // the plugin's claims, for runs that recorded none
    // The complete parameters of the run's preset (ParamSet::toJson); empty when unknown. A claim
    // is judged on a run only when the run kept its preset's parameters.
    QJsonObject presetParams;
};

enum class ReportFormat { Html, Pdf };

// The format a file name asks for (.html, .htm or .pdf, any case). Throws InputError naming the
// file and the allowed extensions otherwise.
ReportFormat reportFormatOf(const QString &outPath);

// The runs `requested` (in that order), or the latest complete run when it is empty. Throws
// InputError naming the session or run when the session is missing or unreadable, a run id is
// unknown, a run is not complete, or the session has no complete run. A metrics-only run (a
// sweep point recorded without its trace) is allowed: its report has no trace figures.
std::vector<RunId> chooseReportRuns(const QString &sessionPath, const std::vector<RunId> &requested);

// The complete runs of sweep `sweepId`, in point order, and the sweep's row. Throws InputError
// naming the session and the sweeps it has when there is no such sweep or no complete point.
std::vector<RunId> chooseSweepRuns(const QString &sessionPath, std::int64_t sweepId, SweepInfo *sweep);

// Loads the chosen runs with their traces indexed (no plugin metadata yet); a metrics-only run
// gets an empty index.
std::vector<ReportRun> loadReportRuns(const QString &sessionPath, const std::vector<RunId> &runs);

// Fills the paper metadata and claims from `registry` when it has the run's plugin; a plugin that
// fails to load leaves them empty (the report says so) rather than failing the report.
void attachPlugin(ReportRun &run, const PluginRegistry &registry);

}  // namespace accelscope
