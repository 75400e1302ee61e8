#include "core/sim/countingsink.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace accelscope {

EventTypeId CountingSink::eventType(UnitId unit, OpKind kind, const QString &label) {
    const detail::EventTypeKey key{unit, kind, label};
    const auto found = types_.constFind(key);
    if (found != types_.constEnd())
        return found.value();
    const auto id = static_cast<EventTypeId>(types_.size());
    types_.insert(key, id);
    return id;
}

void CountingSink::appendEvent(EventTypeId type, TimePs, TimePs end, std::uint64_t, std::uint64_t) {
    if (type >= static_cast<EventTypeId>(types_.size()))
        throw std::out_of_range("event type " + std::to_string(type) + " was never declared with eventType()");
    ++events_;
    endTime_ = std::max(endTime_, end);
}

SeriesId CountingSink::counterSeries(const QString &name, const QString &) {
    const auto found = series_.constFind(name);
    if (found != series_.constEnd())
        return found.value();
    const auto id = static_cast<SeriesId>(series_.size());
    series_.insert(name, id);
    return id;
}

void CountingSink::counter(SeriesId series, TimePs time, double) {
    if (series >= static_cast<SeriesId>(series_.size()))
        throw std::out_of_range("counter series " + std::to_string(series) +
                                " was never declared with counterSeries()");
    ++counters_;
    endTime_ = std::max(endTime_, time);
}

void CountingSink::frame(Frame frame) {
    ++frames_;
    endTime_ = std::max(endTime_, frame.time);
}

void CountingSink::marker(const Marker &marker) {
    ++markers_;
    endTime_ = std::max(endTime_, marker.time);
}

}  // namespace accelscope
