// The engine, trace and store budgets of DESIGN.md on this machine:
// - appending events to a Trace in memory (10 M events/s, 40 bytes/event);
// - writing a run to a session file (2 M events/s, and over 3× a row-per-event INSERT loop, which
//   is measured here too with the bare sqlite3 API as the practical limit);
// - reopening a 10 M-event run until the views can draw it (2 s);
// - the engine's cost per step, against calling the model directly (no budget in DESIGN.md).

#include <benchmark/benchmark.h>

#include <sqlite3.h>

#include <chrono>
#include <memory>
#include <optional>
#include <stdexcept>

#include <QCoreApplication>
#include <QFile>
#include <QTemporaryDir>

#include "core/sim/engine.h"
#include "core/sim/traceindex.h"
#include "core/store/runstore.h"
#include "tests/benchmarks/budget.h"
#include "tests/support/bigtrace.h"

using namespace accelscope;

namespace {

constexpr double kAppendEventsPerSecond = 10e6;
constexpr double kAppendBytesPerEvent = 40;
constexpr double kStoreEventsPerSecond = 2e6;
constexpr double kStoreOverRowLoop = 3;
constexpr double kReopenBudgetMs = 2000;
constexpr std::size_t kTenMillion = 10000000;

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point begin) {
    return std::chrono::duration<double>(Clock::now() - begin).count();
}

const test::BigTrace &bigTrace() {
    static const test::BigTrace trace;
    return trace;
}

// --- Trace append ------------------------------------------------------------------------------

// Appends `count` events through the TraceSink interface, as a model does, publishing every 4,096
// events as the engine does at step boundaries.
void appendEvents(TraceSink &sink, EventTypeId type, std::size_t count) {
    TimePs t = 0;
    for (std::size_t i = 0; i < count; ++i, t += 100) {
        sink.appendEvent(type, t, t + 100, 64, 2048);
        if ((i & 4095) == 4095)
            static_cast<Trace &>(sink).publish();
    }
    static_cast<Trace &>(sink).publish();
}

void BM_TraceAppend10M(benchmark::State &state) {
    double total = 0, bytesPerEvent = 0;
    for (auto _ : state) {
        auto trace = std::make_unique<Trace>();
        const EventTypeId type = trace->eventType(1, OpKind::Matrix, QStringLiteral("gemm"));
        const auto begin = Clock::now();
        appendEvents(*trace, type, kTenMillion);
        const double elapsed = secondsSince(begin);
        state.SetIterationTime(elapsed);
        total += elapsed;
        bytesPerEvent = static_cast<double>(trace->snapshot().columnBytes()) / kTenMillion;
        state.PauseTiming();
        trace.reset();
        state.ResumeTiming();
    }
    const double mean = bench::meanSeconds(state, total);
    bench::reportBudget(state, mean, kTenMillion / kAppendEventsPerSecond * 1000);
    state.counters["events_per_s"] = kTenMillion / mean;
    state.counters["bytes_per_event"] = bytesPerEvent;
    state.counters["bytes_ratio"] = bytesPerEvent / kAppendBytesPerEvent;
}
BENCHMARK(BM_TraceAppend10M)->Unit(benchmark::kMillisecond)->UseManualTime()->Iterations(3);

// --- SQLite: the bare row-per-event loop, and the store ----------------------------------------

void check(int rc, sqlite3 *db, const char *what) {
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
        throw std::runtime_error(std::string(what) + ": " + sqlite3_errmsg(db));
}

