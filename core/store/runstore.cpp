#include "core/store/runstore.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <limits>
#include <map>
#include <thread>

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QStandardPaths>
#include <QSysInfo>

#include <sqlite3.h>

#ifdef Q_OS_UNIX
#include <signal.h>
#include <unistd.h>
#endif

#include "core/api/errors.h"
#include "core/sim/inflate.h"
#include "core/store/schema.h"
#include "core/store/traceblockreader.h"

namespace accelscope {

// The chunk blobs are raw little-endian arrays (see docs/schema.md); a big-endian build would
// need byte swapping on both sides.
static_assert(std::endian::native == std::endian::little, "the chunk encoding assumes little-endian");

namespace {

constexpr int kBusyTimeoutMs = 3000;
constexpr int kCompressionLevel = 1;  // zlib: level 1 keeps the write budget, deltas do the rest
constexpr std::size_t kRowsPerChunk = detail::kChunkSize;

// ---- errors ---------------------------------------------------------------------------------

[[noreturn]] void throwCorrupt(const QString &path, const QString &detail) {
    throw StoreError(QStringLiteral("session file %1 is corrupt (%2). Restore it from a backup or "
                                    "record into a new session file; AccelScope did not modify it.")
                         .arg(path, detail));
}

// Turns an SQLite failure into a StoreError that names the file, what was being done, and the fix.
[[noreturn]] void throwSqlite(sqlite3 *db, int rc, const QString &path, const QString &doing) {
    const QString sqliteMessage =
        db ? QString::fromUtf8(sqlite3_errmsg(db)) : QString::fromUtf8(sqlite3_errstr(rc));
    switch (rc & 0xff) {
        case SQLITE_FULL:
            throw StoreError(
                QStringLiteral("cannot write session file %1 while %2: the disk is full (no space "
                               "left for the file). The unfinished write was rolled back and "
                               "earlier runs are intact; free disk space and run again.")
                    .arg(path, doing));
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
            throw StoreError(
                QStringLiteral("session file %1 is locked by another process (waited %2 s) while "
                               "%3. Another AccelScope is probably recording into it; wait for it "
                               "to finish or use another session file.")
                    .arg(path)
                    .arg(kBusyTimeoutMs / 1000)
                    .arg(doing));
        case SQLITE_CORRUPT:
        case SQLITE_NOTADB:
            throw StoreError(
                QStringLiteral("session file %1 is corrupt or truncated (%2, while %3). Restore it "
                               "from a backup or record into a new session file; AccelScope did "
                               "not modify it.")
                    .arg(path, sqliteMessage, doing));
        case SQLITE_READONLY:
            throw StoreError(
                QStringLiteral("session file %1 cannot be written while %2: the file or its folder "
                               "is read-only. Open it read-only to view its runs, or copy it to a "
                               "writable folder to record into it.")
                    .arg(path, doing));
        case SQLITE_CANTOPEN:
            throw StoreError(
                QStringLiteral("cannot open session file %1 (%2). Check that the path and its folder "
                               "exist and are accessible.")
                    .arg(path, sqliteMessage));
        case SQLITE_IOERR:
            throw StoreError(
                QStringLiteral("input/output error on session file %1 while %2 (%3). Check the disk "
                               "and that the file is on a local, writable file system.")
                    .arg(path, doing, sqliteMessage));
        default:
            throw StoreError(
                QStringLiteral("session file %1: %2 failed (%3).").arg(path, doing, sqliteMessage));
    }
}

// ---- small RAII wrappers around the C API --------------------------------------------------------

class Statement {
public:
    Statement(sqlite3 *db, const QString &path, const char *sql) : db_(db), path_(path) {
        const int rc = sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr);
        if (rc != SQLITE_OK)
            throwSqlite(db, rc, path, QStringLiteral("reading its tables"));
    }
    ~Statement() { sqlite3_finalize(stmt_); }
    Statement(const Statement &) = delete;
    Statement &operator=(const Statement &) = delete;

    Statement &bind(int index, std::int64_t value) {
        check(sqlite3_bind_int64(stmt_, index, value));
        return *this;
    }
    Statement &bind(int index, int value) { return bind(index, std::int64_t{value}); }
    Statement &bind(int index, double value) {
        check(sqlite3_bind_double(stmt_, index, value));
        return *this;
    }
    Statement &bind(int index, const QString &value) {
        const QByteArray utf8 = value.toUtf8();
        check(sqlite3_bind_text(stmt_, index, utf8.constData(), static_cast<int>(utf8.size()),
                                SQLITE_TRANSIENT));
        return *this;
    }
    Statement &bindBlob(int index, const QByteArray &value) {
        check(sqlite3_bind_blob64(stmt_, index, value.constData(), static_cast<sqlite3_uint64>(value.size()),
                                  SQLITE_TRANSIENT));
        return *this;
    }
    Statement &bindNull(int index) {
        check(sqlite3_bind_null(stmt_, index));
        return *this;
    }
    // Binds a column of another statement's current row as it is (any type, blobs included).
    Statement &bindColumnOf(int index, const Statement &row, int col) {
        check(sqlite3_bind_value(stmt_, index, sqlite3_column_value(row.stmt_, col)));
        return *this;
    }
    Statement &bindUnit(int index, UnitId unit) {
        return unit == kNoUnit ? bindNull(index) : bind(index, std::int64_t{unit});
    }
    Statement &bindOptional(int index, const std::optional<double> &value) {
        return value ? bind(index, *value) : bindNull(index);
    }

    // Steps once; true while a row is available.
    bool next(const QString &doing = QStringLiteral("reading")) {
        const int rc = sqlite3_step(stmt_);
        if (rc == SQLITE_ROW)
            return true;
        if (rc == SQLITE_DONE)
            return false;
        throwSqlite(db_, rc, path_, doing);
    }
    // Ends a query early (or after its last row) and clears its bindings.
    void reset() {
        sqlite3_reset(stmt_);
        sqlite3_clear_bindings(stmt_);
    }
    // Runs a statement that returns no rows, then makes it ready for new bindings.
    void run(const QString &doing = QStringLiteral("writing")) {
        while (next(doing)) {
        }
        sqlite3_reset(stmt_);
        sqlite3_clear_bindings(stmt_);
    }

    std::int64_t int64At(int col) const { return sqlite3_column_int64(stmt_, col); }
    int intAt(int col) const { return sqlite3_column_int(stmt_, col); }
    double doubleAt(int col) const { return sqlite3_column_double(stmt_, col); }
    bool isNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
    QString textAt(int col) const {
        const auto *text = reinterpret_cast<const char *>(sqlite3_column_text(stmt_, col));
        return text ? QString::fromUtf8(text, sqlite3_column_bytes(stmt_, col)) : QString();
    }
    UnitId unitAt(int col) const { return isNull(col) ? kNoUnit : static_cast<UnitId>(int64At(col)); }
    std::optional<double> optionalAt(int col) const {
        return isNull(col) ? std::nullopt : std::optional<double>(doubleAt(col));
    }
    // Pointer valid until the next step.
    const uchar *blobAt(int col) const { return static_cast<const uchar *>(sqlite3_column_blob(stmt_, col)); }
    int blobSizeAt(int col) const { return sqlite3_column_bytes(stmt_, col); }

private:
    void check(int rc) {
        if (rc != SQLITE_OK)
            throwSqlite(db_, rc, path_, QStringLiteral("binding a value"));
    }
    sqlite3 *db_;
    const QString &path_;
    sqlite3_stmt *stmt_ = nullptr;
};

void exec(sqlite3 *db, const QString &path, const char *sql, const QString &doing) {
    char *message = nullptr;
    const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &message);
    sqlite3_free(message);
    if (rc != SQLITE_OK)
        throwSqlite(db, rc, path, doing);
}

// A write transaction (BEGIN IMMEDIATE takes the write lock up front, so a busy file fails at
// the start instead of half-way) or a read transaction (one consistent WAL snapshot).
class Transaction {
public:
    enum class Kind { Write, Read };
    Transaction(sqlite3 *db, const QString &path, Kind kind, QString doing)
        : db_(db), path_(path), doing_(std::move(doing)) {
        exec(db, path, kind == Kind::Write ? "BEGIN IMMEDIATE" : "BEGIN", doing_);
    }
    ~Transaction() {
        // SQLite may already have rolled back on its own (e.g. after SQLITE_FULL).
        if (!committed_ && !sqlite3_get_autocommit(db_))
            sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    }
    void commit() {
        exec(db_, path_, "COMMIT", doing_);
        committed_ = true;
    }

private:
    sqlite3 *db_;
    const QString &path_;
    QString doing_;
    bool committed_ = false;
};

std::int64_t pragmaInt(sqlite3 *db, const QString &path, const char *sql) {
    Statement query(db, path, sql);
    if (!query.next(QStringLiteral("reading the file header")))
        return 0;
    return query.int64At(0);
}

// ---- value conversions ---------------------------------------------------------------------------

QString isoUtc(const QDateTime &time) {
    return time.isValid() ? time.toUTC().toString(Qt::ISODateWithMs) : QString();
}

QDateTime fromIsoUtc(const QString &text) {
    if (text.isEmpty())
        return {};
    return QDateTime::fromString(text, Qt::ISODateWithMs).toUTC();
}

QDateTime nowUtcMs() {
    // Millisecond precision: what the file holds, so the caller's copy equals a reload.
    const qint64 ms = QDateTime::currentMSecsSinceEpoch();
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
}

QString dtypeName(DType type) {
    return toString(type);
}

DType dtypeFromName(const QString &text, const QString &path) {
    for (DType type : {DType::U8, DType::I32, DType::F32}) {
        if (toString(type) == text)
            return type;
    }
    throwCorrupt(path, QStringLiteral("unknown frame dtype '%1'").arg(text));
}

Aggregate aggregateFromName(const QString &text, const QString &path) {
    for (Aggregate a :
         {Aggregate::Single, Aggregate::Mean, Aggregate::GeoMean, Aggregate::Max, Aggregate::Min}) {
        if (toString(a) == text)
            return a;
    }
    throwCorrupt(path, QStringLiteral("unknown claim aggregate '%1'").arg(text));
}

