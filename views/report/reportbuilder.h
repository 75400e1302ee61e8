#pragma once
// Builds the report of one or more recorded runs: per run the plugin and its paper, the
// parameters, the metrics against the paper's baselines, the claims, time by op kind with the
// utilization chart, a dataflow snapshot and the mask and token snapshots the run has; with two
// or more runs, a comparison of each with the first (metric deltas, parameters that differ).
// Needs a QApplication (the figures are drawn by the views); call it on the UI thread.

#include <vector>

#include <QString>

#include "views/report/reportdocument.h"
#include "views/report/reportrun.h"

namespace accelscope {

class PluginRegistry;

// `sessionPath` names the session in the report's header.
ReportDocument buildReport(std::vector<ReportRun> runs, const QString &sessionPath);

// The report of one sweep's points (`runs`, in point order): the plugin and its paper, the axes
// and the parameters every point shares, the first metrics charted against the varied parameter
// with the most values, and every metric of every point in tables. For sweeps of any size: no
// per-run sections.
ReportDocument buildSweepReport(std::vector<ReportRun> runs, const SweepInfo &sweep, const QString &sessionPath);

// The whole path from a session file to a report file: checks the output's extension, chooses and
// loads the runs (the latest complete one when `runs` is empty; the points of sweep `sweepId`
// when it is > 0, as a sweep report), attaches the plugins' metadata from `registry` when given,
// builds and writes. Returns the number of pages written (1 for HTML). Throws InputError for bad
// input (see chooseReportRuns, chooseSweepRuns, reportFormatOf).
int writeReport(const QString &sessionPath, const std::vector<RunId> &runs, const QString &outPath,
                const PluginRegistry *registry, std::int64_t sweepId = 0);

}  // namespace accelscope
