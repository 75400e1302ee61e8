#include "core/io/chrometraceimport.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <optional>

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include "core/api/errors.h"

namespace accelscope {

namespace {

using ThreadKey = std::pair<qint64, qint64>;  // (pid, tid)

struct ProcessInfo {
    QString name;
    std::optional<qint64> sortIndex;
};

struct ThreadInfo {
    QString name;
    QString unitPath;  // AccelScope's own exports name the unit a thread (or lane) belongs to
    std::optional<qint64> sortIndex;
    UnitId unit = kNoUnit;
};

struct PendingType {
    ThreadKey thread;
    OpKind kind;
    QString label;
    bool operator<(const PendingType &other) const {
        return std::tie(thread, kind, label) < std::tie(other.thread, other.kind, other.label);
    }
};

struct PendingEvent {
    TimePs begin, end;
    std::uint64_t bytes, flops;
    std::uint32_t step, type;
};

struct PendingCounter {
    TimePs time;
    double value;
    std::uint32_t series;
};

struct OpenSlice {
    TimePs begin;
    QString name;
    QString category;
    QJsonObject args;
};

// 1-based line and column of a byte offset, for messages about malformed JSON.
std::pair<int, int> lineAndColumn(const QByteArray &data, qsizetype offset) {
    int line = 1, column = 1;
    for (qsizetype i = 0; i < std::min(offset, data.size()); ++i) {
        if (data[i] == '\n') {
            ++line;
            column = 1;
        } else if ((static_cast<unsigned char>(data[i]) & 0xc0) != 0x80) {
            ++column;
        }
    }
    return {line, column};
}

// A JSON value as a message quotes it: strings as they are, anything else as compact JSON.
QString valueText(const QJsonValue &value) {
    if (value.isString())
        return value.toString();
    const QByteArray json = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(json.mid(1, json.size() - 2));
}

class Reader {
public:
    Reader(const QString &path, qint64 maxBytes) : path_(path), maxBytes_(maxBytes) {}

    ImportedTrace read();

private:
    [[noreturn]] void fail(qsizetype event, const QString &problem) const {
        throw InputError(QStringLiteral("%1: traceEvents[%2]: %3").arg(path_).arg(event).arg(problem));
    }
    QJsonDocument parse(const QByteArray &data);
    TimePs timeOf(const QJsonObject &e, const char *key, qsizetype index, bool required) const;
    qint64 idOf(const QJsonObject &e, const char *key, qsizetype index);
    std::uint32_t typeOf(ThreadKey thread, const QString &name, const QString &category, const QJsonObject &args);
    void addEvent(ThreadKey thread, TimePs begin, TimePs end, const QString &name, const QString &category,
                  const QJsonObject &args);
    void readEvent(const QJsonObject &e, qsizetype index);
    Topology buildTopology(const QJsonObject &accelscope);