QString thisHost() {
    return QSysInfo::machineHostName();
}

std::int64_t thisPid() {
#ifdef Q_OS_UNIX
    return static_cast<std::int64_t>(::getpid());
#else
    return QCoreApplication::applicationPid();
#endif
}

// Whether a process with this id exists on this machine. EPERM means it exists but belongs to
// someone else, which still counts as alive.
bool processAlive(std::int64_t pid) {
    if (pid <= 0)
        return false;
#ifdef Q_OS_UNIX
    if (::kill(static_cast<pid_t>(pid), 0) == 0)
        return true;
    return errno != ESRCH;
#else
    return true;  // cannot tell: leave the run alone
#endif
}

constexpr const char *kInterruptedMessage =
    "the recording process ended before the run finished; the trace holds what was written up to then";

// Whether the process that was writing a run is gone. A run written on another machine (a shared
// folder) cannot be checked and counts as alive.
bool writerGone(std::int64_t pid, const QString &host) {
    return host == thisHost() && !processAlive(pid);
}

// A file or folder counts as writable only if both the OS allows it and some write bit is set,
// so a file marked read-only stays untouched even for an administrator.
bool writable(const QFileInfo &info) {
    constexpr auto kAnyWrite = QFileDevice::WriteOwner | QFileDevice::WriteGroup | QFileDevice::WriteOther;
    return info.isWritable() && (info.permissions() & kAnyWrite);
}

// ---- chunk encoding ------------------------------------------------------------------------------

template <typename T>
QByteArray packColumn(const std::vector<T> &values) {
    return qCompress(reinterpret_cast<const uchar *>(values.data()),
                     static_cast<qsizetype>(values.size() * sizeof(T)), kCompressionLevel);
}

template <typename T>
void unpackColumn(const Statement &row, int col, std::vector<T> &out, std::size_t count, const QString &path,
                  const char *column) {
    const QByteArray raw = inflateBounded(
        QByteArrayView(reinterpret_cast<const char *>(row.blobAt(col)), row.blobSizeAt(col)),
        static_cast<qsizetype>(count * sizeof(T)));
    if (static_cast<std::size_t>(raw.size()) != count * sizeof(T)) {
        throwCorrupt(path, QStringLiteral("column %1 of a chunk holds %2 bytes, expected %3")
                               .arg(QLatin1String(column))
                               .arg(raw.size())
                               .arg(count * sizeof(T)));
    }
    out.resize(count);
    std::memcpy(out.data(), raw.constData(), static_cast<std::size_t>(raw.size()));
}

// Runs job(0..n-1) on up to one thread per core. Inflating is most of a reload, and chunks
// inflate independently. `job` must not throw.
template <typename Job>
void parallelFor(std::size_t n, const Job &job) {
    const std::size_t threads =
        std::min<std::size_t>({std::max(1u, std::thread::hardware_concurrency()), 8, n});
    std::atomic<std::size_t> next{0};
    const auto worker = [&] {
        for (std::size_t i = next++; i < n; i = next++)
            job(i);
    };
    std::vector<std::thread> pool;
    for (std::size_t t = 1; t < threads; ++t)
        pool.emplace_back(worker);
    worker();
    for (std::thread &thread : pool)
        thread.join();
}

// One event chunk: its compressed columns as read, then inflated in place.
struct EventChunkData {
    static constexpr int kColumns = 6;
    static constexpr std::array<const char *, kColumns> kNames = {"begin_ps", "duration_ps", "bytes",
                                                                  "flops",    "type_id",     "step"};
    static constexpr std::array<std::size_t, kColumns> kWidths = {8, 8, 8, 8, 4, 4};

    std::size_t first = 0;
    std::size_t count = 0;
    std::array<QByteArray, kColumns> columns;
    const char *badColumn = nullptr;

    void inflate() {
        for (int c = 0; c < kColumns; ++c) {
            columns[c] = inflateBounded(columns[c], static_cast<qsizetype>(count * kWidths[c]));
            if (static_cast<std::size_t>(columns[c].size()) != count * kWidths[c]) {
                badColumn = kNames[c];
                return;
            }
        }
    }
    template <typename T>
    T at(int column, std::size_t row) const {
        T value;
        std::memcpy(&value, columns[column].constData() + row * sizeof(T), sizeof(T));
        return value;
    }
};

// ---- reading a trace's tables ------------------------------------------------------------------

void requireRun(sqlite3 *db, const QString &path, RunId run) {
    Statement exists(db, path, "SELECT 1 FROM runs WHERE id = ?1");
    exists.bind(1, run);
    if (!exists.next(QStringLiteral("reading a trace"))) {
        throw StoreError(QStringLiteral("session file %1 has no run %2; `accelscope-cli runs %1` lists its runs")
                             .arg(path)
                             .arg(run));
    }
}

std::vector<EventType> readEventTypes(sqlite3 *db, const QString &path, RunId run) {
    Statement types(db, path,
                    "SELECT type_id, unit_id, op_kind, label FROM event_types WHERE run_id = ?1 ORDER BY type_id");
    types.bind(1, run);
    std::vector<EventType> out;
    while (types.next(QStringLiteral("reading event types"))) {
        if (types.int64At(0) != static_cast<std::int64_t>(out.size()))
            throwCorrupt(path, QStringLiteral("event type %1 of run %2 is duplicated or out of sequence")
                                   .arg(types.int64At(0))
                                   .arg(run));
        EventType type;
        type.unit = types.unitAt(1);
        try {
            type.kind = opKindFromString(types.textAt(2));
        } catch (const InputError &e) {
            throwCorrupt(path, e.message());
        }
        type.label = types.textAt(3);
        out.push_back(std::move(type));
    }
    return out;
}

std::vector<CounterSeries> readCounterSeries(sqlite3 *db, const QString &path, RunId run) {
    Statement series(db, path, "SELECT series_id, name, unit FROM counter_series WHERE run_id = ?1 ORDER BY series_id");
    series.bind(1, run);
    std::vector<CounterSeries> out;
    while (series.next(QStringLiteral("reading counter series"))) {
        if (series.int64At(0) != static_cast<std::int64_t>(out.size()))
            throwCorrupt(path, QStringLiteral("counter series %1 of run %2 is duplicated or out of sequence")
                                   .arg(series.int64At(0))
                                   .arg(run));
        out.push_back(CounterSeries{series.textAt(1), series.textAt(2)});
    }
    return out;
}

std::vector<Marker> readMarkers(sqlite3 *db, const QString &path, RunId run) {
    Statement markers(db, path, "SELECT time_ps, level, idx, text FROM markers WHERE run_id = ?1 ORDER BY seq");
    markers.bind(1, run);
    std::vector<Marker> out;
    while (markers.next(QStringLiteral("reading markers")))
        out.push_back(Marker{markers.int64At(0), markers.intAt(1), markers.int64At(2), markers.textAt(3)});
    return out;
}

// Delta coding in unsigned arithmetic: wraps instead of overflowing, and numpy's cumsum over
// int64 undoes it the same way.
void deltaEncode(std::vector<std::int64_t> &values) {
    std::uint64_t previous = 0;
    for (auto &v : values) {
        const auto current = static_cast<std::uint64_t>(v);
        v = static_cast<std::int64_t>(current - previous);
        previous = current;
    }
}

void deltaDecode(std::vector<std::int64_t> &values) {
    std::uint64_t sum = 0;
    for (auto &v : values) {
        sum += static_cast<std::uint64_t>(v);
        v = static_cast<std::int64_t>(sum);
    }
}

std::int64_t nextChunkIndex(sqlite3 *db, const QString &path, const char *table, RunId run) {
    const QByteArray sql = QByteArrayLiteral("SELECT COALESCE(MAX(chunk_index) + 1, 0) FROM ") + table +
                           QByteArrayLiteral(" WHERE run_id = ?1");
    Statement query(db, path, sql.constData());
    query.bind(1, run);
    query.next();
    return query.int64At(0);
}

