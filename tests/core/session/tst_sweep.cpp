#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <map>

#include "core/api/errors.h"
#include "core/registry/pluginregistry.h"
#include "core/session/sweep.h"
#include "core/store/sessionmerge.h"

using namespace accelscope;

namespace {
// testaccel, except that it refuses k = 32 the way a plugin refuses a combination its schema
// cannot express; counts the models it creates.
class PickyPlugin : public AcceleratorPlugin {
public:
    explicit PickyPlugin(const AcceleratorPlugin &inner) : inner_(inner) {}
    ParamSchema schema() const override { return inner_.schema(); }
    std::vector<Preset> presets() const override { return inner_.presets(); }
    std::vector<Claim> claims() const override { return inner_.claims(); }
    std::unique_ptr<Model> createModel(const ParamSet &params, std::uint64_t seed) const override {
        ++created;
        if (params.integer(QStringLiteral("k")) == 32)
            throw InputError(QStringLiteral("k = 32 is refused by this plugin"));
        return inner_.createModel(params, seed);
    }
    mutable std::atomic<int> created{0};

private:
    const AcceleratorPlugin &inner_;
};

// testaccel, except that the model for k = 32 throws in the middle of its run.
class FailingModel : public Model {
public:
    explicit FailingModel(std::unique_ptr<Model> inner) : inner_(std::move(inner)) {}
    Topology topology() const override { return inner_->topology(); }
    std::vector<StepLevel> stepLevels() const override { return inner_->stepLevels(); }
    bool finished() const override { return inner_->finished(); }
    double progress() const override { return inner_->progress(); }
    std::vector<Metric> metrics() const override { return inner_->metrics(); }
    std::vector<BaselineResult> baselines() const override { return inner_->baselines(); }
    QString narration(int level, std::int64_t index) const override { return inner_->narration(level, index); }
    DataSource dataSource() const override { return inner_->dataSource(); }
    TimePs now() const override { return inner_->now(); }

protected:
    int advance(TraceSink &sink) override {
        if (++steps_ > 3)
            throw std::runtime_error("simulated fault after three steps");
        const bool more = inner_->step(0, sink);
        return more ? 0 : static_cast<int>(inner_->stepLevels().size()) - 1;
    }

private:
    std::unique_ptr<Model> inner_;
    int steps_ = 0;
};

class FailingAtK32 : public AcceleratorPlugin {
public:
    explicit FailingAtK32(const AcceleratorPlugin &inner) : inner_(inner) {}
    ParamSchema schema() const override { return inner_.schema(); }
    std::vector<Preset> presets() const override { return inner_.presets(); }
    std::vector<Claim> claims() const override { return inner_.claims(); }
    std::unique_ptr<Model> createModel(const ParamSet &params, std::uint64_t seed) const override {
        std::unique_ptr<Model> model = inner_.createModel(params, seed);
        if (params.integer(QStringLiteral("k")) == 32)
            return std::make_unique<FailingModel>(std::move(model));
        return model;
    }

private:
    const AcceleratorPlugin &inner_;
};

std::map<std::size_t, double> latencyByPoint(const std::vector<SweepPoint> &points) {
    std::map<std::size_t, double> latency;
    for (const SweepPoint &point : points)
        latency[point.index] = findMetric(point.outcome.metrics, QStringLiteral("latency_us"))->value;
    return latency;
}

QByteArray fileBytes(const QString &path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}
}  // namespace

class TestSweep : public QObject {
    Q_OBJECT

private:
    PluginRegistry registry_{QStringList{QStringLiteral(ACCELSCOPE_FIXTURE_PLUGIN_DIR)}};
    const AcceleratorPlugin &plugin() { return registry_.plugin(QStringLiteral("testaccel")); }
    static SweepRequest request(const QStringList &varies) {
        SweepRequest r;
        r.base.pluginId = QStringLiteral("testaccel");
        for (const QString &vary : varies)
            r.axes.push_back(SweepAxis::parse(vary));
        return r;
    }

private Q_SLOTS:
    void parsesAxis() {
        const SweepAxis axis = SweepAxis::parse(QStringLiteral("k = 16, 32,64"));
        QCOMPARE(axis.key, QStringLiteral("k"));
        QCOMPARE(axis.values,
                 (QStringList{QStringLiteral("16"), QStringLiteral("32"), QStringLiteral("64")}));
    }

