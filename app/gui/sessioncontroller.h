#pragma once
// The open session file (.ascope, the SQLite RunStore): its runs, the saved window state, Save As,
// notes and the recent-files list. Recorded runs are loaded and indexed in a worker thread, so
// opening a ten-million-event run never blocks the UI thread.

#include <memory>
#include <optional>
#include <vector>

#include <QJsonObject>
#include <QObject>
#include <QStringList>

#include "core/sim/traceindex.h"
#include "core/store/runstore.h"
#include "views/state/runloader.h"

namespace accelscope {

class SessionController : public QObject {
    Q_OBJECT
public:
    explicit SessionController(QObject *parent = nullptr);
    ~SessionController() override;

    // Opens the session file, creating it if missing. A file that cannot be written is opened
    // read-only. Throws StoreError (the message names the file and the problem); the session
    // open before stays open then.
    void open(const QString &path);
    bool isOpen() const { return store_ != nullptr; }
    QString path() const;
    bool isReadOnly() const { return readOnly_; }

    std::vector<RunInfo> runs() const;
    // Starts loading a run; runLoaded or loadFailed follows. A newer request supersedes an older.
    void loadRun(RunId run);
    // The run loadRun delivered last (once; ownership passes to the caller).
    LoadedRun takeLoaded();
    // Starts loading the records of the plugin's completed runs (what the Charts sweep page
    // plots), only those of sweep `sweepId` when it is > 0; sweepLoaded follows.
    void loadSweep(const QString &pluginId, std::int64_t sweepId = 0);
    std::vector<RunRecord> takeSweep();

    // Imports a Chrome trace JSON file into the session as a read-only run, in a worker thread
    // (parsing a large trace takes seconds); traceImported or importFailed follows.
    void importTrace(const QString &file);

    void setNotes(RunId run, const QString &notes);
    void saveUiState(const QJsonObject &state);
    std::optional<QJsonObject> uiState() const;
    // Save As: writes a copy and switches to it.
    void saveAs(const QString &target);

    static QStringList recentFiles();
    static void addRecentFile(const QString &path);
    static constexpr int kMaxRecentFiles = 8;

Q_SIGNALS:
    void opened(const QString &path);
    void runsChanged();
    void runLoaded(accelscope::RunId run);
    void loadFailed(accelscope::RunId run, const QString &message);
    void sweepLoaded(const QString &pluginId);
    void traceImported(accelscope::RunId run, const QStringList &warnings);
    void importFailed(const QString &file, const QString &message);

private:
    std::unique_ptr<RunStore> store_;
    bool readOnly_ = false;
    RunLoader *loader_;
};

}  // namespace accelscope
