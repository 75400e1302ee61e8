// Any file opened as a session (core/store): read-only as the command line and the report open
// one, then read-write as the desktop application does (which may migrate it or mark runs
// interrupted), listing its runs and sweeps and loading every run with its trace.

#include "core/store/runstore.h"
#include "tests/fuzz/fuzzcheck.h"

using namespace accelscope;

namespace {

void readAll(const RunStore &store) {
    for (const RunInfo &info : store.runs()) {
        const RunRecord record = store.loadRun(info.id);
        if (record.info.id != info.id)
            fuzz::finding(QStringLiteral("run %1 loaded as run %2").arg(info.id).arg(record.info.id));
        const std::unique_ptr<Trace> trace = store.loadTrace(info.id);
        if (!trace)
            fuzz::finding(QStringLiteral("run %1 loaded no trace").arg(info.id));
        const TraceSnapshot snapshot = trace->snapshot();
        for (std::size_t i = 0; i < snapshot.eventCount(); ++i) {
            if (snapshot.eventTypeId(i) >= snapshot.eventTypes().size())
                fuzz::finding(QStringLiteral("run %1, event %2 has an unknown type").arg(info.id).arg(i));
        }
    }
    store.sweeps();
    store.uiState(QStringLiteral("views"));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    const QByteArray bytes = fuzz::bytesOf(data, size);
    const QString path = fuzz::scratchFile(QStringLiteral("session.ascope"), bytes);
    fuzz::readOrRefuse(path, [&] { readAll(RunStore(path, RunStore::Mode::ReadOnly)); });
    fuzz::scratchFile(QStringLiteral("session.ascope"), bytes);
    fuzz::readOrRefuse(path, [&] { readAll(RunStore(path, RunStore::Mode::ReadWrite)); });
    return 0;
}
