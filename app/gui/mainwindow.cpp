#include "app/gui/mainwindow.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QJsonArray>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QScreen>
#include <QSettings>
#include <QSpinBox>
#include <QStatusBar>
#include <QToolBar>
#include <QToolButton>
#include <QUndoStack>

#include "app/gui/reportexporter.h"
#include "app/gui/runcontroller.h"
#include "app/gui/sessioncontroller.h"
#include "core/api/errors.h"
#include "core/registry/pluginerror.h"
#include "core/registry/pluginregistry.h"
#include "views/charts/chartsview.h"
#include "views/claims/claimsview.h"
#include "views/common/format.h"
#include "views/common/viewexport.h"
#include "views/compare/comparewindow.h"
#include "views/dataflow/dataflowview.h"
#include "views/mask/maskview.h"
#include "views/memory/memorybankview.h"
#include "views/narration/narrationview.h"
#include "views/params/parameditor.h"
#include "views/plugins/pluginpicker.h"
#include "views/runs/runbrowserview.h"
#include "views/state/viewstate.h"
#include "views/tensors/tensorimportdialog.h"
#include "views/tensors/tensorimporter.h"
#include "views/timeline/timelineview.h"
#include "views/token/tokenview.h"

namespace accelscope {

namespace {
const QString kThemeSetting = QStringLiteral("ui/theme");
constexpr int kStateVersion = 1;

QString stateName(Engine::State s) {
    switch (s) {
    case Engine::State::Idle: return QStringLiteral("Ready");
    case Engine::State::Stepping: return QStringLiteral("Stepping…");
    case Engine::State::Running: return QStringLiteral("Running…");
    case Engine::State::Paused: return QStringLiteral("Paused");
    case Engine::State::Finished: return QStringLiteral("Finished");
    case Engine::State::Failed: return QStringLiteral("Failed");
    case Engine::State::Cancelled: return QStringLiteral("Cancelled");
    }
    return {};
}
}  // namespace

MainWindow::MainWindow(PluginRegistry &registry, const QString &sessionPath, QWidget *parent)
    : QMainWindow(parent), registry_(registry), state_(std::make_unique<ViewState>()) {
    setObjectName(QStringLiteral("MainWindow"));
    setDockNestingEnabled(true);
    setDockOptions(AnimatedDocks | AllowNestedDocks | AllowTabbedDocks);
    runs_ = new RunController(*state_, this);
    session_ = new SessionController(this);

    buildViews();
    buildActions();
    buildToolBar();
    buildMenus();
    applyDefaultLayout();
    defaultLayout_ = saveState(kStateVersion);
    // Most of the screen, leaving room for the desktop's panels.
    const QRect available = screen() ? screen()->availableGeometry() : QRect(0, 0, 1600, 1000);
    resize(std::min(available.width() * 94 / 100, 2400), std::min(available.height() * 92 / 100, 1500));

    connect(runs_, &RunController::stateChanged, this, [this] { updateRunControls(); });
    connect(runs_, &RunController::prepared, this, [this] { updateRunControls(); });
    connect(runs_, &RunController::progressChanged, this,
            [this](double f) { progress_->setValue(static_cast<int>(f * 1000)); });
    connect(runs_, &RunController::failed, this, &MainWindow::showError);
    connect(runs_, &RunController::runRecorded, this, [this](RunId run) {
        shownRun_ = run;
        refreshRuns();
    });
    connect(runs_, &RunController::runEnded, this, [this](RunId, RunStatus status) {
        refreshRuns();
        showStatus(QStringLiteral("Run %1").arg(toString(status)));
    });
    connect(session_, &SessionController::runsChanged, this, &MainWindow::refreshRuns);
    connect(session_, &SessionController::runLoaded, this, &MainWindow::onRunLoaded);
    connect(session_, &SessionController::sweepLoaded, this, [this](const QString &plugin) {
        // Every completed run of the plugin on show: the sweep page plots those that differ.
        if (state_->record() && state_->record()->info.pluginId == plugin)
            charts_->setSweep(session_->takeSweep());
    });
    connect(session_, &SessionController::traceImported, this, [this](RunId run, const QStringList &warnings) {
        showStatus(warnings.isEmpty() ? QStringLiteral("Trace imported as run %1").arg(run)
                                      : QStringLiteral("Trace imported as run %1; %2").arg(run).arg(warnings.join(QStringLiteral("; "))));
        openRun(run);
    });
    connect(session_, &SessionController::importFailed, this, [this](const QString &file, const QString &message) {
        showError(QStringLiteral("%1 could not be imported: %2").arg(file, message));
    });
    connect(session_, &SessionController::loadFailed, this, [this](RunId run, const QString &message) {
        showError(QStringLiteral("Run %1 could not be loaded: %2").arg(run).arg(message));
    });
    connect(state_.get(), &ViewState::cursorChanged, this, [this](TimePs t) {
        cursorLabel_->setText(QStringLiteral("t = %1 / %2").arg(format::duration(t), format::duration(state_->endTime())));
    });

    picker_->setPlugins(registry_.plugins());
    picker_->setSkipped(registry_.diagnostics());
    for (const QString &diagnostic : registry_.diagnostics())
        showStatus(QStringLiteral("Skipped a plugin: ") + diagnostic);

    if (!openSession(sessionPath.isEmpty() ? RunStore::defaultSessionPath() : sessionPath) && !sessionPath.isEmpty())
        openSession(RunStore::defaultSessionPath());
    if (pluginId_.isEmpty() && !registry_.plugins().empty())
        choosePlugin(registry_.plugins().front().id);
    updateRunControls();
    updateTitle();
}

MainWindow::~MainWindow() = default;

// ---- building ------------------------------------------------------------------------------------

QDockWidget *MainWindow::addView(const QString &name, QWidget *view, Qt::DockWidgetArea area) {
    auto *dock = new QDockWidget(name, this);
    dock->setObjectName(name.toLower().replace(QLatin1Char(' '), QLatin1Char('_')) + QStringLiteral("_dock"));
    dock->setWidget(view);
    dock->setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable |
                      QDockWidget::DockWidgetFloatable);
    addDockWidget(area, dock);
    docks_[name] = dock;
    viewOrder_.append(name);
    return dock;
}