    void rejectsBadSweeps_data() {
        QTest::addColumn<QStringList>("varies");
        QTest::addColumn<QStringList>("mentions");
        QTest::newRow("no equals") << QStringList{QStringLiteral("k")}
                                   << QStringList{QStringLiteral("'k'"), QStringLiteral("KEY=V1,V2")};
        QTest::newRow("empty value") << QStringList{QStringLiteral("k=16,,32")}
                                     << QStringList{QStringLiteral("'k=16,,32'"),
                                                    QStringLiteral("empty value")};
        QTest::newRow("unknown key") << QStringList{QStringLiteral("rows=1,2")}
                                     << QStringList{QStringLiteral("unknown parameter 'rows'"),
                                                    QStringLiteral("array_rows")};
        QTest::newRow("out of range")
            << QStringList{QStringLiteral("k=16,4096")}
            << QStringList{QStringLiteral("'k'"), QStringLiteral("'4096'"), QStringLiteral("1 to 1024")};
        QTest::newRow("twice") << QStringList{QStringLiteral("k=16"), QStringLiteral("k=32")}
                               << QStringList{QStringLiteral("'k' is varied twice")};
        QTest::newRow("value twice") << QStringList{QStringLiteral("k=16,32,16")}
                                     << QStringList{QStringLiteral("'16'"), QStringLiteral("listed twice")};
        QTest::newRow("nothing") << QStringList{} << QStringList{QStringLiteral("--vary")};
        QStringList sixtyFour;
        for (int v = 1; v <= 64; ++v)
            sixtyFour << QString::number(v);
        const QString values = sixtyFour.join(QLatin1Char(','));
        QTest::newRow("too many points")  // 64^3 = 262,144 combinations
            << QStringList{QStringLiteral("m=") + values, QStringLiteral("n=") + values, QStringLiteral("k=") + values}
            << QStringList{QStringLiteral("more than %1 points").arg(kMaxSweepPoints), QStringLiteral("fewer")};
    }

    void rejectsBadSweeps() {
        QFETCH(QStringList, varies);
        QFETCH(QStringList, mentions);
        try {
            sweepRequests(plugin(), request(varies));
            QFAIL("a bad sweep must throw InputError");
        } catch (const InputError &e) {
            for (const QString &mention : mentions)
                QVERIFY2(e.message().contains(mention),
                         qPrintable(e.message() + QStringLiteral(" lacks ") + mention));
        }
    }

    void cartesianProductFirstAxisOutermost() {
        const std::vector<RunRequest> runs = sweepRequests(
            plugin(), request({QStringLiteral("k=16,32,64"), QStringLiteral("array_rows=4,8")}));
        QCOMPARE(runs.size(), std::size_t{6});
        QCOMPARE(runs[0].assignments, (QStringList{QStringLiteral("k=16"), QStringLiteral("array_rows=4")}));
        QCOMPARE(runs[1].assignments, (QStringList{QStringLiteral("k=16"), QStringLiteral("array_rows=8")}));
        QCOMPARE(runs[5].assignments, (QStringList{QStringLiteral("k=64"), QStringLiteral("array_rows=8")}));
    }

