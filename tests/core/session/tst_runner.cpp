#include <atomic>
#include <cmath>

#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include "core/api/errors.h"
#include "core/registry/pluginerror.h"
#include "core/registry/pluginregistry.h"
#include "core/session/runner.h"
#include "core/store/runstore.h"

using namespace accelscope;

class TestRunner : public QObject {
    Q_OBJECT

private:
    PluginRegistry registry_{QStringList{QStringLiteral(ACCELSCOPE_FIXTURE_PLUGIN_DIR)}};

    RunOutcome run(const QString &id, const QString &sessionPath = {}, std::uint64_t seed = 1,
                   const ProgressCallback &progress = {}) {
        RunRequest request;
        request.pluginId = id;
        request.seed = seed;
        request.sessionPath = sessionPath;
        return runToCompletion(registry_.info(id), registry_.plugin(id), request, progress);
    }
    static double metric(const RunOutcome &outcome, const QString &name) {
        const Metric *m = findMetric(outcome.metrics, name);
        return m ? m->value : std::numeric_limits<double>::quiet_NaN();
    }

private Q_SLOTS:
    void runsPaperPresetToTheEnd() {
        const RunOutcome outcome = run(QStringLiteral("testaccel"));
        QVERIFY(outcome.ok());
        QCOMPARE(outcome.runId, RunId{0});  // not recorded
        QCOMPARE(outcome.params.integer(QStringLiteral("m")), 64);
        // The tiled product equals a naive triple loop.
        QVERIFY(metric(outcome, QStringLiteral("max_abs_error")) < 1e-12);
        QCOMPARE(metric(outcome, QStringLiteral("tiles")), 64.0);
        // 64 tiles of 320 ns load + 390 ns compute + 20 ns write back.
        QVERIFY(std::fabs(metric(outcome, QStringLiteral("latency_us")) - 64 * 0.730) < 1e-6);
        QCOMPARE(outcome.eventCount, std::int64_t{64 * 4});  // bus, DRAM read, array, DRAM write
        QCOMPARE(outcome.simulatedEndPs, TimePs{64 * 730'000});
        QCOMPARE(outcome.baselines.size(), std::size_t{1});
        QVERIFY(outcome.dataSource.contains(QStringLiteral("seeded")));
    }

    void sameSeedSameMetrics() {
        const RunOutcome a = run(QStringLiteral("testaccel"), {}, 42);
        const RunOutcome b = run(QStringLiteral("testaccel"), {}, 42);
        QCOMPARE(a.metrics.size(), b.metrics.size());
        for (std::size_t i = 0; i < a.metrics.size(); ++i) {
            QCOMPARE(a.metrics[i].name, b.metrics[i].name);
            QCOMPARE(a.metrics[i].value, b.metrics[i].value);
        }
        QCOMPARE(a.eventCount, b.eventCount);
    }

    void reportsMonotonicProgressToTheEnd() {
        std::vector<double> seen;
        run(QStringLiteral("testaccel"), {}, 1, [&seen](double f) { seen.push_back(f); });
        QVERIFY(!seen.empty());
        QCOMPARE(seen.back(), 1.0);
        QVERIFY(std::is_sorted(seen.begin(), seen.end()));
    }

    void modelThatThrowsGivesFailedOutcome() {
        const RunOutcome outcome = run(QStringLiteral("throwing"));
        QVERIFY(outcome.status == RunStatus::Failed);
        QVERIFY2(outcome.error.contains(QStringLiteral("simulated fault")), qPrintable(outcome.error));
        QVERIFY(outcome.failureMessage().startsWith(QStringLiteral("plugin 'throwing', preset 'paper': ")));
        QCOMPARE(outcome.eventCount, std::int64_t{3 * 4});  // the three tiles before the fault
        QVERIFY(outcome.metrics.empty());
    }

    void recordsTheRun() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("session.ascope"));
        const RunOutcome outcome = run(QStringLiteral("testaccel"), path);
        QVERIFY(outcome.ok());
        QVERIFY(outcome.runId > 0);
        const RunStore store(path, RunStore::Mode::ReadOnly);
        const std::vector<RunInfo> runs = store.runs();
        QCOMPARE(runs.size(), std::size_t{1});
        QCOMPARE(runs[0].id, outcome.runId);
        QVERIFY(runs[0].status == RunStatus::Complete);
        QCOMPARE(runs[0].pluginId, QStringLiteral("testaccel"));
        QCOMPARE(runs[0].preset, QStringLiteral("paper"));
        QCOMPARE(runs[0].seed, std::uint64_t{1});
        QCOMPARE(runs[0].eventCount, outcome.eventCount);
        QCOMPARE(store.loadTrace(outcome.runId)->eventCount(), static_cast<std::size_t>(outcome.eventCount));
    }

