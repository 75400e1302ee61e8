// `accelscope` refuses a bad command line before opening a window: exit code 2 and a message
// naming the argument and what is allowed.

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

class TestGuiCommandLine : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void badArgumentsExitTwoWithAMessage_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");
        QTest::newRow("theme") << QStringList{QStringLiteral("--theme"), QStringLiteral("purple")}
                               << QStringLiteral("--theme 'purple' is not a theme; use system, light or dark");
        QTest::newRow("two sessions") << QStringList{QStringLiteral("a.ascope"), QStringLiteral("b.ascope")}
                                      << QStringLiteral("give one session file, not 2");
        QTest::newRow("view") << QStringList{QStringLiteral("s.ascope"), QStringLiteral("--view"), QStringLiteral("Flames")}
                              << QStringLiteral("--view 'Flames' is not a view; the views are: ");
        QTest::newRow("compare") << QStringList{QStringLiteral("s.ascope"), QStringLiteral("--compare"), QStringLiteral("1")}
                                 << QStringLiteral("--compare '1' is not two run ids");
    }

    void badArgumentsExitTwoWithAMessage() {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        QTemporaryDir home;
        QProcess process;
        process.setWorkingDirectory(home.path());
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("HOME"), home.path());
        environment.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("data")));
        environment.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
        environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        process.setProcessEnvironment(environment);
        process.start(QStringLiteral(ACCELSCOPE_GUI_PATH), arguments);
        QVERIFY(process.waitForFinished(60000));
        const QString errors = QString::fromUtf8(process.readAllStandardError());
        QCOMPARE(process.exitCode(), 2);
        QVERIFY2(errors.contains(message), qPrintable(errors));
    }
};

QTEST_GUILESS_MAIN(TestGuiCommandLine)
#include "tst_guicommandline.moc"
