#pragma once
// The export entry point the front ends call: a recorded run to a Chrome trace or to CSV files.

#include "core/io/chrometraceexport.h"

namespace accelscope {

enum class TraceFormat { Chrome, Csv };
// "chrome" or "csv"; throws InputError naming the value and the allowed ones.
TraceFormat traceFormatFromString(const QString &text);

// Throws StoreError (reading the run) or InputError (a bad path, writing).
TraceExportSummary exportTrace(const TraceBlockReader &reader, RunId run, TraceFormat format, const QString &path);

}  // namespace accelscope
