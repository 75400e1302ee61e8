#pragma once
// The desktop application's window: docks for every view, the plugin picker and parameter editor,
// run controls with their shortcuts, and the session (open, save, recent, restore). It wires
// parts together and holds no model or view logic of its own.

#include <map>
#include <memory>

#include <QMainWindow>
#include <QPointer>

#include "app/gui/apptheme.h"
#include "core/api/plugin.h"
#include "core/sim/engine.h"
#include "core/store/runstore.h"

class QAction;
class QComboBox;
class QDockWidget;
class QLabel;
class QMenu;
class QProgressBar;
class QSpinBox;
class QDoubleSpinBox;
class QToolButton;

namespace accelscope {

class ViewState;
class RunController;
class SessionController;
class PluginRegistry;
class ParamEditor;
class PluginPicker;
class RunBrowserView;
class ChartsView;
class CompareWindow;
class ReportExporter;
class TensorImporter;
struct TensorImportRequest;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    // Opens `sessionPath` (the default session when empty) with the plugins of `registry`.
    explicit MainWindow(PluginRegistry &registry, const QString &sessionPath = {}, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Public for tests and scripted screenshots; the menus and shortcuts call the same.
    bool choosePlugin(const QString &id);
    void stepFiner();    // F10: one step at the chosen level
    void stepCoarser();  // Shift+F10: one step at the next coarser level
    void runContinuously();
    void pause();
    void runToEnd();
    void cancelRun();
    void resetRun();
    bool openSession(const QString &path);
    void saveSession();
    bool saveSessionAs(const QString &path);
    void openRun(RunId run);
    void compareRuns(RunId first, RunId second);
    bool exportView(const QString &viewName, const QString &path);
    // Writes the report of `runs` (HTML or PDF by the extension) in the background; reportExported
    // follows, or an error message.
    void exportReport(const std::vector<RunId> &runs, const QString &path, std::int64_t sweepId = 0);
    // Imports a Chrome trace as a read-only run (in a worker) and shows it; runShown follows.
    void importTrace(const QString &path);
    // File > Import tensor…: reads in a worker, then shows the frame read-only (tensorImported).
    void importTensor(const TensorImportRequest &request);
    void chooseAndImportTensor();

    ViewState &viewState() { return *state_; }
    RunController &runController() { return *runs_; }
    SessionController &session() { return *session_; }
    ParamEditor &paramEditor() { return *paramEditor_; }
    QDockWidget *dock(const QString &viewName) const;
    QStringList viewNames() const;
    int stepLevel() const;
    void setStepLevel(int level);
    // The last error shown to the user ("" when none); errors never block in a modal loop.
    QString lastError() const { return lastError_; }
    // Plugin files that were found but could not be offered ("<file>: <reason>").
    QStringList skippedPlugins() const;
    QString currentPluginId() const { return pluginId_; }

Q_SIGNALS:
    // A recorded run finished loading into the views.
    void runShown(accelscope::RunId run);
    void reportExported(const QString &path);
    // An imported tensor is on show in the Masks or Tokens view.
    void tensorImported(const QString &path);

protected:
    void closeEvent(QCloseEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void buildViews();
    void buildActions();
    void buildMenus();
    void buildToolBar();
    void applyDefaultLayout();
    void applyDefaultSizes();
    QDockWidget *addView(const QString &name, QWidget *view, Qt::DockWidgetArea area);
    void showError(const QString &message);
    void showStatus(const QString &message);
    bool ensureRun();
    void updateRunControls();
    void updateTitle();
    void refreshRuns();
    void refreshRecentMenu();
    void onRunLoaded(RunId run);
    QJsonObject windowState() const;
    void restoreWindowState(const QJsonObject &state);
    void chooseAndOpenSession();
    void chooseAndSaveSessionAs();
    void chooseAndCreateSession();
    void chooseAndExportView(const QString &name);
    void chooseAndExportReport();
    void setTheme(AppTheme theme);

    PluginRegistry &registry_;
    std::unique_ptr<ViewState> state_;
    RunController *runs_ = nullptr;
    SessionController *session_ = nullptr;

    std::map<QString, QDockWidget *> docks_;
    QStringList viewOrder_;
    PluginPicker *picker_ = nullptr;
    ParamEditor *paramEditor_ = nullptr;
    RunBrowserView *runBrowser_ = nullptr;
    ChartsView *charts_ = nullptr;
    TensorImporter *tensorImporter_ = nullptr;
    QByteArray defaultLayout_;
    bool shownOnce_ = false;
    bool layoutRestored_ = false;  // a saved layout was applied; keep its sizes

    QString pluginId_;
    bool paramsChangedSinceRun_ = false;
    QString lastError_;
    QPointer<CompareWindow> compareWindow_;  // the latest one opened, while it is open
    ReportExporter *reportExporter_ = nullptr;
    RunId shownRun_ = 0;
    std::optional<QJsonObject> pendingViewState_;  // applied when the restored run has loaded

    QComboBox *levelCombo_ = nullptr;
    QDoubleSpinBox *speedSpin_ = nullptr;
    QSpinBox *seedSpin_ = nullptr;
    QProgressBar *progress_ = nullptr;
    QLabel *runStatus_ = nullptr;
    QLabel *cursorLabel_ = nullptr;
    QAction *stepAction_ = nullptr;
    QAction *stepCoarserAction_ = nullptr;
    QAction *runAction_ = nullptr;
    QAction *pauseAction_ = nullptr;
    QAction *runToEndAction_ = nullptr;
    QAction *cancelAction_ = nullptr;
    QAction *resetAction_ = nullptr;
    QAction *saveAction_ = nullptr;
    QMenu *recentMenu_ = nullptr;
    QMenu *exportMenu_ = nullptr;
};

}  // namespace accelscope