    void failedRunIsMarkedFailedAndEarlierRunsStay() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("session.ascope"));
        const RunOutcome good = run(QStringLiteral("testaccel"), path);
        const RunOutcome bad = run(QStringLiteral("throwing"), path);
        QVERIFY(bad.status == RunStatus::Failed);
        QVERIFY(bad.runId > good.runId);
        const RunStore store(path, RunStore::Mode::ReadOnly);
        const RunRecord goodRecord = store.loadRun(good.runId);
        QVERIFY(goodRecord.info.status == RunStatus::Complete);
        QCOMPARE(goodRecord.info.eventCount, good.eventCount);
        QCOMPARE(goodRecord.metrics.size(), good.metrics.size());
        const RunRecord badRecord = store.loadRun(bad.runId);
        QVERIFY(badRecord.info.status == RunStatus::Failed);
        QVERIFY2(badRecord.info.error.contains(QStringLiteral("simulated fault")),
                 qPrintable(badRecord.info.error));
    }

    void stopFlagCancelsAndRecordsCancelled() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("session.ascope"));
        std::atomic<bool> stop{false};
        RunRequest request;
        request.pluginId = QStringLiteral("testaccel");
        // About a million events: long enough that the stop lands mid-run.
        request.assignments =
            QStringList{QStringLiteral("m=1024"), QStringLiteral("n=1024"), QStringLiteral("k=1024"),
                        QStringLiteral("array_rows=2"), QStringLiteral("array_cols=2")};
        request.sessionPath = path;
        request.stop = &stop;
        const QString id = request.pluginId;
        const RunOutcome outcome = runToCompletion(registry_.info(id), registry_.plugin(id), request,
                                                   [&stop](double) { stop = true; });
        QVERIFY(outcome.status == RunStatus::Cancelled);
        QVERIFY(outcome.eventCount > 0);
        QVERIFY(outcome.eventCount < 1024 / 2 * 1024 / 2 * 4);
        const RunStore store(path, RunStore::Mode::ReadOnly);
        const RunInfo recorded = store.runs().at(0);
        QVERIFY(recorded.status == RunStatus::Cancelled);
        QCOMPARE(recorded.eventCount, outcome.eventCount);

        // Already stopped: nothing runs, nothing is recorded.
        const RunOutcome notStarted = runToCompletion(registry_.info(id), registry_.plugin(id), request);
        QVERIFY(notStarted.status == RunStatus::Cancelled);
        QCOMPARE(notStarted.runId, RunId{0});
        QCOMPARE(RunStore(path, RunStore::Mode::ReadOnly).runs().size(), std::size_t{1});
    }

    void corruptSessionIsBadInputAndLeftAlone() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("corrupt.ascope"));
        QByteArray bytes(64 * 1024, Qt::Uninitialized);
        QRandomGenerator random(11);
        for (char &c : bytes)
            c = static_cast<char>(random.bounded(256));
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(bytes);
        }
        try {
            run(QStringLiteral("testaccel"), path);
            QFAIL("a corrupt session must throw StoreError");
        } catch (const StoreError &e) {
            QVERIFY2(e.message().contains(path), qPrintable(e.message()));
        }
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), bytes);
    }
};

QTEST_GUILESS_MAIN(TestRunner)
#include "tst_runner.moc"
