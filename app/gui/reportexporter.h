#pragma once
// File > Export report…: writes the report of recorded runs without blocking the window. Runs are
// loaded and indexed in a worker, the figures are drawn here (the views are widgets), and the
// file is written in a worker again; finished or failed follows on this object's thread.

#include <vector>

#include <QObject>
#include <QString>

#include "core/store/runstore.h"

namespace accelscope {

class PluginRegistry;

class ReportExporter : public QObject {
    Q_OBJECT
public:
    explicit ReportExporter(const PluginRegistry &registry, QObject *parent = nullptr);

    // Checks the file name and the runs at once (failed follows for bad input) and starts. With
    // `sweepId` > 0 the report is that sweep's (every point; `runs` is ignored).
    void start(const QString &sessionPath, const std::vector<RunId> &runs, const QString &outPath,
               std::int64_t sweepId = 0);
    bool isBusy() const { return busy_; }

Q_SIGNALS:
    void finished(const QString &outPath, int pages);
    void failed(const QString &message);

private:
    void fail(const QString &message);

    const PluginRegistry &registry_;
    bool busy_ = false;
};

}  // namespace accelscope
