// Chrome trace import: AccelScope's own exports come back as the same run (round trip), other
// tools' traces map processes and threads to units, and bad files get messages with positions.

#include <algorithm>
#include <tuple>

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include "core/api/errors.h"
#include "core/io/chrometraceimport.h"
#include "core/io/traceexport.h"
#include "tests/support/dfxrun.h"
#include "tests/support/errorof.h"
#include "tests/support/tracefixture.h"

using namespace accelscope;
using namespace accelscope::test;

namespace {
using EventRow = std::tuple<QString, TimePs, TimePs, QString, QString, std::uint64_t, std::uint64_t, std::uint32_t>;

// Every event as (unit path, begin, end, op, label, bytes, flops, step), sorted: the trace's
// content independent of recording order and lanes.
std::vector<EventRow> eventRows(const Topology &topology, const TraceSnapshot &s, TimePs shift = 0) {
    std::vector<EventRow> rows;
    for (std::size_t i = 0; i < s.eventCount(); ++i) {
        const EventType &type = s.eventType(s.eventTypeId(i));
        rows.emplace_back(topology.path(type.unit), s.eventBegin(i) - shift, s.eventEnd(i) - shift,
                          toString(type.kind), type.label, s.eventBytes(i), s.eventFlops(i), s.eventStep(i));
    }
    std::sort(rows.begin(), rows.end());
    return rows;
}

std::vector<std::tuple<QString, QString, TimePs, double>> counterRows(const TraceSnapshot &s) {
    std::vector<std::tuple<QString, QString, TimePs, double>> rows;
    for (std::size_t i = 0; i < s.counterCount(); ++i) {
        const CounterSeries &series = s.series()[s.counterSeriesOf(i)];
        rows.emplace_back(series.name, series.unit, s.counterTime(i), s.counterValue(i));
    }
    std::sort(rows.begin(), rows.end());
    return rows;
}

QStringList unitPaths(const Topology &topology) {
    QStringList paths;
    for (const Unit &unit : topology.units())
        paths << topology.path(unit.id);
    return paths;
}

void writeFile(const QString &path, const QByteArray &bytes) {
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(bytes);
}

QString importError(const QString &path) {
    return errorOf([&] { readChromeTrace(path); });
}
}  // namespace

