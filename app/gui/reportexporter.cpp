#include "app/gui/reportexporter.h"

#include <exception>
#include <memory>

#include "core/registry/pluginregistry.h"
#include "views/common/background.h"
#include "views/report/reportbuilder.h"

namespace accelscope {

ReportExporter::ReportExporter(const PluginRegistry &registry, QObject *parent)
    : QObject(parent), registry_(registry) {}

void ReportExporter::fail(const QString &message) {
    busy_ = false;
    Q_EMIT failed(message);
}

void ReportExporter::start(const QString &sessionPath, const std::vector<RunId> &requested, const QString &outPath,
                           std::int64_t sweepId) {
    if (busy_) {
        Q_EMIT failed(QStringLiteral("A report is being written already; wait for it to finish."));
        return;
    }
    std::vector<RunId> runs;
    auto sweep = std::make_shared<SweepInfo>();
    try {
        reportFormatOf(outPath);
        runs = sweepId > 0 ? chooseSweepRuns(sessionPath, sweepId, sweep.get()) : chooseReportRuns(sessionPath, requested);
    } catch (const std::exception &e) {
        Q_EMIT failed(QString::fromUtf8(e.what()));
        return;
    }
    busy_ = true;
    auto loaded = std::make_shared<std::vector<ReportRun>>();
    runInBackground(
        this, [loaded, sessionPath, runs] { *loaded = loadReportRuns(sessionPath, runs); },
        [this, loaded, sessionPath, outPath, sweep, sweepId](const QString &error) {
            if (!error.isEmpty())
                return fail(error);
            for (ReportRun &run : *loaded)
                attachPlugin(run, registry_);
            std::shared_ptr<ReportDocument> doc;
            try {
                doc = std::make_shared<ReportDocument>(sweepId > 0 ? buildSweepReport(std::move(*loaded), *sweep, sessionPath)
                                                                   : buildReport(std::move(*loaded), sessionPath));
            } catch (const std::exception &e) {
                return fail(QString::fromUtf8(e.what()));
            }
            auto pages = std::make_shared<int>(0);
            runInBackground(
                this, [doc, pages, outPath] { *pages = doc->write(outPath); },
                [this, pages, outPath](const QString &writeError) {
                    if (!writeError.isEmpty())
                        return fail(writeError);
                    busy_ = false;
                    Q_EMIT finished(outPath, *pages);
                });
        });
}

}  // namespace accelscope
