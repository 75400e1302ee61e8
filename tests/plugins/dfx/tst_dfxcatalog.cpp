// The DFX catalog: schema keys, the paper preset and grid, claims that name existing presets.
#include <QtTest>

#include "core/api/errors.h"
#include "dfxcatalog.h"

using namespace accelscope;
using namespace accelscope::dfx;

class TestDfxCatalog : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void schemaHasTheDocumentedKeys() {
        const ParamSchema schema = dfxSchema();
        QStringList keys;
        for (const ParamSpec &spec : schema.specs()) {
            keys << spec.key;
            QVERIFY2(!spec.doc.isEmpty(), qPrintable(spec.key));
        }
        for (const char *key : {"model", "input_tokens", "output_tokens", "devices", "clock_mhz",
                                "hbm_channels", "mac_lanes", "mac_width", "ring_gbps", "ring_hop_latency_ns",
                                "fpga_power_w", "functional_layers", "functional_steps"})
            QVERIFY2(keys.contains(QLatin1String(key)), key);
        QCOMPARE(schema.at(QStringLiteral("model")).choices,
                 (QStringList{QStringLiteral("gpt2-345m"), QStringLiteral("gpt2-774m"),
                              QStringLiteral("gpt2-1.5b")}));
        QCOMPARE(schema.at(QStringLiteral("devices")).maximum, 8.0);
        QVERIFY_THROWS_EXCEPTION(InputError, schema.at(QStringLiteral("devices")).parse(QStringLiteral("9")));
    }

    void paperPresetAndGrid() {
        const std::vector<Preset> presets = dfxPresets();
        const Preset *paper = findPreset(presets, QStringLiteral("paper"));
        QVERIFY(paper);
        const ParamSet params = ParamSet::fromPreset(dfxSchema(), *paper);
        QCOMPARE(params.choice(QStringLiteral("model")), QStringLiteral("gpt2-1.5b"));
        QCOMPARE(params.integer(QStringLiteral("devices")), 4);
        QCOMPARE(params.integer(QStringLiteral("input_tokens")), 64);
        QCOMPARE(params.integer(QStringLiteral("output_tokens")), 256);
        QCOMPARE(presets.size(), std::size_t(1 + 27));
        for (const QString &model : dfxModelIds())
            for (int input : {32, 64, 128})
                for (int output : {1, 16, 256}) {
                    const QString name = QStringLiteral("%1-in%2-out%3").arg(model).arg(input).arg(output);
                    const Preset *preset = findPreset(presets, name);
                    QVERIFY2(preset, qPrintable(name));
                    const DfxRunConfig run =
                        DfxRunConfig::fromParams(ParamSet::fromPreset(dfxSchema(), *preset));
                    QCOMPARE(run.inputTokens, input);
                    QCOMPARE(run.outputTokens, output);
                    QCOMPARE(run.devices, 4);
                }
    }

    void claimsNameExistingPresetsAndPaperValues() {
        const std::vector<Claim> claims = dfxClaims();
        QCOMPARE(claims.size(), std::size_t(2));
        QCOMPARE(claims[0].metric, QStringLiteral("speedup_vs_4x_v100"));
        QCOMPARE(claims[0].paperValue, 5.58);
        QCOMPARE(claims[1].metric, QStringLiteral("energy_efficiency_vs_4x_v100"));
        QCOMPARE(claims[1].paperValue, 3.99);
        for (const Claim &claim : claims) {
            QCOMPARE(claim.tolerance, 0.20);
            QCOMPARE(claim.sourceTag, QStringLiteral("[V]"));
            QVERIFY(!claim.note.isEmpty());
            QCOMPARE(claim.presets.size(), 9);
            for (const QString &preset : claim.presets)
                QVERIFY2(findPreset(dfxPresets(), preset), qPrintable(preset));
        }
    }
};

QTEST_GUILESS_MAIN(TestDfxCatalog)
#include "tst_dfxcatalog.moc"
