#pragma once
// Reads a Chrome Trace Event Format JSON file (what Perfetto, chrome://tracing, PyTorch's
// profiler and AccelScope's own export write) into a read-only run the views can show:
//   - every pid becomes a device unit and every (pid, tid) a unit below it, named by the
//     process_name / thread_name metadata and ordered by the sort-index metadata; a file exported
//     by AccelScope carries its topology, which is used instead (lanes "#2"... fold back into their
//     unit);
//   - complete events ("X") and begin/end pairs ("B"/"E") become unit events (cat or args.op the
//     op kind when it names one, args bytes, flops and step when present);
//   - counter events ("C") become counter series, one per argument ("name" for an argument called
//     value, "name/arg" otherwise);
//   - instant events ("i", "I") become markers;
//   - other phases (async, flow, object, sample events) are skipped and counted in warnings.
// Times are shifted so the trace starts at 0. Files above kMaxChromeTraceBytes are refused.

#include <memory>

#include <QStringList>

#include "core/store/runstore.h"

namespace accelscope {

inline constexpr qint64 kMaxChromeTraceBytes = qint64{512} << 20;  // 512 MiB
inline const QString kImportedPluginId = QStringLiteral("chrome-trace");

struct ImportedTrace {
    std::shared_ptr<RunRecord> record;  // info.importedFrom names the file
    std::unique_ptr<Trace> trace;       // published
    QStringList warnings;               // what was skipped or repaired, one line each
};

// Throws InputError naming the file and, for a malformed file, the line and column (bad JSON) or
// the event (traceEvents[i]) and what is wrong with it. `maxBytes` is there for tests.
ImportedTrace readChromeTrace(const QString &path, qint64 maxBytes = kMaxChromeTraceBytes);

// Reads the file and records it in `store` as a complete, imported run; returns its id.
RunId importChromeTrace(RunStore &store, const QString &path, QStringList *warnings = nullptr);

}  // namespace accelscope
