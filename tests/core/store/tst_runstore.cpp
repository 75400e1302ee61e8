// RunStore: what is written comes back identical, old files are upgraded, and every bad file is
// refused with a clear message and left exactly as it was.

#include <random>
#include <thread>

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/api/errors.h"
#include "core/store/runstore.h"
#include "core/store/traceblockreader.h"
#include "tests/support/damagedsession.h"

using namespace accelscope;

namespace {

// A plain connection, as a user's sqlite3 shell or another program would have.
class RawDb {
public:
    explicit RawDb(const QString &path) {
        if (sqlite3_open(QFile::encodeName(path).constData(), &db_) != SQLITE_OK)
            qFatal("cannot open %s", qPrintable(path));
    }
    ~RawDb() { sqlite3_close(db_); }
    void exec(const char *sql) {
        char *message = nullptr;
        if (sqlite3_exec(db_, sql, nullptr, nullptr, &message) != SQLITE_OK) {
            const QString text = QString::fromUtf8(message);
            sqlite3_free(message);
            qFatal("SQL failed: %s: %s", sql, qPrintable(text));
        }
    }
    std::int64_t scalar(const QByteArray &sql) {
        sqlite3_stmt *stmt = nullptr;
        if (sqlite3_prepare_v2(db_, sql.constData(), -1, &stmt, nullptr) != SQLITE_OK)
            qFatal("cannot prepare %s: %s", sql.constData(), sqlite3_errmsg(db_));
        std::int64_t value = -1;
        if (sqlite3_step(stmt) == SQLITE_ROW)
            value = sqlite3_column_int64(stmt, 0);
        sqlite3_finalize(stmt);
        return value;
    }
    QByteArray blob(const QByteArray &sql) {
        sqlite3_stmt *stmt = nullptr;
        sqlite3_prepare_v2(db_, sql.constData(), -1, &stmt, nullptr);
        QByteArray value;
        if (sqlite3_step(stmt) == SQLITE_ROW)
            value = QByteArray(static_cast<const char *>(sqlite3_column_blob(stmt, 0)),
                               sqlite3_column_bytes(stmt, 0));
        sqlite3_finalize(stmt);
        return value;
    }
    // Binds a blob to ?1 and runs the statement.
    void execWithBlob(const char *sql, const QByteArray &data) {
        sqlite3_stmt *stmt = nullptr;
        sqlite3_prepare_v2(db_, sql, -1, &stmt, nullptr);
        sqlite3_bind_blob(stmt, 1, data.constData(), static_cast<int>(data.size()), SQLITE_TRANSIENT);
        if (sqlite3_step(stmt) != SQLITE_DONE)
            qFatal("SQL failed: %s: %s", sql, sqlite3_errmsg(db_));
        sqlite3_finalize(stmt);
    }

private:
    sqlite3 *db_ = nullptr;
};

QByteArray fileHash(const QString &path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
}

Topology sampleTopology() {
    Topology t;
    const UnitId host = t.addUnit(QStringLiteral("host"), UnitKind::Host, kNoUnit, QStringLiteral("the CPU"));
    const UnitId device = t.addUnit(QStringLiteral("fpga0"), UnitKind::Device);
    const UnitId core = t.addUnit(QStringLiteral("core"), UnitKind::Core, device);
    const UnitId mpu =
        t.addUnit(QStringLiteral("MPU"), UnitKind::Compute, core, QStringLiteral("matrix unit"));
    const UnitId hbm =
        t.addMemory(QStringLiteral("HBM"), device, 32, 256LL << 20, 460e9, QStringLiteral("stacked DRAM"));
    t.addLink(QStringLiteral("pcie"), kNoUnit, host, device, 16e9, false, QStringLiteral("host link"));
    t.addLink(QStringLiteral("noc"), core, mpu, hbm, 1.5e12);
    return t;
}

std::vector<StepLevel> sampleLevels() {
    return {{QStringLiteral("instruction"), QStringLiteral("one VLIW bundle")},
            {QStringLiteral("layer"), QStringLiteral("one decoder layer")},
            {QStringLiteral("token"), {}}};
}

// Appends `count` seeded events (and a counter sample every 4th event) to `trace`. Times grow
// with jitter, some events overlap, step changes every 1000 events, and new event types keep
// appearing so later batches carry types too.
void appendSyntheticEvents(Trace &trace, std::mt19937_64 &rng, std::size_t count, TimePs &clock) {
    const SeriesId occupancy =
        trace.counterSeries(QStringLiteral("fpga0/HBM/bank0"), QStringLiteral("bytes"));
    const SeriesId power = trace.counterSeries(QStringLiteral("power"), QStringLiteral("W"));
    std::uniform_int_distribution<int> typeDraw(0, 11);
    std::uniform_int_distribution<TimePs> gap(0, 5000);
    std::uniform_int_distribution<TimePs> length(1, 200000);
    std::uniform_int_distribution<std::uint64_t> amount(0, std::uint64_t{1} << 40);
    for (std::size_t i = 0; i < count; ++i) {
        const std::size_t index = trace.eventCount();
        if (index % 1000 == 0)
            trace.setStepIndex(static_cast<std::int64_t>(index / 1000));
        const int t = typeDraw(rng);
        const UnitId unit = t == 11 ? kNoUnit : t % 4;
        const EventTypeId type =
            trace.eventType(unit, static_cast<OpKind>(t % kOpKindCount),
                            QStringLiteral("op %1 in batch %2").arg(t).arg(index / 70000));
        clock += gap(rng);
        trace.appendEvent(type, clock, clock + length(rng), amount(rng), amount(rng));
        if (i % 4 == 0)
            trace.counter(i % 8 == 0 ? occupancy : power, clock,
                          std::ldexp(static_cast<double>(amount(rng)), -7));
    }
}

void appendFrameAndMarkers(Trace &trace, int which, TimePs clock) {
    Frame frame;
    frame.step = which;
    frame.time = clock;
    frame.kind = which == 0 ? FrameKind::Heat : FrameKind::Tokens;
    frame.name = which == 0 ? QStringLiteral("layer0/head0/attention") : QStringLiteral("tokens");
    frame.dtype = which == 0 ? DType::F32 : DType::I32;
    frame.shape = which == 0 ? std::vector<std::int64_t>{16, 16} : std::vector<std::int64_t>{64};
    const int elements = which == 0 ? 256 : 64;
    frame.data.resize(elements * 4);
    for (int i = 0; i < frame.data.size(); ++i)
        frame.data[i] = static_cast<char>((i * 37 + which) & 0xff);
    trace.frame(frame);
    for (int m = 0; m < 50; ++m)
        trace.marker(Marker{clock - 1000 * m, m % 3, which * 50 + m,
                            m % 3 == 0 ? QString() : QStringLiteral("step %1 ends").arg(m)});
}

// The first difference between two trace snapshots, or an empty string.
QString traceDifference(const TraceSnapshot &a, const TraceSnapshot &b) {
    if (a.eventCount() != b.eventCount())
        return QStringLiteral("event count %1 vs %2").arg(a.eventCount()).arg(b.eventCount());
    if (a.eventTypes().size() != b.eventTypes().size())
        return QStringLiteral("event type count differs");
    for (std::size_t i = 0; i < a.eventTypes().size(); ++i) {
        const EventType &x = a.eventTypes()[i];
        const EventType &y = b.eventTypes()[i];
        if (x.unit != y.unit || x.kind != y.kind || x.label != y.label)
            return QStringLiteral("event type %1 differs").arg(i);
    }
    for (std::size_t i = 0; i < a.eventCount(); ++i) {
        if (a.eventBegin(i) != b.eventBegin(i) || a.eventEnd(i) != b.eventEnd(i) ||
            a.eventBytes(i) != b.eventBytes(i) || a.eventFlops(i) != b.eventFlops(i) ||
            a.eventTypeId(i) != b.eventTypeId(i) || a.eventStep(i) != b.eventStep(i))
            return QStringLiteral("event %1 differs").arg(i);
    }
    if (a.series().size() != b.series().size())
        return QStringLiteral("series count differs");
    for (std::size_t i = 0; i < a.series().size(); ++i) {
        if (a.series()[i].name != b.series()[i].name || a.series()[i].unit != b.series()[i].unit)
            return QStringLiteral("series %1 differs").arg(i);
    }
    if (a.counterCount() != b.counterCount())
        return QStringLiteral("counter count %1 vs %2").arg(a.counterCount()).arg(b.counterCount());
    for (std::size_t i = 0; i < a.counterCount(); ++i) {
        if (a.counterTime(i) != b.counterTime(i) || a.counterValue(i) != b.counterValue(i) ||
            a.counterSeriesOf(i) != b.counterSeriesOf(i))
            return QStringLiteral("counter %1 differs").arg(i);
    }
    if (a.frames().size() != b.frames().size())
        return QStringLiteral("frame count differs");
    for (std::size_t i = 0; i < a.frames().size(); ++i) {
        const StoredFrame &x = *a.frames()[i];
        const StoredFrame &y = *b.frames()[i];
        if (x.step != y.step || x.time != y.time || x.kind != y.kind || x.name != y.name ||
            x.shape != y.shape || x.dtype != y.dtype || x.compressed != y.compressed ||
            x.decompressed().data != y.decompressed().data)
            return QStringLiteral("frame %1 differs").arg(i);
    }
    if (a.markers().size() != b.markers().size())
        return QStringLiteral("marker count differs");
    for (std::size_t i = 0; i < a.markers().size(); ++i) {
        const Marker &x = a.markers()[i];
        const Marker &y = b.markers()[i];
        if (x.time != y.time || x.level != y.level || x.index != y.index || x.text != y.text)
            return QStringLiteral("marker %1 differs").arg(i);
    }
    if (a.endTime() != b.endTime())
        return QStringLiteral("end time %1 vs %2").arg(a.endTime()).arg(b.endTime());
    return {};
}

RunInfo sampleInfo() {
    RunInfo info;
    info.pluginId = QStringLiteral("sample_npu");
    info.pluginVersion = QStringLiteral("1.2.0");
    info.preset = QStringLiteral("paper");
    info.params = QJsonObject{{QStringLiteral("batch"), 8},
                              {QStringLiteral("model"), QStringLiteral("gpt2")},
                              {QStringLiteral("clock_mhz"), 200.5}};
    info.seed = 0x8000000000000005ULL;  // above INT64_MAX: must survive the signed column
    info.dataSource = QStringLiteral("seeded synthetic GPT-2 weights");
    return info;
}

// Records a run of `events` synthetic events into `path` in three batches and returns the
// recorded snapshot.
TraceSnapshot recordRun(const QString &path, std::size_t events, RunId *runOut = nullptr) {
    RunStore store(path);
    RunInfo info = sampleInfo();
    const RunId run = store.beginRun(info, sampleTopology(), sampleLevels());
    Trace trace;
    std::mt19937_64 rng(20261128);
    TimePs clock = 0;
    TraceCursor cursor;
    const std::size_t firstBatch = events * 7 / 20;  // partial chunks on purpose
    appendSyntheticEvents(trace, rng, firstBatch, clock);
    appendFrameAndMarkers(trace, 0, clock);
    trace.publish();
    store.appendTrace(run, trace.snapshot(), cursor);
    appendSyntheticEvents(trace, rng, events / 2 - firstBatch, clock);
    trace.publish();
    store.appendTrace(run, trace.snapshot(), cursor);
    store.appendTrace(run, trace.snapshot(), cursor);  // nothing new: writes nothing twice
    appendSyntheticEvents(trace, rng, events - events / 2, clock);
    appendFrameAndMarkers(trace, 1, clock);
    trace.publish();
    store.appendTrace(run, trace.snapshot(), cursor);
    store.finishRun(
        run, RunStatus::Complete,
        {Metric{QStringLiteral("latency_ms"), 12.5, QStringLiteral("ms"), QStringLiteral("end to end")}}, {});
    if (runOut)
        *runOut = run;
    return trace.snapshot();
}

// The version-1 schema exactly as the first release created it: files in the wild look like this.
constexpr const char *kVersion1File = R"sql(
PRAGMA application_id = 1095975760;
CREATE TABLE session (id INTEGER PRIMARY KEY CHECK (id = 1), created_at TEXT NOT NULL, app_version TEXT NOT NULL);
CREATE TABLE runs (id INTEGER PRIMARY KEY, plugin_id TEXT NOT NULL, plugin_version TEXT NOT NULL,
    preset TEXT NOT NULL DEFAULT '', params_json TEXT NOT NULL, seed INTEGER NOT NULL,
    data_source TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL CHECK (status IN ('running', 'complete', 'failed', 'interrupted', 'cancelled')),
    error TEXT NOT NULL DEFAULT '', started_at TEXT NOT NULL, finished_at TEXT,
    event_count INTEGER NOT NULL DEFAULT 0, simulated_end_ps INTEGER NOT NULL DEFAULT 0,
    writer_pid INTEGER, writer_host TEXT);
CREATE INDEX runs_by_plugin ON runs (plugin_id, started_at);
CREATE INDEX runs_by_status ON runs (status);
CREATE TABLE units (run_id INTEGER NOT NULL REFERENCES runs (id), unit_id INTEGER NOT NULL, name TEXT NOT NULL,
    kind TEXT NOT NULL, parent INTEGER, path TEXT NOT NULL, doc TEXT NOT NULL DEFAULT '', PRIMARY KEY (run_id, unit_id));
CREATE TABLE memories (run_id INTEGER NOT NULL REFERENCES runs (id), unit_id INTEGER NOT NULL, banks INTEGER NOT NULL,
    bank_capacity_bytes INTEGER NOT NULL, bytes_per_second REAL NOT NULL, PRIMARY KEY (run_id, unit_id));
CREATE TABLE links (run_id INTEGER NOT NULL REFERENCES runs (id), unit_id INTEGER NOT NULL, from_unit INTEGER,
    to_unit INTEGER, bytes_per_second REAL NOT NULL, bidirectional INTEGER NOT NULL, PRIMARY KEY (run_id, unit_id));
CREATE TABLE step_levels (run_id INTEGER NOT NULL REFERENCES runs (id), level INTEGER NOT NULL, name TEXT NOT NULL,
    doc TEXT NOT NULL DEFAULT '', PRIMARY KEY (run_id, level));
CREATE TABLE event_types (run_id INTEGER NOT NULL REFERENCES runs (id), type_id INTEGER NOT NULL, unit_id INTEGER,
    op_kind TEXT NOT NULL, label TEXT NOT NULL, PRIMARY KEY (run_id, type_id));
CREATE TABLE counter_series (run_id INTEGER NOT NULL REFERENCES runs (id), series_id INTEGER NOT NULL,
    name TEXT NOT NULL, unit TEXT NOT NULL, PRIMARY KEY (run_id, series_id));
CREATE TABLE markers (run_id INTEGER NOT NULL REFERENCES runs (id), seq INTEGER NOT NULL, time_ps INTEGER NOT NULL,
    level INTEGER NOT NULL, idx INTEGER NOT NULL, text TEXT NOT NULL, PRIMARY KEY (run_id, seq));
CREATE INDEX markers_by_time ON markers (run_id, time_ps);
CREATE TABLE metrics (run_id INTEGER NOT NULL REFERENCES runs (id), seq INTEGER NOT NULL, name TEXT NOT NULL,
    value REAL NOT NULL, unit TEXT NOT NULL, doc TEXT NOT NULL DEFAULT '', PRIMARY KEY (run_id, seq));
CREATE INDEX metrics_by_name ON metrics (name, run_id);
CREATE TABLE baselines (run_id INTEGER NOT NULL REFERENCES runs (id), baseline_idx INTEGER NOT NULL,
    device TEXT NOT NULL, count INTEGER NOT NULL, label TEXT NOT NULL, metric_idx INTEGER NOT NULL, metric TEXT,
    value REAL, unit TEXT, doc TEXT, PRIMARY KEY (run_id, baseline_idx, metric_idx));
CREATE TABLE claims (run_id INTEGER NOT NULL REFERENCES runs (id), seq INTEGER NOT NULL, claim_id TEXT NOT NULL,
    statement TEXT NOT NULL, metric TEXT NOT NULL, unit TEXT NOT NULL DEFAULT '',
    presets_json TEXT NOT NULL DEFAULT '[]', aggregate TEXT NOT NULL DEFAULT 'single', paper_value REAL NOT NULL,
    range_low REAL, range_high REAL, tolerance REAL NOT NULL, model_value REAL NOT NULL,
    relative_error REAL NOT NULL, pass INTEGER NOT NULL, source_tag TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '', detail TEXT NOT NULL DEFAULT '', PRIMARY KEY (run_id, seq));
CREATE INDEX claims_by_id ON claims (claim_id, run_id);
CREATE TABLE frames (run_id INTEGER NOT NULL REFERENCES runs (id), idx INTEGER NOT NULL, step INTEGER NOT NULL,
    time_ps INTEGER NOT NULL, kind TEXT NOT NULL, name TEXT NOT NULL, shape_json TEXT NOT NULL, dtype TEXT NOT NULL,
    data BLOB NOT NULL, PRIMARY KEY (run_id, idx));
CREATE INDEX frames_by_time ON frames (run_id, time_ps);
CREATE TABLE event_chunks (run_id INTEGER NOT NULL REFERENCES runs (id), chunk_index INTEGER NOT NULL,
    first_event INTEGER NOT NULL, count INTEGER NOT NULL, t_begin_min INTEGER NOT NULL, t_end_max INTEGER NOT NULL,
    begin_ps BLOB NOT NULL, duration_ps BLOB NOT NULL, bytes BLOB NOT NULL, flops BLOB NOT NULL,
    type_id BLOB NOT NULL, step BLOB NOT NULL, PRIMARY KEY (run_id, chunk_index));
CREATE INDEX event_chunks_by_time ON event_chunks (run_id, t_begin_min, t_end_max);
CREATE TABLE counter_chunks (run_id INTEGER NOT NULL REFERENCES runs (id), chunk_index INTEGER NOT NULL,
    first_counter INTEGER NOT NULL, count INTEGER NOT NULL, t_min INTEGER NOT NULL, t_max INTEGER NOT NULL,
    time_ps BLOB NOT NULL, value BLOB NOT NULL, series_id BLOB NOT NULL, PRIMARY KEY (run_id, chunk_index));
INSERT INTO session VALUES (1, '2026-01-05T10:00:00.000Z', '0.1.0');
INSERT INTO runs VALUES (1, 'sample_npu', '0.9.0', 'paper', '{"batch":4}', 42, 'seeded synthetic weights',
    'complete', '', '2026-01-05T10:00:01.000Z', '2026-01-05T10:00:02.500Z', 3, 1000, 4242, 'old-host');
INSERT INTO units VALUES (1, 0, 'fpga0', 'device', NULL, 'fpga0', ''), (1, 1, 'MPU', 'compute', 0, 'fpga0/MPU', 'matrix');
INSERT INTO step_levels VALUES (1, 0, 'instruction', ''), (1, 1, 'layer', '');
INSERT INTO event_types VALUES (1, 0, 1, 'matrix', 'GEMM'), (1, 1, NULL, 'control', 'issue');
INSERT INTO metrics VALUES (1, 0, 'latency_ms', 2.5, 'ms', 'end to end');
PRAGMA user_version = 1;
)sql";

