// ExionPlugin: the built Qt plugin loads, its metadata describes the paper, its presets resolve,
// its claims name presets it has, and the sweep knobs are parameters.
#include <QtTest>

#include "core/api/plugin.h"
#include "tests/support/builtplugin.h"

using namespace accelscope;

class TestExionPlugin : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void loadsWithPaperMetadataAndPresets() {
        const test::BuiltPlugin built = test::loadBuiltPlugin(QStringLiteral("exion"));
        const PluginInfo &info = built.info;
        QCOMPARE(info.id, QStringLiteral("exion"));
        QCOMPARE(info.year, 2025);
        QCOMPARE(info.family, QStringLiteral("diffusion"));
        QCOMPARE(info.apiVersion, kPluginApiVersion);
        QVERIFY(info.views.contains(QStringLiteral("masks")) &&
                info.views.contains(QStringLiteral("timeline")));

        AcceleratorPlugin *plugin = built.plugin;
        QVERIFY2(plugin, qPrintable(built.error));
        const QStringList problems = test::presetAndClaimProblems(*plugin);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
        const std::vector<Preset> presets = plugin->presets();
        for (const char *n : {"paper", "server-dit", "server-pixart", "server-video", "edge-dit",
                              "edge-pixart", "edge-video", "dense", "no-conmerge"})
            QVERIFY2(findPreset(presets, QLatin1String(n)), n);
        const ParamSchema s = plugin->schema();
        for (const char *k :
             {"ffn_threshold", "dense_interval", "attention_keep", "predictor_terms", "merge_depth"})
            QVERIFY2(s.find(QLatin1String(k)), k);
        QCOMPARE(int(plugin->claims().size()), 8);
    }
};

QTEST_GUILESS_MAIN(TestExionPlugin)
#include "tst_exionplugin.moc"
