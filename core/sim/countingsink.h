#pragma once
// A TraceSink that keeps nothing: it counts what a model records and remembers the latest
// simulated time. For runs whose results are wanted without their trace (metrics-only sweep
// points), so a run costs neither the trace's memory nor the time to build it.
//
// It hands out the same event type and series ids a Trace would and rejects ids it never handed
// out, so a model behaves identically whichever sink it writes to.

#include <cstddef>

#include <QHash>

#include "core/sim/trace.h"

namespace accelscope {

class CountingSink final : public TraceSink {
public:
    EventTypeId eventType(UnitId unit, OpKind kind, const QString &label) override;
    void appendEvent(EventTypeId type, TimePs begin, TimePs end, std::uint64_t bytes = 0,
                     std::uint64_t flops = 0) override;
    SeriesId counterSeries(const QString &name, const QString &unit) override;
    void counter(SeriesId series, TimePs time, double value) override;
    void frame(Frame frame) override;
    void marker(const Marker &marker) override;
    void setStepIndex(std::int64_t) override {}

    std::size_t eventCount() const { return events_; }
    std::size_t counterCount() const { return counters_; }
    std::size_t frameCount() const { return frames_; }
    std::size_t markerCount() const { return markers_; }
    // The latest simulated time any record reaches, as TraceSnapshot::endTime().
    TimePs endTime() const { return endTime_; }

private:
    QHash<detail::EventTypeKey, EventTypeId> types_;
    QHash<QString, SeriesId> series_;
    std::size_t events_ = 0;
    std::size_t counters_ = 0;
    std::size_t frames_ = 0;
    std::size_t markers_ = 0;
    TimePs endTime_ = 0;
};

}  // namespace accelscope
