// ZkFlexPlugin: the built Qt plugin loads with the paper's metadata, presets and claims.
#include <QtTest>

#include "core/api/errors.h"
#include "core/api/plugin.h"
#include "tests/support/builtplugin.h"

using namespace accelscope;

class TestZkFlexPlugin : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void loadsWithPaperMetadataAndCreatesModels() {
        const test::BuiltPlugin built = test::loadBuiltPlugin(QStringLiteral("zkflex"));
        const PluginInfo &info = built.info;
        QCOMPARE(info.id, QStringLiteral("zkflex"));
        QCOMPARE(info.family, QStringLiteral("zk"));
        QCOMPARE(info.year, 2026);
        QCOMPARE(info.apiVersion, kPluginApiVersion);
        AcceleratorPlugin *plugin = built.plugin;
        QVERIFY2(plugin, qPrintable(built.error));
        const QStringList problems = test::presetAndClaimProblems(*plugin);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
        const auto presets = plugin->presets();
        QVERIFY(findPreset(presets, QStringLiteral("plonk-bls12_381-2^24")));
        QVERIFY(findPreset(presets, QStringLiteral("plonky2-2^16")));
        ParamSet params =
            ParamSet::fromPreset(plugin->schema(), *findPreset(presets, QStringLiteral("paper")));
        params.set(QStringLiteral("tcores"), std::int64_t{12});
        QVERIFY_THROWS_EXCEPTION(InputError, plugin->createModel(params, 1));
    }
};

QTEST_GUILESS_MAIN(TestZkFlexPlugin)
#include "tst_zkflexplugin.moc"