    QString path_;
    qint64 maxBytes_;
    std::map<qint64, ProcessInfo> processes_;
    std::map<ThreadKey, ThreadInfo> threads_;
    static constexpr qint64 kFirstStringId = qint64{1} << 48;
    std::map<QString, qint64> stringIds_;
    std::map<qint64, QString> stringNames_;
    std::map<PendingType, std::uint32_t> typeIds_;
    std::vector<PendingType> types_;
    std::vector<PendingEvent> events_;
    std::map<QString, std::uint32_t> seriesIds_;
    std::vector<QString> seriesNames_;
    std::vector<PendingCounter> counters_;
    std::vector<Marker> markers_;
    std::map<ThreadKey, std::vector<OpenSlice>> open_;
    std::map<QString, int> skipped_;  // phase -> count
    int unmatchedEnds_ = 0;
    int badCounterArgs_ = 0;
    TimePs latest_ = std::numeric_limits<TimePs>::min();
};

QJsonDocument Reader::parse(const QByteArray &data) {
    QJsonParseError error{};
    QJsonDocument document = QJsonDocument::fromJson(data, &error);
    if (error.error == QJsonParseError::NoError)
        return document;
    // The format allows an array that was cut off (a tracer killed mid-write): close it and retry.
    QByteArray trimmed = data.trimmed();
    if (trimmed.startsWith('[') && !trimmed.endsWith(']')) {
        while (trimmed.endsWith(',') || trimmed.endsWith('\n') || trimmed.endsWith(' '))
            trimmed.chop(1);
        QJsonParseError retryError{};
        document = QJsonDocument::fromJson(trimmed + ']', &retryError);
        if (retryError.error == QJsonParseError::NoError)
            return document;
    }
    const auto [line, column] = lineAndColumn(data, error.offset);
    throw InputError(QStringLiteral("%1:%2:%3: not valid JSON (%4 at byte %5); a Chrome trace is a JSON array of "
                                    "events or an object with a \"traceEvents\" array")
                         .arg(path_)
                         .arg(line)
                         .arg(column)
                         .arg(error.errorString())
                         .arg(error.offset));
}

TimePs Reader::timeOf(const QJsonObject &e, const char *key, qsizetype index, bool required) const {
    const QJsonValue value = e.value(QLatin1String(key));
    if (value.isUndefined() && !required)
        return 0;
    // Microseconds; the range keeps picoseconds within int64 with room for shifting.
    constexpr double kLimitUs = 4.0e12;
    if (!value.isDouble() || !std::isfinite(value.toDouble()) || std::abs(value.toDouble()) > kLimitUs)
        fail(index, QStringLiteral("\"%1\" is %2; expected a number of microseconds within ±%3")
                        .arg(QLatin1String(key),
                             value.isUndefined() ? QStringLiteral("missing")
                                                 : QStringLiteral("'%1'").arg(valueText(value)))
                        .arg(kLimitUs, 0, 'g', 2));
    return std::llround(value.toDouble() * 1e6);
}

qint64 Reader::idOf(const QJsonObject &e, const char *key, qsizetype index) {
    const QJsonValue value = e.value(QLatin1String(key));
    if (value.isUndefined())
        return 0;
    if (value.isDouble())
        return value.toInteger();
    if (value.isString()) {
        // Some tracers name processes and threads with strings: give each its own id, after any
        // numeric one, and the string as its name.
        const auto [it, added] =
            stringIds_.try_emplace(value.toString(), kFirstStringId + static_cast<qint64>(stringIds_.size()));
        if (added)
            stringNames_[it->second] = value.toString();
        return it->second;
    }
    fail(index, QStringLiteral("\"%1\" must be a number or a string").arg(QLatin1String(key)));
}

std::uint32_t Reader::typeOf(ThreadKey thread, const QString &name, const QString &category, const QJsonObject &args) {
    OpKind kind = OpKind::Other;
    for (const QString &candidate : {args.value(QStringLiteral("op")).toString(), category}) {
        try {
            if (!candidate.isEmpty()) {
                kind = opKindFromString(candidate);
                break;
            }
        } catch (const InputError &) {
            // Not one of ours ("disabled-by-default-gpu", say): the event's kind stays Other.
        }
    }
    PendingType type{thread, kind, name};
    const auto [it, added] = typeIds_.try_emplace(type, static_cast<std::uint32_t>(types_.size()));
    if (added)
        types_.push_back(std::move(type));
    return it->second;
}

void Reader::addEvent(ThreadKey thread, TimePs begin, TimePs end, const QString &name, const QString &category,
                      const QJsonObject &args) {
    const auto number = [&args](const char *key) {
        const double v = args.value(QLatin1String(key)).toDouble(0);
        return v > 0 && v < 1.8e19 ? static_cast<std::uint64_t>(v) : std::uint64_t{0};
    };
    threads_[thread];  // a thread with events is a unit even without metadata
    events_.push_back({begin, std::max(begin, end), number("bytes"), number("flops"),
                       static_cast<std::uint32_t>(std::min<std::uint64_t>(number("step"), 0xffffffffu)),
                       typeOf(thread, name, category, args)});
    latest_ = std::max(latest_, std::max(begin, end));
}

void Reader::readEvent(const QJsonObject &e, qsizetype index) {
    const QString phase = e.value(QStringLiteral("ph")).toString();
    if (phase.isEmpty())
        fail(index, QStringLiteral("\"ph\" (the event's phase) is missing or not a string"));
    const QString name = e.value(QStringLiteral("name")).toString();
    const QString category = e.value(QStringLiteral("cat")).toString();
    const QJsonObject args = e.value(QStringLiteral("args")).toObject();
    const qint64 pid = idOf(e, "pid", index);
    const ThreadKey thread{pid, idOf(e, "tid", index)};
    if (phase == QLatin1String("M")) {
        const QJsonValue value = args.value(QStringLiteral("name"));
        if (name == QLatin1String("process_name")) {
            processes_[pid].name = value.toString();
        } else if (name == QLatin1String("thread_name")) {
            threads_[thread].name = value.toString();
            threads_[thread].unitPath = args.value(QStringLiteral("unit")).toString();
        } else if (name == QLatin1String("process_sort_index")) {
            processes_[pid].sortIndex = args.value(QStringLiteral("sort_index")).toInteger();
        } else if (name == QLatin1String("thread_sort_index")) {
            threads_[thread].sortIndex = args.value(QStringLiteral("sort_index")).toInteger();
        }
        return;
    }
    if (phase == QLatin1String("X")) {
        const TimePs begin = timeOf(e, "ts", index, true);
        const TimePs duration = timeOf(e, "dur", index, false);
        if (duration < 0)
            fail(index, QStringLiteral("\"dur\" is negative"));
        addEvent(thread, begin, begin + duration, name, category, args);
    } else if (phase == QLatin1String("B")) {
        const TimePs begin = timeOf(e, "ts", index, true);
        open_[thread].push_back({begin, name, category, args});
        latest_ = std::max(latest_, begin);
        processes_[pid];
        threads_[thread];
    } else if (phase == QLatin1String("E")) {
        const TimePs end = timeOf(e, "ts", index, true);
        latest_ = std::max(latest_, end);
        std::vector<OpenSlice> &stack = open_[thread];
        if (stack.empty()) {
            ++unmatchedEnds_;
            return;
        }
        OpenSlice slice = std::move(stack.back());
        stack.pop_back();
        for (auto it = args.begin(); it != args.end(); ++it)  // E's args complete B's
            slice.args.insert(it.key(), it.value());
        addEvent(thread, slice.begin, end, slice.name, slice.category, slice.args);
    } else if (phase == QLatin1String("C")) {
        const TimePs time = timeOf(e, "ts", index, true);
        QString series = name;
        if (e.contains(QStringLiteral("id")))
            series += QStringLiteral(" [%1]").arg(e.value(QStringLiteral("id")).toVariant().toString());
        for (auto it = args.begin(); it != args.end(); ++it) {
            if (!it.value().isDouble()) {
                ++badCounterArgs_;
                continue;
            }
            const QString full = it.key() == QLatin1String("value") ? series : series + QLatin1Char('/') + it.key();
            const auto [sid, added] = seriesIds_.try_emplace(full, static_cast<std::uint32_t>(seriesNames_.size()));
            if (added)
                seriesNames_.push_back(full);
            counters_.push_back({time, it.value().toDouble(), sid->second});
        }
        processes_[pid];
        latest_ = std::max(latest_, time);
    } else if (phase == QLatin1String("i") || phase == QLatin1String("I")) {
        Marker marker;
        marker.time = timeOf(e, "ts", index, true);
        marker.level = static_cast<int>(args.value(QStringLiteral("level_index")).toInteger(0));
        marker.index = args.contains(QStringLiteral("index")) ? args.value(QStringLiteral("index")).toInteger()
                                                               : static_cast<std::int64_t>(markers_.size());
        marker.text = args.contains(QStringLiteral("text")) ? args.value(QStringLiteral("text")).toString() : name;
        latest_ = std::max(latest_, marker.time);
        markers_.push_back(std::move(marker));
    } else {
        ++skipped_[phase];
    }
}

Topology Reader::buildTopology(const QJsonObject &accelscope) {
    // AccelScope's own export: its topology, with every thread (lanes included) naming its unit.
    if (accelscope.contains(QStringLiteral("topology"))) {
        try {
            Topology topology = Topology::fromJson(accelscope.value(QStringLiteral("topology")).toObject());
            bool allFound = true;
            for (auto &[key, thread] : threads_) {
                thread.unit = thread.unitPath.isEmpty() ? kNoUnit : topology.find(thread.unitPath);
                allFound = allFound && thread.unit != kNoUnit;
            }
            if (allFound)
                return topology;
        } catch (const InputError &) {
            // Fall through to the generic mapping below.
        }
    }
    // Any other trace: a device per process, a unit per thread, in sort-index order.
    for (const auto &[key, thread] : threads_)
        processes_[key.first];
    std::vector<qint64> pids;
    for (const auto &[pid, info] : processes_)
        pids.push_back(pid);
    std::stable_sort(pids.begin(), pids.end(), [this](qint64 a, qint64 b) {
        return processes_[a].sortIndex.value_or(a) < processes_[b].sortIndex.value_or(b);
    });
    const auto unitName = [this](QString name, qint64 id, const QString &fallback) {
        if (name.trimmed().isEmpty() && stringNames_.count(id))
            name = stringNames_[id];
        name.replace(QLatin1Char('/'), QLatin1Char('-'));  // '/' separates a unit path
        return name.trimmed().isEmpty() ? fallback : name;
    };
    Topology topology;
    for (const qint64 pid : pids) {
        const UnitId device = topology.addUnit(unitName(processes_[pid].name, pid, QStringLiteral("pid %1").arg(pid)),
                                               UnitKind::Device);
        std::vector<ThreadKey> keys;
        for (auto it = threads_.lower_bound({pid, std::numeric_limits<qint64>::min()});
             it != threads_.end() && it->first.first == pid; ++it)
            keys.push_back(it->first);
        std::stable_sort(keys.begin(), keys.end(), [this](const ThreadKey &a, const ThreadKey &b) {
            return threads_[a].sortIndex.value_or(a.second) < threads_[b].sortIndex.value_or(b.second);
        });
        QStringList used;
        for (const ThreadKey &key : keys) {
            ThreadInfo &thread = threads_[key];
            QString name = unitName(thread.name, key.second, QStringLiteral("tid %1").arg(key.second));
            if (used.contains(name))
                name += QStringLiteral(" (tid %1)").arg(key.second);
            used << name;
            thread.unit = topology.addUnit(name, UnitKind::Compute, device);
        }
    }
    return topology;
}

ImportedTrace Reader::read() {
    const QFileInfo info(path_);
    if (!info.exists())
        throw InputError(QStringLiteral("trace file '%1' does not exist").arg(path_));
    if (info.size() > maxBytes_)
        throw InputError(QStringLiteral("trace file '%1' is %2 bytes; traces up to %3 bytes (%4 MiB) can be "
                                        "imported: split the trace or record fewer events")
                             .arg(path_)
                             .arg(info.size())
                             .arg(maxBytes_)
                             .arg(maxBytes_ >> 20));
    QFile file(path_);
    if (!file.open(QIODevice::ReadOnly))
        throw InputError(QStringLiteral("cannot read trace file '%1': %2").arg(path_, file.errorString()));
    QJsonArray array;
    QJsonObject accelscope;
    {
        const QJsonDocument document = parse(file.readAll());
        if (document.isArray()) {
            array = document.array();
        } else {
            const QJsonObject root = document.object();
            if (!root.value(QStringLiteral("traceEvents")).isArray())
                throw InputError(QStringLiteral("%1: the JSON object has no \"traceEvents\" array; a Chrome trace "
                                                "is an array of events or an object whose \"traceEvents\" is one")
                                     .arg(path_));
            array = root.value(QStringLiteral("traceEvents")).toArray();
            accelscope = root.value(QStringLiteral("accelscope")).toObject();
        }
    }
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QJsonValue value = array.at(i);
        if (!value.isObject())
            fail(i, QStringLiteral("an event must be a JSON object"));
        readEvent(value.toObject(), i);
    }
    array = {};

