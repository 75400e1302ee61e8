#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include "core/api/errors.h"
#include "core/registry/pluginerror.h"
#include "core/registry/pluginregistry.h"

using namespace accelscope;

class TestPluginRegistry : public QObject {
    Q_OBJECT

private:
    const QString fixtureDir_ = QStringLiteral(ACCELSCOPE_FIXTURE_PLUGIN_DIR);
    QString fixtureFile(const QString &id) const {
        return fixtureDir_ + QStringLiteral("/libaccelscope_") + id + QStringLiteral(".so");
    }

private Q_SLOTS:
    void listsFixturesAndSkipsBadApiWithReason() {
        const PluginRegistry registry(QStringList{fixtureDir_});
        QCOMPARE(registry.ids(), (QStringList{QStringLiteral("testaccel"), QStringLiteral("throwing")}));
        QVERIFY(!registry.contains(QStringLiteral("badapi")));
        const QStringList diagnostics = registry.diagnostics();
        QCOMPARE(diagnostics.size(), 1);
        const QString message = diagnostics.first();
        QVERIFY2(message.contains(fixtureFile(QStringLiteral("badapi"))), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("version 999")), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("supports version %1").arg(kPluginApiVersion)),
                 qPrintable(message));
    }

    void readsMetadata() {
        const PluginRegistry registry(QStringList{fixtureDir_});
        const PluginInfo &info = registry.info(QStringLiteral("testaccel"));
        QCOMPARE(info.name, QStringLiteral("Test Accelerator"));
        QCOMPARE(info.family, QStringLiteral("test"));
        QCOMPARE(info.apiVersion, kPluginApiVersion);
        QCOMPARE(info.year, 2026);
        QVERIFY(info.views.contains(QStringLiteral("timeline")));
        QCOMPARE(registry.filePath(QStringLiteral("testaccel")), fixtureFile(QStringLiteral("testaccel")));
    }

    void sortsByFamilyThenId() {
        const std::vector<PluginInfo> plugins = PluginRegistry(QStringList{fixtureDir_}).plugins();
        for (std::size_t i = 1; i < plugins.size(); ++i) {
            const PluginInfo &a = plugins[i - 1];
            const PluginInfo &b = plugins[i];
            QVERIFY(a.family < b.family || (a.family == b.family && a.id < b.id));
        }
    }

    void loadsInstanceOnDemand() {
        const PluginRegistry registry(QStringList{fixtureDir_});
        const AcceleratorPlugin &plugin = registry.plugin(QStringLiteral("testaccel"));
        QVERIFY(findPreset(plugin.presets(), QStringLiteral("paper")));
        QVERIFY(plugin.schema().find(QStringLiteral("array_rows")));
        // The same instance every time.
        QCOMPARE(&registry.plugin(QStringLiteral("testaccel")), &plugin);
    }

    void unknownIdListsKnownIds() {
        const PluginRegistry registry(QStringList{fixtureDir_});
        try {
            registry.plugin(QStringLiteral("nope"));
            QFAIL("an unknown id must throw");
        } catch (const InputError &e) {
            QVERIFY2(e.message().contains(QStringLiteral("unknown plugin 'nope'")), qPrintable(e.message()));
            QVERIFY2(e.message().contains(QStringLiteral("testaccel, throwing")), qPrintable(e.message()));
        }
    }

    void refusesPluginWithoutPaperPresetOnLoad() {
        const QString dir = QStringLiteral(ACCELSCOPE_FIXTURE_BROKEN_PLUGIN_DIR);
        const PluginRegistry registry(QStringList{dir});
        QVERIFY(registry.contains(QStringLiteral("nopaper")));  // listing reads only metadata
        QVERIFY(registry.diagnostics().isEmpty());
        for (int attempt = 0; attempt < 2; ++attempt) {  // the failure is remembered, not retried
            try {
                registry.plugin(QStringLiteral("nopaper"));
                QFAIL("a plugin without a 'paper' preset must be refused");
            } catch (const PluginError &e) {
                QCOMPARE(e.pluginId(), QStringLiteral("nopaper"));
                QVERIFY2(e.message().contains(QStringLiteral("no preset named 'paper'")),
                         qPrintable(e.message()));
                QVERIFY2(e.message().contains(QStringLiteral("libaccelscope_nopaper.so")),
                         qPrintable(e.message()));
            }
        }
        QCOMPARE(registry.diagnostics().size(), 1);
        QVERIFY(registry.diagnostics().first().contains(QStringLiteral("no preset named 'paper'")));
    }

    void skipsFilesThatAreNotPlugins() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QFile garbage(dir.filePath(QStringLiteral("libgarbage.so")));
        QVERIFY(garbage.open(QIODevice::WriteOnly));
        QRandomGenerator random(7);
        QByteArray bytes(4096, Qt::Uninitialized);
        for (char &c : bytes)
            c = static_cast<char>(random.bounded(256));
        garbage.write(bytes);
        garbage.close();
        QFile(dir.filePath(QStringLiteral("README.txt")))
            .open(QIODevice::WriteOnly);  // ignored: not a library

        const PluginRegistry registry(QStringList{dir.path(), fixtureDir_});
        QVERIFY(registry.contains(QStringLiteral("testaccel")));
        const QStringList diagnostics = registry.diagnostics();
        QCOMPARE(diagnostics.size(), 2);  // the garbage file and badapi
        QVERIFY2(diagnostics.first().startsWith(dir.filePath(QStringLiteral("libgarbage.so")) +
                                                QStringLiteral(": skipped")),
                 qPrintable(diagnostics.first()));
    }

    void firstPluginWithAnIdWins() {
        QTemporaryDir dir;
        QVERIFY(QFile::copy(fixtureFile(QStringLiteral("testaccel")),
                            dir.filePath(QStringLiteral("libcopy.so"))));
        const PluginRegistry registry(QStringList{fixtureDir_, dir.path()});
        QCOMPARE(registry.filePath(QStringLiteral("testaccel")), fixtureFile(QStringLiteral("testaccel")));
        bool reported = false;
        for (const QString &d : registry.diagnostics())
            reported = reported || (d.contains(QStringLiteral("libcopy.so")) &&
                                    d.contains(QStringLiteral("already provided")));
        QVERIFY(reported);
    }

    void searchesInstallLayoutAndEnvironment() {
        qputenv(PluginRegistry::kPluginPathVariable,
                (fixtureDir_ + QStringLiteral(":/nonexistent/accelscope-plugins")).toUtf8());
        const QStringList dirs = PluginRegistry::defaultSearchPaths();
        qunsetenv(PluginRegistry::kPluginPathVariable);
        QCOMPARE(dirs.size(), 3);
        QCOMPARE(dirs[0], QDir::cleanPath(QCoreApplication::applicationDirPath() +
                                          QStringLiteral("/../lib/accelscope/plugins")));
        QCOMPARE(dirs[1], fixtureDir_);
        QCOMPARE(dirs[2], QStringLiteral("/nonexistent/accelscope-plugins"));
        // A folder that does not exist is no error.
        const PluginRegistry registry(dirs);
        QVERIFY(registry.contains(QStringLiteral("testaccel")));
    }
};

QTEST_GUILESS_MAIN(TestPluginRegistry)
#include "tst_pluginregistry.moc"
