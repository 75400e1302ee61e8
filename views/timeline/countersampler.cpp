#include "views/timeline/countersampler.h"

#include "core/sim/gallop.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace accelscope {

const CounterSampler::Blocks &CounterSampler::blocksFor(const TraceIndex::Series &series) {
    Blocks &blocks = blocks_[series.id];
    const std::size_t n = series.time.size();
    if (blocks.samples == n)
        return blocks;
    // Samples normally arrive in time order; an insertion before the cached end moves the last
    // cached sample, and then the blocks are rebuilt from scratch.
    std::size_t from = 0;
    if (blocks.samples > 0 && blocks.samples < n && series.time[blocks.samples - 1] == blocks.lastTime &&
        series.value[blocks.samples - 1] == blocks.lastValue)
        from = blocks.samples / kBlock;
    const std::size_t count = (n + kBlock - 1) / kBlock;
    blocks.minimum.resize(count);
    blocks.maximum.resize(count);
    for (std::size_t b = from; b < count; ++b) {
        const auto first = series.value.begin() + static_cast<std::ptrdiff_t>(b * kBlock);
        const auto last = series.value.begin() + static_cast<std::ptrdiff_t>(std::min(n, (b + 1) * kBlock));
        const auto [lo, hi] = std::minmax_element(first, last);
        blocks.minimum[b] = *lo;
        blocks.maximum[b] = *hi;
    }
    blocks.samples = n;
    blocks.lastTime = series.time.back();
    blocks.lastValue = series.value.back();
    return blocks;
}

void CounterSampler::sample(const TraceIndex::Series &series, double t0, double psPerColumn, int columns,
                            Columns &out) {
    const auto width = static_cast<std::size_t>(std::max(columns, 0));
    const double none = std::numeric_limits<double>::quiet_NaN();
    out.minimum.assign(width, none);
    out.maximum.assign(width, none);
    if (series.time.empty() || width == 0 || !(psPerColumn > 0))
        return;
    const Blocks &blocks = blocksFor(series);
    const auto &time = series.time;
    const auto &value = series.value;
    const auto boundary = [t0, psPerColumn](std::size_t i) {
        return static_cast<TimePs>(std::floor(t0 + static_cast<double>(i) * psPerColumn));
    };
    const std::size_t n = time.size();
    std::size_t next = 0;  // the first sample at or after the current column's end (so far)
    for (std::size_t i = 0; i < width; ++i) {
        const TimePs begin = boundary(i), end = std::max(boundary(i + 1), begin + 1);
        // The sample in force at `begin` and every sample before `end`; columns only move right.
        const std::size_t afterBegin =
            gallopPartitionPoint(next == 0 ? 0 : next - 1, n, [&](std::size_t k) { return time[k] <= begin; });
        const std::size_t firstIndex = afterBegin == 0 ? 0 : afterBegin - 1;
        next = gallopPartitionPoint(firstIndex, n, [&](std::size_t k) { return time[k] < end; });
        const auto first = time.begin() + static_cast<std::ptrdiff_t>(firstIndex);
        const auto last = time.begin() + static_cast<std::ptrdiff_t>(next);
        if (first == last)
            continue;
        std::size_t a = static_cast<std::size_t>(first - time.begin());
        const std::size_t b = static_cast<std::size_t>(last - time.begin());
        double lo = value[a], hi = value[a];
        while (a < b) {
            if (a % kBlock == 0 && a + kBlock <= b) {
                lo = std::min(lo, blocks.minimum[a / kBlock]);
                hi = std::max(hi, blocks.maximum[a / kBlock]);
                a += kBlock;
            } else {
                lo = std::min(lo, value[a]);
                hi = std::max(hi, value[a]);
                ++a;
            }
        }
        out.minimum[i] = lo;
        out.maximum[i] = hi;
    }
}

}  // namespace accelscope
