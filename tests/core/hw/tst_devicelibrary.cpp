#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include "core/api/errors.h"
#include "core/hw/devicelibrary.h"

#include "tests/support/errorof.h"

using namespace accelscope;
using test::errorOf;

namespace {

QString devicesSourceDir() {
    return qEnvironmentVariable("ACCELSCOPE_SOURCE_DIR") + QStringLiteral("/resources/devices");
}

QJsonObject v100Json() {
    QFile file(QStringLiteral(":/accelscope/devices/v100-sxm2-32gb.json"));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("built-in V100 file missing");
    return QJsonDocument::fromJson(file.readAll()).object();
}

}  // namespace

class TestDeviceLibrary : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void builtinHasEveryDeviceFile();
    void requiredDevicesArePresent_data();
    void requiredDevicesArePresent();
    void everyDeviceHasSourcesAndTags();
    void datasheetFiguresAreTheChosenVariants();
    void unknownIdListsKnownIds();
    void everyClassHasAProfileWithFractions();
    void malformedDeviceNamesFileAndProblem_data();
    void malformedDeviceNamesFileAndProblem();
    void invalidJsonNamesLineAndColumn();
    void directoryErrorNamesTheBadFile();
};

void TestDeviceLibrary::builtinHasEveryDeviceFile() {
    const QStringList files = QDir(devicesSourceDir()).entryList({QStringLiteral("*.json")}, QDir::Files);
    QVERIFY2(!files.isEmpty(), "resources/devices not found; is ACCELSCOPE_SOURCE_DIR set?");
    QCOMPARE(qsizetype(DeviceLibrary::builtin().devices().size()), files.size() - 1);  // minus profiles.json
    // The source tree and the compiled-in copy agree.
    const DeviceLibrary fromDisk = DeviceLibrary::fromDirectory(devicesSourceDir());
    QCOMPARE(fromDisk.devices().size(), DeviceLibrary::builtin().devices().size());
}

void TestDeviceLibrary::requiredDevicesArePresent_data() {
    QTest::addColumn<QString>("id");
    QTest::addColumn<QString>("deviceClass");
    QTest::newRow("v100") << "v100-sxm2-32gb"
                          << "datacenter-gpu";
    QTest::newRow("a100-pcie") << "a100-pcie-80gb"
                               << "datacenter-gpu";
    QTest::newRow("a100-sxm") << "a100-sxm-80gb"
                              << "datacenter-gpu";
    QTest::newRow("h100-sxm") << "h100-sxm"
                              << "datacenter-gpu";
    QTest::newRow("h100-pcie") << "h100-pcie"
                               << "datacenter-gpu";
    QTest::newRow("rtx-4090") << "rtx-4090"
                              << "workstation-gpu";
    QTest::newRow("rtx-a6000") << "rtx-a6000"
                               << "workstation-gpu";
    QTest::newRow("titan-rtx") << "titan-rtx"
                               << "workstation-gpu";
    QTest::newRow("agx-orin") << "jetson-agx-orin-32gb"
                              << "edge-gpu";
    QTest::newRow("orin-nx") << "jetson-orin-nx-16gb"
                             << "edge-gpu";
    QTest::newRow("orin-nano") << "jetson-orin-nano-8gb"
                               << "edge-gpu";
    QTest::newRow("cpu") << "cpu-server-2s-xeon"
                         << "cpu";
}

void TestDeviceLibrary::requiredDevicesArePresent() {
    QFETCH(QString, id);
    QFETCH(QString, deviceClass);
    const DeviceSpec &d = DeviceLibrary::builtin().device(id);
    QCOMPARE(d.id, id);
    QCOMPARE(deviceClassName(d.deviceClass), deviceClass);
    QVERIFY(d.peakFp16TensorFlops >= d.peakFp32Flops);
    QVERIFY(d.idleWatts < d.tdpWatts);
}

