// TraceIndex against naive scans of the same snapshot: a seeded random trace with overlapping,
// zero-length and out-of-order events, counters, frames and markers, indexed in several parts as
// a live run would be.
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <map>
#include <random>

#include "core/sim/trace.h"
#include "core/sim/traceindex.h"

using namespace accelscope;

namespace {

constexpr int kUnits = 4;
constexpr TimePs kSpan = 6000;  // a small time domain, so begins and ends often coincide

bool overlaps(TimePs begin, TimePs end, TimeRange range) {
    // Zero-length events count when they sit inside the range (at its begin included).
    return begin < range.end && (end > range.begin || (begin == end && begin >= range.begin));
}

// Events of `unit` in the snapshot, in record order.
std::vector<std::size_t> eventsOf(const TraceSnapshot &s, UnitId unit) {
    std::vector<std::size_t> result;
    for (std::size_t i = 0; i < s.eventCount(); ++i)
        if (s.eventType(s.eventTypeId(i)).unit == unit)
            result.push_back(i);
    return result;
}

RangeStats naiveStats(const TraceSnapshot &s, UnitId unit, TimeRange range) {
    RangeStats stats;
    std::vector<std::pair<TimePs, TimePs>> intervals;
    for (std::size_t e : eventsOf(s, unit)) {
        const TimePs begin = s.eventBegin(e), end = s.eventEnd(e);
        if (!overlaps(begin, end, range))
            continue;
        ++stats.events;
        const TimePs inside = std::min(end, range.end) - std::max(begin, range.begin);
        const double fraction =
            end > begin ? static_cast<double>(inside) / static_cast<double>(end - begin) : 1.0;
        stats.bytes += fraction * static_cast<double>(s.eventBytes(e));
        stats.flops += fraction * static_cast<double>(s.eventFlops(e));
        stats.busyByKind[static_cast<std::size_t>(s.eventType(s.eventTypeId(e)).kind)] += inside;
        intervals.emplace_back(std::max(begin, range.begin), std::min(end, range.end));
    }
    // Union length by marking every picosecond of the range (the domain is small).
    std::vector<char> covered(static_cast<std::size_t>(range.length()), 0);
    for (const auto &[b, e] : intervals)
        for (TimePs t = b; t < e; ++t)
            covered[static_cast<std::size_t>(t - range.begin)] = 1;
    stats.busyPs = std::count(covered.begin(), covered.end(), 1);
    return stats;
}

}  // namespace

class TestTraceIndex : public QObject {
    Q_OBJECT
private:
    std::mt19937_64 rng_{20240611};

    TimePs randomTime(TimePs limit = kSpan) { return std::uniform_int_distribution<TimePs>(0, limit)(rng_); }

    // Appends one part of the trace: events in a shuffled order, counters, frames and markers.
    void appendPart(Trace &trace, const std::vector<EventTypeId> &types, SeriesId seriesA, SeriesId seriesB,
                    int part) {
        for (int i = 0; i < 700; ++i) {
            const EventTypeId type =
                types[std::uniform_int_distribution<std::size_t>(0, types.size() - 1)(rng_)];
            const TimePs begin = randomTime();
            const int shape = std::uniform_int_distribution<int>(0, 9)(rng_);
            const TimePs length = shape == 0 ? 0 : shape == 1 ? randomTime(900) : randomTime(60);
            trace.appendEvent(type, begin, begin + length, static_cast<std::uint64_t>(randomTime(4096)),
                              static_cast<std::uint64_t>(randomTime(100000)));
        }
        for (int i = 0; i < 150; ++i) {
            trace.counter(i % 3 ? seriesA : seriesB, randomTime(),
                          std::uniform_real_distribution<double>(-5, 50)(rng_));
        }
        for (int i = 0; i < 12; ++i) {
            Frame frame;
            frame.time = randomTime();
            frame.step = part * 100 + i;
            frame.name = i % 2 ? QStringLiteral("layer0/attention") : QStringLiteral("tokens");
            frame.kind = i % 2 ? FrameKind::Heat : FrameKind::Tokens;
            frame.shape = {1};
            frame.dtype = DType::F32;
            frame.data = QByteArray(4, char(i));
            trace.frame(std::move(frame));
        }
        for (int i = 0; i < 20; ++i)
            trace.marker(
                Marker{randomTime(), i % 3, part * 100 + i, QStringLiteral("m%1-%2").arg(part).arg(i)});
        trace.publish();
    }