// Encodes one column the way docs/schema.md says: raw little-endian array, then qCompress.
template <typename T>
QByteArray encodeColumn(std::vector<T> values) {
    return qCompress(QByteArray(reinterpret_cast<const char *>(values.data()),
                                static_cast<qsizetype>(values.size() * sizeof(T))),
                     1);
}

bool messageHas(const StoreError &error, const QString &fragment) {
    return error.message().contains(fragment, Qt::CaseInsensitive);
}

}  // namespace

class TestRunStore : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void createsFileAndFolder();
    void roundTripsTraceAcrossChunks();
    void readsTraceBlockByBlock();
    void eventCountAgreesWithChunksAndDocumentedEncoding();
    void roundTripsRunRecord();
    void roundTripsProvenanceAndSweeps();
    void upgradesVersion1File();
    void readsVersion1FileReadOnlyWithoutChangingIt();
    void emptyFileBecomesSessionOnlyForWriting();
    void damagedChunkIsReportedOnLoad();
    void refusesBadFiles_data();
    void refusesBadFiles();
    void refusesMissingFileReadOnly();
    void refusesWritingReadOnlyFileOrFolder();
    void marksDeadWritersInterrupted();
    void diskFullKeepsEarlierRuns();
    void lockedFileGivesClearError();
    void concurrentFirstOpensAllRecord();
    void unknownRunIsAnError();
    void defaultSessionPathIsInAppData();
    void saveCopyHoldsEveryRunAndRefusesExistingFile();
};

