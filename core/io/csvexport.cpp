#include "core/io/csvexport.h"

#include "core/io/traceexportfile.h"

namespace accelscope {

using namespace exporttext;

QStringList csvExportFiles(const QString &path) {
    const QString base = path.endsWith(QStringLiteral(".csv"), Qt::CaseInsensitive) ? path.chopped(4) : path;
    return {path, base + QStringLiteral(".counters.csv"), base + QStringLiteral(".metrics.csv"),
            base + QStringLiteral(".markers.csv")};
}

TraceExportSummary exportCsv(const TraceBlockReader &reader, RunId run, const QString &path) {
    const RunRecord record = reader.loadRun(run);
    const TraceTables tables = reader.loadTables(run);
    const QStringList names = csvExportFiles(path);
    ExportFile events(names[0]), counters(names[1]), metrics(names[2]), markers(names[3]);
    TraceExportSummary summary;
    summary.files = names;

    // Events: the unit path, op kind and label repeat, so each type's leading fields are built once.
    std::vector<std::string> typeText(tables.eventTypes.size());
    for (std::size_t t = 0; t < tables.eventTypes.size(); ++t) {
        const EventType &type = tables.eventTypes[t];
        const bool known = type.unit >= 0 && static_cast<std::size_t>(type.unit) < record.topology.units().size();
        appendCsvField(typeText[t], known ? record.topology.path(type.unit) : QString());
        typeText[t].push_back(',');
        appendCsvField(typeText[t], toString(type.kind));
        typeText[t].push_back(',');
        appendCsvField(typeText[t], type.label);
        typeText[t].push_back(',');
    }
    events.write("unit,op,label,begin_ps,end_ps,bytes,flops,step\n");
    reader.forEachEventBlock(run, [&](const EventBlock &block) {
        std::string &out = events.buffer();
        for (std::size_t k = 0; k < block.size(); ++k) {
            out.append(typeText[block.type[k]]);
            appendInt(out, block.begin[k]);
            out.push_back(',');
            appendInt(out, block.end[k]);
            out.push_back(',');
            appendUInt(out, block.bytes[k]);
            out.push_back(',');
            appendUInt(out, block.flops[k]);
            out.push_back(',');
            appendUInt(out, block.step[k]);
            out.push_back('\n');
            events.flushIfFull();
        }
        summary.events += block.size();
    });

    std::vector<std::string> seriesText(tables.series.size());
    for (std::size_t s = 0; s < tables.series.size(); ++s) {
        appendCsvField(seriesText[s], tables.series[s].name);
        seriesText[s].push_back(',');
        appendCsvField(seriesText[s], tables.series[s].unit);
        seriesText[s].push_back(',');
    }
    counters.write("series,unit,time_ps,value\n");
    reader.forEachCounterBlock(run, [&](const CounterBlock &block) {
        std::string &out = counters.buffer();
        for (std::size_t k = 0; k < block.size(); ++k) {
            out.append(seriesText[block.series[k]]);
            appendInt(out, block.time[k]);
            out.push_back(',');
            appendDouble(out, block.value[k]);  // inf and nan as "inf" and "nan", which pandas reads
            out.push_back('\n');
            counters.flushIfFull();
        }
        summary.counters += block.size();
    });

    std::string &metricOut = metrics.buffer();
    metricOut.append("source,name,value,unit\n");
    const auto appendMetrics = [&metricOut](const QString &source, const std::vector<Metric> &list) {
        for (const Metric &metric : list) {
            appendCsvField(metricOut, source);
            metricOut.push_back(',');
            appendCsvField(metricOut, metric.name);
            metricOut.push_back(',');
            appendDouble(metricOut, metric.value);
            metricOut.push_back(',');
            appendCsvField(metricOut, metric.unit);
            metricOut.push_back('\n');
        }
    };
    appendMetrics(QStringLiteral("model"), record.metrics);
    for (const BaselineResult &baseline : record.baselines)
        appendMetrics(baseline.label, baseline.metrics);

    std::string &markerOut = markers.buffer();
    markerOut.append("time_ps,level,index,text\n");
    for (const Marker &marker : tables.markers) {
        appendInt(markerOut, marker.time);
        markerOut.push_back(',');
        appendCsvField(markerOut,
                       marker.level >= 0 && marker.level < static_cast<int>(record.stepLevels.size())
                           ? record.stepLevels[static_cast<std::size_t>(marker.level)].name
                           : QString::number(marker.level));
        markerOut.push_back(',');
        appendInt(markerOut, marker.index);
        markerOut.push_back(',');
        appendCsvField(markerOut, marker.text);
        markerOut.push_back('\n');
        markers.flushIfFull();
        ++summary.markers;
    }

    events.commit();
    counters.commit();
    metrics.commit();
    markers.commit();
    return summary;
}

}  // namespace accelscope
