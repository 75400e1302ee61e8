#pragma once
// ChromeTraceLanes: splits one unit's events over as few tracks ("lanes") as it takes for the
// events on every lane to be properly nested, which the Chrome trace format requires of complete
// events on one thread (Perfetto and chrome://tracing draw overlapping ones wrongly or drop them).
//
// Events must be placed in order of their begin time. An event goes on the first lane where it
// either follows everything still open or lies inside the innermost open event; otherwise a new
// lane is opened. Two events on one lane are therefore either disjoint or nested.

#include <vector>

#include "core/api/trace.h"

namespace accelscope {

class ChromeTraceLanes {
public:
    // The lane of an event [begin, end]; begin must not be earlier than the previous event's.
    int place(TimePs begin, TimePs end);
    int laneCount() const { return static_cast<int>(open_.size()); }

private:
    // Per lane, the ends of the events still open at the last begin, outermost first.
    std::vector<std::vector<TimePs>> open_;
};

}  // namespace accelscope