void TestRunStore::createsFileAndFolder() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("nested/deeper/session.ascope"));
    {
        RunStore store(path);
        QCOMPARE(store.schemaVersion(), RunStore::kSchemaVersion);
        QVERIFY(store.runs().empty());
    }
    QVERIFY(QFile::exists(path));
    RawDb raw(path);
    QCOMPARE(raw.scalar("PRAGMA application_id"), std::int64_t{0x41534350});
    QCOMPARE(raw.scalar("PRAGMA user_version"), std::int64_t{3});
    QCOMPARE(raw.scalar("SELECT count(*) FROM session"), std::int64_t{1});
    QCOMPARE(raw.scalar("SELECT count(*) FROM pragma_journal_mode WHERE journal_mode = 'wal'"),
             std::int64_t{1});
}

void TestRunStore::roundTripsTraceAcrossChunks() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("s.ascope"));
    RunId run = 0;
    const TraceSnapshot recorded = recordRun(path, 200000, &run);
    QVERIFY(recorded.eventTypes().size() > 12);  // types were added in later batches too
    QVERIFY(recorded.counterCount() > detail::kChunkSize / 2);

    const RunStore store(path, RunStore::Mode::ReadOnly);
    const std::unique_ptr<Trace> loaded = store.loadTrace(run);
    const QString difference = traceDifference(recorded, loaded->snapshot());
    QVERIFY2(difference.isEmpty(), qPrintable(difference));

    const std::vector<RunInfo> runs = store.runs();
    QCOMPARE(runs.size(), std::size_t{1});
    QCOMPARE(runs[0].eventCount, std::int64_t{200000});
    QCOMPARE(runs[0].simulatedEndPs, recorded.endTime());
    QCOMPARE(toString(runs[0].status), toString(RunStatus::Complete));
}