void writeEventChunks(sqlite3 *db, const QString &path, RunId run, const TraceSnapshot &snapshot,
                      std::size_t from) {
    const std::size_t to = snapshot.eventCount();
    if (from >= to)
        return;
    std::int64_t chunkIndex = nextChunkIndex(db, path, "event_chunks", run);
    Statement insert(db, path,
                     "INSERT INTO event_chunks (run_id, chunk_index, first_event, count, t_begin_min, "
                     "t_end_max, begin_ps, duration_ps, bytes, flops, type_id, step) "
                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
    std::vector<std::int64_t> begin, duration;
    std::vector<std::uint64_t> bytes, flops;
    std::vector<std::uint32_t> type, step;
    for (std::size_t first = from; first < to; first += kRowsPerChunk, ++chunkIndex) {
        const std::size_t count = std::min(kRowsPerChunk, to - first);
        begin.resize(count);
        duration.resize(count);
        bytes.resize(count);
        flops.resize(count);
        type.resize(count);
        step.resize(count);
        TimePs beginMin = std::numeric_limits<TimePs>::max();
        TimePs endMax = std::numeric_limits<TimePs>::min();
        for (std::size_t k = 0; k < count; ++k) {
            const std::size_t i = first + k;
            const TimePs b = snapshot.eventBegin(i);
            const TimePs e = snapshot.eventEnd(i);
            begin[k] = b;
            duration[k] =
                static_cast<std::int64_t>(static_cast<std::uint64_t>(e) - static_cast<std::uint64_t>(b));
            bytes[k] = snapshot.eventBytes(i);
            flops[k] = snapshot.eventFlops(i);
            type[k] = snapshot.eventTypeId(i);
            step[k] = snapshot.eventStep(i);
            beginMin = std::min(beginMin, b);
            endMax = std::max(endMax, e);
        }
        deltaEncode(begin);
        insert.bind(1, run)
            .bind(2, chunkIndex)
            .bind(3, static_cast<std::int64_t>(first))
            .bind(4, static_cast<std::int64_t>(count))
            .bind(5, beginMin)
            .bind(6, endMax)
            .bindBlob(7, packColumn(begin))
            .bindBlob(8, packColumn(duration))
            .bindBlob(9, packColumn(bytes))
            .bindBlob(10, packColumn(flops))
            .bindBlob(11, packColumn(type))
            .bindBlob(12, packColumn(step));
        insert.run(QStringLiteral("writing events"));
    }
}

void writeCounterChunks(sqlite3 *db, const QString &path, RunId run, const TraceSnapshot &snapshot,
                        std::size_t from) {
    const std::size_t to = snapshot.counterCount();
    if (from >= to)
        return;
    std::int64_t chunkIndex = nextChunkIndex(db, path, "counter_chunks", run);
    Statement insert(db, path,
                     "INSERT INTO counter_chunks (run_id, chunk_index, first_counter, count, t_min, t_max, "
                     "time_ps, value, series_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
    std::vector<std::int64_t> time;
    std::vector<double> value;
    std::vector<std::uint32_t> series;
    for (std::size_t first = from; first < to; first += kRowsPerChunk, ++chunkIndex) {
        const std::size_t count = std::min(kRowsPerChunk, to - first);
        time.resize(count);
        value.resize(count);
        series.resize(count);
        TimePs tMin = std::numeric_limits<TimePs>::max();
        TimePs tMax = std::numeric_limits<TimePs>::min();
        for (std::size_t k = 0; k < count; ++k) {
            const std::size_t i = first + k;
            time[k] = snapshot.counterTime(i);
            value[k] = snapshot.counterValue(i);
            series[k] = snapshot.counterSeriesOf(i);
            tMin = std::min(tMin, time[k]);
            tMax = std::max(tMax, time[k]);
        }
        deltaEncode(time);
        insert.bind(1, run)
            .bind(2, chunkIndex)
            .bind(3, static_cast<std::int64_t>(first))
            .bind(4, static_cast<std::int64_t>(count))
            .bind(5, tMin)
            .bind(6, tMax)
            .bindBlob(7, packColumn(time))
            .bindBlob(8, packColumn(value))
            .bindBlob(9, packColumn(series));
        insert.run(QStringLiteral("writing counters"));
    }
}

QString shapeToJson(const std::vector<std::int64_t> &shape) {
    QJsonArray array;
    for (const std::int64_t extent : shape)
        array.append(static_cast<qint64>(extent));
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

std::vector<std::int64_t> shapeFromJson(const QString &text, const QString &path) {
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || !document.isArray())
        throwCorrupt(path, QStringLiteral("frame shape '%1' is not a JSON array").arg(text));
    std::vector<std::int64_t> shape;
    for (const QJsonValue &extent : document.array())
        shape.push_back(extent.toInteger());
    return shape;
}

QJsonObject objectFromJson(const QString &text, const QString &path, const char *what) {
    if (text.isEmpty())
        return {};
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        throwCorrupt(path, QStringLiteral("%1 is not a JSON object").arg(QLatin1String(what)));
    return document.object();
}

QString objectToJson(const QJsonObject &object) {
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

// ---- reading runs --------------------------------------------------------------------------------

// The columns a run row has in a file of the given schema version, in runFromRow's order.
QByteArray runSelect(int schemaVersion) {
    QByteArray sql =
        "SELECT id, plugin_id, plugin_version, preset, params_json, seed, data_source, status, error, "
        "started_at, finished_at, event_count, simulated_end_ps, writer_pid, writer_host";
    if (schemaVersion >= 2)
        sql += ", notes";
    if (schemaVersion >= 3)
        sql += ", imported_from, trace_recorded, sweep_id, sweep_point, origin_file, origin_run_id";
    return sql + " FROM runs";
}

RunInfo runFromRow(const Statement &row, int schemaVersion, const QString &path) {
    RunInfo info;
    info.id = row.int64At(0);
    info.pluginId = row.textAt(1);
    info.pluginVersion = row.textAt(2);
    info.preset = row.textAt(3);
    info.params = QJsonDocument::fromJson(row.textAt(4).toUtf8()).object();
    info.seed = static_cast<std::uint64_t>(row.int64At(5));
    info.dataSource = row.textAt(6);
    try {
        info.status = runStatusFromString(row.textAt(7));
    } catch (const InputError &e) {
        throwCorrupt(path, QStringLiteral("run %1: %2").arg(info.id).arg(e.message()));
    }
    info.error = row.textAt(8);
    info.startedAt = fromIsoUtc(row.textAt(9));
    info.finishedAt = fromIsoUtc(row.textAt(10));
    info.eventCount = row.int64At(11);
    info.simulatedEndPs = row.int64At(12);
    if (schemaVersion >= 2)
        info.notes = row.textAt(15);
    if (schemaVersion >= 3) {
        info.importedFrom = row.textAt(16);
        info.traceRecorded = row.int64At(17) != 0;
        info.sweepId = row.isNull(18) ? 0 : row.int64At(18);
        info.sweepPoint = row.isNull(19) ? -1 : static_cast<int>(row.int64At(19));
        info.originFile = row.textAt(20);
        info.originRunId = row.isNull(21) ? 0 : row.int64At(21);
    }
    // A read-only reader does not rewrite the file, but it does not report a run whose writer is
    // gone as still running either (a writer marks it in the file on its next open).
    if (info.status == RunStatus::Running && writerGone(row.int64At(13), row.textAt(14))) {
        info.status = RunStatus::Interrupted;
        if (info.error.isEmpty())
            info.error = QLatin1String(kInterruptedMessage);
    }
    return info;
}

void writeMetrics(sqlite3 *db, const QString &path, RunId run, const std::vector<Metric> &metrics) {
    Statement clear(db, path, "DELETE FROM metrics WHERE run_id = ?1");
    clear.bind(1, run).run();
    Statement insert(
        db, path,
        "INSERT INTO metrics (run_id, seq, name, value, unit, doc) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    int seq = 0;
    for (const Metric &m : metrics)
        insert.bind(1, run)
            .bind(2, seq++)
            .bind(3, m.name)
            .bind(4, m.value)
            .bind(5, m.unit)
            .bind(6, m.doc)
            .run();
}

void writeBaselines(sqlite3 *db, const QString &path, RunId run,
                    const std::vector<BaselineResult> &baselines) {
    Statement clear(db, path, "DELETE FROM baselines WHERE run_id = ?1");
    clear.bind(1, run).run();
    Statement insert(db, path,
                     "INSERT INTO baselines (run_id, baseline_idx, device, count, label, metric_idx, metric, "
                     "value, unit, doc) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
    int baselineIndex = 0;
    for (const BaselineResult &b : baselines) {
        if (b.metrics.empty()) {
            // Keep a baseline without metrics visible as one row with a NULL metric.
            insert.bind(1, run).bind(2, baselineIndex).bind(3, b.device).bind(4, b.count).bind(5, b.label);
            insert.bind(6, 0).bindNull(7).bindNull(8).bindNull(9).bindNull(10).run();
        }
        int metricIndex = 0;
        for (const Metric &m : b.metrics) {
            insert.bind(1, run).bind(2, baselineIndex).bind(3, b.device).bind(4, b.count).bind(5, b.label);
            insert.bind(6, metricIndex++)
                .bind(7, m.name)
                .bind(8, m.value)
                .bind(9, m.unit)
                .bind(10, m.doc)
                .run();
        }
        ++baselineIndex;
    }
}

}  // namespace

// ---- RunStatus -----------------------------------------------------------------------------------

QString toString(RunStatus status) {
    switch (status) {
        case RunStatus::Running:
            return QStringLiteral("running");
        case RunStatus::Complete:
            return QStringLiteral("complete");
        case RunStatus::Failed:
            return QStringLiteral("failed");
        case RunStatus::Interrupted:
            return QStringLiteral("interrupted");
        case RunStatus::Cancelled:
            return QStringLiteral("cancelled");
    }
    return {};
}

RunStatus runStatusFromString(const QString &text) {
    for (RunStatus s : {RunStatus::Running, RunStatus::Complete, RunStatus::Failed, RunStatus::Interrupted,
                        RunStatus::Cancelled}) {
        if (toString(s) == text)
            return s;
    }
    throw InputError(QStringLiteral("unknown run status '%1'; allowed: running, complete, failed, "
                                    "interrupted, cancelled")
                         .arg(text));
}

// ---- opening -------------------------------------------------------------------------------------

namespace {

quint32 bigEndian32(const QByteArray &bytes, int offset) {
    quint32 value = 0;
    for (int i = 0; i < 4; ++i)
        value = (value << 8) | static_cast<quint8>(bytes[offset + i]);
    return value;
}

// Checks the 100-byte SQLite header before SQLite sees the file, so a foreign or truncated file is
// reported as such (SQLite itself would often only fail later, half-way through a read).
void checkHeader(const QString &path, RunStore::Mode mode) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        throw StoreError(QStringLiteral("cannot read session file %1 (%2). Check its permissions.")
                             .arg(path, file.errorString()));
    }
    const qint64 size = file.size();
    if (size == 0) {
        if (mode == RunStore::Mode::ReadOnly) {
            throw StoreError(
                QStringLiteral("%1 is empty, not an AccelScope session file. Record a run into it "
                               "first, or pick a .ascope session file.")
                    .arg(path));
        }
        return;  // an empty file becomes a new session
    }
    const QByteArray header = file.read(100);
    static const QByteArray kMagic("SQLite format 3\0", 16);
    if (!header.startsWith(kMagic)) {
        throw StoreError(
            QStringLiteral("%1 is not an AccelScope session file (it is not an SQLite database). "
                           "Pick a .ascope session file, or give a new file name to start a "
                           "session; the file was not modified.")
                .arg(path));
    }
    if (header.size() < 100) {
        throw StoreError(QStringLiteral("session file %1 is truncated (%2 bytes, shorter than its header). "
                                        "Restore it from a backup; AccelScope did not modify it.")
                             .arg(path)
                             .arg(size));
    }
    const quint32 applicationId = bigEndian32(header, 68);
    if (applicationId != 0 && applicationId != static_cast<quint32>(schema::kApplicationId)) {
        throw StoreError(QStringLiteral("%1 is an SQLite database of another application (application_id "
                                        "0x%2), not an AccelScope session file. Pick a .ascope session "
                                        "file; the file was not modified.")
                             .arg(path)
                             .arg(applicationId, 8, 16, QLatin1Char('0')));
    }
    // SQLite trusts the header's page count only when "version-valid-for" matches the change
    // counter; do the same. Pages still in a write-ahead log are not in the main file yet.
    const quint32 pageSizeField = (static_cast<quint8>(header[16]) << 8) | static_cast<quint8>(header[17]);
    const qint64 pageSize = pageSizeField == 1 ? 65536 : pageSizeField;
    const qint64 pages = bigEndian32(header, 28);
    const bool countValid = bigEndian32(header, 24) == bigEndian32(header, 92);
    const QFileInfo wal(path + QStringLiteral("-wal"));
    const bool walHasPages = wal.exists() && wal.size() > 0;
    if (countValid && !walHasPages && pages > 0 && pages * pageSize > size) {
        throw StoreError(QStringLiteral("session file %1 is truncated: its header promises %2 bytes but the "
                                        "file holds %3 (cut short by a copy, a transfer or a full disk?). "
                                        "Restore it from a backup; AccelScope did not modify it.")
                             .arg(path)
                             .arg(pages * pageSize)
                             .arg(size));
    }
}

// Runs left `running` by a process that no longer exists on this machine become `interrupted`.
void markInterruptedRuns(sqlite3 *db, const QString &path) {
    std::vector<RunId> dead;
    {
        Statement query(db, path, "SELECT id, writer_pid, writer_host FROM runs WHERE status = 'running'");
        while (query.next()) {
            if (writerGone(query.int64At(1), query.textAt(2)))
                dead.push_back(query.int64At(0));
        }
    }
    if (dead.empty())
        return;
    Transaction txn(db, path, Transaction::Kind::Write, QStringLiteral("marking interrupted runs"));
    Statement update(
        db, path,
        "UPDATE runs SET status = 'interrupted', error = CASE WHEN error = '' THEN ?2 ELSE error END "
        "WHERE id = ?1 AND status = 'running'");
    for (const RunId id : dead) {
        update.bind(1, id).bind(2, QLatin1String(kInterruptedMessage)).run();
    }
    txn.commit();
}

// Switching a new file to WAL needs it to itself for a moment, and SQLite reports another
// connection's read as busy at once (no busy handler there), e.g. when a parallel sweep creates
// the file; so retry for as long as any other write would wait. Returns the journal mode in force.
QString switchToWal(sqlite3 *db, const QString &path) {
    constexpr int kRetryMs = 5;
    for (int waitedMs = 0;; waitedMs += kRetryMs) {
        sqlite3_stmt *stmt = nullptr;
        int rc = sqlite3_prepare_v2(db, "PRAGMA journal_mode = WAL", -1, &stmt, nullptr);
        QString mode;
        if (rc == SQLITE_OK) {
            rc = sqlite3_step(stmt);
            if (rc == SQLITE_ROW)
                mode = QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(stmt, 0)));
        }
        sqlite3_finalize(stmt);
        if (rc == SQLITE_ROW)
            return mode;
        if ((rc & 0xff) != SQLITE_BUSY || waitedMs >= kBusyTimeoutMs)
            throwSqlite(db, rc, path, QStringLiteral("switching to write-ahead logging"));
        std::this_thread::sleep_for(std::chrono::milliseconds(kRetryMs));
    }
}

void requireWritable(RunStore::Mode mode, const QString &path, const char *action) {
    if (mode != RunStore::Mode::ReadWrite) {
        throw StoreError(
            QStringLiteral("session file %1 is open read-only; cannot %2").arg(path, QLatin1String(action)));
    }
}

}  // namespace