class TestChromeTraceImport : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void fixtureRoundTripsExactly() {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("s.ascope")));
        const TraceFixture fixture;
        const RunId original = fixture.store(store);
        const QString path = dir.filePath(QStringLiteral("run.json"));
        exportTrace(TraceBlockReader(store.path()), original, TraceFormat::Chrome, path);

        QStringList warnings;
        const RunId imported = importChromeTrace(store, path, &warnings);
        QVERIFY2(warnings.isEmpty(), qPrintable(warnings.join(QLatin1Char('\n'))));
        const RunRecord a = store.loadRun(original), b = store.loadRun(imported);
        QCOMPARE(unitPaths(b.topology), unitPaths(a.topology));
        QCOMPARE(b.topology.memories().size(), a.topology.memories().size());
        const auto ta = store.loadTrace(original), tb = store.loadTrace(imported);
        QVERIFY(eventRows(b.topology, tb->snapshot()) == eventRows(a.topology, ta->snapshot()));
        // Counters: same series, units and samples (the import orders samples by time).
        QVERIFY(counterRows(tb->snapshot()) == counterRows(ta->snapshot()));
        const TraceSnapshot ca = ta->snapshot(), cb = tb->snapshot();
        QCOMPARE(cb.markers().size(), ca.markers().size());
        for (std::size_t i = 0; i < ca.markers().size(); ++i) {
            QCOMPARE(cb.markers()[i].time, ca.markers()[i].time);
            QCOMPARE(cb.markers()[i].level, ca.markers()[i].level);
            QCOMPARE(cb.markers()[i].index, ca.markers()[i].index);
            QCOMPARE(cb.markers()[i].text, ca.markers()[i].text);
        }
        QCOMPARE(b.stepLevels.size(), a.stepLevels.size());

        // Marked imported: read-only, from the file, and listed so.
        QVERIFY(b.info.isImported());
        QCOMPARE(b.info.importedFrom, QFileInfo(path).absoluteFilePath());
        QCOMPARE(b.info.pluginId, kImportedPluginId);
        QVERIFY(b.info.status == RunStatus::Complete);
        QCOMPARE(b.info.eventCount, a.info.eventCount);
        const std::vector<RunInfo> runs = store.runs();
        QCOMPARE(std::count_if(runs.begin(), runs.end(), [](const RunInfo &r) { return r.isImported(); }), 1);
    }

    void dfxRoundTripKeepsCountsUnitsAndTimes() {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("s.ascope")));
        const RunId original = storeRun(store, shortDfxRun(1));
        const QString path = dir.filePath(QStringLiteral("dfx.json"));
        exportTrace(TraceBlockReader(store.path()), original, TraceFormat::Chrome, path);
        const RunId imported = importChromeTrace(store, path);
        const RunRecord a = store.loadRun(original), b = store.loadRun(imported);
        QCOMPARE(b.info.eventCount, a.info.eventCount);
        QCOMPARE(unitPaths(b.topology), unitPaths(a.topology));
        const auto ta = store.loadTrace(original), tb = store.loadTrace(imported);
        // The import starts the clock at the first record; the DFX run starts at 0 already.
        TimePs first = std::numeric_limits<TimePs>::max();
        const TraceSnapshot sa = ta->snapshot();
        for (std::size_t i = 0; i < sa.eventCount(); ++i)
            first = std::min(first, sa.eventBegin(i));
        for (std::size_t i = 0; i < sa.counterCount(); ++i)
            first = std::min(first, sa.counterTime(i));
        QVERIFY(eventRows(b.topology, tb->snapshot()) == eventRows(a.topology, sa, first));
        QCOMPARE(b.info.simulatedEndPs, a.info.simulatedEndPs - first);
        QCOMPARE(tb->snapshot().markers().size(), sa.markers().size());
    }

    void otherToolsTracesMapToUnits() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("other.json"));
        writeFile(path, R"({"traceEvents": [
  {"ph": "M", "name": "process_name", "pid": 7, "args": {"name": "GPU/0"}},
  {"ph": "M", "name": "thread_name", "pid": 7, "tid": 2, "args": {"name": "stream 2"}},
  {"ph": "M", "name": "thread_name", "pid": 7, "tid": 1, "args": {"name": "stream 1"}},
  {"ph": "M", "name": "thread_sort_index", "pid": 7, "tid": 2, "args": {"sort_index": -1}},
  {"ph": "X", "name": "gemm", "cat": "matrix", "pid": 7, "tid": 1, "ts": 1000.5, "dur": 2, "args": {"bytes": 512, "flops": 99}},
  {"ph": "B", "name": "outer", "pid": 7, "tid": 2, "ts": 1001},
  {"ph": "B", "name": "inner", "pid": 7, "tid": 2, "ts": 1001.25},
  {"ph": "E", "pid": 7, "tid": 2, "ts": 1001.75},
  {"ph": "E", "pid": 7, "tid": 2, "ts": 1003},
  {"ph": "E", "pid": 7, "tid": 2, "ts": 1004},
  {"ph": "C", "name": "mem", "pid": 7, "ts": 1000.5, "args": {"used": 10, "free": 90}},
  {"ph": "C", "name": "load", "pid": "worker", "ts": 1002, "args": {"value": 0.5}},
  {"ph": "i", "name": "frame", "s": "g", "ts": 1002},
  {"ph": "b", "name": "async", "id": 1, "pid": 7, "tid": 1, "ts": 1000.5},
  {"ph": "B", "name": "never ends", "pid": 9, "tid": 1, "ts": 1003.5}
]})");
        const ImportedTrace imported = readChromeTrace(path);
        const Topology &topology = imported.record->topology;
        // Devices by pid, units by tid in sort order; '/' in a name does not split the path.
        QCOMPARE(unitPaths(topology),
                 (QStringList{QStringLiteral("GPU-0"), QStringLiteral("GPU-0/stream 2"), QStringLiteral("GPU-0/stream 1"),
                              QStringLiteral("pid 9"), QStringLiteral("pid 9/tid 1"), QStringLiteral("worker")}));
        const TraceSnapshot s = imported.trace->snapshot();
        const std::vector<EventRow> rows = eventRows(topology, s);
        // Shifted so the trace starts at 0 (the first record is at 1000.5 µs).
        const std::vector<EventRow> expected{
            {QStringLiteral("GPU-0/stream 1"), 0, 2000000, QStringLiteral("matrix"), QStringLiteral("gemm"), 512, 99, 0},
            {QStringLiteral("GPU-0/stream 2"), 500000, 2500000, QStringLiteral("other"), QStringLiteral("outer"), 0, 0, 0},
            {QStringLiteral("GPU-0/stream 2"), 750000, 1250000, QStringLiteral("other"), QStringLiteral("inner"), 0, 0, 0},
            {QStringLiteral("pid 9/tid 1"), 3000000, 3500000, QStringLiteral("other"), QStringLiteral("never ends"), 0, 0, 0},
        };
        QVERIFY(rows == expected);
        QCOMPARE(s.series().size(), std::size_t{3});
        // One series per argument (in the order JSON objects list keys: sorted).
        QCOMPARE(s.series()[0].name, QStringLiteral("mem/free"));
        QCOMPARE(s.series()[1].name, QStringLiteral("mem/used"));
        QCOMPARE(s.series()[2].name, QStringLiteral("load"));
        QCOMPARE(s.counterCount(), std::size_t{3});
        QCOMPARE(s.markers().size(), std::size_t{1});
        QCOMPARE(s.markers()[0].time, TimePs{1500000});
        QCOMPARE(s.markers()[0].text, QStringLiteral("frame"));
        // What was repaired or skipped is said.
        const QString warnings = imported.warnings.join(QLatin1Char('\n'));
        QVERIFY2(warnings.contains(QStringLiteral("\"never ends\" has no \"E\"")), qPrintable(warnings));
        QVERIFY(warnings.contains(QStringLiteral("1 \"E\" events without a \"B\"")));
        QVERIFY(warnings.contains(QStringLiteral("phase \"b\"")));
        QVERIFY(imported.record->info.isImported());
    }

    void truncatedArrayIsClosed() {
        // The format allows an array cut off mid-write.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("cut.json"));
        writeFile(path, "[{\"ph\":\"X\",\"name\":\"a\",\"pid\":1,\"tid\":1,\"ts\":5,\"dur\":1},\n"
                        "{\"ph\":\"X\",\"name\":\"b\",\"pid\":1,\"tid\":1,\"ts\":6,\"dur\":1},\n");
        const ImportedTrace imported = readChromeTrace(path);
        QCOMPARE(imported.trace->eventCount(), std::size_t{2});
        QCOMPARE(imported.trace->snapshot().eventBegin(1), TimePs{1000000});
    }

    void badFilesAreExplained() {
        QTemporaryDir dir;
        const QString missing = dir.filePath(QStringLiteral("none.json"));
        QVERIFY(importError(missing).contains(QStringLiteral("'%1' does not exist").arg(missing)));

        const QString malformed = dir.filePath(QStringLiteral("bad.json"));
        writeFile(malformed, "{\"traceEvents\": [\n  {\"ph\": \"X\", \"ts\": 1},\n  {\"ph\": \"X\" \"ts\": 2}\n]}");
        const QString syntax = importError(malformed);
        QVERIFY2(syntax.startsWith(malformed + QStringLiteral(":3:")), qPrintable(syntax));
        QVERIFY(syntax.contains(QStringLiteral("not valid JSON")));

        const QString wrongShape = dir.filePath(QStringLiteral("shape.json"));
        writeFile(wrongShape, "{\"events\": []}");
        QVERIFY(importError(wrongShape).contains(QStringLiteral("no \"traceEvents\" array")));

        const QString noTime = dir.filePath(QStringLiteral("notime.json"));
        writeFile(noTime, "[{\"ph\":\"X\",\"ts\":1,\"pid\":1,\"tid\":1}, {\"ph\":\"X\",\"ts\":\"soon\",\"pid\":1,\"tid\":1}]");
        const QString time = importError(noTime);
        QVERIFY2(time.contains(QStringLiteral("traceEvents[1]")) && time.contains(QStringLiteral("\"ts\" is 'soon'")),
                 qPrintable(time));

        const QString notObject = dir.filePath(QStringLiteral("notobject.json"));
        writeFile(notObject, "[1]");
        QVERIFY(importError(notObject).contains(QStringLiteral("traceEvents[0]: an event must be a JSON object")));

        const QString big = dir.filePath(QStringLiteral("big.json"));
        writeFile(big, QByteArray(200, ' ') + "[]");
        const QString tooBig = errorOf([&] { readChromeTrace(big, 100); });
        QVERIFY2(tooBig.contains(QStringLiteral("202 bytes")) && tooBig.contains(QStringLiteral("up to 100 bytes")),
                 qPrintable(tooBig));
        QVERIFY(QStringLiteral("%1").arg(kMaxChromeTraceBytes >> 20) == QStringLiteral("512"));
    }
};

QTEST_GUILESS_MAIN(TestChromeTraceImport)
#include "tst_chrometraceimport.moc"
