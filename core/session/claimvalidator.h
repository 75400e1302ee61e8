#pragma once
// Checks a plugin's claims: runs every preset the claims need (each once), takes each claim's
// metric from its presets' runs, combines them with the claim's Aggregate and judges the result
// against the paper's value or range.

#include <atomic>
#include <cstdint>
#include <vector>

#include <QString>

#include "core/api/claim.h"
#include "core/api/plugin.h"
#include "core/session/runner.h"

namespace accelscope {

struct ValidationOptions {
    std::uint64_t seed = 1;
    QString sessionPath;  // "" = runs are not recorded; otherwise runs and claim results are
    int maxThreads = 0;   // <= 0: one per core
    const std::atomic<bool> *stop = nullptr;  // set by the caller to cancel (see RunRequest)
};

struct ClaimValidation {
    std::vector<ClaimResult> results;  // in the plugin's claim order
    std::vector<RunOutcome> runs;      // one per preset used, in first-use order
    bool allPass() const;
};

// Combines per-preset values. Mean and GeoMean of no values, or GeoMean of a non-positive value,
// give NaN, which judge() turns into a FAIL.
double aggregate(Aggregate how, const std::vector<double> &values);

// Throws PluginError when a claim names an unknown preset or metric, or a run fails; InputError
// for an unusable session file; RunCancelled when `options.stop` stopped a run.
ClaimValidation validateClaims(const PluginInfo &info, const AcceleratorPlugin &plugin,
                               const ValidationOptions &options = {}, const ProgressCallback &progress = {});

}  // namespace accelscope
