// The desktop application under faults and hostile input: damaged, newer, read-only and locked
// session files, a plugin that throws in the middle of a run, and a plugin built for another API.
// In each case the window stays up, a message names the problem, and no recorded run is lost or
// changed.

#include <sqlite3.h>

#include <QFile>
#include <QMessageBox>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

#include "app/gui/mainwindow.h"
#include "app/gui/runcontroller.h"
#include "app/gui/sessioncontroller.h"
#include "core/registry/pluginregistry.h"
#include "tests/support/damagedsession.h"

using namespace accelscope;

namespace {

constexpr int kRunTimeoutMs = 60000;

// The text of the visible warning boxes the window shows (non-modal: the window stays usable).
QStringList warnings(const MainWindow &window) {
    QStringList texts;
    for (const QMessageBox *box : window.findChildren<QMessageBox *>())
        if (box->isVisible())
            texts << box->text();
    return texts;
}

// Shows the window and picks `plugin`, as a user does before pressing F10.
bool showWithPlugin(MainWindow &window, const QString &plugin) {
    window.show();
    return QTest::qWaitForWindowExposed(&window) && window.choosePlugin(plugin);
}

void closeWarnings(MainWindow &window) {
    for (QMessageBox *box : window.findChildren<QMessageBox *>())
        box->close();
}

}  // namespace

