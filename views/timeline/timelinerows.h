#pragma once
// The rows of the timeline, top to bottom: lanes grouped by the topology (device > core > unit)
// under collapsible group headers, then the counter tracks. Rebuilt whenever the run, its units,
// the unit filter or a group's collapsed state changes; cheap (proportional to the unit count).

#include <vector>

#include <QSet>
#include <QString>

#include "core/sim/traceindex.h"
#include "core/store/runstore.h"

namespace accelscope {

struct TimelineRow {
    enum class Type { Group, Lane, CounterGroup, Counter, MoreCounters };
    Type type = Type::Lane;
    UnitId unit = kNoUnit;      // the lane's unit, or the group's unit
    SeriesId series = 0;        // Counter rows
    int depth = 0;              // indentation level
    bool collapsed = false;     // Group rows
    std::vector<UnitId> lanes;  // Group rows: the visible lanes under it (its summary)
    QString label;              // what the label column shows
    int top = 0, height = 0;    // content coordinates, filled by layout
};

class TimelineRows {
public:
    struct Options {
        QSet<UnitId> unitFilter;  // empty: all units
        QSet<UnitId> collapsed;   // collapsed groups
        bool countersCollapsed = false;
        int maxBankSeries = 16;  // memory bank series shown before "+N more"
    };

    static std::vector<TimelineRow> build(const Topology &topology, const TraceIndex &index,
                                          const Options &options);
    // True when `name` is "<memory unit path>/bank<i>..." (a memory bank's occupancy series).
    static bool isBankSeries(const Topology &topology, const QString &name);
};

}  // namespace accelscope
