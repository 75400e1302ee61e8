// Chrome Trace Event Format files (core/io/chrometraceimport), read from a file as the importer
// does.

#include "core/io/chrometraceimport.h"
#include "tests/fuzz/fuzzcheck.h"

using namespace accelscope;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    const QString path = fuzz::scratchFile(QStringLiteral("trace.json"), fuzz::bytesOf(data, size));
    fuzz::readOrRefuse(path, [&] {
        const ImportedTrace imported = readChromeTrace(path);
        if (!imported.record || !imported.trace)
            fuzz::finding(QStringLiteral("an import without a record or a trace"));
        const TraceSnapshot snapshot = imported.trace->snapshot();
        if (static_cast<std::int64_t>(snapshot.eventCount()) != imported.record->info.eventCount)
            fuzz::finding(QStringLiteral("the record counts %1 events, the trace holds %2")
                              .arg(imported.record->info.eventCount)
                              .arg(snapshot.eventCount()));
        for (std::size_t i = 0; i < snapshot.eventCount(); ++i) {
            if (snapshot.eventBegin(i) < 0 || snapshot.eventEnd(i) < snapshot.eventBegin(i) ||
                snapshot.eventTypeId(i) >= snapshot.eventTypes().size())
                fuzz::finding(QStringLiteral("event %1 is out of order or of an unknown type").arg(i));
        }
    });
    return 0;
}
