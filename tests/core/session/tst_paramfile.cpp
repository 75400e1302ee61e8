#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include "core/api/errors.h"
#include "core/registry/pluginregistry.h"
#include "core/session/paramfile.h"
#include "core/session/runrequest.h"
#include "tests/support/errorof.h"

using namespace accelscope;

class TestParamFile : public QObject {
    Q_OBJECT

private:
    PluginRegistry registry_{QStringList{QStringLiteral(ACCELSCOPE_FIXTURE_PLUGIN_DIR)}};
    const AcceleratorPlugin &testaccel() { return registry_.plugin(QStringLiteral("testaccel")); }

    ParamSet resolve(const QByteArray &json, const QStringList &assignments = {}) {
        RunRequest request;
        request.pluginId = QStringLiteral("testaccel");
        request.paramFile = std::make_shared<ParamFile>(ParamFile::parse(json, QStringLiteral("point.json")));
        if (!request.paramFile->preset().isEmpty())
            request.preset = request.paramFile->preset();
        request.assignments = assignments;
        return request.resolve(testaccel());
    }

private Q_SLOTS:
    void appliesPresetThenValuesThenAssignments() {
        const ParamSet params = resolve(R"({"format": "accelscope-params", "plugin": "testaccel", "preset": "small",
                                            "params": {"m": 32, "clock_mhz": 250.5, "dataflow": "weight_stationary",
                                                       "verbose_labels": true}})",
                                        {QStringLiteral("m=48")});
        QCOMPARE(params.integer(QStringLiteral("array_rows")), 4);  // from the preset
        QCOMPARE(params.integer(QStringLiteral("m")), 48);          // --set wins over the file
        QCOMPARE(params.real(QStringLiteral("clock_mhz")), 250.5);
        QCOMPARE(params.choice(QStringLiteral("dataflow")), QStringLiteral("weight_stationary"));
        QVERIFY(params.flag(QStringLiteral("verbose_labels")));
    }

    void savedFileReproducesTheParameters() {
        RunRequest request;
        request.pluginId = QStringLiteral("testaccel");
        request.preset = QStringLiteral("small");
        request.assignments = {QStringLiteral("k=24"), QStringLiteral("dram_gb_per_s=12.8")};
        const ParamSet original = request.resolve(testaccel());
        const ParamFile saved = ParamFile::fromParams(request.pluginId, request.preset, testaccel().presets(), original);
        QCOMPARE(saved.values().size(), std::size_t{2});  // only what differs from the preset

        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("point.json"));
        saved.write(path);
        const ParamFile reread = ParamFile::read(path);
        QCOMPARE(reread.plugin(), QStringLiteral("testaccel"));
        QCOMPARE(reread.preset(), QStringLiteral("small"));
        ParamSet again = ParamSet::fromPreset(testaccel().schema(), *findPreset(testaccel().presets(), reread.preset()));
        reread.applyTo(again);
        QCOMPARE(again.toJson(), original.toJson());
    }

    void largeIntegersSurviveExactly() {
        ParamFile file = ParamFile::parse(R"({"format": "accelscope-params", "params": {"m": 1024}})", QStringLiteral("f"));
        QCOMPARE(file.values().front().second.toInteger(), 1024);
        ParamSet params(testaccel().schema());
        file.applyTo(params);
        QCOMPARE(params.integer(QStringLiteral("m")), 1024);
    }

    void badFilesNameFileAndPlace_data() {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("expected");
        QTest::newRow("malformed JSON") << QByteArray("{\n  \"format\": \"accelscope-params\",\n  \"params\": {\"m\": }\n}")
                                        << QStringLiteral("point.json: invalid JSON at line 3, column 20");
        QTest::newRow("not a parameter file") << QByteArray(R"({"traceEvents": []})")
                                              << QStringLiteral("point.json: unknown field 'traceEvents'");
        QTest::newRow("missing format") << QByteArray(R"({"params": {}})")
                                        << QStringLiteral("point.json: not a parameter file: field 'format' must be");
        QTest::newRow("another plugin")
            << QByteArray(R"({"format": "accelscope-params", "plugin": "oaken"})")
            << QStringLiteral("point.json: the file is for plugin 'oaken', not 'testaccel'");
        QTest::newRow("unknown key") << QByteArray(R"({"format": "accelscope-params", "params": {"rows": 4}})")
                                     << QStringLiteral("point.json: params.rows: unknown parameter 'rows'");
        QTest::newRow("out of range") << QByteArray(R"({"format": "accelscope-params", "params": {"m": 5000}})")
                                      << QStringLiteral("point.json: params.m: ");
        QTest::newRow("wrong type") << QByteArray(R"({"format": "accelscope-params", "params": {"m": [1]}})")
                                    << QStringLiteral("point.json: params.m must be a number, a string or true/false");
        QTest::newRow("params not an object") << QByteArray(R"({"format": "accelscope-params", "params": 3})")
                                              << QStringLiteral("point.json: field 'params' must be an object");
        QTest::newRow("unknown preset") << QByteArray(R"({"format": "accelscope-params", "preset": "huge"})")
                                        << QStringLiteral("unknown preset 'huge' for plugin 'testaccel'");
    }

    void badFilesNameFileAndPlace() {
        QFETCH(QByteArray, json);
        QFETCH(QString, expected);
        const QString message = test::errorOf([&] { resolve(json); });
        QVERIFY2(message.contains(expected), qPrintable(message));
    }

    void unreadableFileIsNamed() {
        const QString message = test::errorOf([] { ParamFile::read(QStringLiteral("no/such/point.json")); });
        QVERIFY2(message.startsWith(QStringLiteral("parameter file no/such/point.json cannot be read")), qPrintable(message));
    }
};

QTEST_GUILESS_MAIN(TestParamFile)
#include "tst_paramfile.moc"