void MainWindow::buildViews() {
    picker_ = new PluginPicker(this);
    paramEditor_ = new ParamEditor(this);
    runBrowser_ = new RunBrowserView(*state_, this);
    charts_ = new ChartsView(*state_, this);
    addView(QStringLiteral("Plugins"), picker_, Qt::LeftDockWidgetArea);
    addView(QStringLiteral("Parameters"), paramEditor_, Qt::LeftDockWidgetArea);
    addView(QStringLiteral("Run browser"), runBrowser_, Qt::LeftDockWidgetArea);
    addView(QStringLiteral("Dataflow"), new DataflowView(*state_, this), Qt::RightDockWidgetArea);
    addView(QStringLiteral("Memory banks"), new MemoryBankView(*state_, this), Qt::RightDockWidgetArea);
    addView(QStringLiteral("Masks"), new MaskView(*state_, this), Qt::RightDockWidgetArea);
    addView(QStringLiteral("Tokens"), new TokenView(*state_, this), Qt::RightDockWidgetArea);
    addView(QStringLiteral("Narration"), new NarrationView(*state_, this), Qt::RightDockWidgetArea);
    addView(QStringLiteral("Charts"), charts_, Qt::RightDockWidgetArea);
    addView(QStringLiteral("Claims"), new ClaimsView(*state_, this), Qt::RightDockWidgetArea);
    addView(QStringLiteral("Timeline"), new TimelineView(*state_, this), Qt::BottomDockWidgetArea);

    connect(picker_, &PluginPicker::pluginChosen, this, [this](const QString &id) { choosePlugin(id); });
    connect(paramEditor_, &ParamEditor::paramsChanged, this, [this] {
        paramsChangedSinceRun_ = runs_->hasRun();
        updateRunControls();
    });
    connect(runBrowser_, &RunBrowserView::openRequested, this, &MainWindow::openRun);
    connect(runBrowser_, &RunBrowserView::compareRequested, this, &MainWindow::compareRuns);
    connect(runBrowser_, &RunBrowserView::notesEdited, this, [this](RunId run, const QString &notes) {
        try {
            session_->setNotes(run, notes);
        } catch (const std::exception &e) {
            showError(QString::fromUtf8(e.what()));
        }
    });
}

void MainWindow::applyDefaultLayout() {
    // Left: choose and configure. Centre: what the machine does. Right: what it means. Bottom:
    // when it did it. Split first, then tabify: splitting a tabbed dock would only add a tab.
    QDockWidget *plugins = docks_[QStringLiteral("Plugins")];
    QDockWidget *params = docks_[QStringLiteral("Parameters")];
    QDockWidget *dataflow = docks_[QStringLiteral("Dataflow")];
    QDockWidget *narration = docks_[QStringLiteral("Narration")];
    splitDockWidget(dataflow, narration, Qt::Horizontal);
    tabifyDockWidget(plugins, params);
    tabifyDockWidget(params, docks_[QStringLiteral("Run browser")]);
    for (const QString &name : {QStringLiteral("Memory banks"), QStringLiteral("Masks"), QStringLiteral("Tokens")})
        tabifyDockWidget(dataflow, docks_[name]);
    for (const QString &name : {QStringLiteral("Charts"), QStringLiteral("Claims")})
        tabifyDockWidget(narration, docks_[name]);
    params->raise();
    dataflow->raise();
    narration->raise();
}

void MainWindow::applyDefaultSizes() {
    // In proportion to the window, so the default suits a laptop and a large monitor alike.
    const int width = std::max(this->width(), 800);
    const int height = std::max(this->height(), 600);
    resizeDocks({docks_[QStringLiteral("Parameters")], docks_[QStringLiteral("Dataflow")], docks_[QStringLiteral("Narration")]},
                {width * 27 / 100, width * 47 / 100, width * 26 / 100}, Qt::Horizontal);
    resizeDocks({docks_[QStringLiteral("Dataflow")], docks_[QStringLiteral("Timeline")]},
                {height * 56 / 100, height * 44 / 100}, Qt::Vertical);
}