    void runsEveryPointInOrder() {
        SweepRequest r = request({QStringLiteral("k=16,32,64")});
        r.maxThreads = 3;
        const std::vector<SweepPoint> points =
            runSweep(registry_.info(QStringLiteral("testaccel")), plugin(), r).points;
        QCOMPARE(points.size(), std::size_t{3});
        const std::int64_t ks[] = {16, 32, 64};
        double previousLatency = 0;
        for (std::size_t i = 0; i < points.size(); ++i) {
            QVERIFY(points[i].outcome.ok());
            QCOMPARE(points[i].coordinates.at(0).first, QStringLiteral("k"));
            QCOMPARE(points[i].outcome.params.integer(QStringLiteral("k")), ks[i]);
            // Per tile: (16 k) · 8 B at 25.6 GB/s, (k + 14) cycles at 200 MHz, 512 B back.
            const double tileNs = 16.0 * ks[i] * 8 / 25.6 + (ks[i] + 14) * 5.0 + 20.0;
            const double latencyUs =
                findMetric(points[i].outcome.metrics, QStringLiteral("latency_us"))->value;
            QVERIFY2(std::fabs(latencyUs - 64 * tileNs / 1000) < 1e-6,
                     qPrintable(QString::number(latencyUs)));
            QVERIFY(latencyUs > previousLatency);
            previousLatency = latencyUs;
        }
    }

    void refusedPointIsNamedAndStopsTheSweep() {
        const PickyPlugin picky(plugin());
        SweepRequest r = request({QStringLiteral("k=16,32,64")});
        r.maxThreads = 1;  // in order: 16 runs, 32 is refused, 64 must not start
        try {
            runSweep(registry_.info(QStringLiteral("testaccel")), picky, r);
            QFAIL("a refused point must fail the sweep");
        } catch (const InputError &e) {
            QVERIFY2(e.message().contains(QStringLiteral("with k=32: k = 32 is refused")),
                     qPrintable(e.message()));
        }
        QCOMPARE(picky.created.load(), 2);
    }

    void parsesSlices() {
        const SweepSlice slice = SweepSlice::parse(QStringLiteral("3/16"));
        QCOMPARE(slice.index, 3);
        QCOMPARE(slice.count, 16);
        QVERIFY(slice.contains(3) && slice.contains(19) && !slice.contains(4));
        for (const char *bad : {"16/16", "-1/4", "1/0", "1", "a/b", "1/2/3"}) {
            try {
                SweepSlice::parse(QLatin1String(bad));
                QFAIL(bad);
            } catch (const InputError &e) {
                QVERIFY2(e.message().contains(QStringLiteral("K/N")), qPrintable(e.message()));
            }
        }
    }

    void failedPointIsRecordedAndTheOthersGoOn() {
        QTemporaryDir dir;
        const FailingAtK32 failing(plugin());
        SweepRequest r = request({QStringLiteral("k=16,32,64")});
        r.maxThreads = 2;
        r.base.sessionPath = dir.filePath(QStringLiteral("s.ascope"));
        const SweepResult result = runSweep(registry_.info(QStringLiteral("testaccel")), failing, r);
        QCOMPARE(result.points.size(), std::size_t{3});
        QVERIFY(result.points[0].outcome.ok());
        QVERIFY(result.points[1].outcome.status == RunStatus::Failed);
        QVERIFY2(result.points[1].outcome.error.contains(QStringLiteral("simulated fault")),
                 qPrintable(result.points[1].outcome.error));
        QVERIFY(result.points[2].outcome.ok());
        const RunStore store(r.base.sessionPath, RunStore::Mode::ReadOnly);
        const std::vector<RunInfo> runs = store.runs();
        QCOMPARE(runs.size(), std::size_t{3});
        std::map<int, RunStatus> statusByPoint;
        for (const RunInfo &run : runs)
            statusByPoint[run.sweepPoint] = run.status;
        QVERIFY(statusByPoint[1] == RunStatus::Failed);
        QVERIFY(statusByPoint[2] == RunStatus::Complete);
    }

