// CassandraPlugin: the built Qt plugin loads, its metadata describes the paper, its presets
// resolve, and its claims name presets it has.
#include <QtTest>

#include "core/api/plugin.h"
#include "tests/support/builtplugin.h"

using namespace accelscope;

class TestCassandraPlugin : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void loadsWithPaperMetadataAndPresets() {
        const test::BuiltPlugin built = test::loadBuiltPlugin(QStringLiteral("cassandra"));
        QCOMPARE(built.info.id, QStringLiteral("cassandra"));
        QCOMPARE(built.info.apiVersion, kPluginApiVersion);
        QVERIFY(built.info.views.contains(QStringLiteral("tokens")) && built.info.views.contains(QStringLiteral("masks")));
        AcceleratorPlugin *plugin = built.plugin;
        QVERIFY2(plugin, qPrintable(built.error));
        const QStringList problems = test::presetAndClaimProblems(*plugin);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
        const std::vector<Preset> presets = plugin->presets();
        for (const char *n : {"paper", "llama-3-8b-gpqa-npu", "qwen3-4b-math500-rtx-4090-c2", "functional-acceptance"})
            QVERIFY2(findPreset(presets, QLatin1String(n)), n);
        QCOMPARE(plugin->claims().size(), std::size_t{3});
    }
};

QTEST_GUILESS_MAIN(TestCassandraPlugin)
#include "tst_cassandraplugin.moc"
