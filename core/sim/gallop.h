#pragma once
// Galloping search for sorted sequences scanned left to right: cost O(log d) where d is how far
// the answer lies from where the previous search ended, so sampling a series column by column is
// linear in the columns plus the samples, not columns × log(samples).

#include <algorithm>
#include <cstddef>

namespace accelscope {

// The first position p in [from, n) where `before(p)` is false (`before` must be true on a prefix
// of [from, n) and false after it); n when there is none.
template <class Before>
std::size_t gallopPartitionPoint(std::size_t from, std::size_t n, Before before) {
    if (from >= n || !before(from))
        return from;
    std::size_t low = from, step = 1;  // invariant: before(low)
    while (low + step < n && before(low + step)) {
        low += step;
        step *= 2;
    }
    std::size_t first = low + 1, last = std::min(n, low + step);  // answer in [first, last]
    while (first < last) {
        const std::size_t middle = first + (last - first) / 2;
        if (before(middle))
            first = middle + 1;
        else
            last = middle;
    }
    return first;
}

}  // namespace accelscope