void TestRunStore::readsTraceBlockByBlock() {
    // Exports read a run in pieces; the pieces put together are the recorded trace.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("s.ascope"));
    RunId run = 0;
    const TraceSnapshot recorded = recordRun(path, 150000, &run);
    const TraceBlockReader store(path);
    const TraceTables tables = store.loadTables(run);
    QCOMPARE(tables.eventTypes.size(), recorded.eventTypes().size());
    QCOMPARE(tables.series.size(), recorded.series().size());
    QCOMPARE(tables.markers.size(), recorded.markers().size());
    for (std::size_t t = 0; t < tables.eventTypes.size(); ++t)
        QCOMPARE(tables.eventTypes[t].label, recorded.eventType(static_cast<EventTypeId>(t)).label);
    std::size_t next = 0, blocks = 0, mismatches = 0;
    store.forEachEventBlock(run, [&](const EventBlock &block) {
        QVERIFY(block.size() <= detail::kChunkSize);
        mismatches += block.first != next ? 1 : 0;
        for (std::size_t k = 0; k < block.size(); ++k, ++next) {
            mismatches += block.begin[k] != recorded.eventBegin(next) || block.end[k] != recorded.eventEnd(next) ||
                                  block.bytes[k] != recorded.eventBytes(next) ||
                                  block.flops[k] != recorded.eventFlops(next) ||
                                  block.type[k] != recorded.eventTypeId(next) || block.step[k] != recorded.eventStep(next)
                              ? 1
                              : 0;
        }
        ++blocks;
    });
    QCOMPARE(next, recorded.eventCount());
    QCOMPARE(mismatches, std::size_t{0});
    QVERIFY(blocks > 2);
    std::size_t counters = 0;
    store.forEachCounterBlock(run, [&](const CounterBlock &block) {
        for (std::size_t k = 0; k < block.size(); ++k, ++counters) {
            mismatches += block.time[k] != recorded.counterTime(counters) ||
                                  block.value[k] != recorded.counterValue(counters) ||
                                  block.series[k] != recorded.counterSeriesOf(counters)
                              ? 1
                              : 0;
        }
    });
    QCOMPARE(counters, recorded.counterCount());
    QCOMPARE(mismatches, std::size_t{0});
    // A run the file does not have is named.
    try {
        store.forEachEventBlock(run + 1, [](const EventBlock &) {});
        QFAIL("read an unknown run");
    } catch (const StoreError &e) {
        QVERIFY2(e.message().contains(QStringLiteral("has no run %1").arg(run + 1)), qPrintable(e.message()));
    }
}

void TestRunStore::eventCountAgreesWithChunksAndDocumentedEncoding() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("s.ascope"));
    RunId run = 0;
    const TraceSnapshot recorded = recordRun(path, 150000, &run);

    RawDb raw(path);
    const QByteArray id = QByteArray::number(static_cast<qlonglong>(run));
    QCOMPARE(raw.scalar("SELECT event_count FROM runs WHERE id = " + id), std::int64_t{150000});
    QCOMPARE(raw.scalar("SELECT sum(count) FROM event_chunks WHERE run_id = " + id), std::int64_t{150000});
    QVERIFY(raw.scalar("SELECT max(count) FROM event_chunks WHERE run_id = " + id) <= 65536);

    // Decode the second chunk by hand, as docs/schema.md tells a user to.
    const std::int64_t first =
        raw.scalar("SELECT first_event FROM event_chunks WHERE run_id = " + id + " AND chunk_index = 1");
    const std::int64_t count =
        raw.scalar("SELECT count FROM event_chunks WHERE run_id = " + id + " AND chunk_index = 1");
    const QByteArray beginDeltas =
        qUncompress(raw.blob("SELECT begin_ps FROM event_chunks WHERE chunk_index = 1"));
    const QByteArray durations =
        qUncompress(raw.blob("SELECT duration_ps FROM event_chunks WHERE chunk_index = 1"));
    QCOMPARE(beginDeltas.size(), count * 8);
    std::int64_t begin = 0;
    for (std::int64_t k = 0; k < count; ++k) {
        std::int64_t delta = 0;
        std::int64_t duration = 0;
        std::memcpy(&delta, beginDeltas.constData() + k * 8, 8);
        std::memcpy(&duration, durations.constData() + k * 8, 8);
        begin += delta;
        const auto i = static_cast<std::size_t>(first + k);
        QCOMPARE(begin, recorded.eventBegin(i));
        QCOMPARE(begin + duration, recorded.eventEnd(i));
    }
    QCOMPARE(raw.scalar("SELECT sum(count) FROM counter_chunks WHERE run_id = " + id),
             static_cast<std::int64_t>(recorded.counterCount()));
}

