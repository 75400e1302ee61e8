// OrbisPlugin: the built Qt plugin loads, its metadata describes the paper, its presets resolve,
// and its claims name presets and metrics it has.
#include <QtTest>

#include "core/api/errors.h"
#include "core/api/plugin.h"
#include "tests/support/builtplugin.h"

using namespace accelscope;

class TestOrbisPlugin : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void loadsWithPaperMetadataAndPresets() {
        const test::BuiltPlugin built = test::loadBuiltPlugin(QStringLiteral("orbis"));
        const PluginInfo &info = built.info;
        QCOMPARE(info.id, QStringLiteral("orbis"));
        QCOMPARE(info.year, 2026);
        QCOMPARE(info.family, QStringLiteral("diffusion"));
        QCOMPARE(info.apiVersion, kPluginApiVersion);
        QVERIFY(info.views.contains(QStringLiteral("tokens")) &&
                info.views.contains(QStringLiteral("masks")));

        AcceleratorPlugin *plugin = built.plugin;
        QVERIFY2(plugin, qPrintable(built.error));
        const QStringList problems = test::presetAndClaimProblems(*plugin);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
        const std::vector<Preset> presets = plugin->presets();
        for (const char *n : {"paper", "cogvideox-2b", "cogvideox-5b", "hunyuanvideo", "asymrnr-cogvideox-5b",
                              "global-window"})
            QVERIFY2(findPreset(presets, QLatin1String(n)), n);
        const ParamSchema s = plugin->schema();
        // The comparison's knobs are sweepable parameters.
        for (const char *key : {"reduction_ratio", "psnr_target_db", "method", "ratio_mode", "match_window"})
            QVERIFY2(s.find(QLatin1String(key)), key);
    }
};

QTEST_GUILESS_MAIN(TestOrbisPlugin)
#include "tst_orbisplugin.moc"
