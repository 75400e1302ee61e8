#pragma once
// The in-memory Trace: columnar (struct of arrays), append-only, chunked so that appending never
// moves what was already written. One writer (the engine thread) appends; any number of readers
// take a TraceSnapshot, which shares the chunks and sees a consistent prefix of everything.
//
// An event costs 40 bytes: begin, end, bytes, flops (8 each), its event type and its step index
// (4 each). The event type interns (unit, op kind, label), which repeat across millions of events.

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <vector>

#include <QHash>
#include <QString>

#include "core/api/trace.h"

namespace accelscope {

using EventTypeId = std::uint32_t;
using SeriesId = std::uint32_t;

struct EventType {
    UnitId unit = kNoUnit;
    OpKind kind = OpKind::Other;
    QString label;
};

struct CounterSeries {
    QString name;
    QString unit;
};

// A frame as stored: data compressed once when recorded.
struct StoredFrame {
    std::int64_t step = 0;
    TimePs time = 0;
    FrameKind kind = FrameKind::Heat;
    QString name;
    std::vector<std::int64_t> shape;
    DType dtype = DType::F32;
    QByteArray compressed;  // qCompress of the raw data
    Frame decompressed() const;
};

namespace detail {
struct EventTypeKey {
    UnitId unit;
    OpKind kind;
    QString label;
    bool operator==(const EventTypeKey &other) const = default;
};
inline std::size_t qHash(const EventTypeKey &key, std::size_t seed = 0) {
    return qHashMulti(seed, key.unit, static_cast<int>(key.kind), key.label);
}

inline constexpr std::size_t kChunkBits = 16;
inline constexpr std::size_t kChunkSize = std::size_t{1} << kChunkBits;  // 65,536 rows

struct EventChunk {
    std::array<TimePs, kChunkSize> begin;
    std::array<TimePs, kChunkSize> end;
    std::array<std::uint64_t, kChunkSize> bytes;
    std::array<std::uint64_t, kChunkSize> flops;
    std::array<EventTypeId, kChunkSize> type;
    std::array<std::uint32_t, kChunkSize> step;
};

struct CounterChunk {
    std::array<TimePs, kChunkSize> time;
    std::array<double, kChunkSize> value;
    std::array<SeriesId, kChunkSize> series;
};

// The first `count` elements of a buffer that a snapshot keeps alive.
template <typename T>
struct SharedPrefix {
    std::shared_ptr<const std::vector<T>> buffer;
    std::size_t count = 0;
    std::span<const T> span() const { return buffer ? std::span<const T>(buffer->data(), count) : std::span<const T>(); }
};

// An append-only array that published snapshots share without copying (markers, frames: one per
// step, so millions in a long run). Elements never move while a snapshot may read them: when the
// buffer is full the writer moves to a new one of twice the capacity, copying once, so appending
// costs amortized O(1) and publishing O(1); older snapshots keep the old buffer.
template <typename T>
class SharedAppendArray {
public:
    void push_back(T value) {
        if (!buffer_ || buffer_->size() == buffer_->capacity()) {
            auto bigger = std::make_shared<std::vector<T>>();
            bigger->reserve(buffer_ ? 2 * buffer_->capacity() : 64);
            if (buffer_)
                bigger->insert(bigger->end(), buffer_->begin(), buffer_->end());
            buffer_ = std::move(bigger);
        }
        buffer_->push_back(std::move(value));  // within capacity: earlier elements stay put
    }
    std::size_t size() const { return buffer_ ? buffer_->size() : 0; }
    SharedPrefix<T> share() const { return {buffer_, size()}; }

private:
    std::shared_ptr<std::vector<T>> buffer_;
};
}  // namespace detail

// A consistent, immutable view of a Trace prefix. Cheap to copy; safe to read on any thread.
class TraceSnapshot {
public:
    std::size_t eventCount() const { return eventCount_; }
    TimePs eventBegin(std::size_t i) const { return eventChunk(i).begin[i & mask()]; }
    TimePs eventEnd(std::size_t i) const { return eventChunk(i).end[i & mask()]; }
    std::uint64_t eventBytes(std::size_t i) const { return eventChunk(i).bytes[i & mask()]; }
    std::uint64_t eventFlops(std::size_t i) const { return eventChunk(i).flops[i & mask()]; }
    EventTypeId eventTypeId(std::size_t i) const { return eventChunk(i).type[i & mask()]; }
    std::uint32_t eventStep(std::size_t i) const { return eventChunk(i).step[i & mask()]; }
    UnitEvent event(std::size_t i) const;

