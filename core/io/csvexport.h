#pragma once
// Writes a recorded run as CSV files for spreadsheets, pandas or plain SQL over events:
//   FILE                  one row per event: unit,op,label,begin_ps,end_ps,bytes,flops,step
//   <base>.counters.csv   series,unit,time_ps,value
//   <base>.metrics.csv    source,name,value,unit   (source "model" or the baseline, "4x V100")
//   <base>.markers.csv    time_ps,level,index,text
// where <base> is FILE without its ".csv". Fields holding a comma, a quote or a line break are
// quoted, quotes doubled (RFC 4180); lines end with "\n". Events and counters are streamed from
// the store block by block, so memory stays bounded however long the run.

#include "core/io/chrometraceexport.h"

namespace accelscope {

// The four file names for `path`: events, counters, metrics, markers.
QStringList csvExportFiles(const QString &path);

// Throws StoreError (reading the run) or InputError (writing).
TraceExportSummary exportCsv(const TraceBlockReader &reader, RunId run, const QString &path);

}  // namespace accelscope
