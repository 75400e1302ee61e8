#pragma once
// Tick positions and labels for a time ruler: major ticks at 1, 2 or 5 times a power of ten
// picoseconds, about `minSpacingPx` apart. Deep zooms far from zero label ticks relative to the
// first one ("+20 ns") so three significant digits still tell them apart.

#include <vector>

#include <QString>

#include "core/api/trace.h"

namespace accelscope {

class TimeAxis {
public:
    struct Tick {
        TimePs time = 0;
        QString label;  // empty for minor ticks
        bool major = false;
    };

    // Ticks inside [begin, end] drawn over `widthPx` pixels.
    static std::vector<Tick> ticks(TimePs begin, TimePs end, double widthPx, double minSpacingPx = 90);
    // The smallest 1/2/5 x 10^k picoseconds at least `rawPs`.
    static TimePs niceStep(double rawPs);
    // `time` with enough decimals to resolve `resolutionPs` ("1.2345 ms").
    static QString preciseDuration(TimePs time, TimePs resolutionPs);
};

}  // namespace accelscope
