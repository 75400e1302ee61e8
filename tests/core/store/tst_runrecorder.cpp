// RunRecorder: batches reach the file when large enough or forced, finish() leaves a complete
// run, and a recorder torn down mid-run leaves the run marked interrupted, not `running`.

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

#include "core/api/errors.h"
#include "core/store/runrecorder.h"

using namespace accelscope;

namespace {

// Each finest step writes `eventsPerStep` events on one unit and a counter sample; four steps
// make a layer.
class CountingModel final : public Model {
public:
    CountingModel(int steps, int eventsPerStep) : steps_(steps), eventsPerStep_(eventsPerStep) {}

    Topology topology() const override {
        Topology t;
        const UnitId device = t.addUnit(QStringLiteral("chip"), UnitKind::Device);
        t.addUnit(QStringLiteral("pe"), UnitKind::Compute, device, QStringLiteral("processing element"));
        return t;
    }
    std::vector<StepLevel> stepLevels() const override {
        return {{QStringLiteral("op"), {}}, {QStringLiteral("layer"), QStringLiteral("four ops")}};
    }
    bool finished() const override { return done_ >= steps_; }
    double progress() const override { return static_cast<double>(done_) / steps_; }
    std::vector<Metric> metrics() const override {
        return {
            {QStringLiteral("latency_ms"), static_cast<double>(now()) / kPsPerMs, QStringLiteral("ms"), {}}};
    }
    std::vector<BaselineResult> baselines() const override {
        return {{QStringLiteral("a100"),
                 1,
                 QStringLiteral("A100"),
                 {{QStringLiteral("latency_ms"), 3.0, QStringLiteral("ms"), {}}}}};
    }
    QString narration(int level, std::int64_t index) const override {
        return QStringLiteral("level %1 unit %2 done").arg(level).arg(index);
    }
    DataSource dataSource() const override { return {QStringLiteral("counting synthetic data"), true}; }
    TimePs now() const override { return clock_; }

protected:
    int advance(TraceSink &sink) override {
        if (series_ == kUnset)
            series_ = sink.counterSeries(QStringLiteral("chip/pe/busy"), QStringLiteral("ops"));
        for (int i = 0; i < eventsPerStep_; ++i) {
            sink.event(UnitEvent{1, clock_, clock_ + 500, OpKind::Matrix, QStringLiteral("mac"), 64, 128});
            clock_ += 500;
        }
        sink.counter(series_, clock_, done_);
        ++done_;
        return done_ % 4 == 0 ? 1 : 0;
    }

private:
    static constexpr std::uint32_t kUnset = ~std::uint32_t{0};
    int steps_;
    int eventsPerStep_;
    int done_ = 0;
    TimePs clock_ = 0;
    std::uint32_t series_ = kUnset;
};

RunInfo counterInfo() {
    RunInfo info;
    info.pluginId = QStringLiteral("counting");
    info.pluginVersion = QStringLiteral("1.0.0");
    info.seed = 3;
    return info;
}

RunInfo storedRun(const QString &path, RunId run) {
    const RunStore store(path, RunStore::Mode::ReadOnly);
    return store.loadRun(run).info;
}

}  // namespace

class TestRunRecorder : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void writesWhenBatchIsLargeOrForced();
    void finishRecordsStatusMetricsAndWholeTrace();
    void abandonedRunIsMarkedInterrupted();
    void unwritableTraceEndStillRecordsWhy();
    void unwritableSessionFailsAtBegin();
};

void TestRunRecorder::writesWhenBatchIsLargeOrForced() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("s.ascope"));
    CountingModel model(1000, 1024);
    Trace trace;
    RunRecorder recorder(path, counterInfo());
    recorder.begin(model);
    QVERIFY(recorder.runId() > 0);
    QCOMPARE(toString(storedRun(path, recorder.runId()).status), toString(RunStatus::Running));
    QCOMPARE(storedRun(path, recorder.runId()).dataSource, QStringLiteral("counting synthetic data"));

    // Forced: whatever is there goes to the file.
    model.step(0, trace);
    trace.publish();
    recorder.flush(trace.snapshot(), true);
    QCOMPARE(storedRun(path, recorder.runId()).eventCount, std::int64_t{1024});

    // A full batch is written without forcing.
    while (trace.eventCount() < 1024 + RunRecorder::kBatchEvents)
        model.step(0, trace);
    trace.publish();
    recorder.flush(trace.snapshot());
    QCOMPARE(storedRun(path, recorder.runId()).eventCount, static_cast<std::int64_t>(trace.eventCount()));
}