    ImportedTrace result;
    // Slices left open at the end close with the trace, as Chrome's viewer draws them.
    for (auto &[thread, stack] : open_) {
        for (OpenSlice &slice : stack) {
            addEvent(thread, slice.begin, std::max(slice.begin, latest_), slice.name, slice.category, slice.args);
            result.warnings << QStringLiteral("a \"B\" event \"%1\" has no \"E\"; it ends with the trace").arg(slice.name);
        }
    }
    if (unmatchedEnds_ > 0)
        result.warnings << QStringLiteral("%1 \"E\" events without a \"B\" were skipped").arg(unmatchedEnds_);
    if (badCounterArgs_ > 0)
        result.warnings << QStringLiteral("%1 counter values that are not numbers were skipped").arg(badCounterArgs_);
    for (const auto &[phase, count] : skipped_)
        result.warnings << QStringLiteral("%1 events of phase \"%2\" were skipped (not a slice, counter or instant)")
                               .arg(count)
                               .arg(phase);

    // Shift the clock so the trace starts at 0.
    TimePs origin = std::numeric_limits<TimePs>::max();
    for (const PendingEvent &e : events_)
        origin = std::min(origin, e.begin);
    for (const PendingCounter &c : counters_)
        origin = std::min(origin, c.time);
    for (const Marker &m : markers_)
        origin = std::min(origin, m.time);
    if (origin == std::numeric_limits<TimePs>::max())
        origin = 0;

