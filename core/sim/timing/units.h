#pragma once
// Conversions between cycles, seconds, bytes and simulated picoseconds.

#include <cmath>
#include <cstdint>

#include "core/api/trace.h"

namespace accelscope::timing {

inline TimePs secondsToPs(double seconds) {
    return static_cast<TimePs>(std::llround(seconds * 1e12));
}

inline double psToSeconds(TimePs ps) {
    return static_cast<double>(ps) * 1e-12;
}

// Exact for clocks whose period is a whole number of picoseconds (200 MHz, 800 MHz, 1 GHz), and
// rounded to the nearest picosecond otherwise (220 MHz).
inline TimePs cyclesToPs(std::int64_t cycles, double hz) {
    return static_cast<TimePs>(std::llround(static_cast<double>(cycles) * 1e12 / hz));
}

inline TimePs bytesToPs(std::uint64_t bytes, double bytesPerSecond) {
    return secondsToPs(static_cast<double>(bytes) / bytesPerSecond);
}

inline std::int64_t ceilDiv(std::int64_t a, std::int64_t b) {
    return (a + b - 1) / b;
}

}  // namespace accelscope::timing
