#include "views/report/reportbuilder.h"

#include <algorithm>
#include <cmath>
#include <set>

#include <QDateTime>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonValue>

#include "core/api/claim.h"
#include "core/api/errors.h"
#include "views/charts/chartdata.h"
#include "views/claims/claimtablemodel.h"
#include "views/common/format.h"
#include "views/common/theme.h"
#include "views/compare/metricscomparemodel.h"
#include "views/report/reportfigures.h"
#include "views/state/viewstate.h"

namespace accelscope {

namespace {

const QString kTable = QStringLiteral("<table class=\"data\" width=\"100%\" cellspacing=\"0\" cellpadding=\"4\">");

QString runAnchor(const RunInfo &info) {
    return QStringLiteral("run-%1").arg(info.id);
}

QString pluginName(const ReportRun &run) {
    return run.plugin ? run.plugin->name : run.record->info.pluginId;
}

QString runTitle(const ReportRun &run) {
    const RunInfo &info = run.record->info;
    return QStringLiteral("Run %1 — %2%3")
        .arg(info.id)
        .arg(pluginName(run), info.preset.isEmpty() ? QStringLiteral(", parameters set by hand")
                                                    : QStringLiteral(", preset ") + info.preset);
}

QString jsonText(const QJsonValue &value) {
    switch (value.type()) {
        case QJsonValue::Bool:
            return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
        case QJsonValue::Double:
            return QString::number(value.toDouble(), 'g', 10);
        case QJsonValue::String:
            return value.toString();
        case QJsonValue::Null:
        case QJsonValue::Undefined:
            return QStringLiteral("—");
        default:
            return QString::fromUtf8(QJsonDocument::fromVariant(value.toVariant()).toJson(QJsonDocument::Compact));
    }
}

QString heading(int level, const QString &id, const QString &text) {
    return QStringLiteral("<h%1 id=\"%2\">%3</h%1>").arg(level).arg(escapeHtml(id), escapeHtml(text));
}

// Rows of label → value, two pairs per row so short facts do not waste a page.
QString factsTable(const std::vector<std::pair<QString, QString>> &facts, int pairsPerRow) {
    QString html = QStringLiteral("<table class=\"data facts\" width=\"100%\" cellspacing=\"0\" cellpadding=\"4\">");
    for (std::size_t i = 0; i < facts.size(); i += static_cast<std::size_t>(pairsPerRow)) {
        html += QStringLiteral("<tr>");
        for (int k = 0; k < pairsPerRow; ++k) {
            const std::size_t j = i + static_cast<std::size_t>(k);
            if (j < facts.size())
                html += QStringLiteral("<td class=\"key\">%1</td><td>%2</td>")
                            .arg(escapeHtml(facts[j].first), facts[j].second);
            else
                html += QStringLiteral("<td class=\"key\"></td><td></td>");
        }
        html += QStringLiteral("</tr>");
    }
    return html + QStringLiteral("</table>");
}

QString multiline(const QString &text) {
    return escapeHtml(text).replace(QLatin1Char('\n'), QStringLiteral("<br>"));
}

QString runSummaryHtml(const ReportRun &run) {
    const RunInfo &info = run.record->info;
    std::vector<std::pair<QString, QString>> facts{
        {QStringLiteral("Plugin"), escapeHtml(QStringLiteral("%1 (%2%3)")
                                                  .arg(pluginName(run), info.pluginId,
                                                       info.pluginVersion.isEmpty()
                                                           ? QString()
                                                           : QStringLiteral(" ") + info.pluginVersion))},
        {QStringLiteral("Status"), escapeHtml(toString(info.status))},
        {QStringLiteral("Preset"), info.preset.isEmpty() ? QStringLiteral("— (set by hand)") : escapeHtml(info.preset)},
        {QStringLiteral("Seed"), QString::number(info.seed)},
        {QStringLiteral("Simulated time"), escapeHtml(format::duration(info.simulatedEndPs))},
        {QStringLiteral("Events"), QString::number(info.eventCount)},
        {QStringLiteral("Started (UTC)"), escapeHtml(info.startedAt.toUTC().toString(Qt::ISODate))},
        {QStringLiteral("Finished (UTC)"),
         info.finishedAt.isValid() ? escapeHtml(info.finishedAt.toUTC().toString(Qt::ISODate)) : QStringLiteral("—")},
        {QStringLiteral("Data"), escapeHtml(info.dataSource.isEmpty() ? QStringLiteral("—") : info.dataSource)},
    };
    if (info.isImported())
        facts.emplace_back(QStringLiteral("Imported from"), escapeHtml(info.importedFrom));
    if (!info.originFile.isEmpty())
        facts.emplace_back(QStringLiteral("Copied from"),
                           escapeHtml(QStringLiteral("%1, run %2").arg(info.originFile).arg(info.originRunId)));
    QString html = heading(2, runAnchor(info), runTitle(run)) + factsTable(facts, 2);
    if (!info.notes.isEmpty())
        html += QStringLiteral("<p><b>Notes.</b> %1</p>").arg(multiline(info.notes));
    return html;
}

QString paperHtml(const ReportRun &run, const QString &anchor) {
    QString html = heading(3, anchor + QStringLiteral("-paper"), QStringLiteral("Paper"));
    if (!run.plugin) {
        return html + QStringLiteral("<p class=\"muted\">The plugin '%1' is not installed here, so its paper's "
                                     "metadata is not available.</p>")
                          .arg(escapeHtml(run.record->info.pluginId));
    }
    const PluginInfo &p = *run.plugin;
    html += QStringLiteral("<p><i>%1</i><br>%2<br>%3 %4</p>")
                .arg(escapeHtml(p.paperTitle), escapeHtml(p.authors.join(QStringLiteral(", "))), escapeHtml(p.venue))
                .arg(p.year);
    if (!p.summary.isEmpty())
        html += QStringLiteral("<p class=\"muted\">%1</p>").arg(escapeHtml(p.summary));
    return html;
}

QString parametersHtml(const QJsonObject &params, const QString &anchor,
                       const QString &title = QStringLiteral("Parameters")) {
    QString html = heading(3, anchor + QStringLiteral("-params"), title);
    if (params.isEmpty())
        return html + QStringLiteral("<p class=\"muted\">No parameters were recorded.</p>");
    std::vector<std::pair<QString, QString>> facts;
    for (auto it = params.begin(); it != params.end(); ++it)
        facts.emplace_back(it.key(), escapeHtml(jsonText(it.value())));
    return html + factsTable(facts, 3);
}

QString metricsHtml(const RunRecord &record, const QString &anchor) {
    QString html = heading(3, anchor + QStringLiteral("-metrics"), QStringLiteral("Metrics against the baselines"));
    if (record.metrics.empty())
        return html + QStringLiteral("<p class=\"muted\">The run reported no metrics.</p>");
    html += kTable + QStringLiteral("<tr><th>Metric</th><th>Unit</th><th class=\"num\">%1</th>")
                         .arg(escapeHtml(modelLabel(record)));
    for (const BaselineResult &b : record.baselines)
        html += QStringLiteral("<th class=\"num\">%1</th>").arg(escapeHtml(b.label));
    html += QStringLiteral("</tr>");
    for (const Metric &m : record.metrics) {
        html += QStringLiteral("<tr><td>%1%2</td><td>%3</td><td class=\"num\"><b>%4</b></td>")
                    .arg(escapeHtml(m.name),
                         m.doc.isEmpty() ? QString()
                                         : QStringLiteral("<br><span class=\"muted small\">%1</span>").arg(escapeHtml(m.doc)),
                         escapeHtml(m.unit), escapeHtml(format::number(m.value, 4)));
        for (const BaselineResult &b : record.baselines) {
            const Metric *bm = findMetric(b.metrics, m.name);
            html += QStringLiteral("<td class=\"num\">%1</td>")
                        .arg(bm ? escapeHtml(format::number(bm->value, 4)) : QStringLiteral("—"));
        }
        html += QStringLiteral("</tr>");
    }
    html += QStringLiteral("</table>");
    if (record.baselines.empty())
        html += QStringLiteral("<p class=\"muted small\">The plugin gives no baselines for this workload.</p>");
    else
        html += QStringLiteral("<p class=\"muted small\">Baselines run the same workload on the shared "
                               "roofline-plus-efficiency device model; — where a baseline does not report a "
                               "metric.</p>");
    return html;
}

// The claims recorded with the run (by validate), or else the plugin's claims that this run
// alone decides (a single preset, the run's), judged on its metrics.
std::vector<ClaimResult> claimsOf(const ReportRun &run, QStringList *unchecked) {
    const RunRecord &record = *run.record;
    if (!record.claims.empty())
        return record.claims;
    std::vector<ClaimResult> results;
    const bool keptPreset = !run.presetParams.isEmpty() && run.presetParams == record.info.params;
    for (const Claim &claim : run.pluginClaims) {
        const Metric *metric = findMetric(record.metrics, claim.metric);
        if (keptPreset && claim.presets == QStringList{record.info.preset} && metric)
            results.push_back(judge(claim, metric->value,
                                    QStringLiteral("this run: %1").arg(format::number(metric->value, 6))));
        else
            unchecked->append(claim.id);
    }
    return results;
}

QString claimsHtml(const ReportRun &run, const QString &anchor) {
    QString html = heading(3, anchor + QStringLiteral("-claims"), QStringLiteral("Claims"));
    QStringList unchecked;
    const std::vector<ClaimResult> claims = claimsOf(run, &unchecked);
    if (!claims.empty()) {
        ClaimTableModel model;
        model.setClaims(claims);
        html += QStringLiteral("<p>%1 of %2 claims pass.</p>").arg(model.passCount()).arg(claims.size());
        html += modelTableHtml(model, {ClaimTableModel::Id, ClaimTableModel::PaperValue, ClaimTableModel::ModelValue,
                                       ClaimTableModel::Error, ClaimTableModel::Verdict, ClaimTableModel::Tolerance,
                                       ClaimTableModel::Source});
        for (const ClaimResult &r : claims) {
            html += QStringLiteral("<p class=\"small\"><b>%1</b> — %2").arg(escapeHtml(r.claim.id), escapeHtml(r.claim.statement));
            if (!r.detail.isEmpty())
                html += QStringLiteral("<br><span class=\"muted\">Model: %1</span>").arg(escapeHtml(r.detail));
            if (!r.claim.note.isEmpty())
                html += QStringLiteral("<br><span class=\"muted\">Note: %1</span>").arg(escapeHtml(r.claim.note));
            html += QStringLiteral("</p>");
        }
    }
    if (!unchecked.isEmpty()) {
        html += QStringLiteral("<p class=\"muted\">Not decided by this run: %1 (a claim is judged on the runs of "
                               "its presets, with their parameters unchanged). <code>accelscope-cli validate %2</code> "
                               "checks them.</p>")
                    .arg(escapeHtml(unchecked.join(QStringLiteral(", "))), escapeHtml(run.record->info.pluginId));
    } else if (claims.empty()) {
        html += QStringLiteral("<p class=\"muted\">No claims were recorded with this run%1.</p>")
                    .arg(run.plugin ? QString() : QStringLiteral(", and its plugin is not installed here"));
    }
    return html;
}

QString opKindsHtml(const TraceIndex &index, const QString &anchor) {
    QString html = heading(3, anchor + QStringLiteral("-time"), QStringLiteral("Time by op kind"));
    const std::array<TimePs, kOpKindCount> busy = busyByOpKind(index, TimeRange{0, index.endTime()});
    double total = 0;
    for (const TimePs t : busy)
        total += static_cast<double>(t);
    if (total <= 0)
        return html + QStringLiteral("<p class=\"muted\">No unit was busy during the run.</p>");
    html += kTable + QStringLiteral("<tr><th>Op kind</th><th class=\"num\">Busy time (all units)</th>"
                                    "<th class=\"num\">Share</th></tr>");
    for (int k = 0; k < kOpKindCount; ++k) {
        const auto kind = static_cast<OpKind>(k);
        if (busy[static_cast<std::size_t>(k)] <= 0)
            continue;
        html += QStringLiteral("<tr><td><span class=\"swatch\" style=\"background-color:%1\">&nbsp;&nbsp;&nbsp;</span> "
                               "%2</td><td class=\"num\">%3</td><td class=\"num\">%4</td></tr>")
                    .arg(theme::opKindColor(kind).name(), escapeHtml(theme::opKindLabel(kind)),
                         escapeHtml(format::duration(busy[static_cast<std::size_t>(k)])),
                         escapeHtml(format::percent(static_cast<double>(busy[static_cast<std::size_t>(k)]) / total)));
    }
    return html + QStringLiteral("</table><p class=\"muted small\">Busy time summed over every unit over the "
                                 "whole run (%1 simulated); units overlap, so the sum exceeds the run's length.</p>")
                      .arg(escapeHtml(format::duration(index.endTime())));
}

void addFigures(ReportDocument &doc, std::vector<ReportFigure> &figures) {
    for (ReportFigure &figure : figures)
        doc.addFigure(std::move(figure));
}

QString comparisonHtml(const ReportRun &a, const ReportRun &b) {
    const RunInfo &ia = a.record->info;
    const RunInfo &ib = b.record->info;
    const QString anchor = QStringLiteral("compare-%1-%2").arg(ia.id).arg(ib.id);
    QString html = heading(2, anchor, QStringLiteral("Run %1 against run %2").arg(ib.id).arg(ia.id));
    if (ia.pluginId != ib.pluginId)
        html += QStringLiteral("<p class=\"muted\">The runs are of different plugins (%1, %2): only metrics with "
                               "the same name are compared.</p>")
                    .arg(escapeHtml(ia.pluginId), escapeHtml(ib.pluginId));
    MetricsCompareModel model;
    model.setRuns(*a.record, *b.record);
    html += heading(3, anchor + QStringLiteral("-metrics"), QStringLiteral("Metric deltas"));
    html += QStringLiteral("<p class=\"muted small\">A is run %1, B is run %2; deltas are B − A, coloured when "
                           "the metric's name says which way is better.</p>")
                .arg(ia.id)
                .arg(ib.id);
    html += modelTableHtml(model);

    html += heading(3, anchor + QStringLiteral("-params"), QStringLiteral("Parameters that differ"));
    std::set<QString> keys;
    for (auto it = ia.params.begin(); it != ia.params.end(); ++it)
        keys.insert(it.key());
    for (auto it = ib.params.begin(); it != ib.params.end(); ++it)
        keys.insert(it.key());
    QString rows;
    for (const QString &key : keys) {
        const QJsonValue va = ia.params.value(key);
        const QJsonValue vb = ib.params.value(key);
        if (va == vb)
            continue;
        rows += QStringLiteral("<tr><td>%1</td><td class=\"num\">%2</td><td class=\"num\">%3</td></tr>")
                    .arg(escapeHtml(key), escapeHtml(jsonText(va)), escapeHtml(jsonText(vb)));
    }
    if (ia.seed != ib.seed)
        rows += QStringLiteral("<tr><td>seed</td><td class=\"num\">%1</td><td class=\"num\">%2</td></tr>")
                    .arg(ia.seed)
                    .arg(ib.seed);
    if (rows.isEmpty())
        html += QStringLiteral("<p>The runs share every parameter and the seed.</p>");
    else
        html += kTable + QStringLiteral("<tr><th>Parameter</th><th class=\"num\">Run %1 (A)</th><th class=\"num\">Run %2 "
                                        "(B)</th></tr>")
                             .arg(ia.id)
                             .arg(ib.id) +
                rows + QStringLiteral("</table>");
    return html;
}

}  // namespace

ReportDocument buildReport(std::vector<ReportRun> runs, const QString &sessionPath) {
    QStringList names;
    for (const ReportRun &run : runs) {
        if (!names.contains(pluginName(run)))
            names << pluginName(run);
    }
    ReportDocument doc(QStringLiteral("AccelScope report — %1").arg(names.join(QStringLiteral(", "))));

    QString header = QStringLiteral("<h1>%1</h1>").arg(escapeHtml(doc.title()));
    header += QStringLiteral("<p class=\"muted\">Session <b>%1</b> · generated %2 UTC</p>")
                  .arg(escapeHtml(QFileInfo(sessionPath).fileName()),
                       escapeHtml(QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyy-MM-dd HH:mm"))));
    if (runs.size() > 1) {
        header += QStringLiteral("<ul class=\"toc\">");
        for (const ReportRun &run : runs)
            header += QStringLiteral("<li><a href=\"#%1\">%2</a></li>")
                          .arg(runAnchor(run.record->info), escapeHtml(runTitle(run)));
        header += QStringLiteral("<li><a href=\"#comparison\">Comparison</a></li></ul>");
    }
    doc.addHtml(header);

    for (std::size_t i = 0; i < runs.size(); ++i) {
        ReportRun &run = runs[i];
        const QString anchor = runAnchor(run.record->info);
        if (i > 0)
            doc.addPageBreak();
        doc.addHtml(runSummaryHtml(run) + paperHtml(run, anchor) + parametersHtml(run.record->info.params, anchor));
        doc.addHtml(metricsHtml(*run.record, anchor));
        doc.addHtml(claimsHtml(run, anchor));
        const bool traced = run.record->info.traceRecorded;
        if (traced)
            doc.addHtml(opKindsHtml(*run.index, anchor));
        else
            doc.addHtml(heading(3, anchor + QStringLiteral("-time"), QStringLiteral("Trace")) +
                        QStringLiteral("<p class=\"muted\">Metrics only: this run kept its results but not its trace "
                                       "(a sweep point recorded without <code>--events</code>), so it has no time by "
                                       "op kind, utilization, dataflow or frame snapshots.</p>"));

        ViewState state;
        state.setRun(run.record, std::move(run.index));
        RunFigures figures = renderRunFigures(state, anchor);  // without a trace: the baselines chart only
        addFigures(doc, figures.charts);
        if (!traced)
            continue;
        doc.addHtml(heading(3, anchor + QStringLiteral("-snapshots"), QStringLiteral("Snapshots at the end of the run")));
        addFigures(doc, figures.dataflow);
        addFigures(doc, figures.frames);
    }

    if (runs.size() > 1) {
        doc.addPageBreak();
        doc.addHtml(QStringLiteral("<h2 id=\"comparison\">Comparison</h2><p class=\"muted\">Each run against "
                                   "run %1, the first of the report.</p>")
                        .arg(runs.front().record->info.id));
        for (std::size_t i = 1; i < runs.size(); ++i)
            doc.addHtml(comparisonHtml(runs.front(), runs[i]));
    }
    return doc;
}

namespace {

// The sweep's axes in the order they were given ("order"), else by name.
QStringList sweepAxisKeys(const SweepInfo &sweep) {
    QStringList keys;
    for (const QJsonValue &key : sweep.axes.value(QStringLiteral("order")).toArray())
        keys << key.toString();
    if (keys.isEmpty()) {
        keys = sweep.axes.keys();
        keys.removeAll(QStringLiteral("order"));
    }
    return keys;
}

// One table of the points: the varied parameters, then `metrics` (name and unit in the header).
QString pointsTableHtml(const std::vector<ReportRun> &runs, const QStringList &axes, const QStringList &metrics) {
    QString html = kTable + QStringLiteral("<tr><th class=\"num\">Point</th><th class=\"num\">Run</th>");
    for (const QString &axis : axes)
        html += QStringLiteral("<th>%1</th>").arg(escapeHtml(axis));
    const RunRecord &first = *runs.front().record;
    for (const QString &metric : metrics) {
        const Metric *m = findMetric(first.metrics, metric);
        html += QStringLiteral("<th class=\"num\">%1%2</th>")
                    .arg(escapeHtml(metric), m && !m->unit.isEmpty() ? QStringLiteral(" (%1)").arg(escapeHtml(m->unit))
                                                                      : QString());
    }
    html += QStringLiteral("</tr>");
    for (const ReportRun &run : runs) {
        const RunInfo &info = run.record->info;
        html += QStringLiteral("<tr><td class=\"num\">%1</td><td class=\"num\">%2</td>").arg(info.sweepPoint).arg(info.id);
        for (const QString &axis : axes)
            html += QStringLiteral("<td>%1</td>").arg(escapeHtml(jsonText(info.params.value(axis))));
        for (const QString &metric : metrics) {
            const Metric *m = findMetric(run.record->metrics, metric);
            html += QStringLiteral("<td class=\"num\">%1</td>")
                        .arg(m ? escapeHtml(format::number(m->value, 4)) : QStringLiteral("—"));
        }
        html += QStringLiteral("</tr>");
    }
    return html + QStringLiteral("</table>");
}

}  // namespace

ReportDocument buildSweepReport(std::vector<ReportRun> runs, const SweepInfo &sweep, const QString &sessionPath) {
    if (runs.empty())
        throw InputError(QStringLiteral("sweep %1 has no point to report on").arg(sweep.id));
    const ReportRun &first = runs.front();
    ReportDocument doc(QStringLiteral("AccelScope sweep report — %1").arg(pluginName(first)));
    const QStringList axes = sweepAxisKeys(sweep);

    QString html = QStringLiteral("<h1>%1</h1>").arg(escapeHtml(doc.title()));
    html += QStringLiteral("<p class=\"muted\">Session <b>%1</b> · sweep %2 · generated %3 UTC</p>")
                .arg(escapeHtml(QFileInfo(sessionPath).fileName()))
                .arg(sweep.id)
                .arg(escapeHtml(QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyy-MM-dd HH:mm"))));
    std::vector<std::pair<QString, QString>> facts{
        {QStringLiteral("Plugin"), escapeHtml(QStringLiteral("%1 (%2)").arg(pluginName(first), sweep.pluginId))},
        {QStringLiteral("Preset"), sweep.preset.isEmpty() ? QStringLiteral("— (defaults)") : escapeHtml(sweep.preset)},
        {QStringLiteral("Seed"), QString::number(sweep.seed)},
        {QStringLiteral("Points reported"), QString::number(runs.size())},
        {QStringLiteral("Recorded (UTC)"), escapeHtml(sweep.createdAt.toUTC().toString(Qt::ISODate))},
    };
    for (const QString &axis : axes) {
        QStringList values;
        for (const QJsonValue &v : sweep.axes.value(axis).toArray())
            values << jsonText(v);
        facts.emplace_back(QStringLiteral("Varied: ") + axis, escapeHtml(values.join(QStringLiteral(", "))));
    }
    if (!sweep.originFile.isEmpty())
        facts.emplace_back(QStringLiteral("Copied from"),
                           escapeHtml(QStringLiteral("%1, sweep %2").arg(sweep.originFile).arg(sweep.originSweepId)));
    html += factsTable(facts, 2);
    doc.addHtml(html + paperHtml(first, QStringLiteral("sweep")));

    // What every point shares: the parameters that no axis varies.
    QJsonObject shared = first.record->info.params;
    for (const ReportRun &run : runs) {
        for (const QString &key : shared.keys()) {
            if (run.record->info.params.value(key) != shared.value(key))
                shared.remove(key);
        }
    }
    doc.addHtml(parametersHtml(shared, QStringLiteral("sweep"), QStringLiteral("Parameters every point shares")));

    QStringList metrics;
    for (const Metric &m : first.record->metrics)
        metrics << m.name;
    std::vector<RunRecord> records;
    for (const ReportRun &run : runs)
        records.push_back(*run.record);
    doc.addHtml(heading(2, QStringLiteral("sweep-charts"), QStringLiteral("Metrics across the sweep")));
    std::vector<ReportFigure> figures = renderSweepFigures(records, metrics.mid(0, 4), QStringLiteral("sweep"));
    if (figures.empty())
        doc.addHtml(QStringLiteral("<p class=\"muted\">No numeric parameter varies across these points, so there "
                                   "is no axis to plot them along; the tables below list them.</p>"));
    addFigures(doc, figures);

    // Every metric, a few columns per table so that each fits an A4 page.
    constexpr qsizetype kMetricsPerTable = 5;
    doc.addPageBreak();
    doc.addHtml(heading(2, QStringLiteral("sweep-points"), QStringLiteral("Points")) +
                QStringLiteral("<p class=\"muted small\">Point is the index within the sweep; the baselines and claims of "
                               "each point are in <code>accelscope-cli report %1 --run ID</code>.</p>")
                    .arg(escapeHtml(QFileInfo(sessionPath).fileName())));
    for (qsizetype i = 0; i < metrics.size(); i += kMetricsPerTable)
        doc.addHtml(pointsTableHtml(runs, axes, metrics.mid(i, kMetricsPerTable)));
    if (metrics.isEmpty())
        doc.addHtml(pointsTableHtml(runs, axes, {}));
    return doc;
}

int writeReport(const QString &sessionPath, const std::vector<RunId> &runs, const QString &outPath,
                const PluginRegistry *registry, std::int64_t sweepId) {
    reportFormatOf(outPath);  // a wrong extension fails before any work
    SweepInfo sweep;
    const std::vector<RunId> chosen =
        sweepId > 0 ? chooseSweepRuns(sessionPath, sweepId, &sweep) : chooseReportRuns(sessionPath, runs);
    std::vector<ReportRun> loaded = loadReportRuns(sessionPath, chosen);
    if (registry) {
        for (ReportRun &run : loaded)
            attachPlugin(run, *registry);
    }
    if (sweepId > 0)
        return buildSweepReport(std::move(loaded), sweep, sessionPath).write(outPath);
    return buildReport(std::move(loaded), sessionPath).write(outPath);
}

}  // namespace accelscope
