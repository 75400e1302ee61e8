// DitoPlugin: the built Qt plugin loads, its metadata describes the paper, its presets resolve,
// and its claims name presets and metrics it has.
#include <QtTest>

#include "core/api/errors.h"
#include "core/api/plugin.h"
#include "tests/support/builtplugin.h"

using namespace accelscope;

class TestDitoPlugin : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void loadsWithPaperMetadataAndPresets() {
        const test::BuiltPlugin built = test::loadBuiltPlugin(QStringLiteral("dito"));
        const PluginInfo &info = built.info;
        QCOMPARE(info.id, QStringLiteral("dito"));
        QCOMPARE(info.year, 2026);
        QCOMPARE(info.family, QStringLiteral("diffusion"));
        QCOMPARE(info.apiVersion, kPluginApiVersion);
        QVERIFY(info.views.contains(QStringLiteral("tokens")) && info.views.contains(QStringLiteral("masks")));

        AcceleratorPlugin *plugin = built.plugin;
        QVERIFY2(plugin, qPrintable(built.error));
        const QStringList problems = test::presetAndClaimProblems(*plugin);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
        const std::vector<Preset> presets = plugin->presets();
        for (const char *n : {"paper", "flux-1024", "sd3-1024", "pixart-sigma-1024", "tomesd-flux-1024", "tomesd-sd3-1024"})
            QVERIFY2(findPreset(presets, QLatin1String(n)), n);
        const ParamSchema s = plugin->schema();
        // The comparison's knobs are sweepable parameters.
        QVERIFY(s.find(QStringLiteral("reduction_ratio")) && s.find(QStringLiteral("method")));
    }
};

QTEST_GUILESS_MAIN(TestDitoPlugin)
#include "tst_ditoplugin.moc"