RunStore::RunStore(const QString &path, Mode mode) : path_(path), mode_(mode) {
    if (path.isEmpty())
        throw StoreError(QStringLiteral("no session file given; pass the path of a .ascope session file"));
    const QFileInfo info(path);
    const bool exists = info.exists();
    if (exists && info.isDir()) {
        throw StoreError(
            QStringLiteral("%1 is a folder, not a session file; pass the path of a .ascope file").arg(path));
    }
    if (mode == Mode::ReadOnly && !exists) {
        throw StoreError(
            QStringLiteral("session file %1 does not exist. Check the path; a new session file is "
                           "created only when recording a run.")
                .arg(path));
    }
    if (mode == Mode::ReadWrite) {
        const QString folder = info.absolutePath();
        if (!QDir().mkpath(folder)) {
            throw StoreError(QStringLiteral("cannot create the folder %1 for session file %2. Check the "
                                            "permissions of its parent folder or choose another location.")
                                 .arg(folder, path));
        }
        if (exists && !writable(info)) {
            throw StoreError(
                QStringLiteral("session file %1 is read-only. Open it read-only to view its runs, "
                               "or make it writable (or copy it) to record into it.")
                    .arg(path));
        }
        if (!writable(QFileInfo(folder))) {
            throw StoreError(
                QStringLiteral("the folder %1 of session file %2 is read-only; recording needs to "
                               "create a write-ahead log next to the file. Open the file "
                               "read-only, or move it to a writable folder.")
                    .arg(folder, path));
        }
    }
    if (exists)
        checkHeader(path, mode);

    const int flags =
        mode == Mode::ReadOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    const int rc = sqlite3_open_v2(QFile::encodeName(path).constData(), &db_, flags, nullptr);
    if (rc != SQLITE_OK) {
        sqlite3 *failed = db_;
        db_ = nullptr;
        try {
            throwSqlite(failed, rc, path, QStringLiteral("opening"));
        } catch (...) {
            sqlite3_close(failed);
            throw;
        }
    }
    try {
        sqlite3_extended_result_codes(db_, 1);
        sqlite3_busy_timeout(db_, kBusyTimeoutMs);

        // Only reads until the file is known to be ours and not newer: a foreign or newer file
        // must come out byte-for-byte unchanged.
        // One read transaction: another process creating the session meanwhile must not be seen
        // half-way (its tables without its application id).
        std::int32_t applicationId = 0;
        int version = 0;
        std::int64_t tables = 0;
        {
            Transaction read(db_, path_, Transaction::Kind::Read, QStringLiteral("reading the file header"));
            applicationId = static_cast<std::int32_t>(pragmaInt(db_, path_, "PRAGMA application_id"));
            version = static_cast<int>(pragmaInt(db_, path_, "PRAGMA user_version"));
            tables = pragmaInt(db_, path_, "SELECT count(*) FROM sqlite_master");
            read.commit();
        }
        const bool empty = applicationId == 0 && version == 0 && tables == 0;
        if (empty && mode == Mode::ReadOnly) {
            throw StoreError(
                QStringLiteral("%1 is an empty database, not an AccelScope session file. Record a "
                               "run into it first, or pick a .ascope session file.")
                    .arg(path));
        }
        if (!empty && applicationId != schema::kApplicationId) {
            throw StoreError(QStringLiteral("%1 is an SQLite database but not an AccelScope session file "
                                            "(application_id 0x%2, expected 0x%3). Pick a .ascope session "
                                            "file; the file was not modified.")
                                 .arg(path)
                                 .arg(static_cast<quint32>(applicationId), 8, 16, QLatin1Char('0'))
                                 .arg(static_cast<quint32>(schema::kApplicationId), 8, 16, QLatin1Char('0')));
        }
        if (version > kSchemaVersion) {
            throw StoreError(
                QStringLiteral("session file %1 was written by a newer AccelScope (schema %2, this "
                               "build reads up to %3). Update AccelScope to open it; the file was "
                               "not modified.")
                    .arg(path)
                    .arg(version)
                    .arg(kSchemaVersion));
        }
        if (!empty && version < 1)
            throwCorrupt(path, QStringLiteral("it carries the AccelScope id but no schema version"));

        if (mode == Mode::ReadWrite) {
            const QString journalMode = switchToWal(db_, path_);
            if (journalMode.compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0) {
                throw StoreError(
                    QStringLiteral("session file %1 cannot use write-ahead logging (journal mode "
                                   "'%2'); keep session files on a local disk.")
                        .arg(path, journalMode));
            }
            // With WAL, NORMAL loses at most the last commit on power loss, never consistency.
            exec(db_, path_, "PRAGMA synchronous = NORMAL", QStringLiteral("configuring"));
            if (version < kSchemaVersion) {
                Transaction migration(db_, path_, Transaction::Kind::Write,
                                      QStringLiteral("upgrading the schema"));
                // Another process may have migrated meanwhile: decide again under the write lock.
                const auto current = static_cast<int>(pragmaInt(db_, path_, "PRAGMA user_version"));
                if (current > kSchemaVersion) {
                    throw StoreError(
                        QStringLiteral("session file %1 was written by a newer AccelScope (schema "
                                       "%2, this build reads up to %3).")
                            .arg(path)
                            .arg(current)
                            .arg(kSchemaVersion));
                }
                if (current < 1) {
                    exec(db_, path_, schema::kCreateV1, QStringLiteral("creating the session"));
                    Statement session(db_, path_,
                                      "INSERT INTO session (id, created_at, app_version) VALUES (1, ?1, ?2)");
                    session.bind(1, isoUtc(nowUtcMs()))
                        .bind(2, QStringLiteral(ACCELSCOPE_VERSION))
                        .run(QStringLiteral("creating the session"));
                }
                if (current < 2)
                    exec(db_, path_, schema::kMigrateV1ToV2,
                         QStringLiteral("upgrading the schema to version 2"));
                if (current < 3)
                    exec(db_, path_, schema::kMigrateV2ToV3,
                         QStringLiteral("upgrading the schema to version 3"));
                const QByteArray setVersion = "PRAGMA user_version = " + QByteArray::number(kSchemaVersion);
                exec(db_, path_, setVersion.constData(), QStringLiteral("upgrading the schema"));
                migration.commit();
            }
            markInterruptedRuns(db_, path_);
        }
    } catch (...) {
        sqlite3_close(db_);
        db_ = nullptr;
        throw;
    }
}

RunStore::~RunStore() {
    if (db_)
        sqlite3_close(db_);
}

int RunStore::schemaVersion() const {
    return static_cast<int>(pragmaInt(db_, path_, "PRAGMA user_version"));
}

// ---- recording -----------------------------------------------------------------------------------

