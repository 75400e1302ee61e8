#include "core/io/chrometraceexport.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include "core/api/errors.h"
#include "core/io/chrometracelanes.h"
#include "core/io/traceexportfile.h"

namespace accelscope {

namespace {

using namespace exporttext;

// Where each unit's events go: its process, its first thread id and how many lanes it needs.
struct TrackPlan {
    struct UnitTracks {
        int pid = 0;
        int firstTid = 0;  // 0: no thread (a top-level unit without events)
        int lanes = 0;
        bool inOrder = true;  // events recorded in order of begin time
        ChromeTraceLanes assigner;
        TimePs lastBegin = std::numeric_limits<TimePs>::min();
    };
    std::vector<UnitTracks> units;  // by UnitId; one extra slot for events without a unit
    std::vector<UnitId> preorder;   // topology order: parents before children, siblings in order
    std::vector<UnitId> roots;
};

std::size_t slotOf(UnitId unit, std::size_t unitCount) {
    return unit == kNoUnit ? unitCount : static_cast<std::size_t>(unit);
}

void collectPreorder(const Topology &topology, UnitId unit, std::vector<UnitId> &out) {
    out.push_back(unit);
    for (const UnitId child : topology.children(unit))
        collectPreorder(topology, child, out);
}

TrackPlan planTracks(const Topology &topology) {
    TrackPlan plan;
    plan.units.resize(topology.units().size() + 1);
    for (const Unit &unit : topology.units()) {
        if (unit.parent == kNoUnit)
            plan.roots.push_back(unit.id);
    }
    for (std::size_t r = 0; r < plan.roots.size(); ++r) {
        const std::size_t from = plan.preorder.size();
        collectPreorder(topology, plan.roots[r], plan.preorder);
        for (std::size_t i = from; i < plan.preorder.size(); ++i)
            plan.units[static_cast<std::size_t>(plan.preorder[i])].pid = static_cast<int>(r) + 1;
    }
    // Events without a unit go to the first process (or a process of their own).
    plan.units.back().pid = 1;
    return plan;
}

// A thread's display name: the unit's path below its process ("core/MPU"), or the process's own
// name for events on the top-level unit itself.
QString threadName(const Topology &topology, UnitId unit) {
    if (unit == kNoUnit)
        return QStringLiteral("(no unit)");
    const QString path = topology.path(unit);
    const qsizetype slash = path.indexOf(QLatin1Char('/'));
    return slash < 0 ? path : path.mid(slash + 1);
}

// Records are separated by ",\n" written before every record but the first: JSON allows no
// trailing comma, and the end of a streamed array is known only once reached.
void beginRecord(std::string &out, bool &first) {
    if (!first)
        out.append(",\n");
    first = false;
}

void appendJsonValue(std::string &out, const QJsonValue &value) {
    if (value.isString())
        appendJsonString(out, value.toString());
    else
        appendDouble(out, value.toDouble());
}

// A metadata record up to its arguments' first value: {"ph":"M","name":...,"pid":..,"tid":..,"args":{
void beginMetadata(std::string &out, bool &first, const char *name, int pid, int tid) {
    beginRecord(out, first);
    out.append("{\"ph\":\"M\",\"name\":\"");
    out.append(name);
    out.append("\",\"pid\":");
    appendInt(out, pid);
    out.append(",\"tid\":");
    appendInt(out, tid);
    out.append(",\"args\":{");
}

void appendMetadata(std::string &out, bool &first, const char *name, int pid, int tid, const QString &value,
                    const QJsonObject &extra = {}) {
    beginMetadata(out, first, name, pid, tid);
    out.append("\"name\":");
    appendJsonString(out, value);
    for (auto it = extra.begin(); it != extra.end(); ++it) {
        out.push_back(',');
        appendJsonString(out, it.key());
        out.push_back(':');
        appendJsonValue(out, it.value());
    }
    out.append("}}");
}

void appendSortIndex(std::string &out, bool &first, const char *name, int pid, int tid, int index) {
    beginMetadata(out, first, name, pid, tid);
    out.append("\"sort_index\":");
    appendInt(out, index);
    out.append("}}");
}

}  // namespace

TraceExportSummary exportChromeTrace(const TraceBlockReader &reader, RunId run, const QString &path) {
    const RunRecord record = reader.loadRun(run);
    const TraceTables tables = reader.loadTables(run);
    const Topology &topology = record.topology;
    const std::size_t unitCount = topology.units().size();
    for (const EventType &type : tables.eventTypes) {
        if (type.unit != kNoUnit && static_cast<std::size_t>(type.unit) >= unitCount)
            throw StoreError(QStringLiteral("run %1 in %2 records events on unit %3, which its topology "
                                            "does not have")
                                 .arg(run)
                                 .arg(reader.path())
                                 .arg(type.unit));
    }
    TrackPlan plan = planTracks(topology);
    std::vector<std::size_t> slotOfType(tables.eventTypes.size());
    for (std::size_t t = 0; t < tables.eventTypes.size(); ++t)
        slotOfType[t] = slotOf(tables.eventTypes[t].unit, unitCount);

    // Pass 1: how many lanes each unit needs; units recorded out of begin order are sorted below.
    reader.forEachEventBlock(run, [&](const EventBlock &block) {
        for (std::size_t k = 0; k < block.size(); ++k) {
            TrackPlan::UnitTracks &tracks = plan.units[slotOfType[block.type[k]]];
            if (!tracks.inOrder)
                continue;
            if (block.begin[k] < tracks.lastBegin) {
                tracks.inOrder = false;
                tracks.assigner = {};
                continue;
            }
            tracks.lastBegin = block.begin[k];
            tracks.lanes = std::max(tracks.lanes, tracks.assigner.place(block.begin[k], block.end[k]) + 1);
        }
    });
    // Out-of-order units: sort their events by begin (longest first on ties, so parents precede
    // children) and keep the lane of each event that does not go on the first.
    struct Placed {
        std::size_t index;
        int lane;
    };
    std::vector<Placed> offFirstLane;
    if (std::any_of(plan.units.begin(), plan.units.end(), [](const auto &u) { return !u.inOrder; })) {
        struct Span {
            TimePs begin, end;
            std::size_t index;
        };
        std::vector<std::vector<Span>> spans(plan.units.size());
        reader.forEachEventBlock(run, [&](const EventBlock &block) {
            for (std::size_t k = 0; k < block.size(); ++k) {
                const std::size_t slot = slotOfType[block.type[k]];
                if (!plan.units[slot].inOrder)
                    spans[slot].push_back({block.begin[k], block.end[k], block.first + k});
            }
        });
        for (std::size_t slot = 0; slot < spans.size(); ++slot) {
            if (plan.units[slot].inOrder)
                continue;
            std::vector<Span> &list = spans[slot];
            std::sort(list.begin(), list.end(), [](const Span &a, const Span &b) {
                return a.begin != b.begin ? a.begin < b.begin : a.end != b.end ? a.end > b.end : a.index < b.index;
            });
            ChromeTraceLanes lanes;
            for (const Span &span : list) {
                const int lane = lanes.place(span.begin, span.end);
                if (lane > 0)
                    offFirstLane.push_back({span.index, lane});
            }
            plan.units[slot].lanes = lanes.laneCount();
            list = {};
        }
        std::sort(offFirstLane.begin(), offFirstLane.end(),
                  [](const Placed &a, const Placed &b) { return a.index < b.index; });
    }

    ExportFile file(path);
    std::string &out = file.buffer();
    TraceExportSummary summary;
    summary.files << path;

    // Header: what the run is, and what an import needs to rebuild its units.
    QJsonObject counterUnits;
    for (const CounterSeries &series : tables.series)
        counterUnits.insert(series.name, series.unit);
    QJsonArray levels;
    for (const StepLevel &level : record.stepLevels)
        levels.append(QJsonObject{{QStringLiteral("name"), level.name}, {QStringLiteral("doc"), level.doc}});
    const QJsonObject otherData{
        {QStringLiteral("producer"), QStringLiteral("AccelScope")},
        {QStringLiteral("run_id"), QString::number(run)},
        {QStringLiteral("plugin"), record.info.pluginId},
        {QStringLiteral("preset"), record.info.preset},
        {QStringLiteral("seed"), QString::number(record.info.seed)},
        {QStringLiteral("data_source"), record.info.dataSource},
    };
    const QJsonObject accelscope{
        {QStringLiteral("format"), 1},
        {QStringLiteral("topology"), topology.toJson()},
        {QStringLiteral("step_levels"), levels},
        {QStringLiteral("counter_units"), counterUnits},
        {QStringLiteral("params"), record.info.params},
        {QStringLiteral("simulated_end_ps"), QString::number(record.info.simulatedEndPs)},
    };
    out.append("{\"displayTimeUnit\":\"ns\",\n\"otherData\":");
    out.append(QJsonDocument(otherData).toJson(QJsonDocument::Compact).toStdString());
    out.append(",\n\"accelscope\":");
    out.append(QJsonDocument(accelscope).toJson(QJsonDocument::Compact).toStdString());
    out.append(",\n\"traceEvents\":[\n");
    bool first = true;

    // Processes and threads, in topology order.
    int nextTid = 1;
    for (std::size_t r = 0; r < plan.roots.size(); ++r) {
        const UnitId root = plan.roots[r];
        const int pid = static_cast<int>(r) + 1;
        appendMetadata(out, first, "process_name", pid, 0, topology.unit(root).name,
                       {{QStringLiteral("unit"), topology.path(root)}});
        appendSortIndex(out, first, "process_sort_index", pid, 0, pid);
    }
    std::vector<UnitId> threadUnits;
    for (const UnitId unit : plan.preorder) {
        const bool root = topology.unit(unit).parent == kNoUnit;
        if (!(root && plan.units[static_cast<std::size_t>(unit)].lanes == 0))
            threadUnits.push_back(unit);
    }
    if (plan.units.back().lanes > 0)
        threadUnits.push_back(kNoUnit);
    if (plan.roots.empty() && !threadUnits.empty()) {
        appendMetadata(out, first, "process_name", 1, 0, QStringLiteral("run %1").arg(run));
        appendSortIndex(out, first, "process_sort_index", 1, 0, 1);
    }
    for (const UnitId unit : threadUnits) {
        TrackPlan::UnitTracks &tracks = plan.units[slotOf(unit, unitCount)];
        tracks.firstTid = nextTid;
        const int lanes = std::max(1, tracks.lanes);
        const QString name = threadName(topology, unit);
        for (int lane = 0; lane < lanes; ++lane) {
            const int tid = nextTid++;
            QJsonObject extra;
            if (unit != kNoUnit) {
                extra.insert(QStringLiteral("unit"), topology.path(unit));
                extra.insert(QStringLiteral("kind"), toString(topology.unit(unit).kind));
            }
            if (lane > 0)
                extra.insert(QStringLiteral("lane"), lane + 1);
            appendMetadata(out, first, "thread_name", tracks.pid, tid,
                           lane == 0 ? name : QStringLiteral("%1 #%2").arg(name).arg(lane + 1), extra);
            appendSortIndex(out, first, "thread_sort_index", tracks.pid, tid, tid);
        }
        if (tracks.lanes > 0)
            summary.tracks += static_cast<std::size_t>(tracks.lanes);
    }
    file.flushIfFull();

    // Pass 2: the events. Per event type, the name, category and op argument never change.
    std::vector<std::string> typeText(tables.eventTypes.size());
    for (std::size_t t = 0; t < tables.eventTypes.size(); ++t) {
        const EventType &type = tables.eventTypes[t];
        std::string &text = typeText[t];
        text.append(",\"name\":");
        appendJsonString(text, type.label);
        text.append(",\"cat\":");
        appendJsonString(text, toString(type.kind));
        text.append(",\"args\":{\"op\":");
        appendJsonString(text, toString(type.kind));
    }
    for (TrackPlan::UnitTracks &tracks : plan.units)
        tracks.assigner = {};
    auto nextOff = offFirstLane.begin();
    reader.forEachEventBlock(run, [&](const EventBlock &block) {
        for (std::size_t k = 0; k < block.size(); ++k) {
            TrackPlan::UnitTracks &tracks = plan.units[slotOfType[block.type[k]]];
            int lane = 0;
            if (tracks.inOrder) {
                lane = tracks.assigner.place(block.begin[k], block.end[k]);
            } else if (nextOff != offFirstLane.end() && nextOff->index == block.first + k) {
                lane = nextOff->lane;
                ++nextOff;
            }
            beginRecord(out, first);
            out.append("{\"ph\":\"X\",\"pid\":");
            appendInt(out, tracks.pid);
            out.append(",\"tid\":");
            appendInt(out, tracks.firstTid + lane);
            out.append(",\"ts\":");
            appendPsAsUs(out, block.begin[k]);
            out.append(",\"dur\":");
            appendPsAsUs(out, std::max<TimePs>(0, block.end[k] - block.begin[k]));
            out.append(typeText[block.type[k]]);
            out.append(",\"bytes\":");
            appendUInt(out, block.bytes[k]);
            out.append(",\"flops\":");
            appendUInt(out, block.flops[k]);
            out.append(",\"step\":");
            appendUInt(out, block.step[k]);
            out.append("}}");
            file.flushIfFull();
        }
        summary.events += block.size();
    });

    // Counters, on the process of the unit whose path starts the series name.
    std::vector<int> pidOfSeries(tables.series.size(), 1);
    std::vector<std::string> seriesText(tables.series.size());
    for (std::size_t s = 0; s < tables.series.size(); ++s) {
        const QString &name = tables.series[s].name;
        qsizetype longest = -1;
        for (const Unit &unit : topology.units()) {
            const QString unitPath = topology.path(unit.id);
            if (unitPath.size() > longest &&
                (name == unitPath || name.startsWith(unitPath + QLatin1Char('/')))) {
                longest = unitPath.size();
                pidOfSeries[s] = plan.units[static_cast<std::size_t>(unit.id)].pid;
            }
        }
        seriesText[s].append("{\"ph\":\"C\",\"name\":");
        appendJsonString(seriesText[s], name);
        seriesText[s].append(",\"pid\":");
        appendInt(seriesText[s], pidOfSeries[s]);
        seriesText[s].append(",\"tid\":0,\"ts\":");
    }
    reader.forEachCounterBlock(run, [&](const CounterBlock &block) {
        for (std::size_t k = 0; k < block.size(); ++k) {
            if (!std::isfinite(block.value[k])) {
                ++summary.skippedCounters;
                continue;
            }
            beginRecord(out, first);
            out.append(seriesText[block.series[k]]);
            appendPsAsUs(out, block.time[k]);
            out.append(",\"args\":{\"value\":");
            appendDouble(out, block.value[k]);
            out.append("}}");
            file.flushIfFull();
            ++summary.counters;
        }
    });

    // Markers: step boundaries and narration, across the whole trace.
    for (const Marker &marker : tables.markers) {
        const QString levelName = marker.level >= 0 && marker.level < static_cast<int>(record.stepLevels.size())
                                      ? record.stepLevels[static_cast<std::size_t>(marker.level)].name
                                      : QStringLiteral("level %1").arg(marker.level);
        beginRecord(out, first);
        out.append("{\"ph\":\"i\",\"s\":\"g\",\"pid\":1,\"tid\":0,\"ts\":");
        appendPsAsUs(out, marker.time);
        out.append(",\"name\":");
        appendJsonString(out, marker.text.isEmpty() ? QStringLiteral("%1 %2").arg(levelName).arg(marker.index)
                                                    : marker.text);
        out.append(",\"cat\":\"marker\",\"args\":{\"level\":");
        appendJsonString(out, levelName);
        out.append(",\"level_index\":");
        appendInt(out, marker.level);
        out.append(",\"index\":");
        appendInt(out, marker.index);
        out.append(",\"text\":");
        appendJsonString(out, marker.text);
        out.append("}}");
        file.flushIfFull();
        ++summary.markers;
    }
    out.append("\n]}\n");
    file.commit();
    return summary;
}

}  // namespace accelscope
