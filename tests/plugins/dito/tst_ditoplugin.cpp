// DitoPlugin: the built Qt plugin loads, its metadata describes the paper, its presets resolve,
// and its claims name presets and metrics it has.
#include <QPluginLoader>
#include <QtTest>

#include "core/api/errors.h"
#include "core/api/plugin.h"

using namespace accelscope;

class TestDitoPlugin : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void loadsWithPaperMetadataAndPresets() {
        const QString path = qEnvironmentVariable("ACCELSCOPE_BUILD_DIR") +
                             QStringLiteral("/lib/accelscope/plugins/libaccelscope_dito.so");
        QPluginLoader loader(path);
        const PluginInfo info = PluginInfo::fromJson(loader.metaData().value(QStringLiteral("MetaData")).toObject());
        QCOMPARE(info.id, QStringLiteral("dito"));
        QCOMPARE(info.year, 2026);
        QCOMPARE(info.family, QStringLiteral("diffusion"));
        QCOMPARE(info.apiVersion, kPluginApiVersion);
        QVERIFY(info.views.contains(QStringLiteral("tokens")) && info.views.contains(QStringLiteral("masks")));

        auto *plugin = qobject_cast<AcceleratorPlugin *>(loader.instance());
        QVERIFY2(plugin, qPrintable(loader.errorString()));
        const ParamSchema schema = plugin->schema();
        const std::vector<Preset> presets = plugin->presets();
        QStringList names;
        for (const Preset &p : presets) {
            names << p.name;
            ParamSet::fromPreset(schema, p);  // every preset is valid
        }
        for (const char *n : {"paper", "flux-1024", "sd3-1024", "pixart-sigma-1024", "tomesd-flux-1024", "tomesd-sd3-1024"})
            QVERIFY2(names.contains(QLatin1String(n)), n);
        const ParamSchema &s = schema;
        for (const Claim &c : plugin->claims()) {
            QVERIFY(!c.presets.isEmpty());
            for (const QString &p : c.presets)
                QVERIFY2(names.contains(p), qPrintable(p));
        }
        // The comparison's knobs are sweepable parameters.
        QVERIFY(s.find(QStringLiteral("reduction_ratio")) && s.find(QStringLiteral("method")));
    }
};

QTEST_GUILESS_MAIN(TestDitoPlugin)
#include "tst_ditoplugin.moc"
