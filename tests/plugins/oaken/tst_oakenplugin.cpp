// OakenPlugin: the built Qt plugin loads, its metadata describes the paper, its presets resolve,
// and its claims name presets and metrics it has.
#include <QtTest>

#include "core/api/errors.h"
#include "core/api/plugin.h"
#include "tests/support/builtplugin.h"

using namespace accelscope;

class TestOakenPlugin : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void loadsWithPaperMetadataAndPresets() {
        const test::BuiltPlugin built = test::loadBuiltPlugin(QStringLiteral("oaken"));
        const PluginInfo &info = built.info;
        QCOMPARE(info.id, QStringLiteral("oaken"));
        QCOMPARE(info.year, 2025);
        QCOMPARE(info.apiVersion, kPluginApiVersion);
        QVERIFY(info.views.contains(QStringLiteral("masks")));

        AcceleratorPlugin *plugin = built.plugin;
        QVERIFY2(plugin, qPrintable(built.error));
        const QStringList problems = test::presetAndClaimProblems(*plugin);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
        const std::vector<Preset> presets = plugin->presets();
        for (const char *n : {"paper", "lpu", "lpu-opt-6.7b", "lpu-opt-66b", "llama-2-70b-hbm", "mixtral-8x7b-lpddr"})
            QVERIFY2(findPreset(presets, QLatin1String(n)), n);
    }
};

QTEST_GUILESS_MAIN(TestOakenPlugin)
#include "tst_oakenplugin.moc"