void TestRunStore::roundTripsRunRecord() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("s.ascope"));
    const Topology topology = sampleTopology();
    RunInfo info = sampleInfo();
    const std::vector<Metric> metrics = {
        {QStringLiteral("latency_ms"), 12.25, QStringLiteral("ms"), QStringLiteral("end to end")},
        {QStringLiteral("tokens_per_s"), 1e9 / 7, QStringLiteral("tokens/s"), {}},
    };
    const std::vector<BaselineResult> baselines = {
        {QStringLiteral("v100"),
         4,
         QStringLiteral("4x V100"),
         {{QStringLiteral("latency_ms"), 68.4, QStringLiteral("ms"), {}},
          {QStringLiteral("energy_j"), 3.5, QStringLiteral("J"), QStringLiteral("board power")}}},
        {QStringLiteral("a100"), 1, QStringLiteral("A100"), {}},
        {QStringLiteral("v100"),
         1,
         QStringLiteral("1x V100"),
         {{QStringLiteral("latency_ms"), 200, QStringLiteral("ms"), {}}}},
    };
    ClaimResult pointClaim;
    pointClaim.claim = Claim{QStringLiteral("speedup_vs_4x_v100"),
                             QStringLiteral("5.58x over 4 x V100"),
                             QStringLiteral("speedup_vs_4x_v100"),
                             {QStringLiteral("paper"), QStringLiteral("long")},
                             Aggregate::GeoMean,
                             5.58,
                             std::nullopt,
                             std::nullopt,
                             0.2,
                             QStringLiteral("x"),
                             QStringLiteral("[V]"),
                             QStringLiteral("GPT-2 mix")};
    pointClaim.modelValue = 5.1;
    pointClaim.relativeError = (5.1 - 5.58) / 5.58;
    pointClaim.pass = true;
    pointClaim.detail = QStringLiteral("paper: 5.3, long: 4.9");
    ClaimResult rangeClaim;
    rangeClaim.claim = Claim{QStringLiteral("energy_ratio"),
                             QStringLiteral("3-5x less energy"),
                             QStringLiteral("energy_ratio"),
                             {QStringLiteral("paper")},
                             Aggregate::Single,
                             4.0,
                             3.0,
                             5.0,
                             0.2,
                             {},
                             QStringLiteral("[S]"),
                             {}};
    rangeClaim.modelValue = 6.0;
    rangeClaim.relativeError = 0.2;
    rangeClaim.pass = false;
    RunId run = 0;
    {
        RunStore store(path);
        run = store.beginRun(info, topology, sampleLevels());
        QCOMPARE(info.id, run);
        QVERIFY(info.startedAt.isValid());
        store.finishRun(run, RunStatus::Failed, metrics, baselines,
                        QStringLiteral("bank conflict at step 3"));
        store.recordClaims(run, {pointClaim, rangeClaim});
        store.setNotes(run, QStringLiteral("compare with the 8-bank preset"));
        store.setUiState(QStringLiteral("timeline"), QJsonObject{{QStringLiteral("cursor_ps"), 123456}});
    }
    const RunStore store(path, RunStore::Mode::ReadOnly);
    const RunRecord record = store.loadRun(run);
    QCOMPARE(record.info.pluginId, info.pluginId);
    QCOMPARE(record.info.pluginVersion, info.pluginVersion);
    QCOMPARE(record.info.preset, info.preset);
    QCOMPARE(record.info.params, info.params);
    QCOMPARE(record.info.seed, info.seed);
    QCOMPARE(record.info.dataSource, info.dataSource);
    QCOMPARE(toString(record.info.status), toString(RunStatus::Failed));
    QCOMPARE(record.info.error, QStringLiteral("bank conflict at step 3"));
    QCOMPARE(record.info.startedAt, info.startedAt);
    QVERIFY(record.info.finishedAt >= record.info.startedAt);
    QCOMPARE(record.info.notes, QStringLiteral("compare with the 8-bank preset"));

    QCOMPARE(record.topology.toJson(), topology.toJson());
    QCOMPARE(record.topology.path(3), QStringLiteral("fpga0/core/MPU"));
    QCOMPARE(record.stepLevels.size(), sampleLevels().size());
    for (std::size_t i = 0; i < record.stepLevels.size(); ++i) {
        QCOMPARE(record.stepLevels[i].name, sampleLevels()[i].name);
        QCOMPARE(record.stepLevels[i].doc, sampleLevels()[i].doc);
    }
    QCOMPARE(record.metrics.size(), metrics.size());
    for (std::size_t i = 0; i < metrics.size(); ++i) {
        QCOMPARE(record.metrics[i].name, metrics[i].name);
        QCOMPARE(record.metrics[i].value, metrics[i].value);
        QCOMPARE(record.metrics[i].unit, metrics[i].unit);
        QCOMPARE(record.metrics[i].doc, metrics[i].doc);
    }
    QCOMPARE(record.baselines.size(), baselines.size());
    for (std::size_t b = 0; b < baselines.size(); ++b) {
        QCOMPARE(record.baselines[b].device, baselines[b].device);
        QCOMPARE(record.baselines[b].count, baselines[b].count);
        QCOMPARE(record.baselines[b].label, baselines[b].label);
        QCOMPARE(record.baselines[b].metrics.size(), baselines[b].metrics.size());
        for (std::size_t m = 0; m < baselines[b].metrics.size(); ++m) {
            QCOMPARE(record.baselines[b].metrics[m].name, baselines[b].metrics[m].name);
            QCOMPARE(record.baselines[b].metrics[m].value, baselines[b].metrics[m].value);
            QCOMPARE(record.baselines[b].metrics[m].doc, baselines[b].metrics[m].doc);
        }
    }
    QCOMPARE(record.claims.size(), std::size_t{2});
    for (std::size_t i = 0; i < 2; ++i) {
        const ClaimResult &want = i == 0 ? pointClaim : rangeClaim;
        const ClaimResult &got = record.claims[i];
        QCOMPARE(got.claim.id, want.claim.id);
        QCOMPARE(got.claim.statement, want.claim.statement);
        QCOMPARE(got.claim.metric, want.claim.metric);
        QCOMPARE(got.claim.presets, want.claim.presets);
        QCOMPARE(toString(got.claim.aggregate), toString(want.claim.aggregate));
        QCOMPARE(got.claim.paperValue, want.claim.paperValue);
        QCOMPARE(got.claim.rangeLow, want.claim.rangeLow);
        QCOMPARE(got.claim.rangeHigh, want.claim.rangeHigh);
        QCOMPARE(got.claim.tolerance, want.claim.tolerance);
        QCOMPARE(got.claim.unit, want.claim.unit);
        QCOMPARE(got.claim.sourceTag, want.claim.sourceTag);
        QCOMPARE(got.claim.note, want.claim.note);
        QCOMPARE(got.modelValue, want.modelValue);
        QCOMPARE(got.relativeError, want.relativeError);
        QCOMPARE(got.pass, want.pass);
        QCOMPARE(got.detail, want.detail);
    }
    QCOMPARE(store.uiState(QStringLiteral("timeline")).value(),
             (QJsonObject{{QStringLiteral("cursor_ps"), 123456}}));
    QVERIFY(!store.uiState(QStringLiteral("masks")).has_value());
}

