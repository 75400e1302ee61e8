#include "core/store/sessionmerge.h"

#include <memory>

#include <QFile>
#include <QFileInfo>

#include "core/api/errors.h"

namespace accelscope {

namespace {
// Two names of one file (a symlink, "./a" and "a") count as the same file.
QString identity(const QString &path) {
    const QFileInfo info(path);
    const QString canonical = info.canonicalFilePath();
    return canonical.isEmpty() ? info.absoluteFilePath() : canonical;
}

void removeSession(const QString &path) {
    for (const char *suffix : {"", "-wal", "-shm"})
        QFile::remove(path + QLatin1String(suffix));
}
}  // namespace

SessionMergeResult mergeSessions(const QString &output, const QStringList &inputs, bool append) {
    if (inputs.isEmpty())
        throw StoreError(QStringLiteral("merge: no input session files; give OUT.ascope then one or more IN.ascope"));
    SessionMergeResult result;
    result.output = QFileInfo(output).absoluteFilePath();
    const bool outputExists = QFileInfo::exists(output);
    if (outputExists && !append)
        throw StoreError(QStringLiteral("merge: output %1 exists already; pass --append to add to it, or name a "
                                        "new file")
                             .arg(result.output));

    QStringList seen;
    std::vector<std::unique_ptr<RunStore>> sources;
    for (const QString &input : inputs) {
        const QString id = identity(input);
        if (outputExists && id == identity(output))
            throw StoreError(QStringLiteral("merge: input %1 is the output file; give it only as OUT").arg(input));
        if (seen.contains(id))
            throw StoreError(
                QStringLiteral("merge: input %1 is given twice; list each session file once").arg(input));
        seen << id;
        if (!QFileInfo::exists(input))
            throw StoreError(QStringLiteral("merge: input session file %1 does not exist").arg(input));
        // Read-only: checks it is a session of a schema this build reads, and never writes it.
        sources.push_back(std::make_unique<RunStore>(QFileInfo(input).absoluteFilePath(), RunStore::Mode::ReadOnly));
    }

    try {
        RunStore target(result.output, RunStore::Mode::ReadWrite);
        for (const auto &source : sources)
            result.sources.push_back(target.copyRunsFrom(*source));
    } catch (...) {
        if (!outputExists)
            removeSession(result.output);
        throw;
    }
    return result;
}

}  // namespace accelscope