    auto record = std::make_shared<RunRecord>();
    record->topology = buildTopology(accelscope);
    auto trace = std::make_unique<Trace>();
    std::vector<EventTypeId> typeIds(types_.size());
    for (std::size_t t = 0; t < types_.size(); ++t)
        typeIds[t] = trace->eventType(threads_[types_[t].thread].unit, types_[t].kind, types_[t].label);
    std::stable_sort(events_.begin(), events_.end(),
                     [](const PendingEvent &a, const PendingEvent &b) { return a.begin < b.begin; });
    for (const PendingEvent &e : events_) {
        trace->setStepIndex(e.step);
        trace->appendEvent(typeIds[e.type], e.begin - origin, e.end - origin, e.bytes, e.flops);
    }
    events_ = {};
    const QJsonObject counterUnits = accelscope.value(QStringLiteral("counter_units")).toObject();
    for (const QString &name : seriesNames_)
        trace->counterSeries(name, counterUnits.value(name).toString());
    std::stable_sort(counters_.begin(), counters_.end(),
                     [](const PendingCounter &a, const PendingCounter &b) { return a.time < b.time; });
    for (const PendingCounter &c : counters_)
        trace->counter(c.series, c.time - origin, c.value);
    counters_ = {};
    std::stable_sort(markers_.begin(), markers_.end(), [](const Marker &a, const Marker &b) { return a.time < b.time; });
    for (Marker &m : markers_) {
        m.time -= origin;
        trace->marker(m);
    }
    trace->publish();

