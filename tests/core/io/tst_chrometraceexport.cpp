// Chrome trace export: a file Perfetto and chrome://tracing open, with every thread's events
// properly nested, exact picosecond times, the topology's order, counters and markers.

#include <random>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include "core/api/errors.h"
#include "core/io/chrometracelanes.h"
#include "core/io/traceexport.h"
#include "tests/support/chrometracecheck.h"
#include "tests/support/dfxrun.h"
#include "tests/support/tracefixture.h"

using namespace accelscope;
using namespace accelscope::test;

namespace {
QMap<QString, QJsonObject> metadataByName(const QJsonArray &events, const QString &kind) {
    QMap<QString, QJsonObject> out;
    for (const QJsonValue &v : events) {
        const QJsonObject e = v.toObject();
        if (e.value(QStringLiteral("ph")).toString() == QLatin1String("M") &&
            e.value(QStringLiteral("name")).toString() == kind)
            out.insert(e.value(QStringLiteral("args")).toObject().value(QStringLiteral("name")).toString(), e);
    }
    return out;
}

qint64 sortIndexOf(const QJsonArray &events, const QString &kind, qint64 pid, qint64 tid) {
    for (const QJsonValue &v : events) {
        const QJsonObject e = v.toObject();
        if (e.value(QStringLiteral("name")).toString() == kind && e.value(QStringLiteral("pid")).toInteger() == pid &&
            e.value(QStringLiteral("tid")).toInteger() == tid)
            return e.value(QStringLiteral("args")).toObject().value(QStringLiteral("sort_index")).toInteger();
    }
    return -1;
}
}  // namespace