void TestRunStore::roundTripsProvenanceAndSweeps() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("provenance.ascope"));
    RunStore store(path);
    SweepInfo sweep;
    sweep.pluginId = QStringLiteral("sample_npu");
    sweep.preset = QStringLiteral("paper");
    sweep.axes = QJsonObject{{QStringLiteral("batch"), QJsonArray{QStringLiteral("1"), QStringLiteral("8")}}};
    sweep.seed = 7;
    const std::int64_t sweepId = store.createSweep(sweep);
    QVERIFY(sweepId > 0);
    QVERIFY(sweep.createdAt.isValid());

    Topology topology;
    RunInfo point;
    point.pluginId = QStringLiteral("sample_npu");
    point.pluginVersion = QStringLiteral("1.0");
    point.traceRecorded = false;
    point.sweepId = sweepId;
    point.sweepPoint = 1;
    point.originFile = QStringLiteral("node-07.ascope");
    point.originRunId = 12;
    store.beginRun(point, topology, {});
    RunInfo imported;
    imported.pluginId = QStringLiteral("chrome-trace");
    imported.pluginVersion = QStringLiteral("1");
    imported.importedFrom = QStringLiteral("trace <&> \"quoted\".json");
    store.beginRun(imported, topology, {});

    const std::vector<RunInfo> runs = store.runs();
    QCOMPARE(runs.size(), std::size_t{2});
    QVERIFY(!runs[0].traceRecorded);
    QCOMPARE(runs[0].sweepId, sweepId);
    QCOMPARE(runs[0].sweepPoint, 1);
    QCOMPARE(runs[0].originFile, QStringLiteral("node-07.ascope"));
    QCOMPARE(runs[0].originRunId, std::int64_t{12});
    QVERIFY(!runs[0].isImported());
    QVERIFY(runs[1].isImported());
    QCOMPARE(runs[1].importedFrom, imported.importedFrom);
    QVERIFY(runs[1].traceRecorded);
    QCOMPARE(runs[1].sweepId, std::int64_t{0});
    QCOMPARE(runs[1].sweepPoint, -1);

    const std::vector<SweepInfo> sweeps = store.sweeps();
    QCOMPARE(sweeps.size(), std::size_t{1});
    QCOMPARE(sweeps[0].id, sweepId);
    QCOMPARE(sweeps[0].pluginId, QStringLiteral("sample_npu"));
    QCOMPARE(sweeps[0].preset, QStringLiteral("paper"));
    QCOMPARE(sweeps[0].axes, sweep.axes);
    QCOMPARE(sweeps[0].seed, std::uint64_t{7});
    QVERIFY(sweeps[0].originFile.isEmpty());
    QCOMPARE(sweeps[0].originSweepId, std::int64_t{0});
}

void TestRunStore::upgradesVersion1File() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("old.ascope"));
    {
        RawDb raw(path);
        raw.exec(kVersion1File);
        // Three events and two counter samples, encoded by hand as documented.
        raw.exec("CREATE TEMP TABLE b (k TEXT, v BLOB)");
        auto put = [&](const char *key, const QByteArray &blob) {
            raw.execWithBlob(QByteArray("INSERT INTO b VALUES ('").append(key).append("', ?1)").constData(),
                             blob);
        };
        put("begin", encodeColumn<std::int64_t>({100, 150, 150}));
        put("duration", encodeColumn<std::int64_t>({100, 50, 600}));
        put("bytes", encodeColumn<std::uint64_t>({64, 0, 128}));
        put("flops", encodeColumn<std::uint64_t>({0, 10, 20}));
        put("type", encodeColumn<std::uint32_t>({0, 1, 0}));
        put("step", encodeColumn<std::uint32_t>({0, 0, 1}));
        raw.exec(
            "INSERT INTO event_chunks SELECT 1, 0, 0, 3, 100, 1000, (SELECT v FROM b WHERE k='begin'), "
            "(SELECT v FROM b WHERE k='duration'), (SELECT v FROM b WHERE k='bytes'), "
            "(SELECT v FROM b WHERE k='flops'), (SELECT v FROM b WHERE k='type'), (SELECT v FROM b WHERE "
            "k='step')");
    }
    {
        RawDb raw(path);
        QCOMPARE(raw.scalar("PRAGMA user_version"), std::int64_t{1});
    }
    {
        RunStore store(path);
        QCOMPARE(store.schemaVersion(), 3);
        store.setNotes(1, QStringLiteral("kept from 0.1"));
        store.setUiState(QStringLiteral("open_views"), QJsonObject{{QStringLiteral("timeline"), true}});
    }
    RawDb raw(path);
    QCOMPARE(raw.scalar("PRAGMA user_version"), std::int64_t{3});
    QCOMPARE(raw.scalar("SELECT count(*) FROM ui_state"), std::int64_t{1});
    QCOMPARE(raw.scalar("SELECT count(*) FROM sweeps"), std::int64_t{0});

    const RunStore store(path, RunStore::Mode::ReadOnly);
    const RunRecord record = store.loadRun(1);
    // A run recorded before version 3 was recorded here, with its trace, in no sweep.
    QVERIFY(!record.info.isImported());
    QVERIFY(record.info.traceRecorded);
    QCOMPARE(record.info.sweepId, std::int64_t{0});
    QCOMPARE(record.info.sweepPoint, -1);
    QVERIFY(record.info.originFile.isEmpty());
    QCOMPARE(record.info.originRunId, std::int64_t{0});
    QCOMPARE(record.info.pluginVersion, QStringLiteral("0.9.0"));
    QCOMPARE(record.info.params.value(QStringLiteral("batch")).toInt(), 4);
    QCOMPARE(record.info.seed, std::uint64_t{42});
    QCOMPARE(toString(record.info.status), toString(RunStatus::Complete));
    QCOMPARE(record.info.eventCount, std::int64_t{3});
    QCOMPARE(record.info.finishedAt, QDateTime(QDate(2026, 1, 5), QTime(10, 0, 2, 500), Qt::UTC));
    QCOMPARE(record.info.notes, QStringLiteral("kept from 0.1"));
    QCOMPARE(record.topology.path(1), QStringLiteral("fpga0/MPU"));
    QCOMPARE(record.metrics.size(), std::size_t{1});
    QCOMPARE(record.metrics[0].value, 2.5);

    const TraceSnapshot trace = store.loadTrace(1)->snapshot();
    QCOMPARE(trace.eventCount(), std::size_t{3});
    QCOMPARE(trace.eventBegin(2), TimePs{400});
    QCOMPARE(trace.eventEnd(2), TimePs{1000});
    QCOMPARE(trace.eventBytes(2), std::uint64_t{128});
    QCOMPARE(trace.eventStep(2), std::uint32_t{1});
    QCOMPARE(trace.event(1).label, QStringLiteral("issue"));
    QCOMPARE(trace.event(1).unit, kNoUnit);
    QCOMPARE(toString(trace.event(0).kind), toString(OpKind::Matrix));
}

