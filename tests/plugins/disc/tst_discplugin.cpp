// DiscPlugin: the built Qt plugin loads, its metadata describes the paper, its presets resolve,
// and its claims name presets and metrics it has.
#include <QtTest>

#include "core/api/errors.h"
#include "core/api/plugin.h"
#include "tests/support/builtplugin.h"

using namespace accelscope;

class TestDiscPlugin : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void loadsWithPaperMetadataAndPresets() {
        const test::BuiltPlugin built = test::loadBuiltPlugin(QStringLiteral("disc"));
        const PluginInfo &info = built.info;
        QCOMPARE(info.id, QStringLiteral("disc"));
        QCOMPARE(info.year, 2026);
        QCOMPARE(info.family, QStringLiteral("diffusion"));
        QCOMPARE(info.apiVersion, kPluginApiVersion);
        QVERIFY(info.views.contains(QStringLiteral("tokens")) &&
                info.views.contains(QStringLiteral("masks")) && info.views.contains(QStringLiteral("memory")));

        AcceleratorPlugin *plugin = built.plugin;
        QVERIFY2(plugin, qPrintable(built.error));
        const QStringList problems = test::presetAndClaimProblems(*plugin);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
        const std::vector<Preset> presets = plugin->presets();
        for (const char *n : {"paper", "dit-xl-256", "dit-xl-512", "pixart-512", "pixart-2048", "ctr-only",
                              "st-only", "blocked-banks", "dense"})
            QVERIFY2(findPreset(presets, QLatin1String(n)), n);
        const ParamSchema s = plugin->schema();
        // The quality-against-speed knobs are sweepable parameters.
        for (const char *key : {"ctr_threshold", "st_threshold", "mask_interval", "banks", "bank_hash"})
            QVERIFY2(s.find(QLatin1String(key)), key);
    }
};

QTEST_GUILESS_MAIN(TestDiscPlugin)
#include "tst_discplugin.moc"