void TestRunRecorder::finishRecordsStatusMetricsAndWholeTrace() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("s.ascope"));
    CountingModel model(40, 100);
    Trace trace;
    RunId run = 0;
    {
        RunRecorder recorder(path, counterInfo());
        recorder.begin(model);
        run = recorder.runId();
        while (model.step(1, trace)) {
            trace.publish();
            recorder.flush(trace.snapshot());
        }
        trace.publish();
        recorder.finish(trace.snapshot(), RunStatus::Complete, model);
    }
    const RunStore store(path, RunStore::Mode::ReadOnly);
    const RunRecord record = store.loadRun(run);
    QCOMPARE(toString(record.info.status), toString(RunStatus::Complete));
    QCOMPARE(record.info.eventCount, std::int64_t{4000});
    QCOMPARE(record.info.simulatedEndPs, TimePs{4000 * 500});
    QVERIFY(record.info.finishedAt.isValid());
    QCOMPARE(record.metrics.size(), std::size_t{1});
    QCOMPARE(record.metrics[0].value, 2e-3);
    QCOMPARE(record.baselines.size(), std::size_t{1});
    QCOMPARE(record.topology.path(1), QStringLiteral("chip/pe"));
    QCOMPARE(record.stepLevels.size(), std::size_t{2});

    const TraceSnapshot loaded = store.loadTrace(run)->snapshot();
    const TraceSnapshot recorded = trace.snapshot();
    QCOMPARE(loaded.eventCount(), recorded.eventCount());
    QCOMPARE(loaded.eventEnd(3999), recorded.eventEnd(3999));
    QCOMPARE(loaded.eventStep(3999), std::uint32_t{39});
    QCOMPARE(loaded.counterCount(), std::size_t{40});
    QCOMPARE(loaded.markers().size(), recorded.markers().size());
    QCOMPARE(loaded.markers().back().text, QStringLiteral("level 1 unit 9 done"));
}

void TestRunRecorder::abandonedRunIsMarkedInterrupted() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("s.ascope"));
    CountingModel model(40, 10);
    Trace trace;
    RunId run = 0;
    {
        RunRecorder recorder(path, counterInfo());
        recorder.begin(model);
        run = recorder.runId();
        model.step(1, trace);
        trace.publish();
        recorder.flush(trace.snapshot(), true);
    }  // destroyed without finish(): the engine was torn down mid-run
    const RunInfo info = storedRun(path, run);
    QCOMPARE(toString(info.status), toString(RunStatus::Interrupted));
    QCOMPARE(info.eventCount, std::int64_t{40});  // what was flushed is kept
}

void TestRunRecorder::unwritableTraceEndStillRecordsWhy() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("s.ascope"));
    CountingModel model(8, 10);
    Trace trace;
    RunId run = 0;
    {
        RunRecorder recorder(path, counterInfo());
        recorder.begin(model);
        run = recorder.runId();
        while (model.step(1, trace)) {
        }
        trace.publish();
        {
            // Another program took the slot of the run's first event type: the last batch fails.
            sqlite3 *handle = nullptr;
            QCOMPARE(sqlite3_open(QFile::encodeName(path).constData(), &handle), SQLITE_OK);
            const QByteArray sql =
                "INSERT INTO event_types (run_id, type_id, unit_id, op_kind, label) VALUES (" +
                QByteArray::number(static_cast<qlonglong>(run)) + ", 0, 1, 'other', 'x')";
            QCOMPARE(sqlite3_exec(handle, sql.constData(), nullptr, nullptr, nullptr), SQLITE_OK);
            sqlite3_close(handle);
        }
        QVERIFY_THROWS_EXCEPTION(StoreError, recorder.finish(trace.snapshot(), RunStatus::Complete, model));
    }
    // The run says it failed and why, instead of `running` or a bare `interrupted`.
    const RunInfo info = storedRun(path, run);
    QCOMPARE(toString(info.status), toString(RunStatus::Failed));
    QVERIFY2(info.error.contains(QStringLiteral("the end of the trace could not be written")),
             qPrintable(info.error));
    QVERIFY2(info.error.contains(QStringLiteral("writing event types")), qPrintable(info.error));
}

void TestRunRecorder::unwritableSessionFailsAtBegin() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("notes.txt"));
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("these are my notes, not a session\n");
    }
    CountingModel model(4, 1);
    RunRecorder recorder(path, counterInfo());
    try {
        recorder.begin(model);
        QFAIL("recording into a text file must fail");
    } catch (const StoreError &error) {
        QVERIFY2(error.message().contains(QStringLiteral("not an AccelScope session file")),
                 qPrintable(error.message()));
    }
}

QTEST_GUILESS_MAIN(TestRunRecorder)
#include "tst_runrecorder.moc"
