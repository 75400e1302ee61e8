#pragma once
// Session files damaged the ways a user's can be, for the tests that every front end refuses
// them with a clear message and never changes them: "random" bytes, a "text" file, a "foreign"
// SQLite database, a "truncate"d session, a "corrupt" schema page, and a session from a "newer"
// schema. The real sessions hold one complete run of `events` synthetic events.

#include <sqlite3.h>

#include <random>

#include <QCryptographicHash>
#include <QFile>
#include <QStringList>

#include "core/store/runstore.h"

namespace accelscope::test {

inline QStringList damageKinds() {
    return {QStringLiteral("random"), QStringLiteral("text"),    QStringLiteral("foreign"),
            QStringLiteral("truncate"), QStringLiteral("corrupt"), QStringLiteral("newer")};
}

// What the message says for each kind.
inline QString damageMessage(const QString &kind) {
    if (kind == QLatin1String("truncate"))
        return QStringLiteral("truncated");
    if (kind == QLatin1String("corrupt"))
        return QStringLiteral("corrupt");
    if (kind == QLatin1String("newer"))
        return QStringLiteral("written by a newer AccelScope (schema 99, this build reads up to 3)");
    return QStringLiteral("not an AccelScope session file");
}

inline QByteArray fileSha256(const QString &path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
}

inline bool execSql(const QString &path, const char *sql) {
    sqlite3 *db = nullptr;
    const bool ok = sqlite3_open(QFile::encodeName(path).constData(), &db) == SQLITE_OK &&
                    sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK;
    sqlite3_close(db);
    return ok;
}

// A closed session with one complete run of `events` events (every write in the main file).
inline void writeSession(const QString &path, std::size_t events) {
    RunStore store(path);
    Topology topology;
    const UnitId device = topology.addUnit(QStringLiteral("chip"), UnitKind::Device);
    const UnitId core = topology.addUnit(QStringLiteral("core"), UnitKind::Compute, device);
    Trace trace;
    const EventTypeId type = trace.eventType(core, OpKind::Matrix, QStringLiteral("gemm"));
    std::mt19937_64 rng(11);
    TimePs t = 0;
    for (std::size_t i = 0; i < events; ++i, t += 100)
        trace.appendEvent(type, t, t + 50 + static_cast<TimePs>(rng() % 50), rng() % 4096, rng() % 65536);
    trace.publish();
    RunInfo info;
    info.pluginId = QStringLiteral("synthetic");
    const RunId run = store.beginRun(info, topology, {{QStringLiteral("op"), {}}});
    TraceCursor cursor;
    store.appendTrace(run, trace.snapshot(), cursor);
    store.finishRun(run, RunStatus::Complete, {}, {});
}

// Writes `path` damaged as `kind` (see damageKinds()); false when the damage could not be made.
inline bool writeDamagedSession(const QString &path, const QString &kind) {
    if (kind == QLatin1String("random")) {
        std::mt19937 rng(7);
        QByteArray bytes(64 * 1024, '\0');
        for (char &c : bytes)
            c = static_cast<char>(rng() & 0xff);
        QFile file(path);
        return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
    }
    if (kind == QLatin1String("text")) {
        QFile file(path);
        return file.open(QIODevice::WriteOnly) && file.write("run,latency_ms\n1,12.5\n2,13.0\n") > 0;
    }
    if (kind == QLatin1String("foreign"))
        return execSql(path, "CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT); "
                             "INSERT INTO photos VALUES (1, 'a.jpg');");
    writeSession(path, 100000);
    if (QFile::exists(path + QStringLiteral("-wal")))
        return false;  // not closed cleanly
    QFile file(path);
    if (kind == QLatin1String("truncate"))
        return file.resize(file.size() / 2);
    if (kind == QLatin1String("corrupt")) {
        // Keep the 100-byte header, overwrite the rest of page 1 (the schema) with garbage.
        return file.open(QIODevice::ReadWrite) && file.seek(100) && file.write(QByteArray(4096 - 100, '\x5a')) > 0;
    }
    if (kind == QLatin1String("newer"))
        return execSql(path, "PRAGMA user_version = 99");
    return false;
}

}  // namespace accelscope::test