void MainWindow::showEvent(QShowEvent *event) {
    QMainWindow::showEvent(event);
    if (shownOnce_)
        return;
    shownOnce_ = true;
    if (!layoutRestored_)
        applyDefaultSizes();
}

void MainWindow::buildActions() {
    const auto action = [this](const QString &text, const QKeySequence &key, auto slot) {
        auto *a = new QAction(text, this);
        a->setShortcut(key);
        a->setShortcutContext(Qt::ApplicationShortcut);
        connect(a, &QAction::triggered, this, slot);
        addAction(a);
        return a;
    };
    stepAction_ = action(QStringLiteral("Step"), QKeySequence(Qt::Key_F10), [this] { stepFiner(); });
    stepAction_->setToolTip(QStringLiteral("One step at the chosen level (F10)"));
    stepCoarserAction_ = action(QStringLiteral("Step coarser"), QKeySequence(Qt::SHIFT | Qt::Key_F10), [this] { stepCoarser(); });
    stepCoarserAction_->setToolTip(QStringLiteral("One step at the next coarser level (Shift+F10)"));
    runAction_ = action(QStringLiteral("Run"), QKeySequence(Qt::Key_F5), [this] { runContinuously(); });
    runAction_->setToolTip(QStringLiteral("Step repeatedly at the chosen level and speed (F5)"));
    pauseAction_ = action(QStringLiteral("Pause"), QKeySequence(Qt::Key_Escape), [this] { pause(); });
    pauseAction_->setToolTip(QStringLiteral("Pause after the current step (Esc)"));
    runToEndAction_ = action(QStringLiteral("Run to end"), QKeySequence(Qt::CTRL | Qt::Key_F5), [this] { runToEnd(); });
    runToEndAction_->setToolTip(QStringLiteral("Run as fast as possible to the end (Ctrl+F5)"));
    cancelAction_ = action(QStringLiteral("Cancel"), QKeySequence(Qt::CTRL | Qt::Key_Period), [this] { cancelRun(); });
    cancelAction_->setToolTip(QStringLiteral("Stop the run; it is recorded as cancelled (Ctrl+.)"));
    resetAction_ = action(QStringLiteral("Reset"), QKeySequence(Qt::CTRL | Qt::Key_R), [this] { resetRun(); });
    resetAction_->setToolTip(QStringLiteral("Drop the current run; the next step starts a new one with the current parameters (Ctrl+R)"));
}

void MainWindow::buildToolBar() {
    QToolBar *bar = addToolBar(QStringLiteral("Run controls"));
    bar->setObjectName(QStringLiteral("run_controls"));
    bar->setMovable(false);
    bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    bar->addWidget(new QLabel(QStringLiteral(" Level ")));
    levelCombo_ = new QComboBox(bar);
    levelCombo_->setToolTip(QStringLiteral("The unit of one step (F10); Shift+F10 steps the next coarser one"));
    levelCombo_->setMinimumContentsLength(10);
    bar->addWidget(levelCombo_);
    bar->addAction(stepAction_);
    bar->addAction(stepCoarserAction_);
    bar->addSeparator();
    bar->addAction(runAction_);
    speedSpin_ = new QDoubleSpinBox(bar);
    speedSpin_->setRange(0, 10000);
    speedSpin_->setDecimals(1);
    speedSpin_->setValue(4);
    speedSpin_->setSuffix(QStringLiteral(" steps/s"));
    speedSpin_->setSpecialValueText(QStringLiteral("max speed"));
    speedSpin_->setToolTip(QStringLiteral("How fast Run steps; 0 runs as fast as possible"));
    bar->addWidget(speedSpin_);
    bar->addAction(pauseAction_);
    bar->addSeparator();
    bar->addAction(runToEndAction_);
    progress_ = new QProgressBar(bar);
    progress_->setRange(0, 1000);
    progress_->setMaximumWidth(180);
    progress_->setFormat(QStringLiteral("%p %"));
    bar->addWidget(progress_);
    bar->addAction(cancelAction_);
    bar->addAction(resetAction_);
    bar->addSeparator();
    bar->addWidget(new QLabel(QStringLiteral(" Seed ")));
    seedSpin_ = new QSpinBox(bar);
    seedSpin_->setRange(0, std::numeric_limits<int>::max());
    seedSpin_->setValue(1);
    seedSpin_->setToolTip(QStringLiteral("Runs are deterministic: the same seed and parameters give the same run"));
    bar->addWidget(seedSpin_);

    runStatus_ = new QLabel(this);
    cursorLabel_ = new QLabel(this);
    statusBar()->addPermanentWidget(cursorLabel_);
    statusBar()->addPermanentWidget(runStatus_);
}

