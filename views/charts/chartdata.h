#pragma once
// What the charts plot, computed without widgets so tests can check the numbers: utilization per
// group of units over time buckets, busy time per op kind, and a run's metrics next to the same
// metrics on the paper's baselines.

#include <array>
#include <vector>

#include <QString>
#include <QStringList>

#include "core/sim/traceindex.h"
#include "core/store/runstore.h"

namespace accelscope {

// How utilization lines are grouped: one line per top-level device, or one per unit name
// ("MPU" across every device), for machines whose devices all do the same.
enum class UtilizationGrouping { Device, UnitName };

struct UtilizationGroup {
    QString name;
    std::vector<UnitId> units;         // the compute units averaged
    std::vector<double> busyFraction;  // per bucket, 0..1
};

struct UtilizationOverTime {
    std::vector<TimeRange> buckets;
    std::vector<UtilizationGroup> groups;
};

// At most `maxBuckets` equal buckets covering [0, end); none when end <= 0.
std::vector<TimeRange> timeBuckets(TimePs end, int maxBuckets);

// The units behind each line: compute units of each top-level unit (or with the same name); a
// top-level unit without compute units counts the units under it that ran events.
std::vector<UtilizationGroup> utilizationGroups(const TraceIndex &index, const Topology &topology,
                                                UtilizationGrouping grouping);

// For each group and bucket the busy fraction (TraceIndex::stats) averaged over the group's units.
// O(events) once; call it when the trace changes, not per repaint.
UtilizationOverTime utilizationOverTime(const TraceIndex &index, const Topology &topology,
                                        UtilizationGrouping grouping, int maxBuckets = 200);

// Busy time per op kind over `range`, summed over units (what statsAll reports).
std::array<TimePs, kOpKindCount> busyByOpKind(const TraceIndex &index, TimeRange range);

// One bar of the baselines chart.
struct BaselineBar {
    QString label;  // "DFX (model)", "4x V100"
    double value = 0;
    QString unit;
    bool isModel = false;
};

// Metric names the run reports that at least one baseline reports too, in the run's order.
QStringList sharedBaselineMetrics(const RunRecord &record);
// The model's bar first, then every baseline that has `metric`.
std::vector<BaselineBar> baselineBars(const RunRecord &record, const QString &metric);
QString modelLabel(const RunRecord &record);

// A time axis in a readable unit: values are ps / psPerUnit.
struct TimeAxisUnit {
    double psPerUnit = 1;
    QString unit;  // "ns", "µs", "ms", "s"
};
TimeAxisUnit timeAxisUnit(TimePs span);

}  // namespace accelscope