    for (const QJsonValue &level : accelscope.value(QStringLiteral("step_levels")).toArray())
        record->stepLevels.push_back(
            {level.toObject().value(QStringLiteral("name")).toString(), level.toObject().value(QStringLiteral("doc")).toString()});
    if (record->stepLevels.empty())
        record->stepLevels.push_back({QStringLiteral("instant"), QStringLiteral("the trace's instant events")});

    RunInfo &run = record->info;
    run.pluginId = kImportedPluginId;
    run.status = RunStatus::Complete;
    run.importedFrom = info.absoluteFilePath();
    run.dataSource = QStringLiteral("Chrome trace imported from %1").arg(info.fileName());
    run.eventCount = static_cast<std::int64_t>(trace->eventCount());
    run.simulatedEndPs = trace->snapshot().endTime();
    result.record = std::move(record);
    result.trace = std::move(trace);
    return result;
}

}  // namespace

ImportedTrace readChromeTrace(const QString &path, qint64 maxBytes) {
    return Reader(path, maxBytes).read();
}

RunId importChromeTrace(RunStore &store, const QString &path, QStringList *warnings) {
    ImportedTrace imported = readChromeTrace(path);
    RunInfo info = imported.record->info;
    const RunId id = store.beginRun(info, imported.record->topology, imported.record->stepLevels);
    try {
        TraceCursor cursor;
        store.appendTrace(id, imported.trace->snapshot(), cursor);
        store.finishRun(id, RunStatus::Complete, {}, {});
    } catch (const std::exception &e) {
        try {
            store.finishRun(id, RunStatus::Failed, {}, {}, QString::fromUtf8(e.what()));
        } catch (const std::exception &) {
            // The store is failing as a whole; the first error is the one to report.
        }
        throw;
    }
    if (warnings)
        *warnings = imported.warnings;
    return id;
}

}  // namespace accelscope