class TestGuiFaults : public QObject {
    Q_OBJECT
private:
    PluginRegistry registry_{QStringList{QStringLiteral(ACCELSCOPE_FIXTURE_PLUGIN_DIR)}};

private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("accelscope-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_guifaults"));
    }

    void damagedSessionsAreRefusedAndLeftAlone_data() {
        QTest::addColumn<QString>("damage");
        for (const QString &kind : test::damageKinds())
            QTest::newRow(qPrintable(kind)) << kind;
    }

    void damagedSessionsAreRefusedAndLeftAlone() {
        QFETCH(QString, damage);
        QTemporaryDir dir;
        const QString good = dir.filePath(QStringLiteral("good.ascope"));
        test::writeSession(good, 1000);
        const QByteArray goodBefore = test::fileSha256(good);
        MainWindow window(registry_, good);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(window.session().runs().size(), std::size_t{1});

        const QString bad = dir.filePath(QStringLiteral("bad.ascope"));
        QVERIFY(test::writeDamagedSession(bad, damage));
        const QByteArray badBefore = test::fileSha256(bad);
        QVERIFY(!window.openSession(bad));
        QVERIFY2(window.lastError().contains(bad) && window.lastError().contains(test::damageMessage(damage)),
                 qPrintable(window.lastError()));
        QVERIFY2(warnings(window).contains(window.lastError()), qPrintable(warnings(window).join(QLatin1Char('\n'))));
        QVERIFY(window.isVisible());
        QCOMPARE(window.session().path(), good);  // the open session stays open
        QCOMPARE(window.session().runs().size(), std::size_t{1});
        QCOMPARE(test::fileSha256(bad), badBefore);
        closeWarnings(window);
        window.close();
        QCOMPARE(test::fileSha256(bad), badBefore);
        QCOMPARE(toString(window.session().runs().front().status), toString(RunStatus::Complete));
        QVERIFY(!goodBefore.isEmpty());
    }

    // A session marked read-only opens for viewing, even for an administrator, and is never written.
    void readOnlySessionOpensForViewing() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("archive.ascope"));
        test::writeSession(path, 1000);
        QVERIFY(QFile::setPermissions(path, QFile::ReadOwner | QFile::ReadGroup | QFile::ReadOther));
        const QByteArray before = test::fileSha256(path);
        {
            MainWindow window(registry_, dir.filePath(QStringLiteral("other.ascope")));
            QVERIFY2(window.openSession(path), qPrintable(window.lastError()));
            QVERIFY(window.session().isReadOnly());
            QVERIFY(window.windowTitle().contains(QStringLiteral("read-only")));
            QCOMPARE(window.session().runs().size(), std::size_t{1});
        }
        QCOMPARE(test::fileSha256(path), before);
        QVERIFY(QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner));
    }

    // Another process holds the session's write lock: a run cannot be recorded, the window says
    // so, and the runs already there are intact once the lock is gone.
    void lockedSessionFailsTheRunWithAMessage() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("shared.ascope"));
        test::writeSession(path, 1000);
        MainWindow window(registry_, path);
        QVERIFY(showWithPlugin(window, QStringLiteral("testaccel")));
        sqlite3 *other = nullptr;
        QCOMPARE(sqlite3_open(QFile::encodeName(path).constData(), &other), SQLITE_OK);
        QCOMPARE(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
        window.runToEnd();
        QVERIFY(QTest::qWaitFor([&] { return window.runController().state() == Engine::State::Failed; }, kRunTimeoutMs));
        QVERIFY2(window.lastError().contains(QStringLiteral("locked by another process")), qPrintable(window.lastError()));
        sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
        sqlite3_close(other);
        const std::vector<RunInfo> runs = window.session().runs();
        QVERIFY(!runs.empty());
        QCOMPARE(toString(runs.front().status), toString(RunStatus::Complete));
        QCOMPARE(runs.front().eventCount, std::int64_t{1000});
    }

    // A recorded run that finishes loading while a new run is being made (opening a session loads
    // its last run in the background; the user may press F10 before it arrives) does not replace
    // the live run: that run goes on, ends and is recorded.
    void aLoadArrivingDuringALiveRunLeavesThatRunAlone() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("s.ascope"));
        test::writeSession(path, 1000);
        MainWindow window(registry_, path);
        QVERIFY(showWithPlugin(window, QStringLiteral("testaccel")));
        window.runToEnd();
        QVERIFY(window.runController().hasRun());
        window.session().loadRun(1);  // arrives while the new run is being prepared or runs
        QVERIFY(QTest::qWaitFor([&] { return window.runController().state() == Engine::State::Finished; },
                                kRunTimeoutMs));
        QVERIFY(QTest::qWaitFor([&] { return window.session().runs().size() == 2; }, kRunTimeoutMs));
        const std::vector<RunInfo> runs = window.session().runs();
        QCOMPARE(toString(runs[0].status), toString(RunStatus::Complete));
        QCOMPARE(toString(runs[1].status), toString(RunStatus::Complete));
        QCOMPARE(runs[0].eventCount, std::int64_t{1000});
    }

    // A plugin that throws during step(): its run is recorded as failed with the reason, the
    // window shows it, and the earlier run is untouched.
    void throwingPluginFailsItsRunOnly() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("s.ascope"));
        test::writeSession(path, 1000);
        MainWindow window(registry_, path);
        QVERIFY(showWithPlugin(window, QStringLiteral("throwing")));
        window.runToEnd();
        QVERIFY(QTest::qWaitFor([&] { return window.runController().state() == Engine::State::Failed; }, kRunTimeoutMs));
        QVERIFY2(window.lastError().contains(QStringLiteral("the model failed during a step")),
                 qPrintable(window.lastError()));
        QVERIFY(warnings(window).contains(window.lastError()));
        QVERIFY(QTest::qWaitFor([&] { return window.session().runs().size() == 2; }, kRunTimeoutMs));
        const std::vector<RunInfo> runs = window.session().runs();
        QCOMPARE(toString(runs[0].status), toString(RunStatus::Complete));
        QCOMPARE(runs[0].eventCount, std::int64_t{1000});
        QCOMPARE(toString(runs[1].status), toString(RunStatus::Failed));
        QVERIFY2(runs[1].error.contains(QStringLiteral("the model failed during a step")), qPrintable(runs[1].error));

        // The application goes on: another plugin runs to its end in the same window.
        closeWarnings(window);
        QVERIFY(window.choosePlugin(QStringLiteral("testaccel")));
        window.runToEnd();
        QVERIFY(QTest::qWaitFor([&] { return window.runController().state() == Engine::State::Finished; }, kRunTimeoutMs));
    }

    // A plugin built for another API version is skipped with a message naming its file; the
    // others are offered.
    void pluginForAnotherApiIsSkipped() {
        QTemporaryDir dir;
        MainWindow window(registry_, dir.filePath(QStringLiteral("s.ascope")));
        QVERIFY(!registry_.contains(QStringLiteral("badapi")));
        QVERIFY(registry_.contains(QStringLiteral("testaccel")));
        const QStringList skipped = window.skippedPlugins();
        QCOMPARE(skipped.size(), 1);
        QVERIFY2(skipped.front().contains(QStringLiteral("badapi")) && skipped.front().contains(QStringLiteral("999")),
                 qPrintable(skipped.front()));
        QVERIFY(!window.choosePlugin(QStringLiteral("badapi")));
    }
};

QTEST_MAIN(TestGuiFaults)
#include "tst_guifaults.moc"
