// PopPlugin: the built Qt plugin loads, its metadata describes the paper, its presets resolve,
// and its claims name presets it has.
#include <QtTest>

#include "core/api/plugin.h"
#include "tests/support/builtplugin.h"

using namespace accelscope;

class TestPopPlugin : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void loadsWithPaperMetadataAndPresets() {
        const test::BuiltPlugin built = test::loadBuiltPlugin(QStringLiteral("pop"));
        const PluginInfo &info = built.info;
        QCOMPARE(info.id, QStringLiteral("pop"));
        QCOMPARE(info.apiVersion, kPluginApiVersion);
        QVERIFY(info.views.contains(QStringLiteral("masks")));

        AcceleratorPlugin *plugin = built.plugin;
        QVERIFY2(plugin, qPrintable(built.error));
        const QStringList problems = test::presetAndClaimProblems(*plugin);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
        const std::vector<Preset> presets = plugin->presets();
        for (const char *n : {"paper", "paper-40", "llama-3-8b", "qwen3-8b", "mbpp", "dense"})
            QVERIFY2(findPreset(presets, QLatin1String(n)), n);
        QVERIFY(plugin->claims().size() >= 3);
    }
};

QTEST_GUILESS_MAIN(TestPopPlugin)
#include "tst_popplugin.moc"
