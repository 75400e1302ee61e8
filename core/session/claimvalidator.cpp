#include "core/session/claimvalidator.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "core/registry/pluginerror.h"

namespace accelscope {

bool ClaimValidation::allPass() const {
    return std::all_of(results.begin(), results.end(), [](const ClaimResult &r) { return r.pass; });
}

double aggregate(Aggregate how, const std::vector<double> &values) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    if (values.empty())
        return nan;
    switch (how) {
        case Aggregate::Single:
            return values.size() == 1 ? values.front() : nan;
        case Aggregate::Mean: {
            double sum = 0;
            for (const double v : values)
                sum += v;
            return sum / static_cast<double>(values.size());
        }
        case Aggregate::GeoMean: {
            double logSum = 0;
            for (const double v : values) {
                if (!(v > 0))
                    return nan;
                logSum += std::log(v);
            }
            return std::exp(logSum / static_cast<double>(values.size()));
        }
        case Aggregate::Max:
            return *std::max_element(values.begin(), values.end());
        case Aggregate::Min:
            return *std::min_element(values.begin(), values.end());
    }
    return nan;
}

ClaimValidation validateClaims(const PluginInfo &info, const AcceleratorPlugin &plugin,
                               const ValidationOptions &options, const ProgressCallback &progress) {
    const std::vector<Claim> claims = plugin.claims();
    const std::vector<Preset> presets = plugin.presets();

    // Each preset runs once, however many claims use it.
    std::vector<RunRequest> requests;
    std::map<QString, std::size_t> runOfPreset;
    for (const Claim &claim : claims) {
        if (claim.presets.isEmpty())
            throw PluginError(info.id, QStringLiteral("claim '%1' names no preset to run").arg(claim.id));
        if (claim.aggregate == Aggregate::Single && claim.presets.size() != 1)
            throw PluginError(info.id, QStringLiteral("claim '%1' aggregates 'single' over %2 presets")
                                           .arg(claim.id)
                                           .arg(claim.presets.size()));
        for (const QString &preset : claim.presets) {
            if (!findPreset(presets, preset))
                throw PluginError(
                    info.id, QStringLiteral("claim '%1' names unknown preset '%2'").arg(claim.id, preset));
            if (runOfPreset.count(preset))
                continue;
            runOfPreset[preset] = requests.size();
            RunRequest request;
            request.pluginId = info.id;
            request.preset = preset;
            request.seed = options.seed;
            request.sessionPath = options.sessionPath;
            request.stop = options.stop;
            requests.push_back(request);
        }
    }

    ClaimValidation validation;
    validation.runs = runBatch(info, plugin, requests, progress, options.maxThreads);
    for (const RunOutcome &run : validation.runs) {
        if (run.status == RunStatus::Cancelled)
            throw RunCancelled();
    }
    for (const RunOutcome &run : validation.runs) {
        if (!run.ok())
            throw PluginError(
                info.id,
                QStringLiteral("preset '%1' failed while checking claims: %2").arg(run.preset, run.error));
    }

    for (const Claim &claim : claims) {
        std::vector<double> values;
        QStringList detail;
        for (const QString &preset : claim.presets) {
            const RunOutcome &run = validation.runs[runOfPreset.at(preset)];
            const Metric *metric = findMetric(run.metrics, claim.metric);
            if (!metric)
                throw PluginError(
                    info.id,
                    QStringLiteral("claim '%1' compares metric '%2', which preset '%3' does not report")
                        .arg(claim.id, claim.metric, preset));
            values.push_back(metric->value);
            detail << QStringLiteral("%1: %2").arg(preset, QString::number(metric->value, 'g', 6));
        }
        QString detailText = detail.join(QStringLiteral("; "));
        if (claim.presets.size() > 1)
            detailText = toString(claim.aggregate) + QStringLiteral(" of ") + detailText;
        validation.results.push_back(judge(claim, aggregate(claim.aggregate, values), detailText));
    }

    if (!options.sessionPath.isEmpty()) {
        // A claim is recorded with the run of its first preset: that run is where a report
        // reader looks for the claim, and every claim is stored exactly once.
        std::map<RunId, std::vector<ClaimResult>> byRun;
        for (const ClaimResult &result : validation.results)
            byRun[validation.runs[runOfPreset.at(result.claim.presets.front())].runId].push_back(result);
        RunStore store(options.sessionPath);
        for (const auto &[runId, results] : byRun)
            store.recordClaims(runId, results);
    }
    return validation;
}

}  // namespace accelscope