    const std::vector<EventType> &eventTypes() const { return *types_; }
    const EventType &eventType(EventTypeId id) const { return (*types_)[id]; }

    std::size_t counterCount() const { return counterCount_; }
    SeriesId counterSeriesOf(std::size_t i) const { return counterChunk(i).series[i & mask()]; }
    TimePs counterTime(std::size_t i) const { return counterChunk(i).time[i & mask()]; }
    double counterValue(std::size_t i) const { return counterChunk(i).value[i & mask()]; }
    const std::vector<CounterSeries> &series() const { return *series_; }

    std::span<const std::shared_ptr<const StoredFrame>> frames() const { return frames_.span(); }
    std::span<const Marker> markers() const { return markers_.span(); }

    // The latest simulated time any record reaches.
    TimePs endTime() const { return endTime_; }
    // Approximate heap bytes held by the event and counter columns (for the budget).
    std::size_t columnBytes() const;

private:
    friend class Trace;
    static constexpr std::size_t mask() { return detail::kChunkSize - 1; }
    const detail::EventChunk &eventChunk(std::size_t i) const {
        return *eventChunks_[i >> detail::kChunkBits];
    }
    const detail::CounterChunk &counterChunk(std::size_t i) const {
        return *counterChunks_[i >> detail::kChunkBits];
    }

    std::vector<std::shared_ptr<const detail::EventChunk>> eventChunks_;
    std::vector<std::shared_ptr<const detail::CounterChunk>> counterChunks_;
    std::size_t eventCount_ = 0;
    std::size_t counterCount_ = 0;
    // An empty snapshot (default-constructed, or of a trace nothing was published to) has empty
    // tables, never null ones.
    template <typename T>
    static std::shared_ptr<const std::vector<T>> none() {
        static const auto empty = std::make_shared<const std::vector<T>>();
        return empty;
    }
    std::shared_ptr<const std::vector<EventType>> types_ = none<EventType>();
    std::shared_ptr<const std::vector<CounterSeries>> series_ = none<CounterSeries>();
    detail::SharedPrefix<std::shared_ptr<const StoredFrame>> frames_;
    detail::SharedPrefix<Marker> markers_;
    TimePs endTime_ = 0;
};

class Trace final : public TraceSink {
public:
    Trace();
    ~Trace() override;
    Trace(const Trace &) = delete;
    Trace &operator=(const Trace &) = delete;

    // TraceSink
    EventTypeId eventType(UnitId unit, OpKind kind, const QString &label) override;
    void appendEvent(EventTypeId type, TimePs begin, TimePs end, std::uint64_t bytes = 0,
                     std::uint64_t flops = 0) override;
    SeriesId counterSeries(const QString &name, const QString &unit) override;
    void counter(SeriesId series, TimePs time, double value) override;
    void frame(Frame frame) override;
    void marker(const Marker &marker) override;
    void setStepIndex(std::int64_t step) override { step_ = static_cast<std::uint32_t>(step); }

    // Appends a frame that is already compressed (loading from the store).
    void appendStoredFrame(std::shared_ptr<const StoredFrame> frame);

    // Makes everything appended so far visible to snapshot(). The writer calls it at step
    // boundaries; appends in between stay private to the writer.
    void publish();
    TraceSnapshot snapshot() const;

    std::size_t eventCount() const { return eventCount_; }  // writer side, unpublished included
    std::size_t counterCount() const { return counterCount_; }

private:
    detail::EventChunk &writableEventChunk();
    detail::CounterChunk &writableCounterChunk();

    // Writer-side state.
    std::vector<std::shared_ptr<detail::EventChunk>> eventChunks_;
    std::vector<std::shared_ptr<detail::CounterChunk>> counterChunks_;
    std::size_t eventCount_ = 0;
    std::size_t counterCount_ = 0;
    std::uint32_t step_ = 0;
    TimePs endTime_ = 0;
    QHash<detail::EventTypeKey, EventTypeId> typeIndex_;
    QHash<QString, SeriesId> seriesIndex_;
    std::vector<EventType> types_;
    std::vector<CounterSeries> series_;
    detail::SharedAppendArray<std::shared_ptr<const StoredFrame>> frames_;
    detail::SharedAppendArray<Marker> markers_;

    // Published state, guarded by mutex_.
    mutable std::mutex mutex_;
    TraceSnapshot published_;
};

}  // namespace accelscope