    void checkAgainstNaive(const TraceIndex &index) {
        const TraceSnapshot &s = index.snapshot();
        // Lanes: the units with events, each sorted by begin (ties by record order).
        std::vector<UnitId> expectedUnits;
        for (UnitId u = 0; u < kUnits; ++u)
            if (!eventsOf(s, u).empty())
                expectedUnits.push_back(u);
        QCOMPARE(index.unitsWithEvents(), expectedUnits);

        for (UnitId unit = 0; unit < kUnits; ++unit) {
            const auto events = eventsOf(s, unit);
            const TraceIndex::Lane *lane = index.lane(unit);
            QVERIFY(lane);
            QCOMPARE(lane->events.size(), events.size());
            for (std::size_t k = 1; k < lane->events.size(); ++k) {
                const auto a = lane->events[k - 1], b = lane->events[k];
                QVERIFY(s.eventBegin(a) < s.eventBegin(b) || (s.eventBegin(a) == s.eventBegin(b) && a < b));
            }
            for (std::size_t k = 0; k < lane->events.size(); ++k)
                QCOMPARE(lane->busyPrefix[k + 1] - lane->busyPrefix[k],
                         s.eventEnd(lane->events[k]) - s.eventBegin(lane->events[k]));

            // The search by time against a scan, from any start, at event begins and in between.
            for (int q = 0; q < 200; ++q) {
                const std::size_t n = lane->events.size();
                const std::size_t from = std::uniform_int_distribution<std::size_t>(0, n + 1)(rng_);
                TimePs t = randomTime(kSpan + 100) - 50;
                if (q % 2)
                    t = s.eventBegin(lane->events[std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_)]);
                std::size_t expected = std::min(from, n);
                while (expected < n && s.eventBegin(lane->events[expected]) < t)
                    ++expected;
                QCOMPARE(index.firstBegunAtOrAfter(*lane, t, from), expected);
            }

            for (int q = 0; q < 120; ++q) {
                // Half the ranges start exactly where some event ends or begins.
                TimePs begin = randomTime();
                if (q % 2 && !events.empty()) {
                    const std::size_t e = events[static_cast<std::size_t>(q) % events.size()];
                    begin = q % 4 == 1 ? s.eventEnd(e) : s.eventBegin(e);
                }
                const TimeRange range{begin, begin + 1 + randomTime(q % 3 ? 120 : 2500)};

                // laneRange holds every overlapping event, and nothing that begins at or after the end.
                const auto [first, last] = index.laneRange(unit, range);
                QVERIFY(first <= last && last <= lane->events.size());
                for (std::size_t k = 0; k < lane->events.size(); ++k) {
                    const auto e = lane->events[k];
                    if (overlaps(s.eventBegin(e), s.eventEnd(e), range))
                        QVERIFY2(k >= first && k < last, "an overlapping event is outside laneRange");
                }
                for (std::size_t k = first; k < last; ++k)
                    QVERIFY(s.eventBegin(lane->events[k]) < range.end);
                if (first < last)
                    QVERIFY(
                        overlaps(s.eventBegin(lane->events[first]), s.eventEnd(lane->events[first]), range));

                // durationBegunIn: durations of events that begin inside the range.
                TimePs begun = 0;
                for (std::size_t e : events)
                    if (range.contains(s.eventBegin(e)))
                        begun += s.eventEnd(e) - s.eventBegin(e);
                QCOMPARE(index.durationBegunIn(unit, range), begun);

                // stats: union busy time, prorated bytes and FLOPs, overlapping events.
                const RangeStats expected = naiveStats(s, unit, range);
                const RangeStats actual = index.stats(unit, range);
                QCOMPARE(actual.busyPs, expected.busyPs);
                QCOMPARE(actual.events, expected.events);
                QVERIFY(std::abs(actual.bytes - expected.bytes) < 1e-6 * (1 + expected.bytes));
                QVERIFY(std::abs(actual.flops - expected.flops) < 1e-6 * (1 + expected.flops));
                QVERIFY(actual.busyByKind == expected.busyByKind);
                QCOMPARE(index.busyTime(unit, range), expected.busyPs);

                // eventAt: the latest-begun event running at t (a zero-length one only exactly at t).
                const TimePs t = q % 2 ? range.begin : randomTime();
                std::optional<std::size_t> naive;
                for (std::size_t e : events) {
                    const TimePs b = s.eventBegin(e), en = s.eventEnd(e);
                    if ((b <= t && t < en) || (b == t && en == t))
                        if (!naive || b > s.eventBegin(*naive) || (b == s.eventBegin(*naive) && e > *naive))
                            naive = e;
                }
                QCOMPARE(index.eventAt(unit, t), naive);
            }
        }

