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
#include "tests/benchmarks/budget.h"
#include "tests/support/bigtrace.h"

using namespace accelscope;

namespace {

test::StoredBigTrace &session() {
    static test::StoredBigTrace s;
    malloc_trim(0);  // the trace was freed: give its pages back before measuring memory
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
    test::StoredBigTrace &s = session();
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
    return bench::runBenchmarks(argc, argv);
}
