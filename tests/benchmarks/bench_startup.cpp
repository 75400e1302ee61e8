// Startup to a usable window with every plugin loaded (DESIGN.md: 1 s): scanning the plugin
// folders, loading every plugin's library and instance, building the main window on a new session
// and showing it until its first paint has been processed. Each iteration starts from a new
// registry, but the process has loaded the libraries once already, so the first iteration is the
// cold figure (`first_ms`) and the mean is the warm one. For reference, `process_ms` is a bare
// start and exit of the `accelscope` executable (`--version`: dynamic linking, Qt's start-up),
// the part of a real start this in-process figure leaves out.

#include <benchmark/benchmark.h>

#include <QApplication>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>

#include "app/gui/mainwindow.h"
#include "core/registry/pluginregistry.h"
#include "tests/benchmarks/budget.h"

using namespace accelscope;

namespace {

constexpr double kStartupBudgetMs = 1000;

double processStartMs() {
    const QString exe = QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("../bin/accelscope"));
    QProcess process;
    QElapsedTimer timer;
    timer.start();
    process.start(exe, {QStringLiteral("--version")});
    if (!process.waitForFinished(30000) || process.exitCode() != 0)
        return -1;
    return static_cast<double>(timer.nsecsElapsed()) / 1e6;
}

void BM_StartupAllPlugins(benchmark::State &state) {
    QTemporaryDir dir;
    int plugins = 0, iteration = 0;
    double first = 0;
    bench::measureAgainstBudget(state, kStartupBudgetMs, [&] {
        QElapsedTimer timer;
        timer.start();
        PluginRegistry registry;
        for (const QString &id : registry.ids())
            registry.plugin(id);
        MainWindow window(registry, dir.filePath(QStringLiteral("session%1.ascope").arg(iteration++)));
        window.resize(1600, 1000);
        window.show();
        QApplication::processEvents();
        plugins = static_cast<int>(registry.ids().size());
        if (iteration == 1)
            first = static_cast<double>(timer.nsecsElapsed()) / 1e6;
    });
    state.counters["plugins"] = plugins;
    state.counters["first_ms"] = first;
    state.counters["process_ms"] = processStartMs();
}
BENCHMARK(BM_StartupAllPlugins)->Unit(benchmark::kMillisecond)->UseManualTime()->Iterations(3);

}  // namespace

int main(int argc, char **argv) {
    QStandardPaths::setTestModeEnabled(true);  // settings and the default session stay out of the user's
    QApplication app(argc, argv);
    return bench::runBenchmarks(argc, argv);
}
