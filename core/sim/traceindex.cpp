#include "core/sim/traceindex.h"

#include <algorithm>
#include <limits>

#include "core/sim/gallop.h"

namespace accelscope {

namespace {
const std::vector<std::uint32_t> kNoIndices;
}

void TraceIndex::extend(const TraceSnapshot &snapshot) {
    snapshot_ = snapshot;
    indexEvents(events_);
    indexCounters(counters_);
    indexFrames(frames_);
    indexMarkers(markers_);
}

void TraceIndex::indexEvents(std::size_t from) {
    const std::size_t count = snapshot_.eventCount();
    if (from >= count)
        return;
    const auto &types = snapshot_.eventTypes();
    std::vector<std::size_t> oldSizes(lanes_.size());
    for (std::size_t u = 0; u < lanes_.size(); ++u)
        oldSizes[u] = lanes_[u].events.size();

    for (std::size_t i = from; i < count; ++i) {
        const UnitId unit = types[snapshot_.eventTypeId(i)].unit;
        if (unit < 0)
            continue;
        const auto u = static_cast<std::size_t>(unit);
        if (u >= lanes_.size()) {
            lanes_.resize(u + 1);
            oldSizes.resize(u + 1, 0);
        }
        lanes_[u].unit = unit;
        lanes_[u].events.push_back(static_cast<std::uint32_t>(i));
    }

    const auto beginsBefore = [this](std::uint32_t a, std::uint32_t b) {
        const TimePs ba = snapshot_.eventBegin(a), bb = snapshot_.eventBegin(b);
        return ba != bb ? ba < bb : a < b;
    };
    for (std::size_t u = 0; u < lanes_.size(); ++u) {
        Lane &lane = lanes_[u];
        const std::size_t old = oldSizes[u];
        if (lane.events.size() == old)
            continue;
        const auto newBegin = lane.events.begin() + static_cast<std::ptrdiff_t>(old);
        // Models mostly record in time order; sort only what arrived out of order.
        if (!std::is_sorted(newBegin, lane.events.end(), beginsBefore))
            std::sort(newBegin, lane.events.end(), beginsBefore);
        std::size_t firstChanged = old;
        if (old > 0 && beginsBefore(*newBegin, lane.events[old - 1])) {
            const auto oldFirstAffected = std::upper_bound(lane.events.begin(), newBegin, *newBegin, beginsBefore);
            firstChanged = static_cast<std::size_t>(oldFirstAffected - lane.events.begin());
            std::inplace_merge(oldFirstAffected, newBegin, lane.events.end(), beginsBefore);
        }
        lane.busyPrefix.resize(lane.events.size() + 1);
        lane.busyPrefix[0] = 0;
        if (firstChanged < old) {
            // Events arrived before ones already indexed: overlap is decided afresh.
            firstChanged = 0;
            lane.maxEndPs = 0;
            lane.overlapping = false;
        }
        if (firstChanged == 0)
            lane.kind = static_cast<int>(types[snapshot_.eventTypeId(lane.events[0])].kind);
        for (std::size_t k = firstChanged; k < lane.events.size(); ++k) {
            const std::uint32_t e = lane.events[k];
            const TimePs begin = snapshot_.eventBegin(e), end = snapshot_.eventEnd(e);
            const TimePs duration = std::max<TimePs>(0, end - begin);
            lane.busyPrefix[k + 1] = lane.busyPrefix[k] + duration;
            lane.maxDurationPs = std::max(lane.maxDurationPs, duration);
            if (k > 0 && begin < lane.maxEndPs)
                lane.overlapping = true;
            lane.maxEndPs = k == 0 ? end : std::max(lane.maxEndPs, end);
            if (lane.kind != static_cast<int>(types[snapshot_.eventTypeId(e)].kind))
                lane.kind = -1;
        }
        const std::size_t blocks = (lane.events.size() + kSumBlock - 1) / kSumBlock;
        lane.bytesBlocks.resize(blocks);
        lane.flopsBlocks.resize(blocks);
        for (std::size_t block = firstChanged / kSumBlock; block < blocks; ++block) {
            std::uint64_t bytes = 0, flops = 0;
            const std::size_t end = std::min(lane.events.size(), (block + 1) * kSumBlock);
            for (std::size_t k = block * kSumBlock; k < end; ++k) {
                bytes += snapshot_.eventBytes(lane.events[k]);
                flops += snapshot_.eventFlops(lane.events[k]);
            }
            lane.bytesBlocks[block] = bytes;
            lane.flopsBlocks[block] = flops;
        }
        lane.blockBegins.resize(blocks);
        for (std::size_t block = firstChanged / kSumBlock; block < blocks; ++block)
            lane.blockBegins[block] = snapshot_.eventBegin(lane.events[block * kSumBlock]);
        if (lane.overlapping) {
            extendUnion(lane, firstChanged);
        } else {
            lane.unionBegins.clear();
            lane.unionEnds.clear();
            lane.unionPrefix.clear();
            lane.unionEvents = 0;
        }
    }
    events_ = count;
}

void TraceIndex::indexCounters(std::size_t from) {
    const auto &declared = snapshot_.series();
    if (series_.size() < declared.size()) {
        const std::size_t old = series_.size();
        series_.resize(declared.size());
        for (std::size_t s = old; s < declared.size(); ++s) {
            series_[s].id = static_cast<SeriesId>(s);
            series_[s].name = declared[s].name;
            series_[s].unit = declared[s].unit;
            seriesByName_.insert(declared[s].name, static_cast<SeriesId>(s));
        }
    }
    const std::size_t count = snapshot_.counterCount();
    for (std::size_t i = from; i < count; ++i) {
        Series &s = series_[snapshot_.counterSeriesOf(i)];
        const TimePs t = snapshot_.counterTime(i);
        const double v = snapshot_.counterValue(i);
        if (!s.time.empty() && t < s.time.back()) {
            // Out of order: insert after the samples at the same or an earlier time.
            const auto at = std::upper_bound(s.time.begin(), s.time.end(), t);
            const auto offset = at - s.time.begin();
            s.time.insert(at, t);
            s.value.insert(s.value.begin() + offset, v);
        } else {
            s.time.push_back(t);
            s.value.push_back(v);
        }
        s.minimum = std::min(s.minimum, v);
        s.maximum = std::max(s.maximum, v);
    }
    counters_ = count;
}

void TraceIndex::indexFrames(std::size_t from) {
    const auto &frames = snapshot_.frames();
    for (std::size_t i = from; i < frames.size(); ++i) {
        const StoredFrame &frame = *frames[i];
        auto it = framesByName_.find(frame.name);
        if (it == framesByName_.end()) {
            frameNames_.append(frame.name);
            it = framesByName_.insert(frame.name, {});
        }
        std::vector<std::uint32_t> &list = it.value();
        const auto index = static_cast<std::uint32_t>(i);
        const auto at = std::upper_bound(list.begin(), list.end(), frame.time, [&frames](TimePs t, std::uint32_t f) {
            return t < frames[f]->time;
        });
        list.insert(at, index);
    }
    frames_ = frames.size();
}

void TraceIndex::indexMarkers(std::size_t from) {
    const auto &markers = snapshot_.markers();
    for (std::size_t i = from; i < markers.size(); ++i) {
        const Marker &marker = markers[i];
        if (marker.level < 0)
            continue;
        const auto level = static_cast<std::size_t>(marker.level);
        if (level >= markersByLevel_.size())
            markersByLevel_.resize(level + 1);
        auto &list = markersByLevel_[level];
        const auto at = std::upper_bound(list.begin(), list.end(), marker.time,
                                         [&markers](TimePs t, std::uint32_t m) { return t < markers[m].time; });
        list.insert(at, static_cast<std::uint32_t>(i));
    }
    markers_ = markers.size();
}

std::vector<UnitId> TraceIndex::unitsWithEvents() const {
    std::vector<UnitId> units;
    for (const Lane &lane : lanes_)
        if (!lane.events.empty())
            units.push_back(lane.unit);
    return units;
}

const TraceIndex::Lane *TraceIndex::lane(UnitId unit) const {
    if (unit < 0 || static_cast<std::size_t>(unit) >= lanes_.size())
        return nullptr;
    const Lane &lane = lanes_[static_cast<std::size_t>(unit)];
    return lane.events.empty() ? nullptr : &lane;
}

std::pair<std::size_t, std::size_t> TraceIndex::laneRange(UnitId unit, TimeRange range) const {
    const Lane *l = lane(unit);
    if (!l || range.isEmpty())
        return {0, 0};
    // Any event overlapping the range begins at or after range.begin - maxDuration.
    std::size_t first = firstBegunAtOrAfter(*l, range.begin - l->maxDurationPs);
    const std::size_t last = firstBegunAtOrAfter(*l, range.end, first);
    while (first != last && snapshot_.eventEnd(l->events[first]) <= range.begin &&
           snapshot_.eventBegin(l->events[first]) < range.begin)
        ++first;
    return {first, last};
}

std::optional<std::size_t> TraceIndex::eventAt(UnitId unit, TimePs t) const {
    const Lane *l = lane(unit);
    if (!l)
        return std::nullopt;
    // Past the events begun at or before t.
    auto it = t == std::numeric_limits<TimePs>::max()
                  ? l->events.end()
                  : l->events.begin() + static_cast<std::ptrdiff_t>(firstBegunAtOrAfter(*l, t + 1));
    // Walk back over the events that could still be running at t.
    while (it != l->events.begin()) {
        --it;
        if (snapshot_.eventBegin(*it) < t - l->maxDurationPs)
            break;
        if (snapshot_.eventEnd(*it) > t || (snapshot_.eventBegin(*it) == t && snapshot_.eventEnd(*it) == t))
            return *it;
    }
    return std::nullopt;
}

std::size_t TraceIndex::firstBegunAtOrAfter(const Lane &lane, TimePs t, std::size_t from) const {
    const std::size_t n = lane.events.size();
    if (from >= n)
        return n;
    // Block b starts at position b * kSumBlock; find the first block at or after `from`'s whose
    // first event begins at or after t. The answer lies after the block before it began.
    const std::size_t firstBlock = (from + kSumBlock - 1) / kSumBlock;
    const std::size_t block = gallopPartitionPoint(firstBlock, lane.blockBegins.size(),
                                                   [&](std::size_t b) { return lane.blockBegins[b] < t; });
    const std::size_t low = block > firstBlock ? (block - 1) * kSumBlock + 1 : from;
    const std::size_t high = std::min(n, block * kSumBlock);
    std::size_t first = std::max(low, from), last = std::max(high, first);
    while (first < last) {  // the answer lies in [first, last]
        const std::size_t middle = first + (last - first) / 2;
        if (snapshot_.eventBegin(lane.events[middle]) < t)
            first = middle + 1;
        else
            last = middle;
    }
    return first;
}

std::pair<std::size_t, std::size_t> TraceIndex::begunIn(const Lane &lane, TimeRange range) const {
    const std::size_t first = firstBegunAtOrAfter(lane, range.begin);
    return {first, firstBegunAtOrAfter(lane, range.end, first)};
}

TimePs TraceIndex::durationBegunIn(UnitId unit, TimeRange range) const {
    const Lane *l = lane(unit);
    if (!l || range.isEmpty())
        return 0;
    const auto [a, b] = begunIn(*l, range);
    return l->busyPrefix[b] - l->busyPrefix[a];
}

void TraceIndex::extendUnion(Lane &lane, std::size_t firstChanged) {
    if (firstChanged < lane.unionEvents || lane.unionPrefix.empty()) {
        // Events arrived among those already folded in (or the lane just began to overlap).
        lane.unionBegins.clear();
        lane.unionEnds.clear();
        lane.unionPrefix.assign(1, 0);
        lane.unionEvents = 0;
    }
    // Events are begin-sorted: each one extends the last interval or starts a new one.
    for (std::size_t k = lane.unionEvents; k < lane.events.size(); ++k) {
        const std::uint32_t e = lane.events[k];
        const TimePs begin = snapshot_.eventBegin(e), end = snapshot_.eventEnd(e);
        if (end <= begin)
            continue;  // takes no time
        if (!lane.unionEnds.empty() && begin <= lane.unionEnds.back()) {
            if (end > lane.unionEnds.back()) {
                lane.unionPrefix.back() += end - lane.unionEnds.back();
                lane.unionEnds.back() = end;
            }
            continue;
        }
        lane.unionBegins.push_back(begin);
        lane.unionEnds.push_back(end);
        lane.unionPrefix.push_back(lane.unionPrefix.back() + (end - begin));
    }
    lane.unionEvents = lane.events.size();
}

TimePs TraceIndex::unionBusy(const Lane &lane, TimeRange range) const {
    // Intervals [i, j) overlap the range: the first that ends after its begin, up to the first
    // that begins at or after its end. Whole lengths, less what the edge ones stick out.
    const auto i = static_cast<std::size_t>(
        std::upper_bound(lane.unionEnds.begin(), lane.unionEnds.end(), range.begin) - lane.unionEnds.begin());
    const auto j = static_cast<std::size_t>(
        std::lower_bound(lane.unionBegins.begin(), lane.unionBegins.end(), range.end) - lane.unionBegins.begin());
    if (i >= j)
        return 0;
    return lane.unionPrefix[j] - lane.unionPrefix[i] - std::max<TimePs>(0, range.begin - lane.unionBegins[i]) -
           std::max<TimePs>(0, lane.unionEnds[j - 1] - range.end);
}

TimePs TraceIndex::busyTime(UnitId unit, TimeRange range) const {
    const Lane *l = lane(unit);
    if (!l || range.isEmpty())
        return 0;
    if (l->overlapping)
        return unionBusy(*l, range);
    const auto [a, b] = begunIn(*l, range);
    return oneAtATimeBusy(*l, range, a, b);
}

TimePs TraceIndex::oneAtATimeBusy(const Lane &lane, TimeRange range, std::size_t a, std::size_t b) const {
    // Events follow one another: those begun inside the range count whole, except what the last
    // of them runs past the range's end, plus what the one begun before the range runs into it.
    TimePs busy = lane.busyPrefix[b] - lane.busyPrefix[a];
    if (b > a)
        busy -= std::max<TimePs>(0, snapshot_.eventEnd(lane.events[b - 1]) - range.end);
    if (a > 0)
        busy += std::max<TimePs>(0, std::min(snapshot_.eventEnd(lane.events[a - 1]), range.end) - range.begin);
    return busy;
}

RangeStats TraceIndex::stats(UnitId unit, TimeRange range) const {
    const Lane *l = lane(unit);
    if (!l || range.isEmpty())
        return {};
    return l->kind >= 0 && !l->overlapping ? oneAtATimeStats(*l, range) : sweepStats(*l, range);
}

std::pair<std::uint64_t, std::uint64_t> TraceIndex::sums(const Lane &lane, std::size_t a, std::size_t b) const {
    std::uint64_t bytes = 0, flops = 0;
    while (a < b) {
        if (a % kSumBlock == 0 && a + kSumBlock <= b) {
            bytes += lane.bytesBlocks[a / kSumBlock];
            flops += lane.flopsBlocks[a / kSumBlock];
            a += kSumBlock;
        } else {
            bytes += snapshot_.eventBytes(lane.events[a]);
            flops += snapshot_.eventFlops(lane.events[a]);
            ++a;
        }
    }
    return {bytes, flops};
}

RangeStats TraceIndex::oneAtATimeStats(const Lane &lane, TimeRange range) const {
    // Each event ends before the next begins, so every event begun inside the range lies whole
    // in it except perhaps the last, and of the earlier events only the one just before the
    // range can reach into it.
    RangeStats stats;
    const auto [a, b] = begunIn(lane, range);
    const auto addClipped = [&](std::uint32_t e) {
        const TimePs begin = snapshot_.eventBegin(e), end = snapshot_.eventEnd(e);
        const TimePs inside = std::min(end, range.end) - std::max(begin, range.begin);
        const double fraction = end > begin ? static_cast<double>(inside) / static_cast<double>(end - begin) : 1.0;
        stats.bytes += fraction * static_cast<double>(snapshot_.eventBytes(e));
        stats.flops += fraction * static_cast<double>(snapshot_.eventFlops(e));
        ++stats.events;
    };
    if (a > 0 && snapshot_.eventEnd(lane.events[a - 1]) > range.begin)
        addClipped(lane.events[a - 1]);
    if (b > a) {
        const auto [bytes, flops] = sums(lane, a, b - 1);
        stats.bytes += static_cast<double>(bytes);
        stats.flops += static_cast<double>(flops);
        stats.events += static_cast<std::int64_t>(b - 1 - a);
        addClipped(lane.events[b - 1]);
    }
    stats.busyPs = oneAtATimeBusy(lane, range, a, b);
    stats.busyByKind[static_cast<std::size_t>(lane.kind)] = stats.busyPs;
    return stats;
}

RangeStats TraceIndex::sweepStats(const Lane &lane, TimeRange range) const {
    RangeStats stats;
    const auto [first, last] = laneRange(lane.unit, range);
    TimePs coveredUntil = range.begin;  // events are begin-sorted, so the union is one sweep
    for (std::size_t k = first; k < last; ++k) {
        const std::uint32_t e = lane.events[k];
        const TimePs begin = snapshot_.eventBegin(e), end = snapshot_.eventEnd(e);
        const TimePs clippedBegin = std::max(begin, range.begin), clippedEnd = std::min(end, range.end);
        // Not overlapping: ends before the range, or ends exactly where it begins (a zero-length
        // event at the range's begin does overlap it).
        if (clippedEnd < clippedBegin || (clippedEnd == clippedBegin && end > begin))
            continue;
        ++stats.events;
        const TimePs inside = clippedEnd - clippedBegin;
        const double fraction = end > begin ? static_cast<double>(inside) / static_cast<double>(end - begin) : 1.0;
        stats.bytes += fraction * static_cast<double>(snapshot_.eventBytes(e));
        stats.flops += fraction * static_cast<double>(snapshot_.eventFlops(e));
        const auto kind = static_cast<std::size_t>(snapshot_.eventType(snapshot_.eventTypeId(e)).kind);
        stats.busyByKind[kind] += inside;
        const TimePs unionBegin = std::max(clippedBegin, coveredUntil);
        if (clippedEnd > unionBegin) {
            stats.busyPs += clippedEnd - unionBegin;
            coveredUntil = clippedEnd;
        }
    }
    return stats;
}

std::array<TimePs, kOpKindCount> TraceIndex::busyByKind(TimeRange range) const {
    std::array<TimePs, kOpKindCount> busy{};
    for (const Lane &l : lanes_) {
        if (l.events.empty())
            continue;
        if (l.kind >= 0 && !l.overlapping) {
            busy[static_cast<std::size_t>(l.kind)] += busyTime(l.unit, range);
            continue;
        }
        const RangeStats s = stats(l.unit, range);
        for (std::size_t k = 0; k < busy.size(); ++k)
            busy[k] += s.busyByKind[k];
    }
    return busy;
}

RangeStats TraceIndex::statsAll(TimeRange range) const {
    RangeStats total;
    for (const Lane &l : lanes_) {
        if (l.events.empty())
            continue;
        const RangeStats s = stats(l.unit, range);
        total.busyPs += s.busyPs;
        total.bytes += s.bytes;
        total.flops += s.flops;
        total.events += s.events;
        for (std::size_t k = 0; k < total.busyByKind.size(); ++k)
            total.busyByKind[k] += s.busyByKind[k];
    }
    return total;
}

std::optional<SeriesId> TraceIndex::findSeries(const QString &name) const {
    const auto it = seriesByName_.find(name);
    if (it == seriesByName_.end())
        return std::nullopt;
    return it.value();
}

const TraceIndex::Series *TraceIndex::series(SeriesId id) const {
    if (id >= series_.size() || series_[id].time.empty())
        return nullptr;
    return &series_[id];
}

double TraceIndex::counterAt(SeriesId id, TimePs t, double fallback) const {
    const Series *s = series(id);
    if (!s)
        return fallback;
    const auto it = std::upper_bound(s->time.begin(), s->time.end(), t);
    if (it == s->time.begin())
        return fallback;
    return s->value[static_cast<std::size_t>(it - s->time.begin()) - 1];
}

QStringList TraceIndex::frameNames(FrameKind kind) const {
    QStringList names;
    const auto &frames = snapshot_.frames();
    for (const QString &name : frameNames_) {
        const auto &list = framesByName_.value(name);
        if (!list.empty() && frames[list.front()]->kind == kind)
            names.append(name);
    }
    return names;
}

const std::vector<std::uint32_t> &TraceIndex::framesNamed(const QString &name) const {
    const auto it = framesByName_.find(name);
    return it == framesByName_.end() ? kNoIndices : it.value();
}

std::shared_ptr<const StoredFrame> TraceIndex::frameAt(const QString &name, TimePs t) const {
    const auto &list = framesNamed(name);
    const auto &frames = snapshot_.frames();
    const auto it = std::upper_bound(list.begin(), list.end(), t,
                                     [&frames](TimePs time, std::uint32_t f) { return time < frames[f]->time; });
    if (it == list.begin())
        return nullptr;
    return frames[*(it - 1)];
}

std::shared_ptr<const StoredFrame> TraceIndex::previousFrame(const QString &name, TimePs t) const {
    const auto &list = framesNamed(name);
    const auto &frames = snapshot_.frames();
    const auto it = std::upper_bound(list.begin(), list.end(), t,
                                     [&frames](TimePs time, std::uint32_t f) { return time < frames[f]->time; });
    if (it - list.begin() < 2)
        return nullptr;
    return frames[*(it - 2)];
}

const std::vector<std::uint32_t> &TraceIndex::markersOf(int level) const {
    if (level < 0 || static_cast<std::size_t>(level) >= markersByLevel_.size())
        return kNoIndices;
    return markersByLevel_[static_cast<std::size_t>(level)];
}

const Marker *TraceIndex::markerAt(int level, TimePs t) const {
    const auto &list = markersOf(level);
    const auto &markers = snapshot_.markers();
    const auto it = std::upper_bound(list.begin(), list.end(), t,
                                     [&markers](TimePs time, std::uint32_t m) { return time < markers[m].time; });
    if (it == list.begin())
        return nullptr;
    return &markers[*(it - 1)];
}

std::int64_t TraceIndex::completedAt(int level, TimePs t) const {
    const auto &list = markersOf(level);
    const auto &markers = snapshot_.markers();
    const auto it = std::upper_bound(list.begin(), list.end(), t,
                                     [&markers](TimePs time, std::uint32_t m) { return time < markers[m].time; });
    return it - list.begin();
}

}  // namespace accelscope
