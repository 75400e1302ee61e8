#pragma once
// Answers what views ask of a trace quickly: which events a unit ran in a time range, the event
// a unit executes at time t, a counter's value at t, the latest frame of a name at t, the marker
// of each step level at t, and totals over a range. Built from a TraceSnapshot and extended as a
// live run grows, so a run of ten million events is indexed once, not once per repaint.
//
// Not thread-safe: one thread extends and reads an index (build a large one in a worker, then hand
// it to the UI thread). Everything returned refers into snapshot(), which the index keeps alive.

#include <array>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <unordered_map>
#include <vector>

#include <QHash>
#include <QString>
#include <QStringList>

#include "core/sim/trace.h"

namespace accelscope {

struct TimeRange {
    TimePs begin = 0;
    TimePs end = 0;
    TimePs length() const { return end - begin; }
    bool isEmpty() const { return end <= begin; }
    bool contains(TimePs t) const { return t >= begin && t < end; }
    bool operator==(const TimeRange &other) const = default;
};

// Totals over a time range for one unit (or all units). Bytes and FLOPs of an event that straddles
// the range edge are counted in proportion to the part inside.
struct RangeStats {
    TimePs busyPs = 0;  // union of event intervals inside the range, per unit, summed over units
    double bytes = 0;
    double flops = 0;
    std::int64_t events = 0;                       // events overlapping the range
    std::array<TimePs, kOpKindCount> busyByKind{};  // clipped event time by op kind (may overlap)
    double utilization(TimeRange range, int units = 1) const {
        const auto span = static_cast<double>(range.length()) * units;
        return span > 0 ? static_cast<double>(busyPs) / span : 0.0;
    }
};

class TraceIndex {
public:
    // One unit's events, sorted by begin time (ties by record order).
    struct Lane {
        UnitId unit = kNoUnit;
        std::vector<std::uint32_t> events;  // indices into the snapshot's event columns
        std::vector<TimePs> busyPrefix;     // busyPrefix[i] = total duration of events[0..i)
        TimePs maxDurationPs = 0;           // bounds the search for events straddling a time
        TimePs maxEndPs = 0;                // the latest end of any event
        bool overlapping = false;           // some event begins before an earlier one ends
        int kind = -1;                      // the op kind of every event, or -1 when they differ
        // Bytes and FLOPs summed per block of kSumBlock consecutive events (in lane order), so
        // a range's totals cost O(n / kSumBlock) rather than a read of every event.
        std::vector<std::uint64_t> bytesBlocks, flopsBlocks;
        // The begin time of every kSumBlock-th event (events[k * kSumBlock]): a search by time
        // looks here first, in memory that is contiguous and small, and reads at most
        // log2(kSumBlock) events of the trace's columns.
        std::vector<TimePs> blockBegins;
        // Only for a lane whose events overlap: the union of its events as disjoint intervals in
        // time order, with prefix sums of their lengths (unionPrefix[i] = length of intervals
        // [0, i)), so its busy time costs O(log n) as well. unionEvents counts the events folded in.
        std::vector<TimePs> unionBegins, unionEnds, unionPrefix;
        std::size_t unionEvents = 0;
    };
    static constexpr std::size_t kSumBlock = 64;

    // A counter series' samples, sorted by time.
    struct Series {
        SeriesId id = 0;
        QString name;
        QString unit;
        std::vector<TimePs> time;
        std::vector<double> value;
        double minimum = std::numeric_limits<double>::infinity();
        double maximum = -std::numeric_limits<double>::infinity();
    };

    TraceIndex() = default;
    explicit TraceIndex(const TraceSnapshot &snapshot) { extend(snapshot); }

    // Indexes what `snapshot` holds beyond what is already indexed. `snapshot` must come from the
    // same Trace as the snapshots indexed before, taken no earlier (a trace only grows).
    void extend(const TraceSnapshot &snapshot);

    const TraceSnapshot &snapshot() const { return snapshot_; }
    TimePs endTime() const { return snapshot_.endTime(); }
    std::size_t eventCount() const { return snapshot_.eventCount(); }