// One INSERT per event with a prepared statement, in one transaction, with the store's journal
// mode and synchronous setting: the fastest plain use of SQLite for a trace. Returns events/s.
double rowLoopEventsPerSecond(const QString &path, std::size_t events) {
    sqlite3 *db = nullptr;
    check(sqlite3_open(QFile::encodeName(path).constData(), &db), db, "open");
    check(sqlite3_exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
                           "CREATE TABLE events(run INTEGER, type INTEGER, begin_ps INTEGER, end_ps INTEGER,"
                           " bytes INTEGER, flops INTEGER, step INTEGER)",
                       nullptr, nullptr, nullptr),
          db, "schema");
    sqlite3_stmt *insert = nullptr;
    check(sqlite3_prepare_v2(db, "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?)", -1, &insert, nullptr), db,
          "prepare");
    const auto begin = Clock::now();
    check(sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr), db, "begin");
    for (std::size_t i = 0; i < events; ++i) {
        const auto t = static_cast<sqlite3_int64>(i) * 100;
        sqlite3_bind_int64(insert, 1, 1);
        sqlite3_bind_int64(insert, 2, static_cast<sqlite3_int64>(i % 7));
        sqlite3_bind_int64(insert, 3, t);
        sqlite3_bind_int64(insert, 4, t + 100);
        sqlite3_bind_int64(insert, 5, 64);
        sqlite3_bind_int64(insert, 6, 2048);
        sqlite3_bind_int64(insert, 7, static_cast<sqlite3_int64>(i / 1000));
        check(sqlite3_step(insert), db, "insert");
        sqlite3_reset(insert);
    }
    check(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), db, "commit");
    const double elapsed = secondsSince(begin);
    sqlite3_finalize(insert);
    sqlite3_close(db);
    return static_cast<double>(events) / elapsed;
}

void BM_SqliteRowLoop2M(benchmark::State &state) {
    constexpr std::size_t kEvents = 2000000;
    double total = 0;
    for (auto _ : state) {
        QTemporaryDir dir;
        const double rate = rowLoopEventsPerSecond(dir.filePath(QStringLiteral("rows.sqlite")), kEvents);
        state.SetIterationTime(kEvents / rate);
        total += kEvents / rate;
    }
    state.counters["events_per_s"] = kEvents / bench::meanSeconds(state, total);
}
BENCHMARK(BM_SqliteRowLoop2M)->Unit(benchmark::kMillisecond)->UseManualTime()->Iterations(3);

// The limit for the store benchmark, measured once per process.
double rowLoopRate() {
    static const double rate = [] {
        QTemporaryDir dir;
        return rowLoopEventsPerSecond(dir.filePath(QStringLiteral("rows.sqlite")), 2000000);
    }();
    return rate;
}

void BM_StoreWrite10M(benchmark::State &state) {
    bigTrace();
    const double limitRate = rowLoopRate();
    double total = 0;
    for (auto _ : state) {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("write.ascope")));
        const auto begin = Clock::now();
        test::recordBigTrace(store, bigTrace());
        const double elapsed = secondsSince(begin);
        state.SetIterationTime(elapsed);
        total += elapsed;
    }
    const double mean = bench::meanSeconds(state, total);
    const auto events = static_cast<double>(bigTrace().trace->snapshot().eventCount());
    bench::reportBudget(state, mean, events / kStoreEventsPerSecond * 1000);
    state.counters["events_per_s"] = events / mean;
    state.counters["row_loop_events_per_s"] = limitRate;
    // The budget asks for over 3× the row loop: limit_ratio below 1 meets it.
    state.counters["limit_ratio"] = mean / (events / limitRate / kStoreOverRowLoop);
}
BENCHMARK(BM_StoreWrite10M)->Unit(benchmark::kMillisecond)->UseManualTime()->Iterations(3);

// --- Reopening a 10 M-event run -----------------------------------------------------------------