void TestDeviceLibrary::everyDeviceHasSourcesAndTags() {
    for (const DeviceSpec &d : DeviceLibrary::builtin().devices()) {
        QVERIFY2(!d.sources.empty(), qPrintable(d.id));
        for (const DeviceSource &s : d.sources)
            QVERIFY2(!s.source.isEmpty() && !s.gives.isEmpty(), qPrintable(d.id));
        QCOMPARE(d.tags.size(), std::size_t(8));
        QVERIFY2(!d.variant.isEmpty(), qPrintable(d.id));
        QVERIFY(d.interconnect.bytesPerSecond > 0 && d.hostLink.bytesPerSecond > 0);
    }
}

void TestDeviceLibrary::datasheetFiguresAreTheChosenVariants() {
    const DeviceLibrary &lib = DeviceLibrary::builtin();
    const DeviceSpec &v100 = lib.device(QStringLiteral("v100-sxm2-32gb"));
    QCOMPARE(v100.peakFp16TensorFlops, 125e12);  // SXM2, not the 112 TFLOPS PCIe card
    QCOMPARE(v100.memoryBytesPerSecond, 900e9);
    QCOMPARE(v100.tdpWatts, 300.0);
    QCOMPARE(v100.shortName, QStringLiteral("V100"));
    // V-Rex Table I's A100 (1935 GB/s, ~300 W) is the PCIe card; the SXM card is faster and hotter.
    QCOMPARE(lib.device(QStringLiteral("a100-pcie-80gb")).memoryBytesPerSecond, 1935e9);
    QCOMPARE(lib.device(QStringLiteral("a100-pcie-80gb")).tags.at(QStringLiteral("memory_bytes_per_second")),
             QStringLiteral("[V]"));
    QCOMPARE(lib.device(QStringLiteral("a100-sxm-80gb")).memoryBytesPerSecond, 2039e9);
    QCOMPARE(lib.device(QStringLiteral("jetson-agx-orin-32gb")).memoryBytesPerSecond, 204.8e9);
}

void TestDeviceLibrary::unknownIdListsKnownIds() {
    const QString message = errorOf([] { DeviceLibrary::builtin().device(QStringLiteral("v200")); });
    QVERIFY2(message.contains(QStringLiteral("'v200'")), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("v100-sxm2-32gb")), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("rtx-4090")), qPrintable(message));
}

void TestDeviceLibrary::everyClassHasAProfileWithFractions() {
    for (DeviceClass c :
         {DeviceClass::DatacenterGpu, DeviceClass::WorkstationGpu, DeviceClass::EdgeGpu, DeviceClass::Cpu}) {
        const EfficiencyProfile &p = DeviceLibrary::builtin().profile(c);
        QCOMPARE(p.deviceClass, c);
        for (double f : {p.gemmComputeEfficiency, p.smallMatmulComputeEfficiency, p.vectorComputeEfficiency,
                         p.memoryEfficiency, p.collectiveBandwidthEfficiency, p.memoryBoundPowerFraction})
            QVERIFY(f > 0 && f <= 1);
        QVERIFY(p.smallMatmulComputeEfficiency <= p.gemmComputeEfficiency);
        QVERIFY(p.launchOverheadSeconds > 0 && p.launchOverheadSeconds < 1e-4);
    }
}

