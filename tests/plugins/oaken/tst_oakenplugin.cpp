// OakenPlugin: the built Qt plugin loads, its metadata describes the paper, its presets resolve,
// and its claims name presets and metrics it has.
#include <QPluginLoader>
#include <QtTest>

#include "core/api/errors.h"
#include "core/api/plugin.h"

using namespace accelscope;

class TestOakenPlugin : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void loadsWithPaperMetadataAndPresets() {
        const QString path = qEnvironmentVariable("ACCELSCOPE_BUILD_DIR") +
                             QStringLiteral("/lib/accelscope/plugins/libaccelscope_oaken.so");
        QPluginLoader loader(path);
        const PluginInfo info = PluginInfo::fromJson(loader.metaData().value(QStringLiteral("MetaData")).toObject());
        QCOMPARE(info.id, QStringLiteral("oaken"));
        QCOMPARE(info.year, 2025);
        QCOMPARE(info.apiVersion, kPluginApiVersion);
        QVERIFY(info.views.contains(QStringLiteral("masks")));

        auto *plugin = qobject_cast<AcceleratorPlugin *>(loader.instance());
        QVERIFY2(plugin, qPrintable(loader.errorString()));
        const ParamSchema schema = plugin->schema();
        const std::vector<Preset> presets = plugin->presets();
        QStringList names;
        for (const Preset &p : presets) {
            names << p.name;
            ParamSet::fromPreset(schema, p);  // every preset is valid
        }
        for (const char *n : {"paper", "lpu", "lpu-opt-6.7b", "lpu-opt-66b", "llama-2-70b-hbm", "mixtral-8x7b-lpddr"})
            QVERIFY2(names.contains(QLatin1String(n)), n);
        for (const Claim &c : plugin->claims())
            for (const QString &p : c.presets)
                QVERIFY2(names.contains(p), qPrintable(p));
    }
};

QTEST_GUILESS_MAIN(TestOakenPlugin)
#include "tst_oakenplugin.moc"
