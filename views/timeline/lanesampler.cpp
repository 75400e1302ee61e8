#include "views/timeline/lanesampler.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace accelscope {

void LaneSampler::sample(const TraceIndex &index, UnitId unit, double t0, double psPerColumn, int columns,
                         std::uint32_t kindMask, Columns &out) {
    const auto width = static_cast<std::size_t>(std::max(columns, 0));
    out.busy.assign(width, 0.0f);
    out.kind.assign(width, -1);
    out.count.assign(width, 0);
    const TraceIndex::Lane *lane = index.lane(unit);
    if (!lane || width == 0 || !(psPerColumn > 0))
        return;
    const TraceSnapshot &snapshot = index.snapshot();
    const auto &events = lane->events;
    const auto kindOf = [&snapshot](std::uint32_t e) {
        return static_cast<int>(snapshot.eventType(snapshot.eventTypeId(e)).kind);
    };
    const auto visible = [kindMask](int kind) { return ((kindMask >> kind) & 1u) != 0; };
    const auto boundary = [t0, psPerColumn](std::size_t i) {
        return static_cast<TimePs>(std::floor(t0 + static_cast<double>(i) * psPerColumn));
    };

    std::size_t position = index.firstBegunAtOrAfter(*lane, boundary(0));
    // What the event begun just before the window still has to run spills into the first columns.
    double carry = 0;
    int carryKind = -1;
    if (position > 0) {
        const std::uint32_t e = events[position - 1];
        const int kind = kindOf(e);
        if (visible(kind)) {
            carry = static_cast<double>(std::max<TimePs>(0, snapshot.eventEnd(e) - boundary(0)));
            carryKind = kind;
        }
    }

    for (std::size_t i = 0; i < width; ++i) {
        const TimePs columnBegin = boundary(i), columnEnd = boundary(i + 1);
        const std::size_t next = index.firstBegunAtOrAfter(*lane, columnEnd, position);
        const std::size_t count = next - position;
        double begun = 0;
        int dominant = -1;
        if (count > 0 && lane->kind >= 0) {
            // Every event of the lane has one kind: the column's time and colour are exact.
            if (visible(lane->kind)) {
                begun = static_cast<double>(lane->busyPrefix[next] - lane->busyPrefix[position]);
                dominant = lane->kind;
                out.count[i] = static_cast<std::int32_t>(std::min<std::size_t>(count, INT32_MAX));
            }
        } else if (count > 0) {
            begun = static_cast<double>(lane->busyPrefix[next] - lane->busyPrefix[position]);
            // A few evenly spaced events decide the colour and how much of the time is visible.
            std::array<double, kOpKindCount> byKind{};
            double sampled = 0, sampledVisible = 0;
            int visibleCount = 0;
            const std::size_t samples = std::min<std::size_t>(count, kSamplesPerColumn);
            for (std::size_t s = 0; s < samples; ++s) {
                const std::uint32_t e = events[position + s * count / samples];
                const int kind = kindOf(e);
                const auto duration = static_cast<double>(snapshot.eventEnd(e) - snapshot.eventBegin(e));
                sampled += duration;
                if (visible(kind)) {
                    sampledVisible += duration;
                    byKind[static_cast<std::size_t>(kind)] += duration + 1e-9;  // instants count too
                    ++visibleCount;
                }
            }
            if (visibleCount > 0) {
                dominant = static_cast<int>(std::max_element(byKind.begin(), byKind.end()) - byKind.begin());
                out.count[i] = static_cast<std::int32_t>(std::min<std::size_t>(count, INT32_MAX));
            }
            begun *= sampled > 0 ? sampledVisible / sampled : (visibleCount > 0 ? 1.0 : 0.0);
        }
        const double span = std::max<double>(1.0, static_cast<double>(columnEnd - columnBegin));
        const double available = carry + begun;
        const double used = std::min(span, available);
        out.busy[i] = static_cast<float>(used / span);
        if (dominant >= 0) {
            out.kind[i] = static_cast<std::int8_t>(dominant);
            carryKind = dominant;
        } else if (used > 0) {
            out.kind[i] = static_cast<std::int8_t>(carryKind);
        }
        carry = available - used;
        position = next;
    }
}

void LaneSampler::merge(const Columns &lane, Columns &summary) {
    if (summary.busy.size() != lane.busy.size()) {
        summary = lane;
        return;
    }
    for (std::size_t i = 0; i < lane.busy.size(); ++i) {
        summary.count[i] += lane.count[i];
        if (lane.kind[i] >= 0 && (summary.kind[i] < 0 || lane.busy[i] > summary.busy[i])) {
            summary.busy[i] = std::max(summary.busy[i], lane.busy[i]);
            summary.kind[i] = lane.kind[i];
        }
    }
}

}  // namespace accelscope