    void metricsOnlyPointsKeepResultsButNoTrace() {
        QTemporaryDir dir;
        SweepRequest r = request({QStringLiteral("k=16,64"), QStringLiteral("array_rows=4,8")});
        r.base.sessionPath = dir.filePath(QStringLiteral("s.ascope"));
        const SweepResult result = runSweep(registry_.info(QStringLiteral("testaccel")), plugin(), r);
        QVERIFY(result.sweepId > 0);
        const RunStore store(r.base.sessionPath, RunStore::Mode::ReadOnly);
        const std::vector<SweepInfo> sweeps = store.sweeps();
        QCOMPARE(sweeps.size(), std::size_t{1});
        QCOMPARE(sweeps[0].axes.value(QStringLiteral("order")).toArray(),
                 (QJsonArray{QStringLiteral("k"), QStringLiteral("array_rows")}));
        QCOMPARE(sweeps[0].axes.value(QStringLiteral("k")).toArray(), (QJsonArray{16, 64}));
        const std::vector<RunInfo> runs = store.runs();
        QCOMPARE(runs.size(), std::size_t{4});
        for (const RunInfo &run : runs) {
            QVERIFY(!run.traceRecorded);
            QCOMPARE(run.sweepId, result.sweepId);
            QCOMPARE(run.eventCount, std::int64_t{0});
            const RunRecord record = store.loadRun(run.id);
            const SweepPoint &point = result.points.at(static_cast<std::size_t>(run.sweepPoint));
            QCOMPARE(record.metrics.size(), point.outcome.metrics.size());
            QCOMPARE(findMetric(record.metrics, QStringLiteral("latency_us"))->value,
                     findMetric(point.outcome.metrics, QStringLiteral("latency_us"))->value);
            QVERIFY(!record.baselines.empty());
            QVERIFY(!record.topology.units().empty());
            QVERIFY(point.outcome.eventCount > 0);  // the model ran in full; its events were only counted
            QCOMPARE(store.loadTrace(run.id)->eventCount(), std::size_t{0});
        }
    }

    void eventsAreRecordedWhenAskedFor() {
        QTemporaryDir dir;
        SweepRequest r = request({QStringLiteral("k=16,32")});
        r.base.sessionPath = dir.filePath(QStringLiteral("s.ascope"));
        r.recordEvents = true;
        const SweepResult result = runSweep(registry_.info(QStringLiteral("testaccel")), plugin(), r);
        const RunStore store(r.base.sessionPath, RunStore::Mode::ReadOnly);
        for (const SweepPoint &point : result.points) {
            const RunRecord record = store.loadRun(point.outcome.runId);
            QVERIFY(record.info.traceRecorded);
            QCOMPARE(record.info.sweepPoint, static_cast<int>(point.index));
            QCOMPARE(static_cast<std::int64_t>(store.loadTrace(point.outcome.runId)->eventCount()),
                     point.outcome.eventCount);
        }
    }

    void mergedSlicesEqualTheWholeSweep() {
        QTemporaryDir dir;
        const PluginInfo &info = registry_.info(QStringLiteral("testaccel"));
        SweepRequest whole = request({QStringLiteral("k=16,32,64"), QStringLiteral("array_rows=4,8")});
        whole.maxThreads = 2;
        const std::map<std::size_t, double> expected = latencyByPoint(runSweep(info, plugin(), whole).points);
        QCOMPARE(expected.size(), std::size_t{6});

        QStringList slices;
        for (int k = 0; k < 2; ++k) {
            SweepRequest part = whole;
            part.slice = SweepSlice{k, 2};
            part.base.sessionPath = dir.filePath(QStringLiteral("slice%1.ascope").arg(k));
            const SweepResult result = runSweep(info, plugin(), part);
            QCOMPARE(result.points.size(), std::size_t{3});
            for (const SweepPoint &point : result.points)
                QCOMPARE(point.index % 2, static_cast<std::size_t>(k));
            slices << part.base.sessionPath;
        }
        const QByteArray before0 = fileBytes(slices[0]);
        const QByteArray before1 = fileBytes(slices[1]);
        const QString merged = dir.filePath(QStringLiteral("merged.ascope"));
        const SessionMergeResult result = mergeSessions(merged, slices, false);
        QCOMPARE(result.sources.size(), std::size_t{2});
        QCOMPARE(result.sources[0].sweepsAdded, 1);
        QCOMPARE(result.sources[1].sweepsJoined, 1);
        QCOMPARE(fileBytes(slices[0]), before0);  // inputs are never modified
        QCOMPARE(fileBytes(slices[1]), before1);

        const RunStore store(merged, RunStore::Mode::ReadOnly);
        QCOMPARE(store.sweeps().size(), std::size_t{1});
        const std::vector<RunInfo> runs = store.runs();
        QCOMPARE(runs.size(), std::size_t{6});
        std::map<std::size_t, double> got;
        for (const RunInfo &run : runs) {
            QCOMPARE(run.sweepId, store.sweeps()[0].id);
            QVERIFY(run.originFile.endsWith(QStringLiteral(".ascope")) && run.originRunId > 0);
            const RunRecord record = store.loadRun(run.id);
            got[static_cast<std::size_t>(run.sweepPoint)] =
                findMetric(record.metrics, QStringLiteral("latency_us"))->value;
        }
        QCOMPARE(got, expected);  // point for point, the same metrics as one unsliced sweep
    }

