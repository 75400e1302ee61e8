// accelscope-cli as a user meets it: run as a separate process, its exit code, stdout (JSON or
// text) and stderr messages checked.

#include <csignal>
#include <limits>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

#include "core/api/plugin.h"
#include "core/store/runstore.h"

using namespace accelscope;

namespace {
struct Result {
    int exitCode = -1;
    QString out;
    QString err;
    QJsonObject json() const { return QJsonDocument::fromJson(out.toUtf8()).object(); }
};
}  // namespace

class TestCli : public QObject {
    Q_OBJECT

private:
    QTemporaryDir home_;  // the default session file goes here, not into the user's data folder

    Result cli(const QStringList &arguments,
               const QString &pluginPath = QStringLiteral(ACCELSCOPE_FIXTURE_PLUGIN_DIR)) {
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("ACCELSCOPE_PLUGIN_PATH"), pluginPath);
        env.insert(QStringLiteral("HOME"), home_.path());
        env.insert(QStringLiteral("XDG_DATA_HOME"), home_.filePath(QStringLiteral("data")));
        process.setProcessEnvironment(env);
        process.start(QStringLiteral(ACCELSCOPE_CLI_PATH), arguments);
        if (!process.waitForFinished(120000))
            qFatal("accelscope-cli did not finish");
        Result result;
        result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        result.out = QString::fromUtf8(process.readAllStandardOutput());
        result.err = QString::fromUtf8(process.readAllStandardError());
        return result;
    }

    static QByteArray randomBytes(int size, quint32 seed) {
        QByteArray bytes(size, Qt::Uninitialized);
        QRandomGenerator random(seed);
        for (char &c : bytes)
            c = static_cast<char>(random.bounded(256));
        return bytes;
    }

    // Starts a recorded run of about a million events in `process` and returns its stderr once
    // it reports progress, so a signal sent then lands mid-run.
    static QByteArray startLongRun(QProcess &process, const QString &db) {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("ACCELSCOPE_PLUGIN_PATH"), QStringLiteral(ACCELSCOPE_FIXTURE_PLUGIN_DIR));
        process.setProcessEnvironment(env);
        process.setReadChannel(QProcess::StandardError);
        process.start(QStringLiteral(ACCELSCOPE_CLI_PATH),
                      {QStringLiteral("run"), QStringLiteral("testaccel"), QStringLiteral("--set"),
                       QStringLiteral("m=1024"), QStringLiteral("--set"), QStringLiteral("n=1024"),
                       QStringLiteral("--set"), QStringLiteral("k=1024"), QStringLiteral("--set"),
                       QStringLiteral("array_rows=2"), QStringLiteral("--set"),
                       QStringLiteral("array_cols=2"), QStringLiteral("--db"), db});
        QByteArray err;
        while (!err.contains("progress: ") && process.state() != QProcess::NotRunning) {
            process.waitForReadyRead(1000);
            err += process.readAllStandardError();
        }
        return err;
    }

    static QByteArray readFile(const QString &path) {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(home_.isValid()); }

    void helpListsCommands() {
        const Result r = cli({QStringLiteral("--help")});
        QCOMPARE(r.exitCode, 0);
        for (const char *synopsis : {"plugins [--json]", "presets <plugin> [--json]",
                                     "run <plugin> [--preset P]", "validate <plugin>... | --all [--json]",
                                     "runs <db> [--json]", "sweep <plugin> --vary KEY=V1,V2,...",
                                     "report <session> [--run ID]... [--sweep ID] --out FILE.html|FILE.pdf"})
            QVERIFY2(r.out.contains(QStringLiteral("\n  ") + QLatin1String(synopsis)), synopsis);

        const Result run = cli({QStringLiteral("run"), QStringLiteral("--help")});
        QCOMPARE(run.exitCode, 0);
        QVERIFY(run.out.contains(QStringLiteral("--preset P")));
        QVERIFY(run.out.contains(QStringLiteral("--set KEY=VALUE")));

        const Result version = cli({QStringLiteral("--version")});
        QCOMPARE(version.exitCode, 0);
        QVERIFY(version.out.startsWith(QStringLiteral("accelscope-cli ")));
    }

    void pluginsJson() {
        const Result r = cli({QStringLiteral("plugins"), QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject object = r.json();
        QStringList ids;
        for (const QJsonValue &v : object.value(QStringLiteral("plugins")).toArray()) {
            const QJsonObject p = v.toObject();
            ids << p.value(QStringLiteral("id")).toString();
            for (const char *key : {"name", "family", "paper", "summary"})
                QVERIFY2(!p.value(QLatin1String(key)).toString().isEmpty(), key);
            QCOMPARE(p.value(QStringLiteral("apiVersion")).toInt(), kPluginApiVersion);
            QVERIFY(p.value(QStringLiteral("views")).isArray());
        }
        QVERIFY(ids.contains(QStringLiteral("testaccel")));
        QVERIFY(!ids.contains(QStringLiteral("badapi")));
        // The skipped plugin is reported, in the JSON and as a warning, and the command goes on.
        const QJsonArray skipped = object.value(QStringLiteral("skipped")).toArray();
        QVERIFY(!skipped.isEmpty());
        QVERIFY(skipped.first().toString().contains(QStringLiteral("libaccelscope_badapi.so")));
        QVERIFY(r.err.contains(QStringLiteral("accelscope-cli: warning: ")));
        QVERIFY(r.err.contains(QStringLiteral("version 999")));
    }

    void presetsJson() {
        const Result r =
            cli({QStringLiteral("presets"), QStringLiteral("testaccel"), QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject object = r.json();
        QCOMPARE(object.value(QStringLiteral("plugin")).toString(), QStringLiteral("testaccel"));
        QHash<QString, QJsonObject> specs;
        for (const QJsonValue &v : object.value(QStringLiteral("schema")).toArray()) {
            const QJsonObject spec = v.toObject();
            for (const char *key : {"key", "type", "unit", "default", "doc", "group"})
                QVERIFY2(spec.contains(QLatin1String(key)), key);
            specs.insert(spec.value(QStringLiteral("key")).toString(), spec);
        }
        const QJsonObject rows = specs.value(QStringLiteral("array_rows"));
        QCOMPARE(rows.value(QStringLiteral("type")).toString(), QStringLiteral("int"));
        QCOMPARE(rows.value(QStringLiteral("group")).toString(), QStringLiteral("hardware"));
        QCOMPARE(rows.value(QStringLiteral("default")).toInt(), 8);
        QCOMPARE(rows.value(QStringLiteral("range")).toArray(), (QJsonArray{1, 64}));
        QCOMPARE(specs.value(QStringLiteral("clock_mhz")).value(QStringLiteral("unit")).toString(),
                 QStringLiteral("MHz"));
        QCOMPARE(specs.value(QStringLiteral("dataflow")).value(QStringLiteral("choices")).toArray().size(),
                 2);

        QStringList names;
        for (const QJsonValue &v : object.value(QStringLiteral("presets")).toArray()) {
            const QJsonObject preset = v.toObject();
            names << preset.value(QStringLiteral("name")).toString();
            QCOMPARE(preset.value(QStringLiteral("values")).toObject().size(), specs.size());  // complete
        }
        QCOMPARE(names, (QStringList{QStringLiteral("paper"), QStringLiteral("small")}));
    }

    void runJsonIsRecorded() {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("s.ascope"));
        const Result r = cli({QStringLiteral("run"), QStringLiteral("testaccel"), QStringLiteral("--preset"),
                              QStringLiteral("paper"), QStringLiteral("--json"), QStringLiteral("--db"), db});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject o = r.json();
        QVERIFY2(!o.isEmpty(), qPrintable(r.out));
        QVERIFY(o.value(QStringLiteral("run_id")).isDouble());
        QCOMPARE(o.value(QStringLiteral("plugin")).toString(), QStringLiteral("testaccel"));
        QCOMPARE(o.value(QStringLiteral("preset")).toString(), QStringLiteral("paper"));
        QCOMPARE(o.value(QStringLiteral("seed")).toInt(), 1);
        QCOMPARE(o.value(QStringLiteral("params")).toObject().value(QStringLiteral("m")).toInt(), 64);
        QCOMPARE(o.value(QStringLiteral("status")).toString(), QStringLiteral("complete"));
        QVERIFY(o.value(QStringLiteral("data_source")).toString().contains(QStringLiteral("seeded")));
        QCOMPARE(o.value(QStringLiteral("db")).toString(), db);
        const QJsonObject tiles =
            o.value(QStringLiteral("metrics")).toObject().value(QStringLiteral("tiles")).toObject();
        QCOMPARE(tiles.value(QStringLiteral("value")).toDouble(), 64.0);
        QCOMPARE(tiles.value(QStringLiteral("unit")).toString(), QStringLiteral("tiles"));
        const QJsonObject baseline = o.value(QStringLiteral("baselines"))
                                         .toObject()
                                         .value(QStringLiteral("ideal array (free memory)"))
                                         .toObject();
        QVERIFY(baseline.value(QStringLiteral("latency_us"))
                    .toObject()
                    .value(QStringLiteral("value"))
                    .toDouble() > 0);
        const qint64 events = o.value(QStringLiteral("events")).toInteger();
        QCOMPARE(events, 256);
        // Progress went to stderr as plain lines (not a terminal), a handful at most.
        QVERIFY(r.err.contains(QStringLiteral("progress: 100%")));
        QVERIFY(r.err.count(QStringLiteral("progress: ")) <= 10);

        // The run is in the session, with as many events as reported.
        const qint64 runId = o.value(QStringLiteral("run_id")).toInteger();
        const Result runs = cli({QStringLiteral("runs"), db, QStringLiteral("--json")});
        QCOMPARE(runs.exitCode, 0);
        const QJsonArray list = runs.json().value(QStringLiteral("runs")).toArray();
        QCOMPARE(list.size(), 1);
        QCOMPARE(list[0].toObject().value(QStringLiteral("run_id")).toInteger(), runId);
        QCOMPARE(list[0].toObject().value(QStringLiteral("events")).toInteger(), events);
        const RunStore store(db, RunStore::Mode::ReadOnly);
        QCOMPARE(static_cast<qint64>(store.loadTrace(runId)->eventCount()), events);
        // ... and the query the human output suggests counts the same.
        sqlite3 *handle = nullptr;
        QCOMPARE(sqlite3_open_v2(QFile::encodeName(db).constData(), &handle, SQLITE_OPEN_READONLY, nullptr),
                 SQLITE_OK);
        sqlite3_stmt *query = nullptr;
        QCOMPARE(sqlite3_prepare_v2(handle, "SELECT sum(count) FROM event_chunks WHERE run_id = ?1", -1,
                                    &query, nullptr),
                 SQLITE_OK);
        sqlite3_bind_int64(query, 1, runId);
        QCOMPARE(sqlite3_step(query), SQLITE_ROW);
        const qint64 counted = sqlite3_column_int64(query, 0);
        sqlite3_finalize(query);
        sqlite3_close(handle);
        QCOMPARE(counted, events);
    }

    void humanRunNamesSessionAndMetrics() {
        const Result r = cli({QStringLiteral("run"), QStringLiteral("testaccel"), QStringLiteral("--preset"),
                              QStringLiteral("small")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains(QStringLiteral("latency_us")));
        QVERIFY(r.out.contains(QStringLiteral("Baselines")));
        QVERIFY(r.out.contains(QStringLiteral("sqlite3 ")) &&
                r.out.contains(QStringLiteral("FROM event_chunks WHERE run_id = ")));
        // Recorded in the default session under the (temporary) home folder.
        QVERIFY2(r.out.contains(home_.path()), qPrintable(r.out));
    }

    void sameSeedSameMetrics() {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("s.ascope"));
        const QStringList args{
            QStringLiteral("run"),    QStringLiteral("testaccel"), QStringLiteral("--seed"),
            QStringLiteral("7"),      QStringLiteral("--set"),     QStringLiteral("m=40"),
            QStringLiteral("--json"), QStringLiteral("--db"),      db};
        const Result a = cli(args);
        const Result b = cli(args);
        QCOMPARE(a.exitCode, 0);
        QCOMPARE(b.exitCode, 0);
        QCOMPARE(a.json().value(QStringLiteral("metrics")), b.json().value(QStringLiteral("metrics")));
        QCOMPARE(a.json().value(QStringLiteral("seed")).toInt(), 7);
        QVERIFY(a.json().value(QStringLiteral("run_id")) != b.json().value(QStringLiteral("run_id")));
    }

    void largestSeedComesBackUnchanged() {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("s.ascope"));
        const qint64 largest = std::numeric_limits<qint64>::max();
        const Result r =
            cli({QStringLiteral("run"), QStringLiteral("testaccel"), QStringLiteral("--seed"),
                 QString::number(largest), QStringLiteral("--json"), QStringLiteral("--db"), db});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.json().value(QStringLiteral("seed")).toInteger(), largest);
        const Result runs = cli({QStringLiteral("runs"), db, QStringLiteral("--json")});
        QCOMPARE(runs.exitCode, 0);
        const QJsonArray list = runs.json().value(QStringLiteral("runs")).toArray();
        QCOMPARE(list.size(), 1);
        QCOMPARE(list[0].toObject().value(QStringLiteral("seed")).toInteger(), largest);
    }

    void badInputExitsTwo_data() {
        QTest::addColumn<QStringList>("arguments");  // "{dir}" is replaced by a temporary folder
        QTest::addColumn<QStringList>("mentions");
        const QString run = QStringLiteral("run");
        const QString ta = QStringLiteral("testaccel");
        const QString set = QStringLiteral("--set");
        QTest::newRow("unknown plugin")
            << QStringList{run, QStringLiteral("nope")}
            << QStringList{QStringLiteral("unknown plugin 'nope'"), QStringLiteral("testaccel")};
        QTest::newRow("unknown command")
            << QStringList{QStringLiteral("frobnicate")}
            << QStringList{QStringLiteral("unknown command 'frobnicate'"), QStringLiteral("validate")};
        const QString report = QStringLiteral("report");
        const QString out = QStringLiteral("--out");
        QTest::newRow("report: missing session")
            << QStringList{report, QStringLiteral("{dir}/none.ascope"), out, QStringLiteral("{dir}/r.html")}
            << QStringList{QStringLiteral("{dir}/none.ascope"), QStringLiteral("does not exist")};
        QTest::newRow("report: wrong extension")
            << QStringList{report, QStringLiteral("{dir}/none.ascope"), out, QStringLiteral("{dir}/r.txt")}
            << QStringList{QStringLiteral("{dir}/r.txt"), QStringLiteral(".html or .pdf")};
        QTest::newRow("report: no --out")
            << QStringList{report, QStringLiteral("{dir}/none.ascope")} << QStringList{QStringLiteral("--out")};
        QTest::newRow("report: bad run id")
            << QStringList{report, QStringLiteral("{dir}/none.ascope"), QStringLiteral("--run"), QStringLiteral("x"),
                           out, QStringLiteral("{dir}/r.pdf")}
            << QStringList{QStringLiteral("--run"), QStringLiteral("'x'"), QStringLiteral("positive integer")};
        QTest::newRow("unknown key") << QStringList{run, ta, set, QStringLiteral("rows=4")}
                                     << QStringList{QStringLiteral("unknown parameter 'rows'"),
                                                    QStringLiteral("array_rows")};
        QTest::newRow("out of range") << QStringList{run, ta, set, QStringLiteral("m=5000")}
                                      << QStringList{QStringLiteral("'m'"), QStringLiteral("'5000'"),
                                                     QStringLiteral("an integer from 1 to 1024")};
        QTest::newRow("non-numeric") << QStringList{run, ta, set, QStringLiteral("clock_mhz=fast")}
                                     << QStringList{QStringLiteral("'clock_mhz'"), QStringLiteral("'fast'"),
                                                    QStringLiteral("a number from 10 to 2000 MHz")};
        QTest::newRow("unknown preset")
            << QStringList{run, ta, QStringLiteral("--preset"), QStringLiteral("huge")}
            << QStringList{QStringLiteral("unknown preset 'huge'"), QStringLiteral("paper, small")};
        QTest::newRow("unknown option")
            << QStringList{run, ta, QStringLiteral("--fast")}
            << QStringList{QStringLiteral("'--fast'"), QStringLiteral("--preset")};
        QTest::newRow("bad seed") << QStringList{run, ta, QStringLiteral("--seed"), QStringLiteral("-3")}
                                  << QStringList{QStringLiteral("--seed"), QStringLiteral("'-3'")};
        QTest::newRow("seed beyond 2^63")
            << QStringList{run, ta, QStringLiteral("--seed"), QStringLiteral("9223372036854775808")}
            << QStringList{QStringLiteral("--seed"), QStringLiteral("'9223372036854775808'"),
                           QStringLiteral("from 0 to 9223372036854775807")};
        QTest::newRow("missing plugin")
            << QStringList{run} << QStringList{QStringLiteral("missing <plugin>")};
        QTest::newRow("runs: missing db")
            << QStringList{QStringLiteral("runs"), QStringLiteral("{dir}/none.ascope")}
            << QStringList{QStringLiteral("{dir}/none.ascope"), QStringLiteral("does not exist")};
        QTest::newRow("db folder not creatable")
            << QStringList{run, ta, QStringLiteral("--db"), QStringLiteral("/proc/accelscope/s.ascope")}
            << QStringList{QStringLiteral("/proc/accelscope/s.ascope"), QStringLiteral("folder")};
        QTest::newRow("db is a folder")
            << QStringList{run, ta, QStringLiteral("--db"), QStringLiteral("{dir}")}
            << QStringList{QStringLiteral("{dir}"), QStringLiteral("folder")};
        QTest::newRow("db unwritable")
            << QStringList{run, ta, QStringLiteral("--db"), QStringLiteral("/proc/accelscope-test.ascope")}
            << QStringList{QStringLiteral("/proc/accelscope-test.ascope")};
        QTest::newRow("sweep out of range")
            << QStringList{QStringLiteral("sweep"), ta, QStringLiteral("--vary"), QStringLiteral("k=16,4096")}
            << QStringList{QStringLiteral("'k'"), QStringLiteral("'4096'"), QStringLiteral("1 to 1024")};
        QTest::newRow("sweep without vary")
            << QStringList{QStringLiteral("sweep"), ta} << QStringList{QStringLiteral("--vary")};
        QTest::newRow("validate nothing")
            << QStringList{QStringLiteral("validate")} << QStringList{QStringLiteral("--all")};
        QTest::newRow("export: missing db")
            << QStringList{QStringLiteral("export"), QStringLiteral("{dir}/none.ascope"), QStringLiteral("--run"),
                           QStringLiteral("1"), QStringLiteral("--format"), QStringLiteral("chrome"),
                           QStringLiteral("--out"), QStringLiteral("{dir}/x.json")}
            << QStringList{QStringLiteral("{dir}/none.ascope"), QStringLiteral("does not exist")};
        QTest::newRow("import: missing file")
            << QStringList{QStringLiteral("import"), QStringLiteral("{dir}/s.ascope"), QStringLiteral("--chrome"),
                           QStringLiteral("{dir}/none.json")}
            << QStringList{QStringLiteral("{dir}/none.json"), QStringLiteral("does not exist")};
        QTest::newRow("import: no file given")
            << QStringList{QStringLiteral("import"), QStringLiteral("{dir}/s.ascope")}
            << QStringList{QStringLiteral("--chrome is required")};
        QTest::newRow("tensor not declared")
            << QStringList{run, ta, QStringLiteral("--tensor"), QStringLiteral("hidden_states={dir}/h.npy")}
            << QStringList{QStringLiteral("unknown tensor 'hidden_states'"), QStringLiteral("accepts no input tensors")};
        QTest::newRow("tensor malformed")
            << QStringList{run, ta, QStringLiteral("--tensor"), QStringLiteral("hidden_states")}
            << QStringList{QStringLiteral("'hidden_states'"), QStringLiteral("NAME=FILE")};
        QTest::newRow("sweep tensor not declared")
            << QStringList{QStringLiteral("sweep"), ta, QStringLiteral("--vary"), QStringLiteral("k=16,32"),
                           QStringLiteral("--tensor"), QStringLiteral("hidden_states={dir}/h.npy")}
            << QStringList{QStringLiteral("unknown tensor 'hidden_states'"), QStringLiteral("accepts no input tensors")};
        QTest::newRow("report: run and sweep")
            << QStringList{QStringLiteral("report"), QStringLiteral("{dir}/s.ascope"), QStringLiteral("--run"),
                           QStringLiteral("1"), QStringLiteral("--sweep"), QStringLiteral("1"), QStringLiteral("--out"),
                           QStringLiteral("{dir}/r.html")}
            << QStringList{QStringLiteral("either --run or --sweep")};
    }

    void badInputExitsTwo() {
        QFETCH(QStringList, arguments);
        QFETCH(QStringList, mentions);
        QTemporaryDir dir;
        for (QString &a : arguments)
            a.replace(QStringLiteral("{dir}"), dir.path());
        const Result r = cli(arguments);
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.out.isEmpty());
        const QString lastLine = r.err.trimmed().section(QLatin1Char('\n'), -1);
        QVERIFY2(lastLine.startsWith(QStringLiteral("accelscope-cli: error: ")), qPrintable(r.err));
        for (QString mention : mentions) {
            mention.replace(QStringLiteral("{dir}"), dir.path());
            QVERIFY2(lastLine.contains(mention), qPrintable(lastLine + QStringLiteral(" lacks ") + mention));
        }
    }

    void corruptSessionExitsTwoAndIsLeftAlone() {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("corrupt.ascope"));
        const QByteArray bytes = randomBytes(32 * 1024, 3);
        {
            QFile file(db);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(bytes);
        }
        for (const QStringList &args :
             {QStringList{QStringLiteral("runs"), db},
              QStringList{QStringLiteral("run"), QStringLiteral("testaccel"), QStringLiteral("--db"), db}}) {
            const Result r = cli(args);
            QCOMPARE(r.exitCode, 2);
            QVERIFY2(r.err.contains(QStringLiteral("accelscope-cli: error: ")) && r.err.contains(db),
                     qPrintable(r.err));
        }
        QCOMPARE(readFile(db), bytes);
    }

    void validateFailsOnHonestFail() {
        const Result r = cli({QStringLiteral("validate"), QStringLiteral("testaccel")});
        QCOMPARE(r.exitCode, 1);
        const QStringList lines = r.out.split(QLatin1Char('\n'));
        bool passRow = false;
        bool failRow = false;
        for (const QString &line : lines) {
            const QString row = line.trimmed();
            passRow = passRow || (row.startsWith(QStringLiteral("tile_count ")) &&
                                  row.endsWith(QStringLiteral(" PASS")));
            failRow = failRow ||
                      (row.startsWith(QStringLiteral("array_busy ")) &&
                       row.endsWith(QStringLiteral(" FAIL")) && row.contains(QStringLiteral("90 to 100 %")));
        }
        // The failing claim's note says why it fails.
        QVERIFY2(r.out.contains(QStringLiteral("note: honest FAIL")), qPrintable(r.out));
        QVERIFY2(passRow && failRow, qPrintable(r.out));

        const Result json =
            cli({QStringLiteral("validate"), QStringLiteral("testaccel"), QStringLiteral("--json")});
        QCOMPARE(json.exitCode, 1);
        QCOMPARE(json.json().value(QStringLiteral("pass")).toBool(true), false);
        const QJsonArray claims = json.json()
                                      .value(QStringLiteral("plugins"))
                                      .toArray()
                                      .at(0)
                                      .toObject()
                                      .value(QStringLiteral("claims"))
                                      .toArray();
        QCOMPARE(claims.size(), 2);
        QCOMPARE(claims[0].toObject().value(QStringLiteral("pass")).toBool(), true);
        QCOMPARE(claims[0].toObject().value(QStringLiteral("model_value")).toDouble(), 64.0);
        QCOMPARE(claims[1].toObject().value(QStringLiteral("pass")).toBool(), false);
    }

    void validateAllWithoutPluginsExitsTwo() {
        // A copy of the program next to the core library but with no plugin folder: --all finds
        // nothing to check, which must not pass as "every claim holds".
        QTemporaryDir dir;
        const QFileInfo program(QStringLiteral(ACCELSCOPE_CLI_PATH));
        const QString binDir = dir.filePath(QStringLiteral("bin"));
        const QString libDir = dir.filePath(QStringLiteral("lib"));
        QVERIFY(QDir().mkpath(binDir) && QDir().mkpath(libDir));
        const QString copy = binDir + QStringLiteral("/") + program.fileName();
        QVERIFY(QFile::copy(program.absoluteFilePath(), copy));
        const QDir realLib(program.absolutePath() + QStringLiteral("/../lib"));
        for (const QString &library :
             realLib.entryList({QStringLiteral("libaccelscope-core.so*"), QStringLiteral("libaccelscope-views.so*")},
                               QDir::Files))
            QVERIFY(QFile::link(realLib.filePath(library), libDir + QStringLiteral("/") + library));
        const QString noPlugins = dir.filePath(QStringLiteral("none"));
        QVERIFY(QDir().mkpath(noPlugins));

        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("ACCELSCOPE_PLUGIN_PATH"), noPlugins);
        env.insert(QStringLiteral("HOME"), home_.path());
        process.setProcessEnvironment(env);
        process.start(copy, {QStringLiteral("validate"), QStringLiteral("--all"), QStringLiteral("--json")});
        QVERIFY(process.waitForFinished(60000));
        const QString err = QString::fromUtf8(process.readAllStandardError());
        QCOMPARE(process.exitCode(), 2);
        QVERIFY(process.readAllStandardOutput().isEmpty());
        QVERIFY2(err.contains(QStringLiteral("no plugins found in")) && err.contains(noPlugins),
                 qPrintable(err));
    }

    void throwingPluginExitsThreeAndKeepsEarlierRuns() {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("s.ascope"));
        const Result good = cli({QStringLiteral("run"), QStringLiteral("testaccel"), QStringLiteral("--json"),
                                 QStringLiteral("--db"), db});
        QCOMPARE(good.exitCode, 0);
        const QJsonObject before = cli({QStringLiteral("runs"), db, QStringLiteral("--json")}).json();

        const Result bad =
            cli({QStringLiteral("run"), QStringLiteral("throwing"), QStringLiteral("--db"), db});
        QCOMPARE(bad.exitCode, 3);
        QVERIFY2(bad.err.contains(QStringLiteral("plugin 'throwing'")) &&
                     bad.err.contains(QStringLiteral("simulated fault")),
                 qPrintable(bad.err));
        QVERIFY2(bad.err.contains(QStringLiteral("marked failed")), qPrintable(bad.err));

        const QJsonArray runs = cli({QStringLiteral("runs"), db, QStringLiteral("--json")})
                                    .json()
                                    .value(QStringLiteral("runs"))
                                    .toArray();
        QCOMPARE(runs.size(), 2);
        QCOMPARE(runs[0].toObject(),
                 before.value(QStringLiteral("runs")).toArray().at(0).toObject());  // untouched
        QCOMPARE(runs[1].toObject().value(QStringLiteral("plugin")).toString(), QStringLiteral("throwing"));
        QCOMPARE(runs[1].toObject().value(QStringLiteral("status")).toString(), QStringLiteral("failed"));
    }

    void brokenPluginExitsThreeNamingIt() {
        const QString path =
            QStringLiteral(ACCELSCOPE_FIXTURE_PLUGIN_DIR ":" ACCELSCOPE_FIXTURE_BROKEN_PLUGIN_DIR);
        // Listing works (metadata only); using it fails with a message naming the plugin.
        QCOMPARE(cli({QStringLiteral("plugins")}, path).exitCode, 0);
        const Result r = cli({QStringLiteral("presets"), QStringLiteral("nopaper")}, path);
        QCOMPARE(r.exitCode, 3);
        QVERIFY(r.out.isEmpty());
        QVERIFY2(r.err.contains(
                     QStringLiteral("accelscope-cli: error: plugin 'nopaper': has no preset named 'paper'")),
                 qPrintable(r.err));
        // Other plugins keep working next to it.
        QCOMPARE(cli({QStringLiteral("presets"), QStringLiteral("testaccel")}, path).exitCode, 0);
    }

    void interruptMarksRunCancelled() {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("s.ascope"));
        QProcess process;
        QByteArray err = startLongRun(process, db);
        QVERIFY2(err.contains("progress: "), err.constData());
        QCOMPARE(::kill(static_cast<pid_t>(process.processId()), SIGINT), 0);
        QVERIFY(process.waitForFinished(60000));
        err += process.readAllStandardError();
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), 130);
        const QByteArray expected =
            "accelscope-cli: error: interrupted; run 1 in " + db.toUtf8() + " is marked cancelled";
        QVERIFY2(err.contains(expected), err.constData());

        const QJsonArray runs = cli({QStringLiteral("runs"), db, QStringLiteral("--json")})
                                    .json()
                                    .value(QStringLiteral("runs"))
                                    .toArray();
        QCOMPARE(runs.size(), 1);
        QCOMPARE(runs[0].toObject().value(QStringLiteral("status")).toString(), QStringLiteral("cancelled"));
        QVERIFY(runs[0].toObject().value(QStringLiteral("events")).toInteger() < 1024 / 2 * 1024 / 2 * 4);
    }

    // kill -9 in the middle of a recorded run: the earlier run is untouched, the file passes
    // SQLite's integrity check, and the killed run reads as interrupted (and is marked so by the
    // next writer).
    void killedRunIsInterruptedAndEarlierRunsIntact() {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("s.ascope"));
        const Result first = cli({QStringLiteral("run"), QStringLiteral("testaccel"), QStringLiteral("--db"), db,
                                  QStringLiteral("--json")});
        QCOMPARE(first.exitCode, 0);
        const QJsonArray before = cli({QStringLiteral("runs"), db, QStringLiteral("--json")})
                                      .json()
                                      .value(QStringLiteral("runs"))
                                      .toArray();
        QCOMPARE(before.size(), 1);

        QProcess process;
        QByteArray err = startLongRun(process, db);
        QVERIFY2(err.contains("progress: "), err.constData());
        QCOMPARE(::kill(static_cast<pid_t>(process.processId()), SIGKILL), 0);
        QVERIFY(process.waitForFinished(60000));
        QCOMPARE(process.exitStatus(), QProcess::CrashExit);

        {
            sqlite3 *raw = nullptr;
            QCOMPARE(sqlite3_open_v2(QFile::encodeName(db).constData(), &raw, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
            sqlite3_stmt *check = nullptr;
            QCOMPARE(sqlite3_prepare_v2(raw, "PRAGMA integrity_check", -1, &check, nullptr), SQLITE_OK);
            QCOMPARE(sqlite3_step(check), SQLITE_ROW);
            QCOMPARE(QByteArray(reinterpret_cast<const char *>(sqlite3_column_text(check, 0))), QByteArray("ok"));
            sqlite3_finalize(check);
            sqlite3_close(raw);
        }
        for (int pass = 0; pass < 2; ++pass) {  // read-only, then after a writer opened the file
            const QJsonArray runs = cli({QStringLiteral("runs"), db, QStringLiteral("--json")})
                                        .json()
                                        .value(QStringLiteral("runs"))
                                        .toArray();
            QCOMPARE(runs.size(), pass == 0 ? 2 : 3);
            QCOMPARE(runs[0].toObject(), before[0].toObject());
            QCOMPARE(runs[1].toObject().value(QStringLiteral("status")).toString(), QStringLiteral("interrupted"));
            if (pass == 0)
                QCOMPARE(cli({QStringLiteral("run"), QStringLiteral("testaccel"), QStringLiteral("--preset"),
                              QStringLiteral("small"), QStringLiteral("--db"), db})
                             .exitCode,
                         0);
        }
        const QString exported = dir.filePath(QStringLiteral("killed.json"));
        QCOMPARE(cli({QStringLiteral("export"), db, QStringLiteral("--run"), QStringLiteral("2"),
                      QStringLiteral("--format"), QStringLiteral("chrome"), QStringLiteral("--out"), exported})
                     .exitCode,
                 0);
        QVERIFY(QFileInfo(exported).size() > 0);
    }

    // A parameter file: run and sweep start from it; a malformed or wrong one exits 2 naming the
    // file and the place.
    void paramsFileRunsAndBadOnesExitTwo() {
        QTemporaryDir dir;
        auto write = [&](const QString &name, const QByteArray &json) {
            QFile file(dir.filePath(name));
            if (file.open(QIODevice::WriteOnly))
                file.write(json);
            return file.fileName();
        };
        const QString good = write(QStringLiteral("good.json"),
                                   R"({"format": "accelscope-params", "plugin": "testaccel", "preset": "small",
                                       "params": {"m": 32, "dataflow": "weight_stationary"}})");
        const Result run = cli({QStringLiteral("run"), QStringLiteral("testaccel"), QStringLiteral("--params"), good,
                                QStringLiteral("--set"), QStringLiteral("k=8"), QStringLiteral("--db"),
                                dir.filePath(QStringLiteral("s.ascope")), QStringLiteral("--json")});
        QCOMPARE(run.exitCode, 0);
        const QJsonObject params = run.json().value(QStringLiteral("params")).toObject();
        QCOMPARE(run.json().value(QStringLiteral("preset")).toString(), QStringLiteral("small"));
        QCOMPARE(params.value(QStringLiteral("m")).toInteger(), 32);
        QCOMPARE(params.value(QStringLiteral("k")).toInteger(), 8);
        QCOMPARE(params.value(QStringLiteral("array_rows")).toInteger(), 4);
        QCOMPARE(params.value(QStringLiteral("dataflow")).toString(), QStringLiteral("weight_stationary"));

        const Result sweep = cli({QStringLiteral("sweep"), QStringLiteral("testaccel"), QStringLiteral("--params"),
                                  good, QStringLiteral("--vary"), QStringLiteral("k=8,16"), QStringLiteral("--json")});
        QCOMPARE(sweep.exitCode, 0);

        const QString malformed = write(QStringLiteral("malformed.json"), "{\n  \"format\": \"accelscope-params\",\n  \"params\": {\"m\" 32}\n}\n");
        const QString unknownKey = write(QStringLiteral("unknown.json"), R"({"format": "accelscope-params", "params": {"rows": 3}})");
        const QString otherPlugin = write(QStringLiteral("other.json"), R"({"format": "accelscope-params", "plugin": "dfx"})");
        const std::pair<QString, QString> cases[] = {
            {malformed, malformed + QStringLiteral(": invalid JSON at line 3, column 19")},
            {unknownKey, unknownKey + QStringLiteral(": params.rows: unknown parameter 'rows'")},
            {otherPlugin, otherPlugin + QStringLiteral(": the file is for plugin 'dfx', not 'testaccel'")},
            {dir.filePath(QStringLiteral("missing.json")),
             QStringLiteral("parameter file %1 cannot be read").arg(dir.filePath(QStringLiteral("missing.json")))}};
        for (const auto &[file, expected] : cases) {
            for (const QString &command : {QStringLiteral("run"), QStringLiteral("sweep")}) {
                QStringList arguments{command, QStringLiteral("testaccel"), QStringLiteral("--params"), file};
                if (command == QLatin1String("sweep"))
                    arguments << QStringLiteral("--vary") << QStringLiteral("k=8,16");
                const Result r = cli(arguments);
                QCOMPARE(r.exitCode, 2);
                QVERIFY2(r.err.contains(QStringLiteral("accelscope-cli: error: ") + expected), qPrintable(r.err));
            }
        }
    }

    void reportWritesHtmlAndPdf() {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("s.ascope"));
        for (const QString &k : {QStringLiteral("k=64"), QStringLiteral("k=32")})
            QCOMPARE(cli({QStringLiteral("run"), QStringLiteral("testaccel"), QStringLiteral("--set"), k,
                          QStringLiteral("--db"), db})
                         .exitCode,
                     0);
        // No --run: the latest complete run (2) alone.
        const QString html = dir.filePath(QStringLiteral("r.html"));
        Result r = cli({QStringLiteral("report"), db, QStringLiteral("--out"), html});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(html), qPrintable(r.out));
        QVERIFY2(!r.err.contains(QStringLiteral("propagateSizeHints")), qPrintable(r.err));
        QString text = QString::fromUtf8(readFile(html));
        QVERIFY(text.contains(QStringLiteral("id=\"run-2\"")));
        QVERIFY(!text.contains(QStringLiteral("id=\"run-1\"")));
        QVERIFY(text.contains(QStringLiteral("<svg")));
        QVERIFY(text.contains(QStringLiteral("AccelScope report — Test Accelerator")));
        // k=32 is not the paper preset's 64, so the preset's claim is not judged on this run ...
        QVERIFY(text.contains(QStringLiteral("Not decided by this run: tile_count, array_busy")));
        // ... but on run 1, which kept the preset's parameters, it is: 64 tiles, as the claim says.
        r = cli({QStringLiteral("report"), db, QStringLiteral("--run"), QStringLiteral("1"), QStringLiteral("--out"), html});
        QCOMPARE(r.exitCode, 0);
        text = QString::fromUtf8(readFile(html));
        QVERIFY(text.contains(QStringLiteral("1 of 1 claims pass")));
        QVERIFY(text.contains(QStringLiteral("Not decided by this run: array_busy")));

        // Two runs compared, as a PDF.
        const QString pdf = dir.filePath(QStringLiteral("r.pdf"));
        r = cli({QStringLiteral("report"), db, QStringLiteral("--run"), QStringLiteral("1"), QStringLiteral("--run"),
                 QStringLiteral("2"), QStringLiteral("--out"), pdf});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(readFile(pdf).startsWith("%PDF-"));
        QVERIFY2(r.out.contains(QStringLiteral("pages")), qPrintable(r.out));

        // An unknown run exits 2 and names the runs there are.
        r = cli({QStringLiteral("report"), db, QStringLiteral("--run"), QStringLiteral("7"), QStringLiteral("--out"),
                 html});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("no run 7; its runs: 1, 2")), qPrintable(r.err));

        // A run that did not finish is refused.
        {
            RunStore store(db);
            RunInfo info;
            info.pluginId = QStringLiteral("testaccel");
            store.beginRun(info, Topology(), {});
        }
        r = cli({QStringLiteral("report"), db, QStringLiteral("--run"), QStringLiteral("3"), QStringLiteral("--out"),
                 html});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("not complete")), qPrintable(r.err));
    }

    void exportAndImportTraces() {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("s.ascope"));
        const Result run = cli({QStringLiteral("run"), QStringLiteral("testaccel"), QStringLiteral("--preset"),
                                QStringLiteral("paper"), QStringLiteral("--json"), QStringLiteral("--db"), db});
        QCOMPARE(run.exitCode, 0);
        const QString id = QString::number(run.json().value(QStringLiteral("run_id")).toInteger());
        const qint64 events = run.json().value(QStringLiteral("events")).toInteger();
        const auto exportAs = [&](const QString &format, const QString &out) {
            return cli({QStringLiteral("export"), db, QStringLiteral("--run"), id, QStringLiteral("--format"), format,
                        QStringLiteral("--out"), out});
        };

        const QString json = dir.filePath(QStringLiteral("run.json"));
        const Result chrome = exportAs(QStringLiteral("chrome"), json);
        QCOMPARE(chrome.exitCode, 0);
        QVERIFY2(chrome.out.contains(QStringLiteral("%1 events").arg(events)), qPrintable(chrome.out));
        QVERIFY(chrome.out.contains(QStringLiteral("ui.perfetto.dev")));
        QJsonParseError error{};
        const QJsonDocument document = QJsonDocument::fromJson(readFile(json), &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        QVERIFY(document.object().value(QStringLiteral("traceEvents")).toArray().size() > events);

        const Result csv = exportAs(QStringLiteral("csv"), dir.filePath(QStringLiteral("run.csv")));
        QCOMPARE(csv.exitCode, 0);
        for (const char *name : {"run.csv", "run.counters.csv", "run.metrics.csv", "run.markers.csv"})
            QVERIFY2(csv.out.contains(dir.filePath(QLatin1String(name))), name);
        QCOMPARE(readFile(dir.filePath(QStringLiteral("run.csv"))).count('\n'), events + 1);

        const Result bad = exportAs(QStringLiteral("perfetto"), dir.filePath(QStringLiteral("x")));
        QCOMPARE(bad.exitCode, 2);
        QVERIFY(bad.err.contains(QStringLiteral("'perfetto'")) && bad.err.contains(QStringLiteral("chrome")));
        const Result noRun = cli({QStringLiteral("export"), db, QStringLiteral("--run"), QStringLiteral("99"),
                                  QStringLiteral("--format"), QStringLiteral("csv"), QStringLiteral("--out"),
                                  dir.filePath(QStringLiteral("y.csv"))});
        QCOMPARE(noRun.exitCode, 2);
        QVERIFY2(noRun.err.contains(QStringLiteral("has no run 99")), qPrintable(noRun.err));

        const Result imported = cli({QStringLiteral("import"), db, QStringLiteral("--chrome"), json, QStringLiteral("--json")});
        QCOMPARE(imported.exitCode, 0);
        QCOMPARE(imported.json().value(QStringLiteral("events")).toInteger(), events);
        const Result list = cli({QStringLiteral("runs"), db, QStringLiteral("--json")});
        const QJsonArray runs = list.json().value(QStringLiteral("runs")).toArray();
        QCOMPARE(runs.size(), 2);
        QCOMPARE(runs[1].toObject().value(QStringLiteral("imported_from")).toString(), json);
        QCOMPARE(runs[0].toObject().value(QStringLiteral("imported_from")).toString(), QString());
        QVERIFY(cli({QStringLiteral("runs"), db}).out.contains(QStringLiteral("complete (imported)")));

        const QString broken = dir.filePath(QStringLiteral("broken.json"));
        QFile file(broken);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\"traceEvents\": [\n{\"ph\": \"X\",}\n]}");
        file.close();
        const Result malformed = cli({QStringLiteral("import"), db, QStringLiteral("--chrome"), broken});
        QCOMPARE(malformed.exitCode, 2);
        QVERIFY2(malformed.err.contains(broken + QStringLiteral(":2:")), qPrintable(malformed.err));
    }

    void sweepGivesOnePointPerValue() {
        const Result r = cli({QStringLiteral("sweep"), QStringLiteral("testaccel"), QStringLiteral("--vary"),
                              QStringLiteral("k=16,32,64"), QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject o = r.json();
        QCOMPARE(o.value(QStringLiteral("vary")).toObject().value(QStringLiteral("k")).toArray(),
                 (QJsonArray{16, 32, 64}));
        const QJsonArray points = o.value(QStringLiteral("points")).toArray();
        QCOMPARE(points.size(), 3);
        const int ks[] = {16, 32, 64};
        for (int i = 0; i < 3; ++i) {
            const QJsonObject p = points[i].toObject();
            QCOMPARE(p.value(QStringLiteral("varied")).toObject().value(QStringLiteral("k")).toInt(), ks[i]);
            QCOMPARE(p.value(QStringLiteral("params")).toObject().value(QStringLiteral("k")).toInt(), ks[i]);
            QCOMPARE(p.value(QStringLiteral("status")).toString(), QStringLiteral("complete"));
            QVERIFY(p.value(QStringLiteral("metrics")).toObject().contains(QStringLiteral("latency_us")));
        }
    }

    void slicedSweepsMergeIntoOne() {
        QTemporaryDir dir;
        QStringList slices;
        for (int k = 0; k < 2; ++k) {
            const QString db = dir.filePath(QStringLiteral("s%1.ascope").arg(k));
            const Result r = cli({QStringLiteral("sweep"), QStringLiteral("testaccel"), QStringLiteral("--vary"),
                                  QStringLiteral("k=16,32,64"), QStringLiteral("--slice"),
                                  QStringLiteral("%1/2").arg(k), QStringLiteral("--threads"), QStringLiteral("2"),
                                  QStringLiteral("--db"), db, QStringLiteral("--json")});
            QCOMPARE(r.exitCode, 0);
            const QJsonArray points = r.json().value(QStringLiteral("points")).toArray();
            QCOMPARE(points.size(), k == 0 ? 2 : 1);  // points 0, 2 and point 1
            QCOMPARE(points[0].toObject().value(QStringLiteral("point")).toInt(), k);
            slices << db;
        }
        const QString out = dir.filePath(QStringLiteral("all.ascope"));
        Result merged = cli(QStringList{QStringLiteral("merge"), out} + slices);
        QCOMPARE(merged.exitCode, 0);
        QVERIFY2(merged.out.contains(QStringLiteral("Merged 3 runs")), qPrintable(merged.out));
        const Result again = cli(QStringList{QStringLiteral("merge"), out} + slices);
        QCOMPARE(again.exitCode, 2);
        QVERIFY2(again.err.contains(QStringLiteral("--append")), qPrintable(again.err));
        const Result twice = cli({QStringLiteral("merge"), dir.filePath(QStringLiteral("x.ascope")), slices[0],
                                  slices[0]});
        QCOMPARE(twice.exitCode, 2);
        QVERIFY2(twice.err.contains(QStringLiteral("given twice")), qPrintable(twice.err));
        const Result badSlice = cli({QStringLiteral("sweep"), QStringLiteral("testaccel"), QStringLiteral("--vary"),
                                     QStringLiteral("k=16,32"), QStringLiteral("--slice"), QStringLiteral("2/2")});
        QCOMPARE(badSlice.exitCode, 2);
        QVERIFY2(badSlice.err.contains(QStringLiteral("K/N")), qPrintable(badSlice.err));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
