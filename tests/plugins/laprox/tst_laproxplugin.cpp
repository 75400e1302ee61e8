// LaproxPlugin: the built Qt plugin loads, its metadata describes the paper, its presets resolve,
// and its claims name presets it has.
#include <QPluginLoader>
#include <QtTest>

#include "core/api/plugin.h"

using namespace accelscope;

class TestLaproxPlugin : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void loadsWithPaperMetadataAndPresets() {
        const QString path = qEnvironmentVariable("ACCELSCOPE_BUILD_DIR") +
                             QStringLiteral("/lib/accelscope/plugins/libaccelscope_laprox.so");
        QPluginLoader loader(path);
        const PluginInfo info = PluginInfo::fromJson(loader.metaData().value(QStringLiteral("MetaData")).toObject());
        QCOMPARE(info.id, QStringLiteral("laprox"));
        QCOMPARE(info.apiVersion, kPluginApiVersion);
        QVERIFY(info.views.contains(QStringLiteral("masks")) && info.views.contains(QStringLiteral("memory")));

        auto *plugin = qobject_cast<AcceleratorPlugin *>(loader.instance());
        QVERIFY2(plugin, qPrintable(loader.errorString()));
        const ParamSchema schema = plugin->schema();
        QStringList names;
        for (const Preset &p : plugin->presets()) {
            names << p.name;
            ParamSet::fromPreset(schema, p);  // every preset is valid
        }
        for (const char *n : {"paper", "budget-10", "budget-20", "full-cache", "mistral-7b"})
            QVERIFY2(names.contains(QLatin1String(n)), n);
        QVERIFY(plugin->claims().size() >= 4);
        for (const Claim &c : plugin->claims())
            for (const QString &p : c.presets)
                QVERIFY2(names.contains(p), qPrintable(p));
    }
};

QTEST_GUILESS_MAIN(TestLaproxPlugin)
#include "tst_laproxplugin.moc"
