// ZkFlexPlugin: the built Qt plugin loads with the paper's metadata, presets and claims.
#include <QPluginLoader>
#include <QtTest>

#include "core/api/errors.h"
#include "core/api/plugin.h"

using namespace accelscope;

class TestZkFlexPlugin : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void loadsWithPaperMetadataAndCreatesModels() {
        QPluginLoader loader(qEnvironmentVariable("ACCELSCOPE_BUILD_DIR") +
                             QStringLiteral("/lib/accelscope/plugins/libaccelscope_zkflex.so"));
        const PluginInfo info =
            PluginInfo::fromJson(loader.metaData().value(QStringLiteral("MetaData")).toObject());
        QCOMPARE(info.id, QStringLiteral("zkflex"));
        QCOMPARE(info.family, QStringLiteral("zk"));
        QCOMPARE(info.year, 2026);
        QCOMPARE(info.apiVersion, kPluginApiVersion);
        auto *plugin = qobject_cast<AcceleratorPlugin *>(loader.instance());
        QVERIFY2(plugin, qPrintable(loader.errorString()));
        const auto presets = plugin->presets();
        QVERIFY(findPreset(presets, QStringLiteral("paper")));
        QVERIFY(findPreset(presets, QStringLiteral("plonk-bls12_381-2^24")));
        QVERIFY(findPreset(presets, QStringLiteral("plonky2-2^16")));
        for (const Claim &claim : plugin->claims())
            for (const QString &preset : claim.presets)
                QVERIFY2(findPreset(presets, preset), qPrintable(preset));
        ParamSet params =
            ParamSet::fromPreset(plugin->schema(), *findPreset(presets, QStringLiteral("paper")));
        params.set(QStringLiteral("tcores"), std::int64_t{12});
        QVERIFY_THROWS_EXCEPTION(InputError, plugin->createModel(params, 1));
    }
};

QTEST_GUILESS_MAIN(TestZkFlexPlugin)
#include "tst_zkflexplugin.moc"