// What opening a recorded run takes before the views can draw it: open the session read-only,
// load the run's record and its trace, and index the trace (the GUI does all of it in a worker).
void BM_Reopen10M(benchmark::State &state) {
    static test::StoredBigTrace stored;
    double load = 0, index = 0;
    const double mean = bench::measureAgainstBudget(state, kReopenBudgetMs, [&] {
        const auto begin = Clock::now();
        const RunStore store(stored.path, RunStore::Mode::ReadOnly);
        const RunRecord record = store.loadRun(stored.run);
        const std::unique_ptr<Trace> trace = store.loadTrace(stored.run);
        const auto loaded = Clock::now();
        const TraceIndex traceIndex(trace->snapshot());
        benchmark::DoNotOptimize(traceIndex.unitsWithEvents().size());
        benchmark::DoNotOptimize(record.info.id);
        load += std::chrono::duration<double>(loaded - begin).count();
        index += secondsSince(loaded);
    });
    state.counters["load_ms"] = bench::meanSeconds(state, load) * 1000;
    state.counters["index_ms"] = bench::meanSeconds(state, index) * 1000;
    benchmark::DoNotOptimize(mean);
}
BENCHMARK(BM_Reopen10M)->Unit(benchmark::kMillisecond)->UseManualTime()->Iterations(3);

// --- Engine overhead per step -------------------------------------------------------------------

// A model whose step is one event: what remains of a step's time is the engine's.
class OneEventPerStep final : public Model {
public:
    explicit OneEventPerStep(std::int64_t steps) : steps_(steps) {}
    Topology topology() const override {
        Topology t;
        const UnitId device = t.addUnit(QStringLiteral("chip"), UnitKind::Device);
        t.addUnit(QStringLiteral("core"), UnitKind::Compute, device);
        return t;
    }
    std::vector<StepLevel> stepLevels() const override { return {{QStringLiteral("op"), {}}}; }
    bool finished() const override { return done_ >= steps_; }
    double progress() const override { return static_cast<double>(done_) / static_cast<double>(steps_); }
    std::vector<Metric> metrics() const override { return {}; }
    std::vector<BaselineResult> baselines() const override { return {}; }
    QString narration(int, std::int64_t) const override { return {}; }
    DataSource dataSource() const override { return {QStringLiteral("none"), true}; }
    TimePs now() const override { return static_cast<TimePs>(done_) * 100; }

protected:
    int advance(TraceSink &sink) override {
        if (!type_)
            type_ = sink.eventType(1, OpKind::Matrix, QStringLiteral("op"));
        const TimePs t = now();
        sink.appendEvent(*type_, t, t + 100, 64, 2048);
        ++done_;
        return 0;
    }

private:
    std::int64_t steps_;
    std::int64_t done_ = 0;
    std::optional<EventTypeId> type_;
};

constexpr std::int64_t kEngineSteps = 2000000;

// The limit: the same steps called directly on a Trace, publishing as often as the engine does
// at most (every step is the worst case; the engine publishes on a timer while running).
double directSecondsPerStep() {
    OneEventPerStep model(kEngineSteps);
    Trace trace;
    const auto begin = Clock::now();
    while (model.step(0, trace)) {
    }
    trace.publish();
    return secondsSince(begin) / kEngineSteps;
}

void BM_EngineStep(benchmark::State &state) {
    const double direct = directSecondsPerStep();
    double total = 0;
    for (auto _ : state) {
        Engine engine(std::make_unique<OneEventPerStep>(kEngineSteps));
        const auto begin = Clock::now();
        engine.runToEnd();
        if (engine.waitForIdle() != Engine::State::Finished)
            state.SkipWithError("the engine did not finish");
        const double elapsed = secondsSince(begin);
        state.SetIterationTime(elapsed);
        total += elapsed;
    }
    const double perStep = bench::meanSeconds(state, total) / kEngineSteps;
    state.counters["ns_per_step"] = perStep * 1e9;
    state.counters["direct_ns_per_step"] = direct * 1e9;
    state.counters["overhead_ns_per_step"] = (perStep - direct) * 1e9;
    state.counters["limit_ratio"] = perStep / direct;
}
BENCHMARK(BM_EngineStep)->Unit(benchmark::kMillisecond)->UseManualTime()->Iterations(3);

}  // namespace

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    return bench::runBenchmarks(argc, argv);
}