class TestChromeTraceExport : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void theCheckingParserIsStrict() {
        // The tests below rely on QJsonDocument refusing what viewers refuse.
        QJsonParseError error{};
        QJsonDocument::fromJson("[{\"a\":1},]", &error);
        QVERIFY(error.error != QJsonParseError::NoError);
        QJsonDocument::fromJson("{\"a\":1,}", &error);
        QVERIFY(error.error != QJsonParseError::NoError);
    }

    void lanesNestOrSeparate() {
        ChromeTraceLanes nested;
        QCOMPARE(nested.place(0, 100), 0);
        QCOMPARE(nested.place(10, 50), 0);
        QCOMPARE(nested.place(20, 30), 0);
        QCOMPARE(nested.place(50, 100), 0);  // after [10,50] ends, inside [0,100]
        QCOMPARE(nested.place(100, 200), 0);  // touching is not overlapping
        QCOMPARE(nested.laneCount(), 1);
        ChromeTraceLanes crossing;
        QCOMPARE(crossing.place(0, 100), 0);
        QCOMPARE(crossing.place(50, 150), 1);
        QCOMPARE(crossing.place(60, 120), 1);  // nests in the second lane's [50,150]
        QCOMPARE(crossing.place(70, 110), 1);  // inside [60,120]
        QCOMPARE(crossing.place(80, 130), 2);  // crosses [0,100] and [60,120]
        QCOMPARE(crossing.laneCount(), 3);
    }

    void lanesOfRandomEventsAreNested() {
        std::mt19937 rng(11);
        std::vector<std::pair<TimePs, TimePs>> spans;
        for (int i = 0; i < 5000; ++i) {
            const TimePs begin = rng() % 100000;
            spans.push_back({begin, begin + rng() % 300});
        }
        std::sort(spans.begin(), spans.end());
        ChromeTraceLanes lanes;
        QJsonArray events;
        int maxOverlap = 0;
        for (std::size_t i = 0; i < spans.size(); ++i) {
            const int lane = lanes.place(spans[i].first, spans[i].second);
            events.append(QJsonObject{{QStringLiteral("ph"), QStringLiteral("X")},
                                      {QStringLiteral("pid"), 1},
                                      {QStringLiteral("tid"), lane},
                                      {QStringLiteral("ts"), static_cast<double>(spans[i].first) / 1e6},
                                      {QStringLiteral("dur"),
                                       static_cast<double>(spans[i].second - spans[i].first) / 1e6}});
            int overlap = 0;
            for (std::size_t j = 0; j <= i; ++j)
                overlap += spans[j].second > spans[i].first || j == i ? 1 : 0;
            maxOverlap = std::max(maxOverlap, overlap);
        }
        QCOMPARE(nestingProblem(events), QString());
        // Never more lanes than events open at once.
        QVERIFY(lanes.laneCount() <= maxOverlap);
    }

    void fixtureExportsValidNestedTracks() {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("s.ascope")));
        const TraceFixture fixture;
        const RunId run = fixture.store(store);
        const QString path = dir.filePath(QStringLiteral("run.json"));
        const TraceExportSummary summary = exportTrace(TraceBlockReader(store.path()), run, TraceFormat::Chrome, path);
        QCOMPARE(summary.events, std::size_t{9});
        QCOMPARE(summary.counters, std::size_t{3});
        QCOMPARE(summary.markers, std::size_t{2});

        QString error;
        const QJsonObject root = parseJsonFile(path, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(root.value(QStringLiteral("displayTimeUnit")).toString(), QStringLiteral("ns"));
        const QJsonArray events = root.value(QStringLiteral("traceEvents")).toArray();
        QCOMPARE(eventsOfPhase(events, QStringLiteral("X")).size(), 9);
        QCOMPARE(eventsOfPhase(events, QStringLiteral("C")).size(), 3);
        QCOMPARE(eventsOfPhase(events, QStringLiteral("i")).size(), 2);
        QCOMPARE(nestingProblem(events), QString());

        // Tracks: a process per top-level unit, a thread per unit, lanes for crossing events.
        const auto processes = metadataByName(events, QStringLiteral("process_name"));
        QCOMPARE(processes.keys(), (QStringList{QStringLiteral("chip"), QStringLiteral("host")}));
        const auto threads = metadataByName(events, QStringLiteral("thread_name"));
        for (const char *name : {"core", "core/MPU", "core/MPU #2", "core/VPU", "core/VPU #2", "hbm", "dma"})
            QVERIFY2(threads.contains(QLatin1String(name)), name);
        QCOMPARE(threads.size(), 7);
        QCOMPARE(threads[QStringLiteral("core/MPU #2")].value(QStringLiteral("args")).toObject().value(
                     QStringLiteral("unit")),
                 QJsonValue(QStringLiteral("chip/core/MPU")));
        const qint64 chipPid = processes[QStringLiteral("chip")].value(QStringLiteral("pid")).toInteger();
        const qint64 hostPid = processes[QStringLiteral("host")].value(QStringLiteral("pid")).toInteger();
        QVERIFY(sortIndexOf(events, QStringLiteral("process_sort_index"), chipPid, 0) <
                sortIndexOf(events, QStringLiteral("process_sort_index"), hostPid, 0));
        const auto threadSort = [&](const char *name) {
            const QJsonObject m = threads[QLatin1String(name)];
            return sortIndexOf(events, QStringLiteral("thread_sort_index"), m.value(QStringLiteral("pid")).toInteger(),
                               m.value(QStringLiteral("tid")).toInteger());
        };
        QVERIFY(threadSort("core") < threadSort("core/MPU"));
        QVERIFY(threadSort("core/MPU") < threadSort("core/MPU #2"));
        QVERIFY(threadSort("core/MPU #2") < threadSort("core/VPU"));
        QCOMPARE(threads[QStringLiteral("dma")].value(QStringLiteral("pid")).toInteger(), hostPid);

        // Events: the tricky label intact, picoseconds exact, arguments complete.
        const QJsonObject mpuTid = threads[QStringLiteral("core/MPU")];
        const QJsonObject mpu2Tid = threads[QStringLiteral("core/MPU #2")];
        int onMpu = 0, onMpu2 = 0;
        bool sawPicosecond = false;
        for (const QJsonValue &v : eventsOfPhase(events, QStringLiteral("X"))) {
            const QJsonObject e = v.toObject();
            const QJsonObject args = e.value(QStringLiteral("args")).toObject();
            onMpu += e.value(QStringLiteral("tid")) == mpuTid.value(QStringLiteral("tid")) ? 1 : 0;
            onMpu2 += e.value(QStringLiteral("tid")) == mpu2Tid.value(QStringLiteral("tid")) ? 1 : 0;
            if (usToPs(e.value(QStringLiteral("ts"))) == 1234567) {
                sawPicosecond = true;
                QCOMPARE(usToPs(e.value(QStringLiteral("dur"))), TimePs{1});
                QCOMPARE(e.value(QStringLiteral("name")).toString(), TraceFixture::kTrickyLabel);
                QCOMPARE(e.value(QStringLiteral("cat")).toString(), QStringLiteral("matrix"));
                QCOMPARE(args.value(QStringLiteral("op")).toString(), QStringLiteral("matrix"));
                QCOMPARE(args.value(QStringLiteral("bytes")).toInteger(), 1);
                QCOMPARE(args.value(QStringLiteral("flops")).toInteger(), 2);
                QCOMPARE(args.value(QStringLiteral("step")).toInteger(), 0);
            }
        }
        QVERIFY(sawPicosecond);
        QCOMPARE(onMpu, 3);   // [0,1000] ⊃ [200,300], then the 1-ps event
        QCOMPARE(onMpu2, 1);  // [500,1500] crosses [0,1000]
        QFile raw(path);
        QVERIFY(raw.open(QIODevice::ReadOnly));
        QVERIFY(raw.readAll().contains("\"ts\":1.234567,\"dur\":0.000001,"));

        // Counters on the process their series names; markers global.
        for (const QJsonValue &v : eventsOfPhase(events, QStringLiteral("C"))) {
            const QJsonObject e = v.toObject();
            if (e.value(QStringLiteral("name")).toString() == QLatin1String("chip/hbm/bank0"))
                QCOMPARE(e.value(QStringLiteral("pid")).toInteger(), chipPid);
        }
        const QJsonObject marker = eventsOfPhase(events, QStringLiteral("i")).at(0).toObject();
        QCOMPARE(marker.value(QStringLiteral("s")).toString(), QStringLiteral("g"));
        QCOMPARE(marker.value(QStringLiteral("name")).toString(), QStringLiteral("layer 0 done, \"fast\""));
        QCOMPARE(usToPs(marker.value(QStringLiteral("ts"))), TimePs{1000});
        QCOMPARE(eventsOfPhase(events, QStringLiteral("i")).at(1).toObject().value(QStringLiteral("name")).toString(),
                 QStringLiteral("token 0"));
    }

    void manyBlocksOutOfOrderStayNested() {
        // More events than one stored block, with a unit whose events arrive out of begin order
        // across blocks: the export reads block by block and still nests every thread.
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("s.ascope")));
        RunRecord record;
        const UnitId chip = record.topology.addUnit(QStringLiteral("chip"), UnitKind::Device);
        const UnitId steady = record.topology.addUnit(QStringLiteral("steady"), UnitKind::Compute, chip);
        const UnitId shuffled = record.topology.addUnit(QStringLiteral("shuffled"), UnitKind::Compute, chip);
        Trace trace;
        const EventTypeId a = trace.eventType(steady, OpKind::Matrix, QStringLiteral("a"));
        const EventTypeId b = trace.eventType(shuffled, OpKind::Vector, QStringLiteral("b"));
        std::mt19937 rng(5);
        constexpr int kSteady = 70000, kShuffled = 5000;  // more than one stored block (65,536)
        for (int i = 0; i < kSteady; ++i)
            trace.appendEvent(a, TimePs{100} * i, TimePs{100} * i + 100 + (i % 7 == 0 ? 50 : 0));
        for (int i = 0; i < kShuffled; ++i) {
            const TimePs begin = rng() % 10000000;
            trace.appendEvent(b, begin, begin + rng() % 2000);
        }
        trace.publish();
        RunInfo info;
        info.pluginId = QStringLiteral("synthetic");
        const RunId run = store.beginRun(info, record.topology, {});
        TraceCursor cursor;
        store.appendTrace(run, trace.snapshot(), cursor);
        store.finishRun(run, RunStatus::Complete, {}, {});

        const QString path = dir.filePath(QStringLiteral("big.json"));
        const TraceExportSummary summary = exportTrace(TraceBlockReader(store.path()), run, TraceFormat::Chrome, path);
        QCOMPARE(summary.events, std::size_t{kSteady + kShuffled});
        QString error;
        const QJsonObject root = parseJsonFile(path, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const QJsonArray events = root.value(QStringLiteral("traceEvents")).toArray();
        QCOMPARE(eventsOfPhase(events, QStringLiteral("X")).size(), kSteady + kShuffled);
        QCOMPARE(nestingProblem(events), QString());
        // Every 7th steady event overruns the next one by 50 ps: two lanes, no more.
        QVERIFY(metadataByName(events, QStringLiteral("thread_name")).contains(QStringLiteral("steady #2")));
        QVERIFY(!metadataByName(events, QStringLiteral("thread_name")).contains(QStringLiteral("steady #3")));
        QVERIFY(summary.tracks >= 4);
    }

    void dfxRunExportsNested() {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("s.ascope")));
        const RunId run = storeRun(store, shortDfxRun(1));
        const QString path = dir.filePath(QStringLiteral("dfx.json"));
        const TraceExportSummary summary = exportTrace(TraceBlockReader(store.path()), run, TraceFormat::Chrome, path);
        QString error;
        const QJsonObject root = parseJsonFile(path, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const QJsonArray events = root.value(QStringLiteral("traceEvents")).toArray();
        QCOMPARE(static_cast<qint64>(summary.events), store.loadRun(run).info.eventCount);
        QCOMPARE(static_cast<std::size_t>(eventsOfPhase(events, QStringLiteral("X")).size()), summary.events);
        QVERIFY(summary.events > 100);
        QCOMPARE(nestingProblem(events), QString());
        QCOMPARE(root.value(QStringLiteral("otherData")).toObject().value(QStringLiteral("plugin")).toString(),
                 QStringLiteral("dfx"));
    }

    void badRunAndBadPathAreReported() {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("s.ascope")));
        const RunId run = TraceFixture().store(store);
        try {
            exportTrace(TraceBlockReader(store.path()), run + 7, TraceFormat::Chrome, dir.filePath(QStringLiteral("x.json")));
            QFAIL("an unknown run was exported");
        } catch (const StoreError &e) {
            QVERIFY2(e.message().contains(QStringLiteral("has no run %1").arg(run + 7)), qPrintable(e.message()));
        }
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("x.json"))));
        const QString inMissingFolder = dir.filePath(QStringLiteral("no/such/folder/x.json"));
        try {
            exportTrace(TraceBlockReader(store.path()), run, TraceFormat::Chrome, inMissingFolder);
            QFAIL("wrote into a missing folder");
        } catch (const InputError &e) {
            QVERIFY2(e.message().contains(inMissingFolder), qPrintable(e.message()));
        }
        try {
            traceFormatFromString(QStringLiteral("json"));
            QFAIL("accepted an unknown format");
        } catch (const InputError &e) {
            QVERIFY(e.message().contains(QStringLiteral("'json'")) && e.message().contains(QStringLiteral("chrome")));
        }
    }
};

QTEST_GUILESS_MAIN(TestChromeTraceExport)
#include "tst_chrometraceexport.moc"
