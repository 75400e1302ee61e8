#pragma once
// Per-pixel minimum and maximum of a step-interpolated counter series, so a track stays faithful
// (spikes survive) at any zoom. Each column covers the sample in force at its start plus the samples
// inside it; binary search finds them, and cached min/max per block of samples keep a column with
// millions of samples cheap. The cache follows a series as a live run appends to it.

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "core/sim/traceindex.h"

namespace accelscope {

class CounterSampler {
public:
    struct Columns {
        std::vector<double> minimum;  // NaN before the first sample
        std::vector<double> maximum;
    };

    // Column i covers run time [t0 + i * psPerColumn, t0 + (i + 1) * psPerColumn).
    void sample(const TraceIndex::Series &series, double t0, double psPerColumn, int columns, Columns &out);
    void clear() { blocks_.clear(); }

    static constexpr std::size_t kBlock = 64;

private:
    struct Blocks {
        std::size_t samples = 0;  // samples covered when built
        TimePs lastTime = 0;
        double lastValue = 0;
        std::vector<double> minimum, maximum;
    };
    const Blocks &blocksFor(const TraceIndex::Series &series);
    std::unordered_map<SeriesId, Blocks> blocks_;
};

}  // namespace accelscope