RunId RunStore::beginRun(RunInfo &info, const Topology &topology, const std::vector<StepLevel> &levels) {
    requireWritable(mode_, path_, "record a run");
    Transaction txn(db_, path_, Transaction::Kind::Write, QStringLiteral("starting a run"));
    info.status = RunStatus::Running;
    info.startedAt = nowUtcMs();
    info.finishedAt = {};
    info.eventCount = 0;
    info.simulatedEndPs = 0;
    {
        Statement insert(
            db_, path_,
            "INSERT INTO runs (plugin_id, plugin_version, preset, params_json, seed, data_source, "
            "status, error, started_at, event_count, simulated_end_ps, writer_pid, writer_host, notes, "
            "imported_from, trace_recorded, sweep_id, sweep_point, origin_file, origin_run_id) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'running', ?7, ?8, 0, 0, ?9, ?10, ?11, ?12, ?13, ?14, ?15, "
            "?16, ?17)");
        insert.bind(1, info.pluginId)
            .bind(2, info.pluginVersion)
            .bind(3, info.preset)
            .bind(4, objectToJson(info.params))
            .bind(5, static_cast<std::int64_t>(info.seed))
            .bind(6, info.dataSource)
            .bind(7, info.error)
            .bind(8, isoUtc(info.startedAt))
            .bind(9, thisPid())
            .bind(10, thisHost())
            .bind(11, info.notes)
            .bind(12, info.importedFrom)
            .bind(13, info.traceRecorded ? 1 : 0);
        if (info.sweepId > 0)
            insert.bind(14, info.sweepId).bind(15, info.sweepPoint);
        else
            insert.bindNull(14).bindNull(15);
        insert.bind(16, info.originFile);
        if (info.originRunId > 0)
            insert.bind(17, info.originRunId);
        else
            insert.bindNull(17);
        insert.run(QStringLiteral("starting a run"));
    }
    const RunId run = sqlite3_last_insert_rowid(db_);
    {
        Statement unit(db_, path_,
                       "INSERT INTO units (run_id, unit_id, name, kind, parent, path, doc) "
                       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
        for (const Unit &u : topology.units()) {
            unit.bind(1, run)
                .bind(2, u.id)
                .bind(3, u.name)
                .bind(4, toString(u.kind))
                .bindUnit(5, u.parent)
                .bind(6, topology.path(u.id))
                .bind(7, u.doc)
                .run();
        }
        Statement memory(
            db_, path_,
            "INSERT INTO memories (run_id, unit_id, banks, bank_capacity_bytes, bytes_per_second) "
            "VALUES (?1, ?2, ?3, ?4, ?5)");
        for (const MemoryInfo &m : topology.memories())
            memory.bind(1, run)
                .bind(2, m.unit)
                .bind(3, m.banks)
                .bind(4, m.bankCapacityBytes)
                .bind(5, m.bytesPerSecond)
                .run();
        Statement link(
            db_, path_,
            "INSERT INTO links (run_id, unit_id, from_unit, to_unit, bytes_per_second, bidirectional) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
        for (const LinkInfo &l : topology.links()) {
            link.bind(1, run)
                .bind(2, l.unit)
                .bindUnit(3, l.from)
                .bindUnit(4, l.to)
                .bind(5, l.bytesPerSecond)
                .bind(6, l.bidirectional ? 1 : 0)
                .run();
        }
        Statement level(db_, path_,
                        "INSERT INTO step_levels (run_id, level, name, doc) VALUES (?1, ?2, ?3, ?4)");
        int index = 0;
        for (const StepLevel &l : levels)
            level.bind(1, run).bind(2, index++).bind(3, l.name).bind(4, l.doc).run();
    }
    txn.commit();
    info.id = run;
    return run;
}

void RunStore::appendTrace(RunId run, const TraceSnapshot &snapshot, TraceCursor &cursor) {
    requireWritable(mode_, path_, "record a run");
    Transaction txn(db_, path_, Transaction::Kind::Write, QStringLiteral("writing a batch of the trace"));
    const auto &types = snapshot.eventTypes();
    if (cursor.eventTypes < types.size()) {
        Statement insert(db_, path_,
                         "INSERT INTO event_types (run_id, type_id, unit_id, op_kind, label) "
                         "VALUES (?1, ?2, ?3, ?4, ?5)");
        for (std::size_t id = cursor.eventTypes; id < types.size(); ++id) {
            insert.bind(1, run)
                .bind(2, static_cast<std::int64_t>(id))
                .bindUnit(3, types[id].unit)
                .bind(4, toString(types[id].kind))
                .bind(5, types[id].label)
                .run(QStringLiteral("writing event types"));
        }
    }
    const auto &series = snapshot.series();
    if (cursor.series < series.size()) {
        Statement insert(
            db_, path_, "INSERT INTO counter_series (run_id, series_id, name, unit) VALUES (?1, ?2, ?3, ?4)");
        for (std::size_t id = cursor.series; id < series.size(); ++id) {
            insert.bind(1, run)
                .bind(2, static_cast<std::int64_t>(id))
                .bind(3, series[id].name)
                .bind(4, series[id].unit)
                .run(QStringLiteral("writing counter series"));
        }
    }
    writeEventChunks(db_, path_, run, snapshot, cursor.events);
    writeCounterChunks(db_, path_, run, snapshot, cursor.counters);
    const auto &frames = snapshot.frames();
    if (cursor.frames < frames.size()) {
        Statement insert(
            db_, path_,
            "INSERT INTO frames (run_id, idx, step, time_ps, kind, name, shape_json, dtype, data) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
        for (std::size_t i = cursor.frames; i < frames.size(); ++i) {
            const StoredFrame &f = *frames[i];
            insert.bind(1, run)
                .bind(2, static_cast<std::int64_t>(i))
                .bind(3, f.step)
                .bind(4, f.time)
                .bind(5, toString(f.kind))
                .bind(6, f.name)
                .bind(7, shapeToJson(f.shape))
                .bind(8, dtypeName(f.dtype))
                .bindBlob(9, f.compressed)
                .run(QStringLiteral("writing frames"));
        }
    }
    const auto &markers = snapshot.markers();
    if (cursor.markers < markers.size()) {
        Statement insert(
            db_, path_,
            "INSERT INTO markers (run_id, seq, time_ps, level, idx, text) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
        for (std::size_t i = cursor.markers; i < markers.size(); ++i) {
            const Marker &m = markers[i];
            insert.bind(1, run)
                .bind(2, static_cast<std::int64_t>(i))
                .bind(3, m.time)
                .bind(4, m.level)
                .bind(5, m.index)
                .bind(6, m.text)
                .run(QStringLiteral("writing markers"));
        }
    }
    {
        Statement update(db_, path_, "UPDATE runs SET event_count = ?2, simulated_end_ps = ?3 WHERE id = ?1");
        update.bind(1, run)
            .bind(2, static_cast<std::int64_t>(snapshot.eventCount()))
            .bind(3, snapshot.endTime())
            .run(QStringLiteral("writing a batch of the trace"));
        if (sqlite3_changes(db_) == 0)
            throw StoreError(
                QStringLiteral("session file %1 has no run %2 to append to").arg(path_).arg(run));
    }
    txn.commit();
    // Advance only once the batch is durable, so a failed write is retried in full.
    cursor.events = snapshot.eventCount();
    cursor.counters = snapshot.counterCount();
    cursor.eventTypes = types.size();
    cursor.series = series.size();
    cursor.frames = frames.size();
    cursor.markers = markers.size();
}

void RunStore::finishRun(RunId run, RunStatus status, const std::vector<Metric> &metrics,
                         const std::vector<BaselineResult> &baselines, const QString &error) {
    requireWritable(mode_, path_, "finish a run");
    Transaction txn(db_, path_, Transaction::Kind::Write, QStringLiteral("finishing a run"));
    {
        Statement update(db_, path_,
                         "UPDATE runs SET status = ?2, finished_at = ?3, error = ?4 WHERE id = ?1");
        update.bind(1, run).bind(2, toString(status)).bind(3, isoUtc(nowUtcMs())).bind(4, error).run();
        if (sqlite3_changes(db_) == 0)
            throw StoreError(QStringLiteral("session file %1 has no run %2 to finish").arg(path_).arg(run));
    }
    writeMetrics(db_, path_, run, metrics);
    writeBaselines(db_, path_, run, baselines);
    txn.commit();
}

void RunStore::recordClaims(RunId run, const std::vector<ClaimResult> &claims) {
    requireWritable(mode_, path_, "record claims");
    Transaction txn(db_, path_, Transaction::Kind::Write, QStringLiteral("recording claims"));
    Statement clear(db_, path_, "DELETE FROM claims WHERE run_id = ?1");
    clear.bind(1, run).run();
    Statement insert(
        db_, path_,
        "INSERT INTO claims (run_id, seq, claim_id, statement, metric, unit, presets_json, aggregate, "
        "paper_value, range_low, range_high, tolerance, model_value, relative_error, pass, "
        "source_tag, note, detail) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)");
    int seq = 0;
    for (const ClaimResult &r : claims) {
        const Claim &c = r.claim;
        insert.bind(1, run)
            .bind(2, seq++)
            .bind(3, c.id)
            .bind(4, c.statement)
            .bind(5, c.metric)
            .bind(6, c.unit)
            .bind(7, QString::fromUtf8(
                         QJsonDocument(QJsonArray::fromStringList(c.presets)).toJson(QJsonDocument::Compact)))
            .bind(8, toString(c.aggregate))
            .bind(9, c.paperValue)
            .bindOptional(10, c.rangeLow)
            .bindOptional(11, c.rangeHigh)
            .bind(12, c.tolerance)
            .bind(13, r.modelValue)
            .bind(14, r.relativeError)
            .bind(15, r.pass ? 1 : 0)
            .bind(16, c.sourceTag)
            .bind(17, c.note)
            .bind(18, r.detail)
            .run(QStringLiteral("recording claims"));
    }
    txn.commit();
}

void RunStore::setNotes(RunId run, const QString &notes) {
    requireWritable(mode_, path_, "change a run's notes");
    Statement update(db_, path_, "UPDATE runs SET notes = ?2 WHERE id = ?1");
    update.bind(1, run).bind(2, notes).run(QStringLiteral("saving notes"));
    if (sqlite3_changes(db_) == 0)
        throw StoreError(QStringLiteral("session file %1 has no run %2").arg(path_).arg(run));
}

// ---- sweeps --------------------------------------------------------------------------------------

namespace {

// One row of the sweeps table, as `info` describes it (its id is ignored); returns the new id.
std::int64_t insertSweepRow(sqlite3 *db, const QString &path, const SweepInfo &info, const QString &doing) {
    Statement insert(db, path,
                     "INSERT INTO sweeps (plugin_id, preset, axes_json, seed, created_at, origin_file, "
                     "origin_sweep_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    insert.bind(1, info.pluginId)
        .bind(2, info.preset)
        .bind(3, objectToJson(info.axes))
        .bind(4, static_cast<std::int64_t>(info.seed))
        .bind(5, isoUtc(info.createdAt))
        .bind(6, info.originFile);
    if (info.originSweepId > 0)
        insert.bind(7, info.originSweepId);
    else
        insert.bindNull(7);
    insert.run(doing);
    return sqlite3_last_insert_rowid(db);
}

}  // namespace

std::int64_t RunStore::createSweep(SweepInfo &info) {
    requireWritable(mode_, path_, "record a sweep");
    info.createdAt = nowUtcMs();
    info.id = insertSweepRow(db_, path_, info, QStringLiteral("recording a sweep"));
    return info.id;
}

std::vector<SweepInfo> RunStore::sweeps() const {
    std::vector<SweepInfo> result;
    if (schemaVersion() < 3)
        return result;  // a file opened read-only before its migration has no sweeps table
    Statement query(db_, path_,
                    "SELECT id, plugin_id, preset, axes_json, seed, created_at, origin_file, origin_sweep_id "
                    "FROM sweeps ORDER BY id");
    while (query.next(QStringLiteral("listing sweeps"))) {
        SweepInfo info;
        info.id = query.int64At(0);
        info.pluginId = query.textAt(1);
        info.preset = query.textAt(2);
        info.axes = objectFromJson(query.textAt(3), path_, "a sweep's axes");
        info.seed = static_cast<std::uint64_t>(query.int64At(4));
        info.createdAt = fromIsoUtc(query.textAt(5));
        info.originFile = query.textAt(6);
        info.originSweepId = query.isNull(7) ? 0 : query.int64At(7);
        result.push_back(std::move(info));
    }
    return result;
}

// ---- reading -------------------------------------------------------------------------------------

std::vector<RunInfo> RunStore::runs() const {
    const int version = schemaVersion();
    const QByteArray sql = runSelect(version) + " ORDER BY id";
    Statement query(db_, path_, sql.constData());
    std::vector<RunInfo> result;
    while (query.next(QStringLiteral("listing runs")))
        result.push_back(runFromRow(query, version, path_));
    return result;
}

RunRecord RunStore::loadRun(RunId run) const {
    Transaction txn(db_, path_, Transaction::Kind::Read, QStringLiteral("reading a run"));
    const int version = schemaVersion();
    RunRecord record;
    {
        const QByteArray sql = runSelect(version) + " WHERE id = ?1";
        Statement query(db_, path_, sql.constData());
        query.bind(1, run);
        if (!query.next(QStringLiteral("reading a run"))) {
            throw StoreError(
                QStringLiteral("session file %1 has no run %2; `accelscope-cli runs %1` lists its runs")
                    .arg(path_)
                    .arg(run));
        }
        record.info = runFromRow(query, version, path_);
    }
    {
        // Units come back in id order; memories and links are re-added through the same calls
        // that created them, so the rebuilt Topology assigns the same ids.
        Statement units(db_, path_,
                        "SELECT u.unit_id, u.name, u.kind, u.parent, u.doc, m.banks, m.bank_capacity_bytes, "
                        "m.bytes_per_second, l.from_unit, l.to_unit, l.bytes_per_second, l.bidirectional, "
                        "m.unit_id IS NOT NULL, l.unit_id IS NOT NULL "
                        "FROM units u "
                        "LEFT JOIN memories m ON m.run_id = u.run_id AND m.unit_id = u.unit_id "
                        "LEFT JOIN links l ON l.run_id = u.run_id AND l.unit_id = u.unit_id "
                        "WHERE u.run_id = ?1 ORDER BY u.unit_id");
        units.bind(1, run);
        UnitId expected = 0;
        while (units.next(QStringLiteral("reading the topology"))) {
            if (units.int64At(0) != expected)
                throwCorrupt(path_, QStringLiteral("unit ids of run %1 are not contiguous").arg(run));
            ++expected;
            const QString name = units.textAt(1);
            const QString doc = units.textAt(4);
            const UnitId parent = units.unitAt(3);
            if (parent != kNoUnit && (parent < 0 || parent >= expected - 1))
                throwCorrupt(
                    path_,
                    QStringLiteral("unit %1 of run %2 has an unknown parent").arg(expected - 1).arg(run));
            UnitKind kind;
            try {
                kind = unitKindFromString(units.textAt(2));
            } catch (const InputError &e) {
                throwCorrupt(path_, e.message());
            }
            if (units.intAt(12)) {
                record.topology.addMemory(name, parent, units.intAt(5), units.int64At(6), units.doubleAt(7),
                                          doc);
            } else if (units.intAt(13)) {
                record.topology.addLink(name, parent, units.unitAt(8), units.unitAt(9), units.doubleAt(10),
                                        units.intAt(11) != 0, doc);
            } else {
                record.topology.addUnit(name, kind, parent, doc);
            }
        }
    }
    {
        Statement levels(db_, path_, "SELECT name, doc FROM step_levels WHERE run_id = ?1 ORDER BY level");
        levels.bind(1, run);
        while (levels.next())
            record.stepLevels.push_back(StepLevel{levels.textAt(0), levels.textAt(1)});
    }
    {
        Statement metrics(db_, path_,
                          "SELECT name, value, unit, doc FROM metrics WHERE run_id = ?1 ORDER BY seq");
        metrics.bind(1, run);
        while (metrics.next())
            record.metrics.push_back(
                Metric{metrics.textAt(0), metrics.doubleAt(1), metrics.textAt(2), metrics.textAt(3)});
    }
    {
        Statement baselines(
            db_, path_,
            "SELECT baseline_idx, device, count, label, metric, value, unit, doc FROM baselines "
            "WHERE run_id = ?1 ORDER BY baseline_idx, metric_idx");
        baselines.bind(1, run);
        std::int64_t current = -1;
        while (baselines.next()) {
            if (baselines.int64At(0) != current) {
                current = baselines.int64At(0);
                record.baselines.push_back(
                    BaselineResult{baselines.textAt(1), baselines.intAt(2), baselines.textAt(3), {}});
            }
            if (!baselines.isNull(4)) {
                record.baselines.back().metrics.push_back(Metric{baselines.textAt(4), baselines.doubleAt(5),
                                                                 baselines.textAt(6), baselines.textAt(7)});
            }
        }
    }
    {
        Statement claims(
            db_, path_,
            "SELECT claim_id, statement, metric, unit, presets_json, aggregate, paper_value, range_low, "
            "range_high, tolerance, model_value, relative_error, pass, source_tag, note, detail "
            "FROM claims WHERE run_id = ?1 ORDER BY seq");
        claims.bind(1, run);
        while (claims.next()) {
            ClaimResult r;
            r.claim.id = claims.textAt(0);
            r.claim.statement = claims.textAt(1);
            r.claim.metric = claims.textAt(2);
            r.claim.unit = claims.textAt(3);
            for (const QJsonValue &preset : QJsonDocument::fromJson(claims.textAt(4).toUtf8()).array())
                r.claim.presets << preset.toString();
            r.claim.aggregate = aggregateFromName(claims.textAt(5), path_);
            r.claim.paperValue = claims.doubleAt(6);
            r.claim.rangeLow = claims.optionalAt(7);
            r.claim.rangeHigh = claims.optionalAt(8);
            r.claim.tolerance = claims.doubleAt(9);
            r.modelValue = claims.doubleAt(10);
            r.relativeError = claims.doubleAt(11);
            r.pass = claims.intAt(12) != 0;
            r.claim.sourceTag = claims.textAt(13);
            r.claim.note = claims.textAt(14);
            r.detail = claims.textAt(15);
            record.claims.push_back(std::move(r));
        }
    }
    txn.commit();
    return record;
}

std::unique_ptr<Trace> RunStore::loadTrace(RunId run) const {
    // One read transaction: a writer appending meanwhile cannot show us chunks whose event types
    // we did not read.
    Transaction txn(db_, path_, Transaction::Kind::Read, QStringLiteral("reading a trace"));
    requireRun(db_, path_, run);
    auto trace = std::make_unique<Trace>();
    const std::vector<EventType> types = readEventTypes(db_, path_, run);
    const auto typeCount = static_cast<std::uint32_t>(types.size());
    for (std::uint32_t id = 0; id < typeCount; ++id) {
        // Types were interned in id order when recorded, so interning them again in id order
        // hands out the same ids.
        if (trace->eventType(types[id].unit, types[id].kind, types[id].label) != id)
            throwCorrupt(path_, QStringLiteral("event type %1 of run %2 is duplicated").arg(id).arg(run));
    }
    const std::vector<CounterSeries> series = readCounterSeries(db_, path_, run);
    const auto seriesCount = static_cast<std::uint32_t>(series.size());
    for (std::uint32_t id = 0; id < seriesCount; ++id) {
        if (trace->counterSeries(series[id].name, series[id].unit) != id)
            throwCorrupt(path_, QStringLiteral("counter series %1 of run %2 is duplicated").arg(id).arg(run));
    }
    {
        Statement chunks(db_, path_,
                         "SELECT first_event, count, begin_ps, duration_ps, bytes, flops, type_id, step "
                         "FROM event_chunks WHERE run_id = ?1 ORDER BY chunk_index");
        chunks.bind(1, run);
        // Chunks are read in windows: a window inflates in parallel, then is appended in order.
        // The window bounds the memory held twice (decoded here and in the Trace).
        const std::size_t window = 4 * std::max(1u, std::thread::hardware_concurrency());
        std::vector<EventChunkData> batch;
        std::uint32_t currentStep = 0;  // a fresh Trace stamps step 0
        std::size_t loaded = 0;
        bool more = true;
        while (more) {
            batch.clear();
            std::size_t expectedFirst = loaded;
            while (batch.size() < window && (more = chunks.next(QStringLiteral("reading events")))) {
                EventChunkData chunk;
                chunk.first = static_cast<std::size_t>(chunks.int64At(0));
                chunk.count = static_cast<std::size_t>(chunks.int64At(1));
                if (chunk.first != expectedFirst || chunk.count == 0 || chunk.count > kRowsPerChunk)
                    throwCorrupt(path_,
                                 QStringLiteral("event chunks of run %1 do not follow each other").arg(run));
                expectedFirst += chunk.count;
                for (int c = 0; c < EventChunkData::kColumns; ++c)
                    chunk.columns[c] = QByteArray(reinterpret_cast<const char *>(chunks.blobAt(2 + c)),
                                                  chunks.blobSizeAt(2 + c));
                batch.push_back(std::move(chunk));
            }
            parallelFor(batch.size(), [&batch](std::size_t i) { batch[i].inflate(); });
            for (EventChunkData &chunk : batch) {
                if (chunk.badColumn) {
                    throwCorrupt(path_,
                                 QStringLiteral("column %1 of event chunk at event %2 of run %3 does not "
                                                "decode to %4 values")
                                     .arg(QLatin1String(chunk.badColumn))
                                     .arg(chunk.first)
                                     .arg(run)
                                     .arg(chunk.count));
                }
                std::uint64_t begin = 0;  // undoes the delta coding as it goes
                for (std::size_t k = 0; k < chunk.count; ++k) {
                    const auto type = chunk.at<std::uint32_t>(4, k);
                    const auto step = chunk.at<std::uint32_t>(5, k);
                    if (type >= typeCount)
                        throwCorrupt(
                            path_, QStringLiteral("an event of run %1 names an unknown event type").arg(run));
                    if (step != currentStep) {
                        currentStep = step;
                        trace->setStepIndex(currentStep);
                    }
                    begin += chunk.at<std::uint64_t>(0, k);
                    const std::uint64_t end = begin + chunk.at<std::uint64_t>(1, k);
                    trace->appendEvent(type, static_cast<TimePs>(begin), static_cast<TimePs>(end),
                                       chunk.at<std::uint64_t>(2, k), chunk.at<std::uint64_t>(3, k));
                }
                loaded += chunk.count;
                chunk = EventChunkData{};  // release the decoded arrays early
            }
        }
    }
    {
        Statement chunks(db_, path_,
                         "SELECT first_counter, count, time_ps, value, series_id "
                         "FROM counter_chunks WHERE run_id = ?1 ORDER BY chunk_index");
        chunks.bind(1, run);
        std::vector<std::int64_t> time;
        std::vector<double> value;
        std::vector<std::uint32_t> series;
        std::size_t loaded = 0;
        while (chunks.next(QStringLiteral("reading counters"))) {
            const auto first = static_cast<std::size_t>(chunks.int64At(0));
            const auto count = static_cast<std::size_t>(chunks.int64At(1));
            if (first != loaded || count == 0 || count > kRowsPerChunk)
                throwCorrupt(path_,
                             QStringLiteral("counter chunks of run %1 do not follow each other").arg(run));
            unpackColumn(chunks, 2, time, count, path_, "time_ps");
            unpackColumn(chunks, 3, value, count, path_, "value");
            unpackColumn(chunks, 4, series, count, path_, "series_id");
            deltaDecode(time);
            for (std::size_t k = 0; k < count; ++k) {
                if (series[k] >= seriesCount)
                    throwCorrupt(path_,
                                 QStringLiteral("a counter of run %1 names an unknown series").arg(run));
                trace->counter(series[k], time[k], value[k]);
            }
            loaded += count;
        }
    }
    {
        Statement frames(db_, path_,
                         "SELECT step, time_ps, kind, name, shape_json, dtype, data FROM frames "
                         "WHERE run_id = ?1 ORDER BY idx");
        frames.bind(1, run);
        while (frames.next(QStringLiteral("reading frames"))) {
            auto frame = std::make_shared<StoredFrame>();
            frame->step = frames.int64At(0);
            frame->time = frames.int64At(1);
            try {
                frame->kind = frameKindFromString(frames.textAt(2));
            } catch (const InputError &e) {
                throwCorrupt(path_, e.message());
            }
            frame->name = frames.textAt(3);
            frame->shape = shapeFromJson(frames.textAt(4), path_);
            frame->dtype = dtypeFromName(frames.textAt(5), path_);
            frame->compressed =
                QByteArray(reinterpret_cast<const char *>(frames.blobAt(6)), frames.blobSizeAt(6));
            trace->appendStoredFrame(std::move(frame));
        }
    }
    for (const Marker &marker : readMarkers(db_, path_, run))
        trace->marker(marker);
    txn.commit();
    trace->publish();
    return trace;
}

// ---- reading a trace in pieces -------------------------------------------------------------------

namespace {
// Checks that a chunk row follows the block before it (`first` and `size` of that block), moves
// `first` on to this chunk and returns its row count.
std::size_t nextChunk(const Statement &row, std::size_t &first, std::size_t size, const QString &path, RunId run,
                      const char *what) {
    const auto chunkFirst = static_cast<std::size_t>(row.int64At(0));
    const auto count = static_cast<std::size_t>(row.int64At(1));
    if (chunkFirst != first + size || count == 0 || count > kRowsPerChunk)
        throwCorrupt(path, QStringLiteral("%1 chunks of run %2 do not follow each other").arg(QLatin1String(what)).arg(run));
    first = chunkFirst;
    return count;
}
}  // namespace

TraceBlockReader::TraceBlockReader(const QString &sessionPath) : store_(sessionPath, RunStore::Mode::ReadOnly) {
    // The file passed RunStore's checks; a second read-only connection streams the blocks.
    const int rc = sqlite3_open_v2(QFile::encodeName(sessionPath).constData(), &db_, SQLITE_OPEN_READONLY, nullptr);
    if (rc != SQLITE_OK) {
        sqlite3 *failed = db_;
        db_ = nullptr;
        try {
            throwSqlite(failed, rc, sessionPath, QStringLiteral("opening"));
        } catch (...) {
            sqlite3_close(failed);
            throw;
        }
    }
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_timeout(db_, kBusyTimeoutMs);
}

TraceBlockReader::~TraceBlockReader() {
    sqlite3_close(db_);
}

TraceTables TraceBlockReader::loadTables(RunId run) const {
    const QString file = path();  // outlives the statements that refer to it
    Transaction txn(db_, file, Transaction::Kind::Read, QStringLiteral("reading a trace"));
    requireRun(db_, file, run);
    TraceTables tables{readEventTypes(db_, file, run), readCounterSeries(db_, file, run),
                       readMarkers(db_, file, run)};
    txn.commit();
    return tables;
}

void TraceBlockReader::forEachEventBlock(RunId run, const std::function<void(const EventBlock &)> &visit) const {
    const QString file = path();  // outlives the statements that refer to it
    Transaction txn(db_, file, Transaction::Kind::Read, QStringLiteral("reading events"));
    requireRun(db_, file, run);
    const std::size_t typeCount = readEventTypes(db_, file, run).size();
    Statement chunks(db_, file,
                     "SELECT first_event, count, begin_ps, duration_ps, bytes, flops, type_id, step "
                     "FROM event_chunks WHERE run_id = ?1 ORDER BY chunk_index");
    chunks.bind(1, run);
    EventBlock block;
    std::vector<std::int64_t> duration;
    while (chunks.next(QStringLiteral("reading events"))) {
        const std::size_t count = nextChunk(chunks, block.first, block.size(), file, run, "event");
        unpackColumn(chunks, 2, block.begin, count, file, "begin_ps");
        unpackColumn(chunks, 3, duration, count, file, "duration_ps");
        unpackColumn(chunks, 4, block.bytes, count, file, "bytes");
        unpackColumn(chunks, 5, block.flops, count, file, "flops");
        unpackColumn(chunks, 6, block.type, count, file, "type_id");
        unpackColumn(chunks, 7, block.step, count, file, "step");
        deltaDecode(block.begin);
        block.end.resize(count);
        for (std::size_t k = 0; k < count; ++k) {
            if (block.type[k] >= typeCount)
                throwCorrupt(file, QStringLiteral("an event of run %1 names an unknown event type").arg(run));
            block.end[k] = static_cast<TimePs>(static_cast<std::uint64_t>(block.begin[k]) +
                                               static_cast<std::uint64_t>(duration[k]));
        }
        visit(block);
    }
    txn.commit();
}

void TraceBlockReader::forEachCounterBlock(RunId run, const std::function<void(const CounterBlock &)> &visit) const {
    const QString file = path();  // outlives the statements that refer to it
    Transaction txn(db_, file, Transaction::Kind::Read, QStringLiteral("reading counters"));
    requireRun(db_, file, run);
    const std::size_t seriesCount = readCounterSeries(db_, file, run).size();
    Statement chunks(db_, file,
                     "SELECT first_counter, count, time_ps, value, series_id "
                     "FROM counter_chunks WHERE run_id = ?1 ORDER BY chunk_index");
    chunks.bind(1, run);
    CounterBlock block;
    while (chunks.next(QStringLiteral("reading counters"))) {
        const std::size_t count = nextChunk(chunks, block.first, block.size(), file, run, "counter");
        unpackColumn(chunks, 2, block.time, count, file, "time_ps");
        unpackColumn(chunks, 3, block.value, count, file, "value");
        unpackColumn(chunks, 4, block.series, count, file, "series_id");
        deltaDecode(block.time);
        for (std::size_t k = 0; k < count; ++k) {
            if (block.series[k] >= seriesCount)
                throwCorrupt(file, QStringLiteral("a counter of run %1 names an unknown series").arg(run));
        }
        visit(block);
    }
    txn.commit();
}

// ---- UI state ------------------------------------------------------------------------------------

void RunStore::setUiState(const QString &key, const QJsonObject &value) {
    requireWritable(mode_, path_, "save the view state");
    Statement upsert(
        db_, path_,
        "INSERT INTO ui_state (key, json, updated_at) VALUES (?1, ?2, ?3) "
        "ON CONFLICT (key) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at");
    upsert.bind(1, key)
        .bind(2, objectToJson(value))
        .bind(3, isoUtc(nowUtcMs()))
        .run(QStringLiteral("saving the view state"));
}

std::optional<QJsonObject> RunStore::uiState(const QString &key) const {
    if (schemaVersion() < 2)
        return std::nullopt;  // a version-1 file opened read-only has no ui_state table yet
    Statement query(db_, path_, "SELECT json FROM ui_state WHERE key = ?1");
    query.bind(1, key);
    if (!query.next(QStringLiteral("reading the view state")))
        return std::nullopt;
    return objectFromJson(query.textAt(0), path_, "a ui_state value");
}

void RunStore::saveCopy(const QString &target) const {
    if (QFileInfo::exists(target))
        throw StoreError(QStringLiteral("cannot save the session as '%1': the file exists already; choose another "
                                        "name or remove it first")
                             .arg(target));
    QDir().mkpath(QFileInfo(target).absolutePath());
    Statement vacuum(db_, path_, "VACUUM INTO ?1");
    vacuum.bind(1, target);
    try {
        vacuum.run(QStringLiteral("saving a copy as '%1'").arg(target));
    } catch (const StoreError &error) {
        QFile::remove(target);
        throw StoreError(QStringLiteral("cannot save the session as '%1': %2").arg(target, error.message()));
    }
}

// ---- merging sessions ----------------------------------------------------------------------------

bool sameSweep(const SweepInfo &a, const SweepInfo &b) {
    return a.pluginId == b.pluginId && a.preset == b.preset && a.seed == b.seed && a.axes == b.axes;
}

namespace {

QStringList tableColumns(sqlite3 *db, const QString &path, const char *table) {
    const QByteArray sql = QByteArrayLiteral("PRAGMA table_info(") + table + ')';
    Statement info(db, path, sql.constData());
    QStringList names;
    while (info.next(QStringLiteral("reading the layout of table %1").arg(QLatin1String(table))))
        names << info.textAt(1);
    return names;
}

// Every table whose rows belong to one run (keyed by run_id); a merge copies them all.
constexpr std::array<const char *, 13> kRunTables = {
    "units",   "memories", "links",  "step_levels", "event_types",  "counter_series", "markers",
    "metrics", "baselines", "claims", "frames",      "event_chunks", "counter_chunks"};

// Copies the rows of `table` that belong to run `from` in `source` to run `to` here, column by
// column as stored (blobs are not decoded).
class RunRowsCopier {
public:
    RunRowsCopier(sqlite3 *sourceDb, const QString &sourcePath, sqlite3 *db, const QString &path, const char *table) {
        const QStringList sourceColumns = tableColumns(sourceDb, sourcePath, table);
        QStringList columns;
        for (const QString &column : tableColumns(db, path, table)) {
            if (column != QLatin1String("run_id") && sourceColumns.contains(column))
                columns << column;
        }
        const QByteArray list = columns.join(QStringLiteral(", ")).toUtf8();
        QByteArray placeholders = "?1";
        for (qsizetype i = 0; i < columns.size(); ++i)
            placeholders += ", ?" + QByteArray::number(i + 2);
        const QByteArray select = "SELECT " + list + " FROM " + table + " WHERE run_id = ?1";
        const QByteArray insert =
            QByteArray("INSERT INTO ") + table + " (run_id, " + list + ") VALUES (" + placeholders + ")";
        select_ = std::make_unique<Statement>(sourceDb, sourcePath, select.constData());
        insert_ = std::make_unique<Statement>(db, path, insert.constData());
        columnCount_ = static_cast<int>(columns.size());
        doing_ = QStringLiteral("copying table %1").arg(QLatin1String(table));
    }

    void copy(RunId from, RunId to) {
        select_->bind(1, from);
        while (select_->next(doing_)) {
            insert_->bind(1, to);
            for (int c = 0; c < columnCount_; ++c)
                insert_->bindColumnOf(c + 2, *select_, c);
            insert_->run(doing_);
        }
        select_->reset();
    }

private:
    std::unique_ptr<Statement> select_;
    std::unique_ptr<Statement> insert_;
    int columnCount_ = 0;
    QString doing_;
};

}  // namespace

MergedSession RunStore::copyRunsFrom(const RunStore &source) {
    requireWritable(mode_, path_, "merge sessions into it");
    MergedSession report;
    report.source = source.path();
    const QString origin = QFileInfo(source.path()).absoluteFilePath();
    // One snapshot of the source and one transaction here: a source being written meanwhile is
    // copied as it was at one moment, and a failure leaves this file as it was.
    Transaction read(source.db_, source.path_, Transaction::Kind::Read, QStringLiteral("reading it to merge"));
    Transaction txn(db_, path_, Transaction::Kind::Write, QStringLiteral("merging %1 into it").arg(origin));

    // Sweeps: the same sweep (plugin, preset, axes, seed) becomes one, whichever file it came from.
    std::map<std::int64_t, std::int64_t> sweepIds;
    std::vector<SweepInfo> known = sweeps();
    for (SweepInfo sweep : source.sweeps()) {
        const std::int64_t sourceId = sweep.id;
        const auto match = std::find_if(known.begin(), known.end(),
                                        [&](const SweepInfo &k) { return sameSweep(k, sweep); });
        if (match != known.end()) {
            sweepIds[sourceId] = match->id;
            ++report.sweepsJoined;
            continue;
        }
        if (sweep.originFile.isEmpty()) {
            sweep.originFile = origin;
            sweep.originSweepId = sourceId;
        }
        sweep.id = insertSweepRow(db_, path_, sweep, QStringLiteral("merging a sweep"));
        sweepIds[sourceId] = sweep.id;
        known.push_back(sweep);
        ++report.sweepsAdded;
    }

    // Runs: every column the source has, with new ids, the sweep ids mapped, provenance kept (a
    // run merged before keeps its first origin) and a run still `running` copied as interrupted.
    const QStringList sourceColumns = tableColumns(source.db_, source.path_, "runs");
    QStringList copied;  // columns taken from the source as they are
    for (const QString &column : tableColumns(db_, path_, "runs")) {
        if (sourceColumns.contains(column) && column != QLatin1String("id") && column != QLatin1String("status") &&
            column != QLatin1String("error") && column != QLatin1String("sweep_id") &&
            column != QLatin1String("origin_file") && column != QLatin1String("origin_run_id"))
            copied << column;
    }
    const bool sourceHasProvenance = sourceColumns.contains(QStringLiteral("origin_file"));
    const bool sourceHasSweeps = sourceColumns.contains(QStringLiteral("sweep_id"));
    const QByteArray provenance = sourceHasProvenance ? "origin_file, origin_run_id" : "'', NULL";
    const QByteArray sweepColumn = sourceHasSweeps ? "sweep_id" : "NULL";
    const QByteArray copiedList = copied.join(QStringLiteral(", ")).toUtf8();
    const QByteArray selectSql =
        "SELECT id, status, error, " + sweepColumn + ", " + provenance + ", " + copiedList + " FROM runs ORDER BY id";
    Statement select(source.db_, source.path_, selectSql.constData());
    QByteArray placeholders;
    for (qsizetype i = 0; i < copied.size() + 5; ++i)
        placeholders += (i ? ", ?" : "?") + QByteArray::number(i + 1);
    const QByteArray insertSql = "INSERT INTO runs (status, error, sweep_id, origin_file, origin_run_id, " +
                                 copiedList + ") VALUES (" + placeholders + ")";
    Statement insert(db_, path_, insertSql.constData());
    std::vector<RunRowsCopier> copiers;
    for (const char *table : kRunTables)
        copiers.emplace_back(source.db_, source.path_, db_, path_, table);
    while (select.next(QStringLiteral("reading its runs"))) {
        const RunId sourceRun = select.int64At(0);
        QString status = select.textAt(1);
        QString error = select.textAt(2);
        if (status == QLatin1String("running")) {
            status = QStringLiteral("interrupted");
            const QString note = QStringLiteral("was still running in %1 when it was merged; copied as interrupted")
                                     .arg(origin);
            error = error.isEmpty() ? note : error + QStringLiteral("; ") + note;
            ++report.interrupted;
        }
        insert.bind(1, status).bind(2, error);
        if (select.isNull(3) || !sweepIds.count(select.int64At(3)))
            insert.bindNull(3);
        else
            insert.bind(3, sweepIds[select.int64At(3)]);
        const QString sourceOrigin = select.textAt(4);
        if (sourceOrigin.isEmpty())
            insert.bind(4, origin).bind(5, sourceRun);
        else
            insert.bind(4, sourceOrigin).bindColumnOf(5, select, 5);
        for (qsizetype c = 0; c < copied.size(); ++c)
            insert.bindColumnOf(static_cast<int>(c) + 6, select, static_cast<int>(c) + 6);
        insert.run(QStringLiteral("merging a run"));
        const RunId run = sqlite3_last_insert_rowid(db_);
        for (RunRowsCopier &copier : copiers)
            copier.copy(sourceRun, run);
        report.runIds.emplace_back(sourceRun, run);
    }
    txn.commit();
    read.commit();
    return report;
}

bool RunStore::isWritableFile(const QString &path) {
    return writable(QFileInfo(path));
}

QString RunStore::defaultSessionPath() {
    QString folder;
    if (QCoreApplication::applicationName().isEmpty()) {
        folder = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) +
                 QStringLiteral("/accelscope");
    } else {
        folder = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    }
    return folder + QStringLiteral("/sessions/default.ascope");
}

void RunStore::setMaxPageCountForTesting(std::int64_t pages) {
    const QByteArray sql = "PRAGMA max_page_count = " + QByteArray::number(static_cast<qlonglong>(pages));
    exec(db_, path_, sql.constData(), QStringLiteral("limiting the file size"));
}

}  // namespace accelscope