void TestRunStore::readsVersion1FileReadOnlyWithoutChangingIt() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("old.ascope"));
    {
        RawDb raw(path);
        raw.exec(kVersion1File);
    }
    const QByteArray before = fileHash(path);
    {
        const RunStore store(path, RunStore::Mode::ReadOnly);
        QCOMPARE(store.schemaVersion(), 1);
        QCOMPARE(store.runs().size(), std::size_t{1});
        QCOMPARE(store.runs()[0].pluginId, QStringLiteral("sample_npu"));
        QVERIFY(store.runs()[0].notes.isEmpty());
        QVERIFY(!store.uiState(QStringLiteral("timeline")).has_value());
    }
    QCOMPARE(fileHash(path), before);
}

void TestRunStore::emptyFileBecomesSessionOnlyForWriting() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("empty.ascope"));
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
    }
    try {
        RunStore store(path, RunStore::Mode::ReadOnly);
        QFAIL("an empty file is not a session to read");
    } catch (const StoreError &error) {
        QVERIFY2(messageHas(error, QStringLiteral("empty")), qPrintable(error.message()));
    }
    QCOMPARE(QFileInfo(path).size(), qint64{0});
    RunStore store(path);
    QCOMPARE(store.schemaVersion(), RunStore::kSchemaVersion);
}

void TestRunStore::damagedChunkIsReportedOnLoad() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("s.ascope"));
    RunId run = 0;
    recordRun(path, 150000, &run);
    {
        RawDb raw(path);
        raw.execWithBlob("UPDATE event_chunks SET duration_ps = ?1 WHERE chunk_index = 2",
                         QByteArray("not zlib at all"));
    }
    const RunStore store(path, RunStore::Mode::ReadOnly);
    QCOMPARE(store.loadRun(run).info.eventCount, std::int64_t{150000});  // the rest of the run still reads
    try {
        store.loadTrace(run);
        QFAIL("a damaged chunk must not load silently");
    } catch (const StoreError &error) {
        QVERIFY2(
            messageHas(error, QStringLiteral("corrupt")) && messageHas(error, QStringLiteral("duration_ps")),
            qPrintable(error.message()));
    }
}

void TestRunStore::refusesBadFiles_data() {
    QTest::addColumn<QString>("damage");
    for (const QString &kind : test::damageKinds())
        QTest::newRow(qPrintable(kind)) << kind;
}

void TestRunStore::refusesBadFiles() {
    QFETCH(QString, damage);
    const QString expected = test::damageMessage(damage);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("bad.ascope"));
    QVERIFY(test::writeDamagedSession(path, damage));
    const QByteArray before = fileHash(path);
    QVERIFY(!before.isEmpty());
    for (const RunStore::Mode mode : {RunStore::Mode::ReadWrite, RunStore::Mode::ReadOnly}) {
        try {
            RunStore store(path, mode);
            QFAIL("opening a damaged file must fail");
        } catch (const StoreError &error) {
            QVERIFY2(messageHas(error, expected), qPrintable(error.message()));
            QVERIFY2(error.message().contains(path), qPrintable(error.message()));
        }
        QCOMPARE(fileHash(path), before);
    }
}

void TestRunStore::refusesMissingFileReadOnly() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("missing.ascope"));
    try {
        RunStore store(path, RunStore::Mode::ReadOnly);
        QFAIL("a missing file must not open read-only");
    } catch (const StoreError &error) {
        QVERIFY2(messageHas(error, QStringLiteral("does not exist")), qPrintable(error.message()));
        QVERIFY(error.message().contains(path));
    }
    QVERIFY(!QFile::exists(path));
}

void TestRunStore::refusesWritingReadOnlyFileOrFolder() {
    QTemporaryDir dir;
    const QString folder = dir.filePath(QStringLiteral("archive"));
    const QString path = folder + QStringLiteral("/s.ascope");
    recordRun(path, 1000);
    const QByteArray before = fileHash(path);

    QVERIFY(QFile::setPermissions(path, QFile::ReadOwner | QFile::ReadGroup | QFile::ReadOther));
    try {
        RunStore store(path);
        QFAIL("a read-only file must not open for writing");
    } catch (const StoreError &error) {
        QVERIFY2(messageHas(error, QStringLiteral("read-only")), qPrintable(error.message()));
        QVERIFY2(messageHas(error, QStringLiteral("Open it read-only")), qPrintable(error.message()));
    }
    {
        const RunStore store(path, RunStore::Mode::ReadOnly);  // still viewable
        QCOMPARE(store.runs().size(), std::size_t{1});
        QCOMPARE(store.runs()[0].eventCount, std::int64_t{1000});
    }
    QVERIFY(QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner));
    QVERIFY(QFile::setPermissions(folder, QFile::ReadOwner | QFile::ExeOwner));
    try {
        RunStore store(path);
        QFAIL("a file in a read-only folder must not open for writing");
    } catch (const StoreError &error) {
        QVERIFY2(
            messageHas(error, QStringLiteral("folder")) && messageHas(error, QStringLiteral("read-only")),
            qPrintable(error.message()));
    }
    QVERIFY(QFile::setPermissions(folder, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    QCOMPARE(fileHash(path), before);
}

void TestRunStore::marksDeadWritersInterrupted() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("s.ascope"));
    // A pid that surely is gone: a child that has exited and been reaped.
    const pid_t child = fork();
    if (child == 0)
        _exit(0);
    QVERIFY(child > 0);
    waitpid(child, nullptr, 0);

    RunId crashed = 0, live = 0, remote = 0;
    {
        RunStore store(path);
        RunInfo a = sampleInfo(), b = sampleInfo(), c = sampleInfo();
        crashed = store.beginRun(a, sampleTopology(), sampleLevels());
        live = store.beginRun(b, sampleTopology(), sampleLevels());
        remote = store.beginRun(c, sampleTopology(), sampleLevels());
    }
    {
        RawDb raw(path);
        raw.exec(QByteArray("UPDATE runs SET writer_pid = " + QByteArray::number(child) + " WHERE id IN (" +
                            QByteArray::number(static_cast<qlonglong>(crashed)) + ", " +
                            QByteArray::number(static_cast<qlonglong>(remote)) + ")")
                     .constData());
        raw.exec(QByteArray("UPDATE runs SET writer_host = 'another-machine' WHERE id = " +
                            QByteArray::number(static_cast<qlonglong>(remote)))
                     .constData());
    }
    {
        // A reader reports the dead writer's run as interrupted but never changes the file.
        const RunStore reader(path, RunStore::Mode::ReadOnly);
        QCOMPARE(toString(reader.loadRun(crashed).info.status), toString(RunStatus::Interrupted));
        QCOMPARE(toString(reader.runs().front().status), toString(RunStatus::Interrupted));
        QCOMPARE(toString(reader.loadRun(remote).info.status), toString(RunStatus::Running));
        RawDb raw(path);
        QCOMPARE(raw.scalar("SELECT count(*) FROM runs WHERE status = 'running'"), std::int64_t{3});
    }
    const RunStore store(path);
    const RunRecord crashedRecord = store.loadRun(crashed);
    QCOMPARE(toString(crashedRecord.info.status), toString(RunStatus::Interrupted));
    QVERIFY(!crashedRecord.info.error.isEmpty());
    QCOMPARE(toString(store.loadRun(live).info.status),
             toString(RunStatus::Running));  // its writer (this process) lives
    QCOMPARE(toString(store.loadRun(remote).info.status),
             toString(RunStatus::Running));  // cannot check another host
}

