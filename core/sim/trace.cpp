#include "core/sim/trace.h"
#include "core/sim/inflate.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <string>

#include <QtEndian>

namespace accelscope {

namespace {

template <typename T>
std::shared_ptr<const std::vector<T>> shareIfChanged(const std::shared_ptr<const std::vector<T>> &old,
                                                     const std::vector<T> &current) {
    if (old && old->size() == current.size())
        return old;  // append-only: same size means same contents
    return std::make_shared<const std::vector<T>>(current);
}

}  // namespace

QByteArray inflateBounded(QByteArrayView compressed, qsizetype expectedBytes) {
    if (compressed.size() < 4)
        return {};
    const auto claimed = static_cast<qsizetype>(qFromBigEndian<quint32>(compressed.data()));
    constexpr qsizetype kMaxDeflateRatio = 1032;
    if ((expectedBytes >= 0 && claimed != expectedBytes) || claimed > (compressed.size() - 4) * kMaxDeflateRatio)
        return {};
    const QByteArray inflated =
        qUncompress(reinterpret_cast<const uchar *>(compressed.data()), compressed.size());
    return inflated.size() == claimed ? inflated : QByteArray();
}

Frame StoredFrame::decompressed() const {
    Frame frame;
    frame.step = step;
    frame.time = time;
    frame.kind = kind;
    frame.name = name;
    frame.shape = shape;
    frame.dtype = dtype;
    frame.data = inflateBounded(compressed);
    return frame;
}

UnitEvent TraceSnapshot::event(std::size_t i) const {
    const EventType &type = eventType(eventTypeId(i));
    return UnitEvent{type.unit,  eventBegin(i), eventEnd(i),  type.kind,
                     type.label, eventBytes(i), eventFlops(i)};
}

std::size_t TraceSnapshot::columnBytes() const {
    return eventChunks_.size() * sizeof(detail::EventChunk) +
           counterChunks_.size() * sizeof(detail::CounterChunk);
}

Trace::Trace() {
    publish();
}

Trace::~Trace() = default;

EventTypeId Trace::eventType(UnitId unit, OpKind kind, const QString &label) {
    const detail::EventTypeKey key{unit, kind, label};
    const auto found = typeIndex_.constFind(key);
    if (found != typeIndex_.constEnd())
        return found.value();
    const auto id = static_cast<EventTypeId>(types_.size());
    types_.push_back(EventType{unit, kind, label});
    typeIndex_.insert(key, id);
    return id;
}

detail::EventChunk &Trace::writableEventChunk() {
    const std::size_t chunk = eventCount_ >> detail::kChunkBits;
    if (chunk == eventChunks_.size()) {
        auto fresh = std::make_shared<detail::EventChunk>();
        std::lock_guard lock(mutex_);  // snapshot() copies the chunk table
        eventChunks_.push_back(std::move(fresh));
    }
    return *eventChunks_[chunk];
}

detail::CounterChunk &Trace::writableCounterChunk() {
    const std::size_t chunk = counterCount_ >> detail::kChunkBits;
    if (chunk == counterChunks_.size()) {
        auto fresh = std::make_shared<detail::CounterChunk>();
        std::lock_guard lock(mutex_);
        counterChunks_.push_back(std::move(fresh));
    }
    return *counterChunks_[chunk];
}

void Trace::appendEvent(EventTypeId type, TimePs begin, TimePs end, std::uint64_t bytes,
                        std::uint64_t flops) {
    // An id eventType() never handed out would make the trace unreadable for views and reloads.
    if (type >= types_.size())
        throw std::out_of_range("event type " + std::to_string(type) +
                                " was never declared with eventType()");
    detail::EventChunk &chunk = writableEventChunk();
    const std::size_t slot = eventCount_ & (detail::kChunkSize - 1);
    chunk.begin[slot] = begin;
    chunk.end[slot] = end;
    chunk.bytes[slot] = bytes;
    chunk.flops[slot] = flops;
    chunk.type[slot] = type;
    chunk.step[slot] = step_;
    ++eventCount_;
    endTime_ = std::max(endTime_, end);
}

SeriesId Trace::counterSeries(const QString &name, const QString &unit) {
    const auto found = seriesIndex_.constFind(name);
    if (found != seriesIndex_.constEnd())
        return found.value();
    const auto id = static_cast<SeriesId>(series_.size());
    series_.push_back(CounterSeries{name, unit});
    seriesIndex_.insert(name, id);
    return id;
}

void Trace::counter(SeriesId series, TimePs time, double value) {
    if (series >= series_.size())
        throw std::out_of_range("counter series " + std::to_string(series) +
                                " was never declared with counterSeries()");
    detail::CounterChunk &chunk = writableCounterChunk();
    const std::size_t slot = counterCount_ & (detail::kChunkSize - 1);
    chunk.time[slot] = time;
    chunk.value[slot] = value;
    chunk.series[slot] = series;
    ++counterCount_;
    endTime_ = std::max(endTime_, time);
}

void Trace::frame(Frame frame) {
    auto stored = std::make_shared<StoredFrame>();
    stored->step = frame.step;
    stored->time = frame.time;
    stored->kind = frame.kind;
    stored->name = std::move(frame.name);
    stored->shape = std::move(frame.shape);
    stored->dtype = frame.dtype;
    stored->compressed = qCompress(frame.data, 1);
    appendStoredFrame(std::move(stored));
}

void Trace::appendStoredFrame(std::shared_ptr<const StoredFrame> frame) {
    endTime_ = std::max(endTime_, frame->time);
    frames_.push_back(std::move(frame));
}

void Trace::marker(const Marker &marker) {
    markers_.push_back(marker);
    endTime_ = std::max(endTime_, marker.time);
}

void Trace::publish() {
    TraceSnapshot next;
    {
        std::lock_guard lock(mutex_);
        next.types_ = shareIfChanged(published_.types_, types_);
        next.series_ = shareIfChanged(published_.series_, series_);
        next.frames_ = frames_.share();
        next.markers_ = markers_.share();
        next.eventChunks_.assign(eventChunks_.begin(), eventChunks_.end());
        next.counterChunks_.assign(counterChunks_.begin(), counterChunks_.end());
        next.eventCount_ = eventCount_;
        next.counterCount_ = counterCount_;
        next.endTime_ = endTime_;
        published_ = std::move(next);
    }
}

TraceSnapshot Trace::snapshot() const {
    std::lock_guard lock(mutex_);
    return published_;
}

}  // namespace accelscope