        // statsAll is every unit's stats summed.
        for (int q = 0; q < 20; ++q) {
            const TimePs begin = randomTime();
            const TimeRange range{begin, begin + 1 + randomTime(1500)};
            RangeStats sum;
            for (UnitId u = 0; u < kUnits; ++u) {
                const RangeStats one = naiveStats(s, u, range);
                sum.busyPs += one.busyPs;
                sum.bytes += one.bytes;
                sum.events += one.events;
            }
            const RangeStats all = index.statsAll(range);
            QVERIFY(index.busyByKind(range) == all.busyByKind);
            QCOMPARE(all.busyPs, sum.busyPs);
            QCOMPARE(all.events, sum.events);
            QVERIFY(std::abs(all.bytes - sum.bytes) < 1e-6 * (1 + sum.bytes));
        }

        // Counters: the last sample at or before t (ties: the one recorded last).
        for (SeriesId id = 0; id < s.series().size(); ++id) {
            const TraceIndex::Series *series = index.series(id);
            QVERIFY(series);
            double lo = INFINITY, hi = -INFINITY;
            for (std::size_t i = 0; i < s.counterCount(); ++i)
                if (s.counterSeriesOf(i) == id) {
                    lo = std::min(lo, s.counterValue(i));
                    hi = std::max(hi, s.counterValue(i));
                }
            QCOMPARE(series->minimum, lo);
            QCOMPARE(series->maximum, hi);
            QVERIFY(std::is_sorted(series->time.begin(), series->time.end()));
            for (int q = 0; q < 80; ++q) {
                const TimePs t = q % 4 == 0 ? series->time[static_cast<std::size_t>(q) % series->time.size()]
                                            : randomTime() - 50;
                std::optional<std::size_t> latest;
                for (std::size_t i = 0; i < s.counterCount(); ++i)
                    if (s.counterSeriesOf(i) == id && s.counterTime(i) <= t &&
                        (!latest || s.counterTime(i) >= s.counterTime(*latest)))
                        latest = i;
                QCOMPARE(index.counterAt(id, t, -1.0), latest ? s.counterValue(*latest) : -1.0);
            }
        }

        // Frames: the latest of a name at or before t, and the one before it.
        const auto &frames = s.frames();
        for (const QString &name : {QStringLiteral("tokens"), QStringLiteral("layer0/attention")}) {
            std::vector<std::size_t> sorted;
            for (std::size_t i = 0; i < frames.size(); ++i)
                if (frames[i]->name == name)
                    sorted.push_back(i);
            std::stable_sort(sorted.begin(), sorted.end(),
                             [&](std::size_t a, std::size_t b) { return frames[a]->time < frames[b]->time; });
            for (int q = 0; q < 60; ++q) {
                const TimePs t = q % 3 == 0 && !sorted.empty()
                                     ? frames[sorted[static_cast<std::size_t>(q) % sorted.size()]]->time
                                     : randomTime() - 50;
                std::ptrdiff_t at = -1;
                for (std::size_t k = 0; k < sorted.size(); ++k)
                    if (frames[sorted[k]]->time <= t)
                        at = static_cast<std::ptrdiff_t>(k);
                const auto current = index.frameAt(name, t);
                const auto previous = index.previousFrame(name, t);
                QCOMPARE(current.get(),
                         at >= 0 ? frames[sorted[static_cast<std::size_t>(at)]].get() : nullptr);
                QCOMPARE(previous.get(),
                         at >= 1 ? frames[sorted[static_cast<std::size_t>(at - 1)]].get() : nullptr);
            }
        }
        QCOMPARE(index.frameNames(FrameKind::Tokens), QStringList{QStringLiteral("tokens")});

        // Markers: the latest of a level at or before t, and how many have been reached.
        const auto &markers = s.markers();
        for (int level = 0; level < 3; ++level) {
            for (int q = 0; q < 60; ++q) {
                const TimePs t = q % 3 == 0 ? markers[static_cast<std::size_t>(q) % markers.size()].time
                                            : randomTime() - 50;
                const Marker *latest = nullptr;
                std::int64_t completed = 0;
                for (const Marker &m : markers)
                    if (m.level == level && m.time <= t) {
                        ++completed;
                        if (!latest || m.time >= latest->time)
                            latest = &m;
                    }
                QCOMPARE(index.markerAt(level, t), latest);
                QCOMPARE(index.completedAt(level, t), completed);
            }
        }
    }