void TestDeviceLibrary::malformedDeviceNamesFileAndProblem_data() {
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("expected");

    QJsonObject missing = v100Json();
    missing.remove(QStringLiteral("tdp_watts"));
    QTest::newRow("missing field") << QJsonDocument(missing).toJson()
                                   << "broken.json: field 'tdp_watts' is missing";

    QJsonObject text = v100Json();
    text.insert(QStringLiteral("memory_bytes_per_second"), QStringLiteral("900 GB/s"));
    QTest::newRow("string for number")
        << QJsonDocument(text).toJson()
        << "field 'memory_bytes_per_second' must be a number (got \"900 GB/s\")";

    QJsonObject negative = v100Json();
    negative.insert(QStringLiteral("peak_fp32_flops"), -1);
    QTest::newRow("negative") << QJsonDocument(negative).toJson()
                              << "field 'peak_fp32_flops' must be a number greater than 0";

    QJsonObject noSources = v100Json();
    noSources.insert(QStringLiteral("sources"), QJsonArray());
    QTest::newRow("no sources") << QJsonDocument(noSources).toJson()
                                << "field 'sources' must list at least one source";

    QJsonObject badClass = v100Json();
    badClass.insert(QStringLiteral("class"), QStringLiteral("fpga"));
    QTest::newRow("bad class")
        << QJsonDocument(badClass).toJson()
        << "field 'class' must be one of datacenter-gpu, workstation-gpu, edge-gpu, cpu";

    QJsonObject idleHigh = v100Json();
    idleHigh.insert(QStringLiteral("idle_watts"), 400);
    QTest::newRow("idle above tdp") << QJsonDocument(idleHigh).toJson()
                                    << "field 'idle_watts' must be below tdp_watts";

    QJsonObject typo = v100Json();
    typo.insert(QStringLiteral("tdp_wats"), 300);
    QTest::newRow("unknown field") << QJsonDocument(typo).toJson() << "unknown field 'tdp_wats'";

    QJsonObject link = v100Json();
    QJsonObject interconnect = link.value(QStringLiteral("interconnect")).toObject();
    interconnect.remove(QStringLiteral("latency_s"));
    link.insert(QStringLiteral("interconnect"), interconnect);
    QTest::newRow("link field") << QJsonDocument(link).toJson()
                                << "broken.json, interconnect: field 'latency_s' is missing";

    QJsonObject untagged = v100Json();
    QJsonObject tags = untagged.value(QStringLiteral("tags")).toObject();
    tags.remove(QStringLiteral("idle_watts"));
    untagged.insert(QStringLiteral("tags"), tags);
    QTest::newRow("untagged figure") << QJsonDocument(untagged).toJson()
                                     << "broken.json, tags: field 'idle_watts' is missing";
}

void TestDeviceLibrary::malformedDeviceNamesFileAndProblem() {
    QFETCH(QByteArray, json);
    QFETCH(QString, expected);
    const QString message =
        errorOf([&] { DeviceLibrary::deviceFromJson(json, QStringLiteral("broken.json")); });
    QVERIFY2(message.startsWith(QStringLiteral("broken.json")), qPrintable(message));
    QVERIFY2(message.contains(expected), qPrintable(message));
}

void TestDeviceLibrary::invalidJsonNamesLineAndColumn() {
    const QByteArray json = "{\n  \"id\": \"x\",\n  \"name\" \"missing colon\"\n}\n";
    const QString message =
        errorOf([&] { DeviceLibrary::deviceFromJson(json, QStringLiteral("typo.json")); });
    QVERIFY2(message.startsWith(QStringLiteral("typo.json: invalid JSON at line 3, column")),
             qPrintable(message));
}

void TestDeviceLibrary::directoryErrorNamesTheBadFile() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    // Copy the compiled-in files, so this case does not depend on the source tree.
    const QString builtinDir = QStringLiteral(":/accelscope/devices");
    for (const QString &file : QDir(builtinDir).entryList({QStringLiteral("*.json")}, QDir::Files))
        QVERIFY(QFile::copy(builtinDir + QLatin1Char('/') + file, dir.filePath(file)));
    QCOMPARE(DeviceLibrary::fromDirectory(dir.path()).devices().size(),
             DeviceLibrary::builtin().devices().size());

    QFile bad(dir.filePath(QStringLiteral("zz-bad.json")));
    QVERIFY(bad.open(QIODevice::WriteOnly));
    bad.write("{ \"id\": \"zz-bad\", ");
    bad.close();
    const QString message = errorOf([&] { DeviceLibrary::fromDirectory(dir.path()); });
    QVERIFY2(message.startsWith(QStringLiteral("zz-bad.json: invalid JSON at line 1")), qPrintable(message));

    QVERIFY(QFile::remove(dir.filePath(QStringLiteral("zz-bad.json"))));
    QVERIFY(QFile::remove(dir.filePath(QStringLiteral("profiles.json"))));
    const QString noProfiles = errorOf([&] { DeviceLibrary::fromDirectory(dir.path()); });
    QVERIFY2(noProfiles.contains(QStringLiteral("profiles.json")), qPrintable(noProfiles));
}

QTEST_GUILESS_MAIN(TestDeviceLibrary)
#include "tst_devicelibrary.moc"
