#pragma once
// What the narration view says at a cursor, computed without widgets: for every step level from
// coarsest to finest, which unit of that level the cursor is in ("layer 12 of 49" counts within
// the enclosing coarser unit) and that unit's marker text.

#include <cstdint>
#include <optional>
#include <vector>

#include <QString>

#include "core/sim/traceindex.h"
#include "core/store/runstore.h"

namespace accelscope {

struct StepCrumb {
    int level = 0;
    QString levelName;                  // "token"
    std::int64_t position = 0;          // 1-based, within the enclosing coarser unit
    std::optional<std::int64_t> total;  // unknown while a live run has not reached it
    QString text;                       // the marker text of the unit the cursor is in (may be empty)
    bool finished = false;              // the unit has ended at or before the cursor
};

struct StepNarration {
    std::vector<StepCrumb> crumbs;  // coarsest first; levels with no markers are left out
    // The finest level with text: what the view shows largest.
    int paragraphLevel = -1;
    QString paragraph;
    QString breadcrumbs() const;  // "token 3 of 4 · layer 12 of 49 · instruction 5 of 180"
};

// The unit shown per level is the one containing the cursor: the first marker at or after it,
// which is TraceIndex::markerAt(level, cursor) whenever the cursor sits on a step boundary (where
// stepping leaves it). A live run that has not yet recorded that marker falls back to markerAt.
// `runComplete`: every marker is recorded, so totals of the last units are known.
StepNarration narrationAt(const RunRecord &record, const TraceIndex &index, TimePs cursor, bool runComplete);

}  // namespace accelscope