private Q_SLOTS:
    // A unit that runs one op at a time (the usual case) takes the O(log n) paths of busyTime,
    // busyByKind and stats; they must agree with a direct computation over any range, also once
    // an overlapping event arrives.
    void oneOpAtATimeUnitTakesTheFastPaths() {
        Trace trace;
        const EventTypeId op = trace.eventType(0, OpKind::Matrix, QStringLiteral("op"));
        // Back-to-back, with gaps, touching ends and zero-length events; recorded in two halves,
        // the later half first, so the index also merges out-of-order arrivals.
        std::vector<std::pair<TimePs, TimePs>> events;
        TimePs t = 0;
        for (int i = 0; i < 2000; ++i) {
            const int shape = std::uniform_int_distribution<int>(0, 5)(rng_);
            t += shape == 0 ? 0 : randomTime(40);
            const TimePs length = shape == 1 ? 0 : 1 + randomTime(shape == 2 ? 2000 : 50);
            events.emplace_back(t, t + length);
            t += length;
        }
        TraceIndex index;
        const auto append = [&](std::size_t i) {
            trace.appendEvent(op, events[i].first, events[i].second, 1 + i % 977, 1000 + i % 7919);
        };
        for (std::size_t i = events.size() / 2; i < events.size(); ++i)
            append(i);
        trace.publish();
        index.extend(trace.snapshot());
        for (std::size_t i = 0; i < events.size() / 2; ++i)
            append(i);
        trace.publish();
        index.extend(trace.snapshot());
        QVERIFY(!index.lane(0)->overlapping);
        QCOMPARE(index.lane(0)->kind, static_cast<int>(OpKind::Matrix));

        const auto check = [&] {
            for (int q = 0; q < 400; ++q) {
                TimePs begin = randomTime(t);
                if (q % 3 == 0)  // exactly at an event's begin or end
                    begin = q % 2 ? events[static_cast<std::size_t>(q) % events.size()].first
                                  : events[static_cast<std::size_t>(q) % events.size()].second;
                const TimeRange range{begin, begin + 1 + randomTime(q % 2 ? 100 : 20000)};
                const RangeStats expected = naiveStats(index.snapshot(), 0, range);
                QCOMPARE(index.busyTime(0, range), expected.busyPs);
                QVERIFY(index.busyByKind(range) == expected.busyByKind);
                const RangeStats actual = index.stats(0, range);
                QCOMPARE(actual.busyPs, expected.busyPs);
                QCOMPARE(actual.events, expected.events);
                QVERIFY(std::abs(actual.bytes - expected.bytes) < 1e-9 * (1 + expected.bytes));
                QVERIFY(std::abs(actual.flops - expected.flops) < 1e-9 * (1 + expected.flops));
                QVERIFY(actual.busyByKind == expected.busyByKind);
            }
        };
        check();
        trace.appendEvent(op, t / 2, t / 2 + 5000);  // now two ops overlap
        trace.publish();
        index.extend(trace.snapshot());
        QVERIFY(index.lane(0)->overlapping);
        check();
    }

    void matchesNaiveScansAsTheTraceGrows() {
        Trace trace;
        std::vector<EventTypeId> types;
        for (UnitId u = 0; u < kUnits; ++u)
            for (OpKind kind : {OpKind::Matrix, OpKind::MemoryRead, OpKind::Sync})
                types.push_back(
                    trace.eventType(u, kind, QStringLiteral("op %1").arg(static_cast<int>(kind))));
        const SeriesId a = trace.counterSeries(QStringLiteral("queue"), QStringLiteral("entries"));
        const SeriesId b = trace.counterSeries(QStringLiteral("mem/bank0"), QStringLiteral("B"));

        TraceIndex incremental;
        for (int part = 0; part < 4; ++part) {
            appendPart(trace, types, a, b, part);
            incremental.extend(trace.snapshot());
            QCOMPARE(incremental.eventCount(), trace.eventCount());
            checkAgainstNaive(incremental);
        }
        // Indexed in one go, the same answers.
        checkAgainstNaive(TraceIndex(trace.snapshot()));
    }

    void emptyAndUnknownQueriesAreSafe() {
        TraceIndex index;
        QVERIFY(index.unitsWithEvents().empty());
        QVERIFY(!index.lane(0));
        QCOMPARE(index.laneRange(3, {0, 10}), (std::pair<std::size_t, std::size_t>{0, 0}));
        QVERIFY(!index.eventAt(0, 5));
        QCOMPARE(index.durationBegunIn(0, {0, 10}), TimePs{0});
        QCOMPARE(index.statsAll({0, 10}).events, std::int64_t{0});
        QCOMPARE(index.counterAt(7, 5, 2.5), 2.5);
        QVERIFY(!index.frameAt(QStringLiteral("x"), 5));
        QVERIFY(!index.markerAt(1, 5));
        QCOMPARE(index.completedAt(1, 5), std::int64_t{0});
    }
};

QTEST_GUILESS_MAIN(TestTraceIndex)
#include "tst_traceindex.moc"
