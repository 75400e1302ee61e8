// FastStarPlugin: the built Qt plugin loads, its metadata describes the paper, its presets resolve,
// and its claims name presets it has.
#include <QtTest>

#include "core/api/plugin.h"
#include "tests/support/builtplugin.h"

using namespace accelscope;

class TestFastStarPlugin : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void loadsWithPaperMetadataAndPresets() {
        const test::BuiltPlugin built = test::loadBuiltPlugin(QStringLiteral("faststar"));
        const PluginInfo &info = built.info;
        QCOMPARE(info.id, QStringLiteral("faststar"));
        QCOMPARE(info.year, 2026);
        QCOMPARE(info.apiVersion, kPluginApiVersion);
        QVERIFY(info.views.contains(QStringLiteral("tokens")) && info.views.contains(QStringLiteral("masks")));

        AcceleratorPlugin *plugin = built.plugin;
        QVERIFY2(plugin, qPrintable(built.error));
        const QStringList problems = test::presetAndClaimProblems(*plugin);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
        const std::vector<Preset> presets = plugin->presets();
        for (const char *n : {"paper", "t2v-720p", "i2v-720p"})
            QVERIFY2(findPreset(presets, QLatin1String(n)), n);
        const ParamSchema s = plugin->schema();
        // The sweep knobs are parameters.
        for (const char *k : {"threshold", "keep_ratio", "selection", "pruned_scales"})
            QVERIFY2(s.find(QLatin1String(k)), k);
        QCOMPARE(int(plugin->claims().size()), 4);
    }
};

QTEST_GUILESS_MAIN(TestFastStarPlugin)
#include "tst_faststarplugin.moc"
