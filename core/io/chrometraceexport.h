#pragma once
// Writes a recorded run as a Chrome Trace Event Format JSON file, which Perfetto
// (ui.perfetto.dev) and chrome://tracing open:
//   - every top-level unit (device, host) is a process, every unit below it a thread, named by
//     process_name / thread_name metadata and ordered (process_sort_index, thread_sort_index) as
//     in the topology;
//   - unit events are complete events ("X"; ts and dur in microseconds with up to six decimals,
//     so picoseconds survive; cat and args.op the op kind, args bytes, flops and step). Events of
//     one unit that overlap without nesting go to extra threads "<unit> #2", "#3"... so every
//     thread holds properly nested events only (ChromeTraceLanes);
//   - counters are "C" events on the process of the unit their series is named after;
//   - markers are global instant events ("i", "s":"g").
// A top-level "accelscope" object carries the topology, step levels and counter units, so that
// importing the file back (ChromeTraceImport) rebuilds the same units.
//
// The run is streamed from the store block by block and written through a small buffer: memory
// stays bounded however long the run, except for units whose events were recorded out of begin
// order, whose begin and end times (24 bytes an event) are sorted to split them over lanes.

#include <cstddef>

#include <QStringList>

#include "core/store/traceblockreader.h"

namespace accelscope {

struct TraceExportSummary {
    QStringList files;          // what was written
    std::size_t events = 0;
    std::size_t counters = 0;   // samples written
    std::size_t markers = 0;
    std::size_t tracks = 0;     // threads holding events, lanes included (Chrome only)
    std::size_t skippedCounters = 0;  // non-finite samples, which JSON cannot carry (Chrome only)
};

// Throws StoreError (reading the run) or InputError (writing `path`).
TraceExportSummary exportChromeTrace(const TraceBlockReader &reader, RunId run, const QString &path);

}  // namespace accelscope