void MainWindow::buildMenus() {
    QMenu *file = menuBar()->addMenu(QStringLiteral("&File"));
    file->addAction(QStringLiteral("&New session…"), this, [this] { chooseAndCreateSession(); });
    file->addAction(QStringLiteral("&Open session…"), QKeySequence::Open, this, [this] { chooseAndOpenSession(); });
    recentMenu_ = file->addMenu(QStringLiteral("Open &recent"));
    file->addAction(QStringLiteral("&Import tensor…"), this, [this] { chooseAndImportTensor(); });
    saveAction_ = file->addAction(QStringLiteral("&Save session"), QKeySequence::Save, this, [this] { saveSession(); });
    saveAction_->setToolTip(QStringLiteral("Runs are recorded as they run; saving keeps the views and the cursor"));
    file->addAction(QStringLiteral("Save session &as…"), QKeySequence::SaveAs, this, [this] { chooseAndSaveSessionAs(); });
    file->addSeparator();
    exportMenu_ = file->addMenu(QStringLiteral("&Export view"));
    for (const QString &name : viewOrder_)
        exportMenu_->addAction(name + QStringLiteral("…"), this, [this, name] { chooseAndExportView(name); });
    file->addAction(QStringLiteral("Export &report…"), this, [this] { chooseAndExportReport(); });
    file->addAction(QStringLiteral("&Import trace…"), this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, QStringLiteral("Import trace"), QFileInfo(session_->path()).absolutePath(),
                                                          QStringLiteral("Chrome trace (*.json);;All files (*)"));
        if (!path.isEmpty())
            importTrace(path);
    });
    file->addSeparator();
    file->addAction(QStringLiteral("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu *run = menuBar()->addMenu(QStringLiteral("&Run"));
    for (QAction *a : {stepAction_, stepCoarserAction_, runAction_, pauseAction_, runToEndAction_, cancelAction_, resetAction_})
        run->addAction(a);

    QMenu *edit = menuBar()->addMenu(QStringLiteral("&Edit"));
    QAction *undo = paramEditor_->undoStack()->createUndoAction(this, QStringLiteral("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    QAction *redo = paramEditor_->undoStack()->createRedoAction(this, QStringLiteral("&Redo"));
    redo->setShortcut(QKeySequence::Redo);
    edit->addAction(undo);
    edit->addAction(redo);

    QMenu *view = menuBar()->addMenu(QStringLiteral("&View"));
    for (const QString &name : viewOrder_)
        view->addAction(docks_[name]->toggleViewAction());
    view->addSeparator();
    QMenu *themeMenu = view->addMenu(QStringLiteral("&Theme"));
    auto *themes = new QActionGroup(this);
    const AppTheme current = appThemeFromString(QSettings().value(kThemeSetting).toString());
    for (AppTheme theme : {AppTheme::System, AppTheme::Light, AppTheme::Dark}) {
        QString label = toString(theme);
        label[0] = label[0].toUpper();
        QAction *a = themeMenu->addAction(label, this, [this, theme] { setTheme(theme); });
        a->setCheckable(true);
        a->setChecked(theme == current);
        themes->addAction(a);
    }
    view->addAction(QStringLiteral("Reset &layout"), this, [this] {
        restoreState(defaultLayout_, kStateVersion);
        applyDefaultSizes();
    });
    view->addAction(QStringLiteral("&Fit timeline"), QKeySequence(Qt::CTRL | Qt::Key_0), this, [this] { state_->fitViewport(); });

    QMenu *help = menuBar()->addMenu(QStringLiteral("&Help"));
    help->addAction(QStringLiteral("&Keyboard shortcuts"), this, [this] {
        auto *box = new QMessageBox(QMessageBox::Information, QStringLiteral("Keyboard shortcuts"),
                                    QStringLiteral("F10 step · Shift+F10 step coarser · F5 run · Esc pause · "
                                                   "Ctrl+F5 run to end · Ctrl+. cancel · Ctrl+R reset\n"
                                                   "Timeline: wheel zoom · drag select · W/S zoom · A/D pan · Home fit"),
                                    QMessageBox::Close, this);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    });
    help->addAction(QStringLiteral("&About AccelScope"), this, [this] {
        auto *box = new QMessageBox(QMessageBox::Information, QStringLiteral("About AccelScope"),
                                    QStringLiteral("AccelScope %1\nFunctional and timing models of hardware accelerators, "
                                                   "stepped and visualized.")
                                        .arg(QApplication::applicationVersion()),
                                    QMessageBox::Close, this);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    });
    refreshRecentMenu();
}

// ---- plugins and runs ----------------------------------------------------------------------------

bool MainWindow::choosePlugin(const QString &id) {
    try {
        const PluginInfo &info = registry_.info(id);
        const AcceleratorPlugin &plugin = registry_.plugin(id);
        paramEditor_->setPlugin(info, plugin);
        picker_->setCurrentPlugin(id);
        pluginId_ = id;
        runs_->reset();
        paramsChangedSinceRun_ = false;
        docks_[QStringLiteral("Parameters")]->raise();
        showStatus(QStringLiteral("%1 — %2 (%3 %4)").arg(info.name, info.paperTitle, info.venue).arg(info.year));
        updateRunControls();
        updateTitle();
        return true;
    } catch (const std::exception &e) {
        showError(QString::fromUtf8(e.what()));
        return false;
    }
}

bool MainWindow::ensureRun() {
    if (pluginId_.isEmpty()) {
        showError(QStringLiteral("Choose a plugin first (the Plugins panel)."));
        return false;
    }
    if (runs_->hasRun() && runs_->canStep())
        return true;
    if (runs_->hasRun() && !runs_->canStep()) {
        showStatus(QStringLiteral("The run has ended; press Reset (Ctrl+R) to start a new one."));
        return false;
    }
    LiveRunSpec spec;
    try {
        spec.plugin = registry_.info(pluginId_);
        spec.instance = &registry_.plugin(pluginId_);
        spec.params = paramEditor_->params();
    } catch (const std::exception &e) {
        showError(QString::fromUtf8(e.what()));
        return false;
    }
    spec.preset = paramEditor_->presetName();
    spec.seed = static_cast<std::uint64_t>(seedSpin_->value());
    spec.sessionPath = session_->isReadOnly() ? QString() : session_->path();
    if (session_->isReadOnly())
        showStatus(QStringLiteral("The session is read-only: this run is not recorded. Save the session as a new file to record."));
    paramsChangedSinceRun_ = false;
    runs_->prepare(spec);
    return true;
}

int MainWindow::stepLevel() const { return std::max(0, levelCombo_->currentIndex()); }

void MainWindow::setStepLevel(int level) { levelCombo_->setCurrentIndex(level); }

void MainWindow::stepFiner() {
    if (ensureRun())
        runs_->step(stepLevel());
}

void MainWindow::stepCoarser() {
    if (!ensureRun())
        return;
    const int coarsest = std::max(0, levelCombo_->count() - 1);
    runs_->step(std::min(stepLevel() + 1, coarsest));
}

void MainWindow::runContinuously() {
    if (ensureRun())
        runs_->run(stepLevel(), speedSpin_->value());
}

void MainWindow::pause() { runs_->pause(); }

void MainWindow::runToEnd() {
    if (ensureRun())
        runs_->runToEnd();
}

void MainWindow::cancelRun() { runs_->cancel(); }

void MainWindow::resetRun() {
    runs_->reset();
    paramsChangedSinceRun_ = false;
    progress_->setValue(0);
    refreshRuns();
    updateRunControls();
    showStatus(QStringLiteral("Reset: the next step starts a new run."));
}

void MainWindow::updateRunControls() {
    // The live run's levels; before one exists, those of the recorded run on show (same plugin).
    const std::vector<StepLevel> &levels =
        runs_->stepLevels().empty() && state_->record() ? state_->record()->stepLevels : runs_->stepLevels();
    if (!levels.empty() && levelCombo_->count() != static_cast<int>(levels.size())) {
        const int previous = levelCombo_->currentIndex();
        levelCombo_->clear();
        for (const StepLevel &level : levels) {
            levelCombo_->addItem(level.name);
            levelCombo_->setItemData(levelCombo_->count() - 1, level.doc, Qt::ToolTipRole);
        }
        levelCombo_->setCurrentIndex(std::clamp(previous, 0, levelCombo_->count() - 1));
    }
    if (levelCombo_->count() == 0)
        levelCombo_->addItem(QStringLiteral("finest"));
    const Engine::State s = runs_->state();
    const bool busy = s == Engine::State::Running || s == Engine::State::Stepping;
    const bool ended = runs_->hasRun() && !runs_->canStep();
    stepAction_->setEnabled(!busy && !ended && !pluginId_.isEmpty());
    stepCoarserAction_->setEnabled(!busy && !ended && !pluginId_.isEmpty());
    runAction_->setEnabled(!busy && !ended && !pluginId_.isEmpty());
    runToEndAction_->setEnabled(!ended && !pluginId_.isEmpty());
    pauseAction_->setEnabled(busy);
    cancelAction_->setEnabled(runs_->hasRun() && !ended);
    resetAction_->setEnabled(runs_->hasRun());
    QString text;
    if (runs_->hasRun())
        text = stateName(s);
    else if (state_->record() && state_->record()->info.isImported())
        text = state_->record()->info.id > 0
                   ? QStringLiteral("Showing imported run %1 (read-only, from %2) — F10 starts a new run of the chosen plugin")
                         .arg(state_->record()->info.id)
                         .arg(QFileInfo(state_->record()->info.importedFrom).fileName())
                   : QStringLiteral("Showing %1 (imported, read-only) — F10 starts a new run")
                         .arg(QFileInfo(state_->record()->info.importedFrom).fileName());
    else if (state_->record())
        text = QStringLiteral("Showing recorded run %1 (%2) — F10 starts a new run")
                   .arg(state_->record()->info.id)
                   .arg(toString(state_->record()->info.status));
    else
        text = QStringLiteral("No run — press F10 to step");
    if (paramsChangedSinceRun_)
        text += QStringLiteral(" · parameters changed: Reset (Ctrl+R) to apply");
    runStatus_->setText(text);
}

void MainWindow::openRun(RunId run) {
    if (runs_->hasRun() && runs_->canStep() && runs_->runId() != run) {
        runs_->reset();
        showStatus(QStringLiteral("The live run was stopped and recorded as cancelled."));
    }
    showStatus(QStringLiteral("Loading run %1…").arg(run));
    session_->loadRun(run);
}

void MainWindow::onRunLoaded(RunId run) {
    LoadedRun loaded = session_->takeLoaded();
    if (!loaded.record)
        return;
    if (runs_->hasRun() && runs_->canStep()) {
        // A live run began after this load was asked for (openRun stops a live run before it
        // loads another), e.g. F10 right after opening a session: the user's later action wins,
        // and the run being made is never dropped for one that is already safe on disk.
        showStatus(QStringLiteral("Run %1 was not shown: a new run started while it loaded; open it from the "
                                  "run browser.")
                       .arg(run));
        return;
    }
    if (runs_->hasRun())
        runs_->reset();
    shownRun_ = run;
    // An imported trace has no plugin or parameters to re-run: the chosen plugin stays.
    const QString plugin = loaded.record->info.isImported() ? QString() : loaded.record->info.pluginId;
    const QString preset = loaded.record->info.preset;
    const QJsonObject params = loaded.record->info.params;
    state_->setRun(std::move(loaded.record), std::move(loaded.index), false);
    if (pendingViewState_) {
        state_->restoreState(*pendingViewState_);
        pendingViewState_.reset();
    }
    // Show the run's plugin and parameters so a new run repeats it.
    if (registry_.contains(plugin) && plugin != pluginId_)
        choosePlugin(plugin);
    if (registry_.contains(plugin)) {
        const QStringList problems = paramEditor_->setFromRun(preset, params);
        if (!problems.isEmpty())
            showStatus(QStringLiteral("Some of the run's parameters do not apply to this plugin version: ") +
                       problems.join(QStringLiteral("; ")));
    }
    runBrowser_->setCurrentRun(run);
    if (!plugin.isEmpty())
        session_->loadSweep(plugin, state_->record()->info.sweepId);
    updateRunControls();
    if (state_->isMetricsOnly())
        showStatus(QStringLiteral("Run %1 loaded: metrics only (recorded without its trace)").arg(run));
    else
        showStatus(QStringLiteral("Run %1 loaded: %2 events").arg(run).arg(state_->index().eventCount()));
    Q_EMIT runShown(run);
}

void MainWindow::compareRuns(RunId first, RunId second) {
    auto *window = new CompareWindow(session_->path(), first, second, this);
    window->setAttribute(Qt::WA_DeleteOnClose);
    compareWindow_ = window;
    window->show();
}

// ---- sessions ------------------------------------------------------------------------------------

bool MainWindow::openSession(const QString &path) {
    if (session_->isOpen())
        saveSession();
    try {
        runs_->reset();
        session_->open(path);
    } catch (const std::exception &e) {
        showError(QString::fromUtf8(e.what()));
        return false;
    }
    state_->clearRun();
    shownRun_ = 0;
    refreshRuns();
    refreshRecentMenu();
    if (const std::optional<QJsonObject> saved = session_->uiState()) {
        restoreWindowState(*saved);
    } else {
        // A session recorded elsewhere (by the command line, say): show its latest run.
        const std::vector<RunInfo> runs = session_->runs();
        if (!runs.empty())
            openRun(std::max_element(runs.begin(), runs.end(), [](const RunInfo &a, const RunInfo &b) {
                        return a.id < b.id;
                    })->id);
    }
    updateTitle();
    return true;
}

void MainWindow::saveSession() {
    if (!session_->isOpen())
        return;
    try {
        session_->saveUiState(windowState());
        showStatus(QStringLiteral("Session saved: %1").arg(session_->path()));
    } catch (const std::exception &e) {
        showError(QString::fromUtf8(e.what()));
    }
}

bool MainWindow::saveSessionAs(const QString &path) {
    try {
        saveSession();
        // Run ids survive the copy, so the window state (current run, cursor) carries over as is.
        session_->saveAs(path);
        session_->saveUiState(windowState());
        refreshRuns();
        refreshRecentMenu();
        updateTitle();
        showStatus(QStringLiteral("Session saved as %1").arg(session_->path()));
        return true;
    } catch (const std::exception &e) {
        showError(QString::fromUtf8(e.what()));
        return false;
    }
}

QJsonObject MainWindow::windowState() const {
    return QJsonObject{
        {QStringLiteral("version"), kStateVersion},
        {QStringLiteral("current_run"), static_cast<qint64>(shownRun_)},
        {QStringLiteral("view"), state_->saveState()},
        {QStringLiteral("docks"), QString::fromLatin1(saveState(kStateVersion).toBase64())},
        {QStringLiteral("geometry"), QString::fromLatin1(saveGeometry().toBase64())},
        {QStringLiteral("plugin"), pluginId_},
        {QStringLiteral("seed"), seedSpin_->value()},
        {QStringLiteral("step_level"), stepLevel()},
    };
}

void MainWindow::restoreWindowState(const QJsonObject &saved) {
    if (saved.value(QStringLiteral("version")).toInt() != kStateVersion)
        return;
    restoreGeometry(QByteArray::fromBase64(saved.value(QStringLiteral("geometry")).toString().toLatin1()));
    layoutRestored_ =
        restoreState(QByteArray::fromBase64(saved.value(QStringLiteral("docks")).toString().toLatin1()), kStateVersion) ||
        layoutRestored_;
    const QString plugin = saved.value(QStringLiteral("plugin")).toString();
    if (!plugin.isEmpty() && registry_.contains(plugin))
        choosePlugin(plugin);
    seedSpin_->setValue(saved.value(QStringLiteral("seed")).toInt(1));
    const auto run = static_cast<RunId>(saved.value(QStringLiteral("current_run")).toInteger());
    if (run > 0) {
        const std::vector<RunInfo> runs = session_->runs();
        if (std::any_of(runs.begin(), runs.end(), [run](const RunInfo &r) { return r.id == run; })) {
            pendingViewState_ = saved.value(QStringLiteral("view")).toObject();
            openRun(run);
        }
    }
}

void MainWindow::refreshRuns() {
    try {
        runBrowser_->setRuns(session_->runs());
        runBrowser_->setCurrentRun(shownRun_);
        if (state_->record() && !state_->record()->info.isImported())
            session_->loadSweep(state_->record()->info.pluginId, state_->record()->info.sweepId);
    } catch (const std::exception &e) {
        showError(QString::fromUtf8(e.what()));
    }
}

void MainWindow::refreshRecentMenu() {
    recentMenu_->clear();
    const QStringList files = SessionController::recentFiles();
    for (const QString &f : files)
        recentMenu_->addAction(QFileInfo(f).fileName() + QStringLiteral("  —  ") + QFileInfo(f).absolutePath(), this,
                               [this, f] { openSession(f); });
    recentMenu_->setEnabled(!files.isEmpty());
}

void MainWindow::updateTitle() {
    QString title = QStringLiteral("AccelScope");
    if (session_->isOpen())
        title += QStringLiteral(" — ") + QFileInfo(session_->path()).fileName() +
                 (session_->isReadOnly() ? QStringLiteral(" (read-only)") : QString());
    if (!pluginId_.isEmpty() && registry_.contains(pluginId_))
        title += QStringLiteral(" — ") + registry_.info(pluginId_).name;
    setWindowTitle(title);
}

void MainWindow::chooseAndOpenSession() {
    const QString path = QFileDialog::getOpenFileName(this, QStringLiteral("Open session"), QFileInfo(session_->path()).absolutePath(),
                                                      QStringLiteral("AccelScope sessions (*.ascope);;All files (*)"));
    if (!path.isEmpty())
        openSession(path);
}

void MainWindow::chooseAndCreateSession() {
    QString path = QFileDialog::getSaveFileName(this, QStringLiteral("New session"), QFileInfo(session_->path()).absolutePath(),
                                                QStringLiteral("AccelScope sessions (*.ascope)"));
    if (path.isEmpty())
        return;
    if (!path.endsWith(QStringLiteral(".ascope")))
        path += QStringLiteral(".ascope");
    if (QFileInfo::exists(path)) {
        showError(QStringLiteral("'%1' exists already; open it with File > Open session, or choose a new name.").arg(path));
        return;
    }
    openSession(path);
}

void MainWindow::chooseAndSaveSessionAs() {
    QString path = QFileDialog::getSaveFileName(this, QStringLiteral("Save session as"), QFileInfo(session_->path()).absolutePath(),
                                                QStringLiteral("AccelScope sessions (*.ascope)"), nullptr,
                                                QFileDialog::DontConfirmOverwrite);
    if (path.isEmpty())
        return;
    if (!path.endsWith(QStringLiteral(".ascope")))
        path += QStringLiteral(".ascope");
    saveSessionAs(path);
}

// ---- tensor import -------------------------------------------------------------------------------

void MainWindow::chooseAndImportTensor() {
    auto *dialog = new TensorImportDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        QString error;
        if (const std::optional<TensorImportRequest> request = dialog->request(&error))
            importTensor(*request);
        else
            showError(error);
    });
    dialog->open();
}

void MainWindow::importTensor(const TensorImportRequest &request) {
    if (!tensorImporter_) {
        tensorImporter_ = new TensorImporter(this);
        connect(tensorImporter_, &TensorImporter::failed, this,
                [this](const QString &message) { showError(QStringLiteral("The tensor could not be imported: ") + message); });
        connect(tensorImporter_, &TensorImporter::imported, this, [this](const QString &path) {
            LoadedRun loaded = tensorImporter_->take();
            if (!loaded.record)
                return;
            if (runs_->hasRun())
                runs_->reset();
            shownRun_ = 0;
            const bool tokens = !loaded.index->snapshot().frames().empty() &&
                                loaded.index->snapshot().frames().front()->kind == FrameKind::Tokens;
            state_->setRun(std::move(loaded.record), std::move(loaded.index), false);
            docks_[tokens ? QStringLiteral("Tokens") : QStringLiteral("Masks")]->raise();
            runBrowser_->setCurrentRun(0);
            updateRunControls();
            showStatus(QStringLiteral("Imported %1 (read-only, not recorded in the session)").arg(path));
            Q_EMIT tensorImported(path);
        });
    }
    showStatus(QStringLiteral("Reading %1…").arg(request.path));
    tensorImporter_->import(request);
}

// ---- export, errors, theme -----------------------------------------------------------------------

QDockWidget *MainWindow::dock(const QString &viewName) const {
    const auto it = docks_.find(viewName);
    return it == docks_.end() ? nullptr : it->second;
}

QStringList MainWindow::viewNames() const { return viewOrder_; }

bool MainWindow::exportView(const QString &viewName, const QString &path) {
    QDockWidget *d = dock(viewName);
    if (!d) {
        showError(QStringLiteral("There is no view named '%1'; the views are: %2").arg(viewName, viewOrder_.join(QStringLiteral(", "))));
        return false;
    }
    try {
        exportWidget(*d->widget(), path, QStringLiteral("AccelScope — ") + viewName);
        showStatus(QStringLiteral("%1 exported to %2").arg(viewName, path));
        return true;
    } catch (const std::exception &e) {
        showError(QString::fromUtf8(e.what()));
        return false;
    }
}

void MainWindow::importTrace(const QString &path) {
    showStatus(QStringLiteral("Importing %1…").arg(path));
    session_->importTrace(path);
}

void MainWindow::chooseAndExportView(const QString &name) {
    const QString suggested = QFileInfo(session_->path()).absolutePath() + QLatin1Char('/') +
                              QString(name).toLower().replace(QLatin1Char(' '), QLatin1Char('-')) + QStringLiteral(".png");
    const QString path = QFileDialog::getSaveFileName(this, QStringLiteral("Export %1").arg(name), suggested,
                                                      QStringLiteral("PNG image (*.png);;SVG drawing (*.svg)"));
    if (!path.isEmpty())
        exportView(name, path);
}

void MainWindow::exportReport(const std::vector<RunId> &runs, const QString &path, std::int64_t sweepId) {
    if (!reportExporter_) {
        reportExporter_ = new ReportExporter(registry_, this);
        connect(reportExporter_, &ReportExporter::failed, this, &MainWindow::showError);
        connect(reportExporter_, &ReportExporter::finished, this, [this](const QString &written, int pages) {
            showStatus(pages > 1 ? QStringLiteral("Report written to %1 (%2 pages)").arg(written).arg(pages)
                                 : QStringLiteral("Report written to %1").arg(written));
            Q_EMIT reportExported(written);
        });
    }
    showStatus(QStringLiteral("Writing the report to %1…").arg(path));
    reportExporter_->start(session_->path(), runs, path, sweepId);
}

void MainWindow::chooseAndExportReport() {
    // What to report on: the run shown, or the two runs of the compare window when one is open.
    QStringList choices;
    std::vector<std::vector<RunId>> runs;
    if (state_->hasRun()) {
        const RunId current = state_->record()->info.id;
        choices << QStringLiteral("The current run (%1)").arg(current);
        runs.push_back({current});
    }
    std::int64_t sweep = 0;
    if (state_->hasRun() && state_->record()->info.sweepId > 0) {
        sweep = state_->record()->info.sweepId;
        choices << QStringLiteral("Every point of the current run's sweep (sweep %1)").arg(sweep);
        runs.push_back({});
    }
    if (compareWindow_ && compareWindow_->isLoaded()) {
        const RunId a = compareWindow_->first().record()->info.id;
        const RunId b = compareWindow_->second().record()->info.id;
        choices << QStringLiteral("The compared runs (%1 and %2)").arg(a).arg(b);
        runs.push_back({a, b});
    }
    if (runs.empty()) {
        showError(QStringLiteral("There is no run to report on: run a model, or open a recorded run from the run browser."));
        return;
    }
    int choice = 0;
    if (choices.size() > 1) {
        bool ok = false;
        const QString picked = QInputDialog::getItem(this, QStringLiteral("Export report"), QStringLiteral("Report on:"),
                                                     choices, 0, false, &ok);
        if (!ok)
            return;
        choice = static_cast<int>(choices.indexOf(picked));
    }
    const std::vector<RunId> &chosen = runs[static_cast<std::size_t>(choice)];
    const bool sweepReport = chosen.empty();  // the sweep choice names no run
    QStringList ids;
    for (const RunId id : chosen)
        ids << QString::number(id);
    const QString suggested = QFileInfo(session_->path()).absolutePath() +
                              (sweepReport ? QStringLiteral("/report-sweep-%1").arg(sweep)
                                           : QStringLiteral("/report-run-") + ids.join(QLatin1Char('-'))) +
                              QStringLiteral(".html");
    const QString path = QFileDialog::getSaveFileName(this, QStringLiteral("Export report"), suggested,
                                                      QStringLiteral("HTML report (*.html);;PDF report (*.pdf)"));
    if (!path.isEmpty())
        exportReport(chosen, path, sweepReport ? sweep : 0);
}

void MainWindow::showError(const QString &message) {
    lastError_ = message;
    statusBar()->showMessage(message, 15000);
    // Non-modal: the application keeps running while the message is up.
    auto *box = new QMessageBox(QMessageBox::Warning, QStringLiteral("AccelScope"), message, QMessageBox::Close, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setModal(false);
    box->show();
}

QStringList MainWindow::skippedPlugins() const { return picker_->skipped(); }

void MainWindow::showStatus(const QString &message) { statusBar()->showMessage(message, 8000); }

void MainWindow::setTheme(AppTheme theme) {
    QSettings().setValue(kThemeSetting, toString(theme));
    applyAppTheme(theme);
    // Custom-painted views pick the new palette up on their next paint.
    for (auto &[name, d] : docks_)
        d->widget()->update();
}

void MainWindow::closeEvent(QCloseEvent *event) {
    saveSession();
    runs_->reset();
    QSettings().setValue(QStringLiteral("ui/last_session"), session_->path());
    event->accept();
}

}  // namespace accelscope
