#include "app/gui/sessioncontroller.h"

#include <QDir>
#include <QFileInfo>
#include <QPointer>
#include <QThread>
#include <QSettings>

#include "core/api/errors.h"
#include "core/io/chrometraceimport.h"

namespace accelscope {

namespace {
const QString kWindowKey = QStringLiteral("window");
const QString kRecentKey = QStringLiteral("session/recent");
}  // namespace

SessionController::SessionController(QObject *parent) : QObject(parent), loader_(new RunLoader(this)) {
    connect(loader_, &RunLoader::loaded, this, &SessionController::runLoaded);
    connect(loader_, &RunLoader::failed, this, &SessionController::loadFailed);
    connect(loader_, &RunLoader::recordsLoaded, this, &SessionController::sweepLoaded);
}

SessionController::~SessionController() = default;

void SessionController::open(const QString &path) {
    const QString absolute = QFileInfo(path).absoluteFilePath();
    std::unique_ptr<RunStore> store;
    bool readOnly = false;
    try {
        store = std::make_unique<RunStore>(absolute, RunStore::Mode::ReadWrite);
    } catch (const StoreError &writeError) {
        // A file we may read but not write (a colleague's session on a read-only share) still
        // opens, read-only; anything else is reported as it is.
        if (!QFileInfo::exists(absolute) || RunStore::isWritableFile(absolute))
            throw;
        try {
            store = std::make_unique<RunStore>(absolute, RunStore::Mode::ReadOnly);
            readOnly = true;
        } catch (const StoreError &) {
            throw writeError;
        }
    }
    loader_->cancel();  // a run still loading from the old file is dropped
    store_ = std::move(store);
    readOnly_ = readOnly;
    addRecentFile(absolute);
    Q_EMIT opened(absolute);
    Q_EMIT runsChanged();
}

QString SessionController::path() const { return store_ ? store_->path() : QString(); }

std::vector<RunInfo> SessionController::runs() const { return store_ ? store_->runs() : std::vector<RunInfo>{}; }

void SessionController::loadRun(RunId run) {
    if (store_)
        loader_->load(store_->path(), run);
}

LoadedRun SessionController::takeLoaded() { return loader_->take(); }

void SessionController::loadSweep(const QString &pluginId, std::int64_t sweepId) {
    if (store_)
        loader_->loadRecords(store_->path(), pluginId, RunLoader::kRecordLimit, sweepId);
}

std::vector<RunRecord> SessionController::takeSweep() { return loader_->takeRecords(); }

void SessionController::setNotes(RunId run, const QString &notes) {
    if (!store_)
        return;
    store_->setNotes(run, notes);
    Q_EMIT runsChanged();
}

void SessionController::saveUiState(const QJsonObject &state) {
    if (store_ && !readOnly_)
        store_->setUiState(kWindowKey, state);
}

std::optional<QJsonObject> SessionController::uiState() const {
    return store_ ? store_->uiState(kWindowKey) : std::nullopt;
}

void SessionController::saveAs(const QString &target) {
    if (!store_)
        throw StoreError(QStringLiteral("no session is open to save"));
    store_->saveCopy(QFileInfo(target).absoluteFilePath());
    open(target);
}

QStringList SessionController::recentFiles() {
    QStringList files = QSettings().value(kRecentKey).toStringList();
    files.erase(std::remove_if(files.begin(), files.end(), [](const QString &f) { return !QFileInfo::exists(f); }),
                files.end());
    return files;
}

void SessionController::addRecentFile(const QString &path) {
    QSettings settings;
    QStringList files = settings.value(kRecentKey).toStringList();
    files.removeAll(path);
    files.prepend(path);
    while (files.size() > kMaxRecentFiles)
        files.removeLast();
    settings.setValue(kRecentKey, files);
}

void SessionController::importTrace(const QString &file) {
    if (!store_ || readOnly_) {
        Q_EMIT importFailed(file, QStringLiteral("the session is read-only; save it as a new file (File > Save "
                                                 "session as) and import into that"));
        return;
    }
    QPointer<SessionController> self(this);
    const QString sessionPath = store_->path();
    QThread *worker = QThread::create([self, file, sessionPath] {
        RunId run = 0;
        QStringList warnings;
        QString error;
        try {
            // Its own connection: the worker writes while the UI thread keeps reading.
            RunStore writer(sessionPath, RunStore::Mode::ReadWrite);
            run = importChromeTrace(writer, file, &warnings);
        } catch (const std::exception &e) {
            error = QString::fromUtf8(e.what());
        }
        if (!self)
            return;  // the window closed meanwhile; the run, if any, is in the session
        QMetaObject::invokeMethod(
            self.data(),
            [self, file, sessionPath, run, warnings, error] {
                if (!self || self->path() != sessionPath)
                    return;  // the window moved on to another session meanwhile
                if (!error.isEmpty()) {
                    Q_EMIT self->importFailed(file, error);
                    return;
                }
                Q_EMIT self->runsChanged();
                Q_EMIT self->traceImported(run, warnings);
            },
            Qt::QueuedConnection);
    });
    connect(worker, &QThread::finished, worker, &QObject::deleteLater);
    worker->start();
}

}  // namespace accelscope