    void mergeCopiesTracesAndRefusesBadInput() {
        QTemporaryDir dir;
        SweepRequest r = request({QStringLiteral("k=16,32")});
        r.base.sessionPath = dir.filePath(QStringLiteral("in.ascope"));
        r.recordEvents = true;
        runSweep(registry_.info(QStringLiteral("testaccel")), plugin(), r);
        const QString out = dir.filePath(QStringLiteral("out.ascope"));
        mergeSessions(out, {r.base.sessionPath}, false);
        {
            const RunStore in(r.base.sessionPath, RunStore::Mode::ReadOnly);
            const RunStore merged(out, RunStore::Mode::ReadOnly);
            const std::vector<RunInfo> runs = merged.runs();
            QCOMPARE(runs.size(), std::size_t{2});
            for (const RunInfo &run : runs) {
                const auto original = in.loadTrace(run.originRunId);
                const auto copy = merged.loadTrace(run.id);
                QCOMPARE(copy->eventCount(), original->eventCount());
                QCOMPARE(copy->snapshot().eventEnd(copy->eventCount() - 1),
                         original->snapshot().eventEnd(original->eventCount() - 1));
                QCOMPARE(copy->snapshot().markers().size(), original->snapshot().markers().size());
                QCOMPARE(merged.loadRun(run.id).topology.units().size(),
                         in.loadRun(run.originRunId).topology.units().size());
            }
        }
        const QString notSession = dir.filePath(QStringLiteral("notes.txt"));
        QFile text(notSession);
        QVERIFY(text.open(QIODevice::WriteOnly));
        text.write("not a session\n");
        text.close();
        const auto refused = [&](const QString &output, const QStringList &inputs, bool append) {
            try {
                mergeSessions(output, inputs, append);
            } catch (const StoreError &e) {
                return e.message();
            }
            return QString();
        };
        QVERIFY(refused(out, {r.base.sessionPath}, false).contains(QStringLiteral("--append")));
        QVERIFY(refused(dir.filePath(QStringLiteral("o2.ascope")), {r.base.sessionPath, r.base.sessionPath}, false)
                    .contains(QStringLiteral("given twice")));
        QVERIFY(refused(dir.filePath(QStringLiteral("o3.ascope")), {notSession}, false)
                    .contains(QStringLiteral("not an AccelScope session")));
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("o3.ascope"))));
        QVERIFY(refused(out, {out}, true).contains(QStringLiteral("is the output")));
        mergeSessions(out, {r.base.sessionPath}, true);
        QCOMPARE(RunStore(out, RunStore::Mode::ReadOnly).runs().size(), std::size_t{4});
    }
};

QTEST_GUILESS_MAIN(TestSweep)
#include "tst_sweep.moc"
