// VrexPlugin: the built Qt plugin loads, its metadata describes the paper, its presets resolve,
// and its claims name presets it has.
#include <QtTest>

#include "core/api/plugin.h"
#include "tests/support/builtplugin.h"

using namespace accelscope;

class TestVrexPlugin : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void loadsWithPaperMetadataAndPresets() {
        const test::BuiltPlugin built = test::loadBuiltPlugin(QStringLiteral("vrex"));
        const PluginInfo &info = built.info;
        QCOMPARE(info.id, QStringLiteral("vrex"));
        QCOMPARE(info.apiVersion, kPluginApiVersion);
        QVERIFY(info.views.contains(QStringLiteral("tokens")));
        QVERIFY(info.views.contains(QStringLiteral("memory")));

        AcceleratorPlugin *plugin = built.plugin;
        QVERIFY2(plugin, qPrintable(built.error));
        const QStringList problems = test::presetAndClaimProblems(*plugin);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
        const std::vector<Preset> presets = plugin->presets();
        for (const char *n : {"paper", "edge-1k", "edge-40k", "edge-40k-b4", "server", "server-40k-b8"})
            QVERIFY2(findPreset(presets, QLatin1String(n)), n);
        QVERIFY(plugin->claims().size() >= 6);
    }
};

QTEST_GUILESS_MAIN(TestVrexPlugin)
#include "tst_vrexplugin.moc"
