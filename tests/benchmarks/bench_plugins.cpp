// End to end, as `accelscope-cli run <id> --preset paper --db FILE` does it: every installed
// plugin's paper preset run to the end and recorded (DESIGN.md: "completes in seconds", read here as
// a budget of 10 s), and a 1,000-point metrics-only sweep recorded into a session, against the
// same points computed one by one without the sweep's thread pool or recording (its limit).

#include <benchmark/benchmark.h>

#include <chrono>
#include <thread>

#include <QCoreApplication>
#include <QTemporaryDir>

#include "core/registry/pluginregistry.h"
#include "core/session/runner.h"
#include "core/session/sweep.h"
#include "tests/benchmarks/budget.h"

using namespace accelscope;

namespace {

constexpr double kPaperPresetBudgetMs = 10000;

using Clock = std::chrono::steady_clock;

const PluginRegistry &installedPlugins() {
    static const PluginRegistry registry;
    return registry;
}

const PluginRegistry &fixturePlugins() {
    static const PluginRegistry registry(QStringList{QStringLiteral(ACCELSCOPE_FIXTURE_PLUGIN_DIR)});
    return registry;
}

void paperPreset(benchmark::State &state, const QString &id) {
    const PluginRegistry &registry = installedPlugins();
    const AcceleratorPlugin &plugin = registry.plugin(id);
    std::int64_t events = 0;
    bench::measureAgainstBudget(state, kPaperPresetBudgetMs, [&] {
        QTemporaryDir dir;
        RunRequest request;
        request.pluginId = id;
        request.sessionPath = dir.filePath(QStringLiteral("run.ascope"));
        const RunOutcome outcome = runToCompletion(registry.info(id), plugin, request);
        if (!outcome.ok())
            state.SkipWithError(outcome.failureMessage().toStdString().c_str());
        events = outcome.eventCount;
    });
    state.counters["events"] = static_cast<double>(events);
}

// 10 × 10 × 10 points of the fixture accelerator's small GEMM: small models, so what is measured
// is the sweep itself (resolving, the thread pool, recording each point's results).
SweepRequest thousandPoints(const QString &sessionPath) {
    SweepRequest request;
    request.base.pluginId = QStringLiteral("testaccel");
    request.base.preset = QStringLiteral("small");
    request.base.sessionPath = sessionPath;
    QStringList sizes;
    for (int i = 1; i <= 10; ++i)
        sizes << QString::number(8 * i);
    for (const char *key : {"m", "n", "k"})
        request.axes.push_back({QString::fromLatin1(key), sizes});
    return request;
}

void BM_Sweep1000MetricsOnly(benchmark::State &state) {
    const PluginRegistry &registry = fixturePlugins();
    const QString id = QStringLiteral("testaccel");
    const AcceleratorPlugin &plugin = registry.plugin(id);
    const PluginInfo &info = registry.info(id);
    const int threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));

    // The limit: every point computed one after another, nothing recorded, divided over the cores.
    const std::vector<RunRequest> points = sweepRequests(plugin, thousandPoints({}));
    const auto serialBegin = Clock::now();
    for (const RunRequest &point : points)
        benchmark::DoNotOptimize(computeRun(info, plugin, point, false).outcome.eventCount);
    const double limit = std::chrono::duration<double>(Clock::now() - serialBegin).count() / threads;

    std::size_t recorded = 0;
    const double mean = bench::measureAgainstBudget(state, 0, [&] {
        QTemporaryDir dir;
        const SweepResult result = runSweep(info, plugin, thousandPoints(dir.filePath(QStringLiteral("sweep.ascope"))));
        recorded = result.points.size();
    });
    state.counters["points"] = static_cast<double>(recorded);
    state.counters["points_per_s"] = static_cast<double>(recorded) / mean;
    state.counters["threads"] = threads;
    state.counters["limit_ratio"] = mean / limit;
}

}  // namespace

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    for (const PluginInfo &info : installedPlugins().plugins()) {
        benchmark::RegisterBenchmark(("BM_PaperPreset/" + info.id.toStdString()).c_str(),
                                     [id = info.id](benchmark::State &state) { paperPreset(state, id); })
            ->Unit(benchmark::kMillisecond)
            ->UseManualTime()
            ->Iterations(2);
    }
    benchmark::RegisterBenchmark("BM_Sweep1000MetricsOnly", BM_Sweep1000MetricsOnly)
        ->Unit(benchmark::kMillisecond)
        ->UseManualTime()
        ->Iterations(2);
    return bench::runBenchmarks(argc, argv);
}
