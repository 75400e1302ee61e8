// DfxPlugin: the built Qt plugin loads, its metadata describes the paper, and it creates models.
#include <QtTest>

#include "core/api/errors.h"
#include "core/api/plugin.h"
#include "tests/support/builtplugin.h"

using namespace accelscope;

class TestDfxPlugin : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void loadsWithPaperMetadataAndCreatesModels() {
        const test::BuiltPlugin built = test::loadBuiltPlugin(QStringLiteral("dfx"));
        const PluginInfo &info = built.info;
        QCOMPARE(info.id, QStringLiteral("dfx"));
        QCOMPARE(info.family, QStringLiteral("llm"));
        QCOMPARE(info.apiVersion, kPluginApiVersion);
        QCOMPARE(info.year, 2022);
        QVERIFY(info.paperTitle.startsWith(QStringLiteral("DFX: A Low-latency Multi-FPGA Appliance")));
        QVERIFY(info.views.contains(QStringLiteral("timeline")));
        QVERIFY(info.views.contains(QStringLiteral("memory")));

        AcceleratorPlugin *plugin = built.plugin;
        QVERIFY2(plugin, qPrintable(built.error));
        const QStringList problems = test::presetAndClaimProblems(*plugin);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
        const ParamSchema schema = plugin->schema();
        const ParamSet paper =
            ParamSet::fromPreset(schema, *findPreset(plugin->presets(), QStringLiteral("paper")));
        const std::unique_ptr<Model> model = plugin->createModel(paper, 1);
        QCOMPARE(model->stepLevels().front().name, QStringLiteral("instruction"));
        QVERIFY(model->topology().find(QStringLiteral("fpga3/core/MPU")) != kNoUnit);
        QVERIFY(model->topology().find(QStringLiteral("fpga0/HBM")) != kNoUnit);
        QCOMPARE(model->topology().memories().front().banks, 32);
        QCOMPARE(model->topology().memories().front().bankCapacityBytes, qint64(256) << 20);

        ParamSet bad = paper;
        bad.set(QStringLiteral("devices"), std::int64_t{3});
        QVERIFY_THROWS_EXCEPTION(InputError, plugin->createModel(bad, 1));
    }
};

QTEST_GUILESS_MAIN(TestDfxPlugin)
#include "tst_dfxplugin.moc"
