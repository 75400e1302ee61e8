#include "views/charts/chartdata.h"

#include <algorithm>

#include <QHash>
#include <QSet>

namespace accelscope {

std::vector<TimeRange> timeBuckets(TimePs end, int maxBuckets) {
    std::vector<TimeRange> buckets;
    if (end <= 0 || maxBuckets <= 0)
        return buckets;
    const auto count = static_cast<TimePs>(std::min<TimePs>(maxBuckets, end));
    buckets.reserve(static_cast<std::size_t>(count));
    for (TimePs i = 0; i < count; ++i) {
        // Integer edges so the buckets tile [0, end) exactly (no 128-bit overflow below 2^63 / 200).
        const TimePs begin = static_cast<TimePs>(static_cast<long double>(end) * i / count);
        const TimePs stop = static_cast<TimePs>(static_cast<long double>(end) * (i + 1) / count);
        buckets.push_back({begin, i + 1 == count ? end : stop});
    }
    return buckets;
}

namespace {
UnitId topLevelOf(const Topology &topology, UnitId unit) {
    while (topology.unit(unit).parent != kNoUnit)
        unit = topology.unit(unit).parent;
    return unit;
}
}  // namespace

std::vector<UtilizationGroup> utilizationGroups(const TraceIndex &index, const Topology &topology,
                                                UtilizationGrouping grouping) {
    std::vector<UtilizationGroup> groups;
    QHash<QString, std::size_t> byName;  // group key -> position in groups
    const auto groupFor = [&](const QString &key, const QString &label) -> UtilizationGroup & {
        const auto it = byName.constFind(key);
        if (it != byName.constEnd())
            return groups[it.value()];
        byName.insert(key, groups.size());
        groups.push_back({label, {}, {}});
        return groups.back();
    };
    const auto &units = topology.units();
    if (grouping == UtilizationGrouping::UnitName) {
        for (const Unit &unit : units) {
            if (unit.kind == UnitKind::Compute)
                groupFor(unit.name, unit.name).units.push_back(unit.id);
        }
        return groups;
    }
    QSet<UnitId> topsWithCompute;
    for (const Unit &unit : units) {
        if (unit.kind != UnitKind::Compute)
            continue;
        const UnitId top = topLevelOf(topology, unit.id);
        topsWithCompute.insert(top);
        groupFor(QString::number(top), topology.unit(top).name).units.push_back(unit.id);
    }
    // A top-level unit with no compute units (a host doing its own work) still gets a line.
    for (UnitId unit : index.unitsWithEvents()) {
        if (unit < 0 || static_cast<std::size_t>(unit) >= units.size())
            continue;
        const UnitId top = topLevelOf(topology, unit);
        const UnitKind kind = topology.unit(top).kind;
        // Top-level links and memories are not devices; the timeline shows them.
        if (kind == UnitKind::Link || kind == UnitKind::Memory)
            continue;
        if (!topsWithCompute.contains(top))
            groupFor(QString::number(top), topology.unit(top).name).units.push_back(unit);
    }
    return groups;
}

UtilizationOverTime utilizationOverTime(const TraceIndex &index, const Topology &topology,
                                        UtilizationGrouping grouping, int maxBuckets) {
    UtilizationOverTime result;
    result.buckets = timeBuckets(index.endTime(), maxBuckets);
    result.groups = utilizationGroups(index, topology, grouping);
    for (UtilizationGroup &group : result.groups) {
        group.busyFraction.assign(result.buckets.size(), 0.0);
        if (group.units.empty())
            continue;
        for (std::size_t b = 0; b < result.buckets.size(); ++b) {
            double sum = 0;
            for (UnitId unit : group.units)
                sum += index.utilization(unit, result.buckets[b]);
            group.busyFraction[b] = sum / static_cast<double>(group.units.size());
        }
    }
    return result;
}

std::array<TimePs, kOpKindCount> busyByOpKind(const TraceIndex &index, TimeRange range) {
    return index.busyByKind(range);
}

QString modelLabel(const RunRecord &record) {
    return QStringLiteral("%1 (model)").arg(record.info.pluginId.toUpper());
}

QStringList sharedBaselineMetrics(const RunRecord &record) {
    QStringList names;
    for (const Metric &metric : record.metrics) {
        const bool shared = std::any_of(record.baselines.begin(), record.baselines.end(),
                                        [&metric](const BaselineResult &baseline) {
                                            return findMetric(baseline.metrics, metric.name) != nullptr;
                                        });
        if (shared && !names.contains(metric.name))
            names.push_back(metric.name);
    }
    return names;
}

std::vector<BaselineBar> baselineBars(const RunRecord &record, const QString &metric) {
    std::vector<BaselineBar> bars;
    const Metric *own = findMetric(record.metrics, metric);
    if (!own)
        return bars;
    bars.push_back({modelLabel(record), own->value, own->unit, true});
    for (const BaselineResult &baseline : record.baselines) {
        if (const Metric *m = findMetric(baseline.metrics, metric)) {
            const QString label = baseline.label.isEmpty() ? baseline.device : baseline.label;
            bars.push_back({label, m->value, m->unit.isEmpty() ? own->unit : m->unit, false});
        }
    }
    return bars;
}

TimeAxisUnit timeAxisUnit(TimePs span) {
    if (span >= kPsPerS)
        return {static_cast<double>(kPsPerS), QStringLiteral("s")};
    if (span >= kPsPerMs)
        return {static_cast<double>(kPsPerMs), QStringLiteral("ms")};
    if (span >= kPsPerUs)
        return {static_cast<double>(kPsPerUs), QStringLiteral("µs")};
    if (span >= kPsPerNs)
        return {static_cast<double>(kPsPerNs), QStringLiteral("ns")};
    return {1.0, QStringLiteral("ps")};
}

}  // namespace accelscope