    // Events.
    std::vector<UnitId> unitsWithEvents() const;  // ascending
    const Lane *lane(UnitId unit) const;          // null when the unit has no events
    // The first position p >= from in lane.events whose event begins at or after t (the lane's
    // size when there is none). O(log d) in the distance d from `from` to the answer, so a scan
    // left to right over a lane (a pixel column at a time) costs in proportion to the columns,
    // and it reads the trace's columns at most log2(kSumBlock) times per call.
    std::size_t firstBegunAtOrAfter(const Lane &lane, TimePs t, std::size_t from = 0) const;
    // Positions [first, last) in lane(unit)->events of the events that overlap [range.begin,
    // range.end); events that began earlier but end inside are included.
    std::pair<std::size_t, std::size_t> laneRange(UnitId unit, TimeRange range) const;
    // The event `unit` executes at `t` (the latest-begun one when several overlap).
    std::optional<std::size_t> eventAt(UnitId unit, TimePs t) const;
    // Sum of the durations of the unit's events that begin inside the range. O(log n); what the
    // timeline uses per pixel column when zoomed out (an event wider than a column is rare then).
    TimePs durationBegunIn(UnitId unit, TimeRange range) const;
    // The time inside the range when the unit is busy (the union of its events there), in
    // O(log n): from the duration prefix sums when the unit's events do not overlap (a unit of a
    // timing model runs one op at a time), else from the lane's union intervals. Equals
    // stats(unit, range).busyPs.
    TimePs busyTime(UnitId unit, TimeRange range) const;
    double utilization(UnitId unit, TimeRange range) const {
        return range.isEmpty() ? 0.0 : static_cast<double>(busyTime(unit, range)) / static_cast<double>(range.length());
    }
    // O(log n + n / kSumBlock) for a unit whose events have one kind and do not overlap, else a
    // sweep over the events in the range.
    RangeStats stats(UnitId unit, TimeRange range) const;
    RangeStats statsAll(TimeRange range) const;  // every unit's stats, summed
    // statsAll(range).busyByKind, in O(log n) per unit whose events have one kind and do not
    // overlap (a sweep over the range's events for the others).
    std::array<TimePs, kOpKindCount> busyByKind(TimeRange range) const;

    // Counters.
    std::optional<SeriesId> findSeries(const QString &name) const;
    const Series *series(SeriesId id) const;  // null when the series has no samples yet
    // The last sample at or before `t`; `fallback` before the first sample.
    double counterAt(SeriesId id, TimePs t, double fallback = 0) const;

    // Frames. Names in the order they first appeared.
    QStringList frameNames() const { return frameNames_; }
    QStringList frameNames(FrameKind kind) const;
    // Indices into snapshot().frames() of the frames named `name`, sorted by time.
    const std::vector<std::uint32_t> &framesNamed(const QString &name) const;
    // The latest frame named `name` with time <= t; null when there is none yet.
    std::shared_ptr<const StoredFrame> frameAt(const QString &name, TimePs t) const;
    // The frame before frameAt(name, t) in that name's sequence (for diffs), or null.
    std::shared_ptr<const StoredFrame> previousFrame(const QString &name, TimePs t) const;

    // Markers of step level `level` (indices into snapshot().markers(), sorted by time).
    const std::vector<std::uint32_t> &markersOf(int level) const;
    // The latest marker of `level` at or before t; null when none has been reached.
    const Marker *markerAt(int level, TimePs t) const;
    // How many units of `level` have ended at or before t.
    std::int64_t completedAt(int level, TimePs t) const;
    int levelCount() const { return static_cast<int>(markersByLevel_.size()); }

private:
    // Positions [a, b) in the lane of the events that begin inside the range.
    std::pair<std::size_t, std::size_t> begunIn(const Lane &lane, TimeRange range) const;
    TimePs oneAtATimeBusy(const Lane &lane, TimeRange range, std::size_t a, std::size_t b) const;
    TimePs unionBusy(const Lane &lane, TimeRange range) const;
    void extendUnion(Lane &lane, std::size_t firstChanged);
    RangeStats sweepStats(const Lane &lane, TimeRange range) const;
    RangeStats oneAtATimeStats(const Lane &lane, TimeRange range) const;
    // Bytes and FLOPs of the lane's events [a, b), in lane order.
    std::pair<std::uint64_t, std::uint64_t> sums(const Lane &lane, std::size_t a, std::size_t b) const;

    void indexEvents(std::size_t from);
    void indexCounters(std::size_t from);
    void indexFrames(std::size_t from);
    void indexMarkers(std::size_t from);

    TraceSnapshot snapshot_;
    std::size_t events_ = 0, counters_ = 0, frames_ = 0, markers_ = 0;  // indexed so far
    std::vector<Lane> lanes_;                // by unit id (units with no events have empty lanes)
    std::vector<Series> series_;             // by series id
    QHash<QString, SeriesId> seriesByName_;
    QStringList frameNames_;
    QHash<QString, std::vector<std::uint32_t>> framesByName_;
    std::vector<std::vector<std::uint32_t>> markersByLevel_;
};

}  // namespace accelscope
