#include "views/narration/stepnarration.h"

#include <algorithm>

#include <QStringList>

namespace accelscope {

namespace {
// Markers of `level` strictly before t.
std::int64_t endedBefore(const TraceIndex &index, int level, TimePs t) {
    return t > 0 ? index.completedAt(level, t - 1) : 0;
}

TimePs markerTime(const TraceIndex &index, int level, std::int64_t k) {
    return index.snapshot().markers()[index.markersOf(level)[static_cast<std::size_t>(k)]].time;
}
}  // namespace

QString StepNarration::breadcrumbs() const {
    QStringList parts;
    for (const StepCrumb &crumb : crumbs) {
        parts.push_back(
            crumb.total
                ? QStringLiteral("%1 %2 of %3").arg(crumb.levelName).arg(crumb.position).arg(*crumb.total)
                : QStringLiteral("%1 %2").arg(crumb.levelName).arg(crumb.position));
    }
    return parts.join(QStringLiteral(" · "));
}

StepNarration narrationAt(const RunRecord &record, const TraceIndex &index, TimePs cursor, bool runComplete) {
    StepNarration narration;
    std::vector<int> levels;  // with markers, coarsest first
    for (int level = index.levelCount() - 1; level >= 0; --level) {
        if (!index.markersOf(level).empty())
            levels.push_back(level);
    }
    for (std::size_t i = 0; i < levels.size(); ++i) {
        const int level = levels[i];
        const auto count = static_cast<std::int64_t>(index.markersOf(level).size());
        StepCrumb crumb;
        crumb.level = level;
        crumb.levelName = static_cast<std::size_t>(level) < record.stepLevels.size()
                              ? record.stepLevels[static_cast<std::size_t>(level)].name
                              : QStringLiteral("level %1").arg(level);
        // The enclosing unit of the next coarser level: (start, end] in time.
        std::int64_t doneAtStart = 0;
        std::optional<TimePs> parentEnd;
        bool parentKnown = runComplete;
        if (i > 0) {
            const int parent = levels[i - 1];
            const std::int64_t parentDone = endedBefore(index, parent, cursor);
            const auto parentCount = static_cast<std::int64_t>(index.markersOf(parent).size());
            if (parentDone > 0)
                doneAtStart = index.completedAt(level, markerTime(index, parent, parentDone - 1));
            if (parentDone < parentCount) {
                parentEnd = markerTime(index, parent, parentDone);
                parentKnown = true;
            }
        }
        const std::int64_t before = endedBefore(index, level, cursor);
        crumb.position = before - doneAtStart + 1;
        if (parentEnd)
            crumb.total = index.completedAt(level, *parentEnd) - doneAtStart;
        else if (parentKnown)
            crumb.total = count - doneAtStart;
        if (crumb.total)
            crumb.position = std::min(crumb.position, std::max<std::int64_t>(*crumb.total, 1));
        const Marker *marker = nullptr;
        if (before < count) {
            marker = &index.snapshot().markers()[index.markersOf(level)[static_cast<std::size_t>(before)]];
            crumb.finished = marker->time <= cursor;
        } else {
            marker = index.markerAt(level, cursor);
            crumb.finished = true;
        }
        if (marker)
            crumb.text = marker->text;
        narration.crumbs.push_back(crumb);
    }
    for (auto it = narration.crumbs.rbegin(); it != narration.crumbs.rend(); ++it) {
        if (!it->text.isEmpty()) {
            narration.paragraphLevel = it->level;
            narration.paragraph = it->text;
            break;
        }
    }
    return narration;
}

}  // namespace accelscope
