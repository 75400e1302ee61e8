#include "core/io/traceexport.h"

#include "core/api/errors.h"
#include "core/io/csvexport.h"

namespace accelscope {

TraceFormat traceFormatFromString(const QString &text) {
    if (text == QLatin1String("chrome"))
        return TraceFormat::Chrome;
    if (text == QLatin1String("csv"))
        return TraceFormat::Csv;
    throw InputError(QStringLiteral("--format: unknown trace format '%1'; allowed: chrome (Chrome trace JSON for "
                                    "Perfetto and chrome://tracing), csv")
                         .arg(text));
}

TraceExportSummary exportTrace(const TraceBlockReader &reader, RunId run, TraceFormat format, const QString &path) {
    return format == TraceFormat::Chrome ? exportChromeTrace(reader, run, path) : exportCsv(reader, run, path);
}

}  // namespace accelscope
