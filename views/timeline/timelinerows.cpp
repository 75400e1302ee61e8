#include "views/timeline/timelinerows.h"

#include <algorithm>
#include <map>

#include <QRegularExpression>

namespace accelscope {

namespace {

bool validUnit(const Topology &topology, UnitId unit) {
    return unit >= 0 && static_cast<std::size_t>(unit) < topology.units().size();
}

struct Node {
    bool lane = false;             // the unit has events of its own
    std::vector<UnitId> children;  // ancestors-with-lanes tree, ascending ids
    std::vector<UnitId> lanes;     // every lane in the subtree
};

void emit(const Topology &topology, std::map<UnitId, Node> &nodes, UnitId unit, int depth,
          const TimelineRows::Options &options, std::vector<TimelineRow> &rows) {
    Node &node = nodes[unit];
    const QString name =
        validUnit(topology, unit) ? topology.unit(unit).name : QStringLiteral("unit %1").arg(unit);
    if (node.children.empty()) {
        TimelineRow row;
        row.type = TimelineRow::Type::Lane;
        row.unit = unit;
        row.depth = depth;
        row.label = name;
        rows.push_back(std::move(row));
        return;
    }
    TimelineRow group;
    group.type = TimelineRow::Type::Group;
    group.unit = unit;
    group.depth = depth;
    group.collapsed = options.collapsed.contains(unit);
    group.lanes = node.lanes;
    group.label = validUnit(topology, unit) ? topology.path(unit) : name;
    const bool collapsed = group.collapsed;
    rows.push_back(std::move(group));
    if (collapsed)
        return;
    if (node.lane) {  // a group that also runs events itself shows its own lane first
        TimelineRow row;
        row.type = TimelineRow::Type::Lane;
        row.unit = unit;
        row.depth = depth + 1;
        row.label = name;
        rows.push_back(std::move(row));
    }
    for (UnitId child : node.children)
        emit(topology, nodes, child, depth + 1, options, rows);
}

}  // namespace

bool TimelineRows::isBankSeries(const Topology &topology, const QString &name) {
    static const QRegularExpression pattern(QStringLiteral("^(.+)/bank\\d+(/.*)?$"));
    const auto match = pattern.match(name);
    if (!match.hasMatch())
        return false;
    const UnitId unit = topology.find(match.captured(1));
    if (unit == kNoUnit)
        return false;
    const auto &memories = topology.memories();
    return std::any_of(memories.begin(), memories.end(),
                       [unit](const MemoryInfo &m) { return m.unit == unit; });
}

std::vector<TimelineRow> TimelineRows::build(const Topology &topology, const TraceIndex &index,
                                             const Options &options) {
    std::vector<TimelineRow> rows;

    // Lanes: every unit with events that passes the filter, under its chain of ancestors.
    std::map<UnitId, Node> nodes;
    std::vector<UnitId> roots;
    for (UnitId unit : index.unitsWithEvents()) {
        if (!options.unitFilter.isEmpty() && !options.unitFilter.contains(unit))
            continue;
        nodes[unit].lane = true;
        UnitId child = unit;
        UnitId parent = validUnit(topology, unit) ? topology.unit(unit).parent : kNoUnit;
        nodes[unit].lanes.push_back(unit);
        int guard = 0;
        while (parent != kNoUnit && validUnit(topology, parent) && ++guard < 64) {
            Node &p = nodes[parent];
            if (std::find(p.children.begin(), p.children.end(), child) == p.children.end())
                p.children.push_back(child);
            p.lanes.push_back(unit);
            child = parent;
            parent = topology.unit(parent).parent;
        }
        if (std::find(roots.begin(), roots.end(), child) == roots.end())
            roots.push_back(child);
    }
    std::sort(roots.begin(), roots.end());
    for (auto &[unit, node] : nodes)
        std::sort(node.children.begin(), node.children.end());
    for (UnitId root : roots)
        emit(topology, nodes, root, 0, options, rows);

    // Counter tracks: every series with samples; memory bank series only up to a limit.
    std::vector<SeriesId> shown;
    int banks = 0, banksHidden = 0;
    const std::size_t declared = index.snapshot().series().size();
    std::vector<SeriesId> bankSeries;
    for (std::size_t s = 0; s < declared; ++s) {
        const auto *series = index.series(static_cast<SeriesId>(s));
        if (!series)
            continue;
        if (isBankSeries(topology, series->name))
            bankSeries.push_back(series->id);
    }
    const bool limitBanks = static_cast<int>(bankSeries.size()) > options.maxBankSeries;
    for (std::size_t s = 0; s < declared; ++s) {
        const auto *series = index.series(static_cast<SeriesId>(s));
        if (!series)
            continue;
        if (limitBanks && std::binary_search(bankSeries.begin(), bankSeries.end(), series->id)) {
            if (banks >= options.maxBankSeries) {
                ++banksHidden;
                continue;
            }
            ++banks;
        }
        shown.push_back(series->id);
    }
    if (shown.empty())
        return rows;
    TimelineRow header;
    header.type = TimelineRow::Type::CounterGroup;
    header.collapsed = options.countersCollapsed;
    header.label = QStringLiteral("Counters");
    rows.push_back(header);
    if (options.countersCollapsed)
        return rows;
    for (SeriesId id : shown) {
        TimelineRow row;
        row.type = TimelineRow::Type::Counter;
        row.series = id;
        row.depth = 1;
        row.label = index.series(id)->name;
        rows.push_back(std::move(row));
    }
    if (banksHidden > 0) {
        TimelineRow more;
        more.type = TimelineRow::Type::MoreCounters;
        more.depth = 1;
        more.label = QStringLiteral("+%1 more memory bank series").arg(banksHidden);
        rows.push_back(std::move(more));
    }
    return rows;
}

}  // namespace accelscope
