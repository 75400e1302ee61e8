// Exporting a 10 M-event run (tests/support/bigtrace.h) from a session file as a Chrome trace and
// as CSV: time, and the peak resident memory the export adds (which must stay flat, since the
// run is streamed block by block). The trace is built, stored and freed before timing, and the
// kernel's peak-RSS mark is reset (Linux: /proc/self/clear_refs), so the peak is the export's.

#include <benchmark/benchmark.h>

#include <malloc.h>

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>

#include "core/io/traceexport.h"
#include "tests/support/bigtrace.h"

using namespace accelscope;

namespace {

struct Session {
    QTemporaryDir dir;
    QString path;
    RunId run = 0;
    Session() {
        path = dir.filePath(QStringLiteral("big.ascope"));
        RunStore store(path);
        auto big = std::make_unique<test::BigTrace>();
        RunInfo info;
        info.pluginId = QStringLiteral("synthetic");
        run = store.beginRun(info, big->record->topology, big->record->stepLevels);
        TraceCursor cursor;
        store.appendTrace(run, big->trace->snapshot(), cursor);
        store.finishRun(run, RunStatus::Complete, {}, {});
        big.reset();
        malloc_trim(0);
    }
};

Session &session() {
    static Session s;
    return s;
}

double residentMiB(const char *field) {
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(field))
            return line.mid(static_cast<qsizetype>(std::strlen(field))).trimmed().split(' ').first().toDouble() / 1024;
    }
    return 0;
}

void resetPeakResident() {
    QFile clear(QStringLiteral("/proc/self/clear_refs"));
    if (clear.open(QIODevice::WriteOnly))
        clear.write("5");
}

void exportRun(benchmark::State &state, TraceFormat format, const char *name) {
    Session &s = session();
    const QString out = s.dir.filePath(QLatin1String(name));
    const TraceBlockReader reader(s.path);
    double before = 0, peak = 0;
    std::size_t events = 0;
    for (auto _ : state) {
        malloc_trim(0);
        before = residentMiB("VmRSS:");
        resetPeakResident();
        events = exportTrace(reader, s.run, format, out).events;
        peak = residentMiB("VmHWM:");
    }
    state.counters["events"] = static_cast<double>(events);
    state.counters["rss_before_mib"] = before;
    state.counters["peak_rss_mib"] = peak;
    state.counters["added_mib"] = peak - before;
    state.counters["file_mib"] = static_cast<double>(QFileInfo(out).size()) / (1 << 20);
    state.counters["events_per_s"] =
        benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsIterationInvariantRate);
}

void BM_ExportChrome10M(benchmark::State &state) { exportRun(state, TraceFormat::Chrome, "big.json"); }
void BM_ExportCsv10M(benchmark::State &state) { exportRun(state, TraceFormat::Csv, "big.csv"); }

}  // namespace

BENCHMARK(BM_ExportChrome10M)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(BM_ExportCsv10M)->Unit(benchmark::kMillisecond)->Iterations(1);

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
