// The desktop application as a user drives it: pick DFX, step with the keyboard, run to the end,
// scrub, save the session and reopen it, and open files that are not sessions.

#include <QDockWidget>
#include <QFile>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include "app/gui/mainwindow.h"
#include "app/gui/runcontroller.h"
#include "app/gui/sessioncontroller.h"
#include "core/io/traceexport.h"
#include "core/registry/pluginregistry.h"
#include "tests/support/dfxrun.h"
#include "views/charts/chartsview.h"
#include "views/memory/memorybankview.h"
#include "views/params/parameditor.h"
#include "views/state/viewstate.h"

using namespace accelscope;

namespace {
constexpr int kRunTimeoutMs = 120000;

// A short DFX run: the paper's hardware, few tokens, so a run to the end takes a second or two.
QJsonObject shortDfxParams(const AcceleratorPlugin &plugin) {
    ParamSet params = ParamSet::fromPreset(plugin.schema(), *findPreset(plugin.presets(), QStringLiteral("paper")));
    params.assign(QStringLiteral("input_tokens=8"));
    params.assign(QStringLiteral("output_tokens=2"));
    params.assign(QStringLiteral("functional_steps=1"));
    return params.toJson();
}

// A window on a fresh session in a temporary folder, with the built plugins.
struct WindowFixture {
    explicit WindowFixture(const QString &fileName = QStringLiteral("s.ascope"))
        : window(registry, dir.filePath(fileName)) {}
    bool show() {
        window.show();  // shortcuts reach only a visible window
        return QTest::qWaitForWindowExposed(&window);
    }
    QTemporaryDir dir;
    PluginRegistry registry{QStringList{QStringLiteral(ACCELSCOPE_PLUGIN_DIR)}};
    MainWindow window;
};

// Runs the short DFX configuration to its end in the window; false if it did not finish in time.
bool runShortDfxToEnd(MainWindow &window, const PluginRegistry &registry) {
    if (!window.choosePlugin(QStringLiteral("dfx")))
        return false;
    window.paramEditor().setFromRun(QStringLiteral("paper"), shortDfxParams(registry.plugin(QStringLiteral("dfx"))));
    window.runToEnd();
    return QTest::qWaitFor([&] { return window.runController().state() == Engine::State::Finished; },
                           kRunTimeoutMs);
}
}  // namespace

class TestMainWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("accelscope-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_mainwindow"));
    }

    void windowHasEveryViewAndTitle() {
        WindowFixture fixture;
        auto &[dir, registry, window] = fixture;
        QVERIFY(window.windowTitle().startsWith(QStringLiteral("AccelScope")));
        for (const QString &name : {QStringLiteral("Dataflow"), QStringLiteral("Memory banks"), QStringLiteral("Masks"),
                                    QStringLiteral("Tokens"), QStringLiteral("Timeline"), QStringLiteral("Charts"),
                                    QStringLiteral("Claims"), QStringLiteral("Narration"), QStringLiteral("Run browser")})
            QVERIFY2(window.dock(name) != nullptr, qPrintable(name));
        // Without a run in the session the first plugin in the registry's order is chosen.
        QCOMPARE(window.currentPluginId(), registry.plugins().front().id);
    }

    void keyboardStepsDriveARealDfxRun() {
        WindowFixture fixture;
        QVERIFY(fixture.show());
        auto &[dir, registry, window] = fixture;
        QVERIFY(window.choosePlugin(QStringLiteral("dfx")));
        window.paramEditor().setFromRun(QStringLiteral("paper"), shortDfxParams(registry.plugin(QStringLiteral("dfx"))));
        ViewState &state = window.viewState();

        // F10: one finest step (an instruction); the run is created and recorded.
        QTest::keyClick(&window, Qt::Key_F10);
        QTRY_VERIFY_WITH_TIMEOUT(state.hasRun() && state.index().eventCount() > 0, kRunTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(window.runController().state(), Engine::State::Idle, kRunTimeoutMs);
        QVERIFY(state.isLive());
        QCOMPARE(state.index().completedAt(0, state.endTime()), std::int64_t{1});
        QCOMPARE(state.cursor(), state.endTime());

        // Shift+F10: to the end of the next coarser unit (a layer).
        const std::int64_t layersBefore = state.index().completedAt(1, state.endTime());
        QTest::keyClick(&window, Qt::Key_F10, Qt::ShiftModifier);
        QTRY_COMPARE_WITH_TIMEOUT(state.index().completedAt(1, state.endTime()), layersBefore + 1, kRunTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(window.runController().state(), Engine::State::Idle, kRunTimeoutMs);
        QVERIFY(state.index().completedAt(0, state.endTime()) > 1);
        QCOMPARE(state.cursor(), state.endTime());

        // Ctrl+F5: run to the end; the run is complete, recorded, and has metrics.
        QTest::keyClick(&window, Qt::Key_F5, Qt::ControlModifier);
        QTRY_COMPARE_WITH_TIMEOUT(window.runController().state(), Engine::State::Finished, kRunTimeoutMs);
        QTRY_VERIFY(!state.isLive());
        QVERIFY(state.record()->info.id > 0);
        QCOMPARE(toString(state.record()->info.status), toString(RunStatus::Complete));
        QVERIFY(findMetric(state.record()->metrics, QStringLiteral("latency_ms")) != nullptr);
        const std::vector<RunInfo> runs = window.session().runs();
        QCOMPARE(runs.size(), std::size_t{1});
        QCOMPARE(toString(runs[0].status), toString(RunStatus::Complete));
        QCOMPARE(runs[0].eventCount, static_cast<std::int64_t>(state.index().eventCount()));

        // A finished run takes no more steps until reset.
        QTest::keyClick(&window, Qt::Key_F10);
        QCOMPARE(window.session().runs().size(), std::size_t{1});
        QTest::keyClick(&window, Qt::Key_R, Qt::ControlModifier);
        QTest::keyClick(&window, Qt::Key_F10);
        QTRY_COMPARE_WITH_TIMEOUT(window.session().runs().size(), std::size_t{2}, kRunTimeoutMs);
    }

    void runPausesAndCancels() {
        WindowFixture fixture;
        QVERIFY(fixture.show());
        auto &[dir, registry, window] = fixture;
        QVERIFY(window.choosePlugin(QStringLiteral("dfx")));
        window.paramEditor().setFromRun(QStringLiteral("paper"), shortDfxParams(registry.plugin(QStringLiteral("dfx"))));
        window.setStepLevel(0);
        window.runContinuously();  // a few instructions a second
        QTRY_COMPARE_WITH_TIMEOUT(window.runController().state(), Engine::State::Running, kRunTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(window.viewState().index().completedAt(0, window.viewState().endTime()) >= 2, kRunTimeoutMs);
        QTest::keyClick(&window, Qt::Key_Escape);
        QTRY_COMPARE_WITH_TIMEOUT(window.runController().state(), Engine::State::Paused, kRunTimeoutMs);
        const std::size_t events = window.viewState().index().eventCount();
        QTest::qWait(300);
        QCOMPARE(window.viewState().index().eventCount(), events);  // paused means no more steps
        window.cancelRun();
        QTRY_COMPARE_WITH_TIMEOUT(window.runController().state(), Engine::State::Cancelled, kRunTimeoutMs);
        QTRY_COMPARE(toString(window.session().runs().at(0).status), toString(RunStatus::Cancelled));
    }

    void savedSessionReopensWithRunAndCursor() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("saved.ascope"));
        PluginRegistry registry(QStringList{QStringLiteral(ACCELSCOPE_PLUGIN_DIR)});
        TimePs cursor = 0;
        RunId run = 0;
        TimeRange selection;
        {
            MainWindow window(registry, path);
            QVERIFY(runShortDfxToEnd(window, registry));
            ViewState &state = window.viewState();
            cursor = state.endTime() / 3;
            state.setCursor(cursor);
            selection = {state.endTime() / 5, state.endTime() / 2};
            state.setSelection(selection);
            window.dock(QStringLiteral("Claims"))->hide();
            run = state.record()->info.id;
            QVERIFY(run > 0);
            window.saveSession();
        }
        MainWindow reopened(registry, path);
        QSignalSpy shown(&reopened, &MainWindow::runShown);
        QTRY_VERIFY_WITH_TIMEOUT(reopened.viewState().hasRun(), kRunTimeoutMs);
        QCOMPARE(reopened.viewState().record()->info.id, run);
        QCOMPARE(reopened.viewState().cursor(), cursor);
        QCOMPARE(reopened.viewState().selection(), selection);
        QVERIFY(reopened.dock(QStringLiteral("Claims"))->isHidden());
        QCOMPARE(reopened.paramEditor().params().integer(QStringLiteral("output_tokens")), std::int64_t{2});
    }

    void scrubbingBackReplaysTheMemoryView() {
        WindowFixture fixture;
        QVERIFY(fixture.show());
        auto &[dir, registry, window] = fixture;
        QVERIFY(runShortDfxToEnd(window, registry));
        auto *memory = window.findChild<MemoryBankView *>();
        QVERIFY(memory != nullptr);
        QVERIFY(memory->memoryCount() > 0);
        ViewState &state = window.viewState();
        const std::size_t events = state.index().eventCount();

        // At the end the HBM holds the weights and the KV cache of every generated token; at the
        // start only the weights. Moving the cursor back shows that, from the recorded trace.
        state.setCursor(state.endTime());
        const double fillAtEnd = memory->bankFill(0, 0);
        state.setCursor(0);
        const double fillAtStart = memory->bankFill(0, 0);
        QVERIFY2(fillAtStart > 0.0 && fillAtStart < fillAtEnd,
                 qPrintable(QStringLiteral("start %1, end %2").arg(fillAtStart).arg(fillAtEnd)));
        state.setCursor(state.endTime());
        QCOMPARE(memory->bankFill(0, 0), fillAtEnd);
        // Nothing ran again: same trace, one recorded run.
        QCOMPARE(state.index().eventCount(), events);
        QCOMPARE(window.session().runs().size(), std::size_t{1});
    }

    void sessionRecordedElsewhereShowsItsLatestRun() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("cli.ascope"));
        RunId latest = 0;
        {
            RunStore store(path);  // as `accelscope-cli run --db` records: runs, no window state
            test::storeRun(store, test::shortDfxRun(2));
            latest = test::storeRun(store, test::shortDfxRun(3));
        }
        PluginRegistry registry(QStringList{QStringLiteral(ACCELSCOPE_PLUGIN_DIR)});
        MainWindow window(registry, path);
        QTRY_VERIFY_WITH_TIMEOUT(window.viewState().hasRun(), kRunTimeoutMs);
        QCOMPARE(window.viewState().record()->info.id, latest);
        QVERIFY(!window.viewState().isLive());
        QCOMPARE(window.paramEditor().params().integer(QStringLiteral("output_tokens")), std::int64_t{3});
        // The Charts sweep page has both runs of the plugin, which differ in output_tokens.
        auto *charts = window.findChild<ChartsView *>();
        QVERIFY(charts != nullptr);
        QTRY_COMPARE_WITH_TIMEOUT(charts->sweep().size(), std::size_t{2}, kRunTimeoutMs);
    }

    void importedTraceIsShownReadOnly() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("s.ascope"));
        const QString trace = dir.filePath(QStringLiteral("dfx.json"));
        qint64 events = 0;
        {
            RunStore store(path);
            const RunId run = test::storeRun(store, test::shortDfxRun(2));
            exportTrace(TraceBlockReader(store.path()), run, TraceFormat::Chrome, trace);
            events = store.loadRun(run).info.eventCount;
        }
        PluginRegistry registry(QStringList{QStringLiteral(ACCELSCOPE_PLUGIN_DIR)});
        MainWindow window(registry, path);
        QTRY_VERIFY_WITH_TIMEOUT(window.viewState().hasRun(), kRunTimeoutMs);
        QSignalSpy shown(&window, &MainWindow::runShown);
        window.importTrace(trace);  // parsed in a worker; the window answers meanwhile
        QTRY_VERIFY_WITH_TIMEOUT(!shown.isEmpty(), kRunTimeoutMs);
        const RunInfo &info = window.viewState().record()->info;
        QVERIFY(info.isImported());
        QCOMPARE(info.eventCount, events);
        QCOMPARE(window.session().runs().size(), std::size_t{2});
        // Nothing to re-run: the chosen plugin and its parameters stay as they were.
        QCOMPARE(window.currentPluginId(), QStringLiteral("dfx"));
        // A file that is not a trace is refused with its name; the window keeps its run.
        const QString bad = dir.filePath(QStringLiteral("bad.json"));
        QFile file(bad);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\"traceEvents\": [}");
        file.close();
        window.importTrace(bad);
        QTRY_VERIFY_WITH_TIMEOUT(window.lastError().contains(bad), kRunTimeoutMs);
        QVERIFY(window.lastError().contains(QStringLiteral("not valid JSON")));
        QCOMPARE(window.session().runs().size(), std::size_t{2});
    }

    void saveAsCopiesRunsAndSwitches() {
        WindowFixture fixture(QStringLiteral("a.ascope"));
        auto &[dir, registry, window] = fixture;
        QVERIFY(runShortDfxToEnd(window, registry));
        const QString copy = dir.filePath(QStringLiteral("b.ascope"));
        QVERIFY(window.saveSessionAs(copy));
        QCOMPARE(window.session().path(), copy);
        QCOMPARE(window.session().runs().size(), std::size_t{1});
        QVERIFY(window.windowTitle().contains(QStringLiteral("b.ascope")));
        // Saving over an existing file is refused with the file named; nothing changes.
        QVERIFY(!window.saveSessionAs(dir.filePath(QStringLiteral("a.ascope"))));
        QVERIFY(window.lastError().contains(QStringLiteral("a.ascope")));
        QCOMPARE(window.session().path(), copy);
    }

    void badSessionFileKeepsWindowAndSession() {
        QTemporaryDir dir;
        PluginRegistry registry(QStringList{QStringLiteral(ACCELSCOPE_PLUGIN_DIR)});
        const QString good = dir.filePath(QStringLiteral("good.ascope"));
        MainWindow window(registry, good);
        const QString bad = dir.filePath(QStringLiteral("notes.ascope"));
        QFile file(bad);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("these are my notes, not a session\n");
        file.close();
        QVERIFY(!window.openSession(bad));
        QVERIFY2(window.lastError().contains(bad), qPrintable(window.lastError()));
        QCOMPARE(window.session().path(), good);
        QFile check(bad);
        QVERIFY(check.open(QIODevice::ReadOnly));
        QCOMPARE(check.readAll(), QByteArray("these are my notes, not a session\n"));
    }

    void exportsViewsAsPngAndSvg() {
        WindowFixture fixture;
        QVERIFY(fixture.show());
        auto &[dir, registry, window] = fixture;
        QVERIFY(runShortDfxToEnd(window, registry));
        for (const QString &name : window.viewNames()) {
            window.dock(name)->show();
            window.dock(name)->raise();
            const QString base = dir.filePath(name.toLower().replace(QLatin1Char(' '), QLatin1Char('-')));
            QVERIFY2(window.exportView(name, base + QStringLiteral(".png")), qPrintable(window.lastError()));
            QVERIFY2(window.exportView(name, base + QStringLiteral(".svg")), qPrintable(window.lastError()));
            QImage image(base + QStringLiteral(".png"));
            QVERIFY2(!image.isNull() && image.width() > 50, qPrintable(name));
            QFile svg(base + QStringLiteral(".svg"));
            QVERIFY(svg.open(QIODevice::ReadOnly));
            QVERIFY(svg.readAll().contains("<svg"));
        }
        QVERIFY(!window.exportView(QStringLiteral("Timeline"), dir.filePath(QStringLiteral("t.jpg"))));
        QVERIFY(window.lastError().contains(QStringLiteral(".png or .svg")));
    }

    void exportsReportOfTheCurrentRun() {
        WindowFixture fixture;
        auto &[dir, registry, window] = fixture;
        QVERIFY(runShortDfxToEnd(window, registry));
        const RunId run = window.viewState().record()->info.id;
        QSignalSpy exported(&window, &MainWindow::reportExported);
        const QString path = dir.filePath(QStringLiteral("report.html"));
        window.exportReport({run}, path);
        QTRY_COMPARE_WITH_TIMEOUT(exported.count(), 1, kRunTimeoutMs);
        QCOMPARE(exported.first().first().toString(), path);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray html = file.readAll();
        QVERIFY(html.contains(QStringLiteral("id=\"run-%1-dataflow\"").arg(run).toUtf8()));
        QVERIFY(html.contains("<svg"));
        // Bad input reaches the user as a message naming it; nothing is written.
        window.exportReport({run + 40}, dir.filePath(QStringLiteral("other.pdf")));
        QTRY_VERIFY(window.lastError().contains(QStringLiteral("no run %1").arg(run + 40)));
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("other.pdf"))));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
