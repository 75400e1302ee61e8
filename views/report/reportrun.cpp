#include "views/report/reportrun.h"

#include <algorithm>

#include <QFileInfo>

#include "core/api/errors.h"
#include "core/registry/pluginerror.h"
#include "core/registry/pluginregistry.h"

namespace accelscope {

ReportFormat reportFormatOf(const QString &outPath) {
    const QString suffix = QFileInfo(outPath).suffix().toLower();
    if (suffix == QStringLiteral("html") || suffix == QStringLiteral("htm"))
        return ReportFormat::Html;
    if (suffix == QStringLiteral("pdf"))
        return ReportFormat::Pdf;
    throw InputError(
        QStringLiteral("cannot write a report to '%1': the file name must end in .html or .pdf").arg(outPath));
}

namespace {

void requireSession(const QString &sessionPath) {
    if (sessionPath.isEmpty())
        throw InputError(QStringLiteral("no session file given; give the path of a .ascope session file"));
    if (!QFileInfo::exists(sessionPath))
        throw InputError(QStringLiteral("session file '%1' does not exist").arg(sessionPath));
}

}  // namespace

std::vector<RunId> chooseReportRuns(const QString &sessionPath, const std::vector<RunId> &requested) {
    requireSession(sessionPath);
    const RunStore store(sessionPath, RunStore::Mode::ReadOnly);
    const std::vector<RunInfo> runs = store.runs();
    if (requested.empty()) {
        for (auto it = runs.rbegin(); it != runs.rend(); ++it) {
            if (it->status == RunStatus::Complete)
                return {it->id};
        }
        throw InputError(QStringLiteral("session '%1' has no complete run to report on; record one with "
                                        "'accelscope-cli run <plugin> --db %1'")
                             .arg(sessionPath));
    }
    for (const RunId id : requested) {
        const auto it = std::find_if(runs.begin(), runs.end(), [id](const RunInfo &r) { return r.id == id; });
        if (it == runs.end()) {
            QStringList ids;
            for (const RunInfo &r : runs)
                ids << QString::number(r.id);
            throw InputError(QStringLiteral("session '%1' has no run %2; its runs: %3")
                                 .arg(sessionPath)
                                 .arg(id)
                                 .arg(ids.isEmpty() ? QStringLiteral("none") : ids.join(QStringLiteral(", "))));
        }
        if (it->status != RunStatus::Complete)
            throw InputError(QStringLiteral("run %1 in '%2' is %3, not complete; a report needs a run that "
                                            "finished (see 'accelscope-cli runs %2')")
                                 .arg(id)
                                 .arg(sessionPath, toString(it->status)));
    }
    return requested;
}

std::vector<RunId> chooseSweepRuns(const QString &sessionPath, std::int64_t sweepId, SweepInfo *sweep) {
    requireSession(sessionPath);
    const RunStore store(sessionPath, RunStore::Mode::ReadOnly);
    const std::vector<SweepInfo> sweeps = store.sweeps();
    const auto found = std::find_if(sweeps.begin(), sweeps.end(), [sweepId](const SweepInfo &s) { return s.id == sweepId; });
    if (found == sweeps.end()) {
        QStringList ids;
        for (const SweepInfo &s : sweeps)
            ids << QStringLiteral("%1 (%2)").arg(s.id).arg(s.pluginId);
        throw InputError(QStringLiteral("session '%1' has no sweep %2; its sweeps: %3")
                             .arg(sessionPath)
                             .arg(sweepId)
                             .arg(ids.isEmpty() ? QStringLiteral("none (record one with 'accelscope-cli sweep')")
                                                : ids.join(QStringLiteral(", "))));
    }
    std::vector<RunInfo> points = store.runs();
    std::erase_if(points, [sweepId](const RunInfo &r) { return r.sweepId != sweepId || r.status != RunStatus::Complete; });
    if (points.empty())
        throw InputError(QStringLiteral("sweep %1 in '%2' has no complete point to report on").arg(sweepId).arg(sessionPath));
    std::sort(points.begin(), points.end(), [](const RunInfo &a, const RunInfo &b) {
        return a.sweepPoint != b.sweepPoint ? a.sweepPoint < b.sweepPoint : a.id < b.id;
    });
    if (sweep)
        *sweep = *found;
    std::vector<RunId> ids;
    for (const RunInfo &r : points)
        ids.push_back(r.id);
    return ids;
}

std::vector<ReportRun> loadReportRuns(const QString &sessionPath, const std::vector<RunId> &runs) {
    requireSession(sessionPath);
    const RunStore store(sessionPath, RunStore::Mode::ReadOnly);
    std::vector<ReportRun> loaded;
    for (const RunId id : runs) {
        ReportRun run;
        run.record = std::make_shared<RunRecord>(store.loadRun(id));
        if (run.record->info.traceRecorded) {
            const std::unique_ptr<Trace> trace = store.loadTrace(id);
            run.index = std::make_unique<TraceIndex>(trace->snapshot());
        } else {
            run.index = std::make_unique<TraceIndex>();
        }
        loaded.push_back(std::move(run));
    }
    return loaded;
}

void attachPlugin(ReportRun &run, const PluginRegistry &registry) {
    const QString &id = run.record->info.pluginId;
    if (!registry.contains(id))
        return;
    run.plugin = registry.info(id);
    try {
        const AcceleratorPlugin &plugin = registry.plugin(id);
        run.pluginClaims = plugin.claims();
        const std::vector<Preset> presets = plugin.presets();
        if (const Preset *preset = findPreset(presets, run.record->info.preset))
            run.presetParams = ParamSet::fromPreset(plugin.schema(), *preset).toJson();
    } catch (const PluginError &) {
        run.pluginClaims.clear();  // the metadata still names the paper
    } catch (const InputError &) {
        run.presetParams = {};  // a preset the plugin no longer accepts: judge no claim on it
    }
}

}  // namespace accelscope