void TestRunStore::diskFullKeepsEarlierRuns() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("s.ascope"));
    RunId first = 0;
    const TraceSnapshot firstTrace = recordRun(path, 70000, &first);
    std::int64_t pages = 0;
    {
        RawDb raw(path);
        pages = raw.scalar("PRAGMA page_count");
    }
    RunId second = 0;
    {
        RunStore store(path);
        store.setMaxPageCountForTesting(pages + 16);
        RunInfo info = sampleInfo();
        second = store.beginRun(info, sampleTopology(), sampleLevels());
        Trace trace;
        std::mt19937_64 rng(99);
        TimePs clock = 0;
        appendSyntheticEvents(trace, rng, 150000, clock);
        trace.publish();
        TraceCursor cursor;
        try {
            store.appendTrace(second, trace.snapshot(), cursor);
            QFAIL("writing past the size limit must fail");
        } catch (const StoreError &error) {
            QVERIFY2(messageHas(error, QStringLiteral("disk is full")), qPrintable(error.message()));
            QVERIFY2(messageHas(error, QStringLiteral("earlier runs are intact")),
                     qPrintable(error.message()));
        }
        QCOMPARE(cursor.events, std::size_t{0});  // nothing counts as written
    }
    const RunStore store(path, RunStore::Mode::ReadOnly);
    const QString difference = traceDifference(firstTrace, store.loadTrace(first)->snapshot());
    QVERIFY2(difference.isEmpty(), qPrintable(difference));
    QCOMPARE(toString(store.loadRun(first).info.status), toString(RunStatus::Complete));
    QCOMPARE(store.loadRun(second).info.eventCount, std::int64_t{0});
    QCOMPARE(store.loadTrace(second)->snapshot().eventCount(), std::size_t{0});
}

void TestRunStore::lockedFileGivesClearError() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("s.ascope"));
    { RunStore create(path); }
    RawDb other(path);
    other.exec("BEGIN IMMEDIATE");  // another writer holds the file
    RunStore store(path);           // opening needs no write, so it succeeds
    RunInfo info = sampleInfo();
    try {
        store.beginRun(info, sampleTopology(), sampleLevels());
        QFAIL("writing a locked file must fail");
    } catch (const StoreError &error) {
        QVERIFY2(messageHas(error, QStringLiteral("locked by another process")), qPrintable(error.message()));
    }
    other.exec("ROLLBACK");
    QVERIFY(store.beginRun(info, sampleTopology(), sampleLevels()) > 0);
}

void TestRunStore::concurrentFirstOpensAllRecord() {
    // Several writers (a parallel sweep, two command lines) start on a session file that does not
    // exist yet: each must see either no session or the whole created one, never a half.
    constexpr int kRounds = 24;
    constexpr int kWriters = 4;
    QTemporaryDir dir;
    for (int round = 0; round < kRounds; ++round) {
        const QString path = dir.filePath(QStringLiteral("s%1.ascope").arg(round));
        std::vector<QString> errors(kWriters);
        std::vector<std::thread> writers;
        for (int w = 0; w < kWriters; ++w) {
            writers.emplace_back([&, w] {
                try {
                    RunStore store(path);
                    RunInfo info = sampleInfo();
                    store.beginRun(info, sampleTopology(), sampleLevels());
                } catch (const std::exception &e) {
                    errors[static_cast<std::size_t>(w)] = QString::fromUtf8(e.what());
                }
            });
        }
        for (std::thread &writer : writers)
            writer.join();
        for (const QString &error : errors)
            QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(RunStore(path, RunStore::Mode::ReadOnly).runs().size(), std::size_t{kWriters});
    }
}

void TestRunStore::unknownRunIsAnError() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("s.ascope"));
    const RunStore store(path);
    QVERIFY_THROWS_EXCEPTION(StoreError, store.loadRun(7));
    try {
        store.loadTrace(7);
        QFAIL("an unknown run must not load");
    } catch (const StoreError &error) {
        QVERIFY2(messageHas(error, QStringLiteral("has no run 7")), qPrintable(error.message()));
    }
}

void TestRunStore::defaultSessionPathIsInAppData() {
    const QString path = RunStore::defaultSessionPath();
    QVERIFY2(path.endsWith(QStringLiteral("/sessions/default.ascope")), qPrintable(path));
    QVERIFY2(path.contains(QCoreApplication::applicationName()), qPrintable(path));
}

void TestRunStore::saveCopyHoldsEveryRunAndRefusesExistingFile() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("s.ascope"));
    RunId run = 0;
    const TraceSnapshot recorded = recordRun(path, 70000, &run);
    {
        RunStore store(path);
        store.setUiState(QStringLiteral("window"), QJsonObject{{QStringLiteral("cursor_ps"), QStringLiteral("42")}});
        const QString copy = dir.filePath(QStringLiteral("copy/s2.ascope"));
        store.saveCopy(copy);
        const RunStore copied(copy, RunStore::Mode::ReadOnly);
        QCOMPARE(copied.runs().size(), std::size_t{1});
        const QString difference = traceDifference(recorded, copied.loadTrace(run)->snapshot());
        QVERIFY2(difference.isEmpty(), qPrintable(difference));
        QCOMPARE(copied.uiState(QStringLiteral("window"))->value(QStringLiteral("cursor_ps")).toString(),
                 QStringLiteral("42"));

        const QByteArray before = [&] {
            QFile file(copy);
            file.open(QIODevice::ReadOnly);
            return file.readAll();
        }();
        try {
            store.saveCopy(copy);
            QFAIL("saving over an existing file must be refused");
        } catch (const StoreError &error) {
            QVERIFY2(error.message().contains(copy) && error.message().contains(QStringLiteral("exists")),
                     qPrintable(error.message()));
        }
        QFile file(copy);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), before);
    }
}

QTEST_GUILESS_MAIN(TestRunStore)
#include "tst_runstore.moc"
