// The engine recording a run into a session file: what is reloaded equals what ran, and failed
// or cancelled runs are recorded as such with everything they produced before.
#include <QtTest>

#include "../sim/synthmodel.h"
#include "../sim/tracedump.h"
#include "core/sim/engine.h"
#include "core/store/runrecorder.h"
#include "core/store/runstore.h"

#include <sqlite3.h>

using namespace accelscope;

namespace {

RunInfo infoFor(std::uint64_t seed) {
    RunInfo info;
    info.pluginId = QStringLiteral("synth");
    info.pluginVersion = QStringLiteral("1");
    info.preset = QStringLiteral("paper");
    info.params = QJsonObject{{QStringLiteral("ops"), 300}};
    info.seed = seed;
    return info;
}

}  // namespace

class TestEngineRecording : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void recordedRunReloadsIdentically() {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("session.ascope"));
        Engine engine(std::make_unique<test::SynthModel>(11, 300),
                      std::make_unique<RunRecorder>(db, infoFor(11)));
        engine.step(1);
        engine.step(0);
        engine.runToEnd();
        QCOMPARE(engine.waitForIdle(), Engine::State::Finished);

        const RunStore store(db, RunStore::Mode::ReadOnly);
        const std::vector<RunInfo> runs = store.runs();
        QCOMPARE(runs.size(), std::size_t{1});
        QCOMPARE(toString(runs[0].status), toString(RunStatus::Complete));
        QCOMPARE(runs[0].eventCount, std::int64_t{300});
        QCOMPARE(engine.recordedRunId(), runs[0].id);
        QCOMPARE(runs[0].dataSource, QStringLiteral("seeded synthetic operations"));
        QCOMPARE(runs[0].simulatedEndPs, engine.model().now());
        const RunRecord record = store.loadRun(runs[0].id);
        QCOMPARE(record.metrics.size(), std::size_t{1});
        QCOMPARE(record.metrics[0].value, engine.model().metrics()[0].value);
        QCOMPARE(record.stepLevels.size(), std::size_t{2});
        const std::unique_ptr<Trace> reloaded = store.loadTrace(runs[0].id);
        QCOMPARE(test::dumpTrace(reloaded->snapshot()), test::dumpTrace(engine.snapshot()));
    }

    void failedRunKeepsWhatRanBefore() {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("session.ascope"));
        {
            Engine ok(std::make_unique<test::SynthModel>(1, 50),
                      std::make_unique<RunRecorder>(db, infoFor(1)));
            ok.runToEnd();
            QCOMPARE(ok.waitForIdle(), Engine::State::Finished);
        }
        Engine engine(std::make_unique<test::SynthModel>(2, 100, 10, 42),
                      std::make_unique<RunRecorder>(db, infoFor(2)));
        engine.runToEnd();
        QCOMPARE(engine.waitForIdle(), Engine::State::Failed);

        const RunStore store(db, RunStore::Mode::ReadOnly);
        const std::vector<RunInfo> runs = store.runs();
        QCOMPARE(runs.size(), std::size_t{2});
        QCOMPARE(toString(runs[0].status), toString(RunStatus::Complete));  // the earlier run is untouched
        QCOMPARE(runs[0].eventCount, std::int64_t{50});
        QCOMPARE(toString(runs[1].status), toString(RunStatus::Failed));
        QVERIFY(runs[1].error.contains(QStringLiteral("synthetic failure at op 42")));
        QCOMPARE(runs[1].eventCount, std::int64_t{42});
        QCOMPARE(store.loadTrace(runs[1].id)->snapshot().eventCount(), std::size_t{42});
    }

    void cancelledRunIsRecordedAsCancelled() {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("session.ascope"));
        Engine engine(std::make_unique<test::SynthModel>(3, 1000),
                      std::make_unique<RunRecorder>(db, infoFor(3)));
        engine.step(1);
        QCOMPARE(engine.waitForIdle(), Engine::State::Idle);
        engine.cancel();
        QCOMPARE(engine.waitForIdle(), Engine::State::Cancelled);
        const RunStore store(db, RunStore::Mode::ReadOnly);
        QCOMPARE(toString(store.runs().at(0).status), toString(RunStatus::Cancelled));
        QCOMPARE(store.runs().at(0).eventCount, std::int64_t{10});
    }

    void recordingFailureStopsTheRun() {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("session.ascope"));
        // Three batches' worth of operations, so batches are written in the middle of the run.
        const auto ops = static_cast<std::int64_t>(3 * RunRecorder::kBatchEvents);
        Engine engine(std::make_unique<test::SynthModel>(5, ops),
                      std::make_unique<RunRecorder>(db, infoFor(5)));
        QSignalSpy failed(&engine, &Engine::failed);
        engine.step(0);
        QCOMPARE(engine.waitForIdle(), Engine::State::Idle);
        {
            // Another program renumbers the run: every later batch finds no run to append to.
            sqlite3 *handle = nullptr;
            QCOMPARE(sqlite3_open(QFile::encodeName(db).constData(), &handle), SQLITE_OK);
            QCOMPARE(sqlite3_exec(handle, "UPDATE runs SET id = 99", nullptr, nullptr, nullptr), SQLITE_OK);
            sqlite3_close(handle);
        }
        engine.runToEnd();
        QCOMPARE(engine.waitForIdle(), Engine::State::Failed);
        QVERIFY2(engine.errorMessage().contains(QStringLiteral("recording failed")),
                 qPrintable(engine.errorMessage()));
        QVERIFY2(engine.errorMessage().contains(QStringLiteral("no run 1 to append to")),
                 qPrintable(engine.errorMessage()));
        // The run stops at the first failed batch instead of stepping on unrecorded.
        QVERIFY(!engine.model().finished());
        QCOMPARE(failed.count(), 1);
    }
};

QTEST_GUILESS_MAIN(TestEngineRecording)
#include "tst_enginerecording.moc"
