// The timeline's level of detail for a lane, against a direct computation. Column i covers
// [floor(t0 + i·w), floor(t0 + (i+1)·w)); the time of the events begun in it, plus what earlier
// columns could not hold, fills it up to its width; the colour is the kind with the most time.
// A lane of one op kind is exact at any density; a lane of mixed kinds is exact wherever a column
// holds at most kSamplesPerColumn events (all of them are sampled), and bounded elsewhere.

#include <QtTest>

#include <algorithm>
#include <array>
#include <cmath>
#include <random>

#include "core/sim/trace.h"
#include "core/sim/traceindex.h"
#include "views/timeline/lanesampler.h"

using namespace accelscope;

namespace {

struct Event {
    TimePs begin, end;
    int kind;
};

// The lane's events in begin order (ties by record order), read from the trace directly.
std::vector<Event> eventsOf(const TraceSnapshot &s, UnitId unit) {
    std::vector<Event> events;
    for (std::size_t i = 0; i < s.eventCount(); ++i) {
        const EventType &type = s.eventType(s.eventTypeId(i));
        if (type.unit == unit)
            events.push_back({s.eventBegin(i), s.eventEnd(i), static_cast<int>(type.kind)});
    }
    std::stable_sort(events.begin(), events.end(), [](const Event &a, const Event &b) { return a.begin < b.begin; });
    return events;
}

struct Expected {
    LaneSampler::Columns columns;
    std::vector<std::size_t> begun;  // events begun per column, visible or not
};

Expected directColumns(const std::vector<Event> &events, double t0, double width, int count, std::uint32_t mask) {
    const auto visible = [mask](int kind) { return ((mask >> kind) & 1u) != 0; };
    const auto boundary = [&](int i) { return static_cast<TimePs>(std::floor(t0 + i * width)); };
    Expected out;
    out.columns.busy.assign(static_cast<std::size_t>(count), 0.0f);
    out.columns.kind.assign(static_cast<std::size_t>(count), -1);
    out.columns.count.assign(static_cast<std::size_t>(count), 0);
    out.begun.assign(static_cast<std::size_t>(count), 0);
    double carry = 0;
    int carryKind = -1;
    std::size_t k = 0;
    while (k < events.size() && events[k].begin < boundary(0))
        ++k;
    if (k > 0 && visible(events[k - 1].kind)) {
        carry = static_cast<double>(std::max<TimePs>(0, events[k - 1].end - boundary(0)));
        carryKind = events[k - 1].kind;
    }
    for (int i = 0; i < count; ++i) {
        const auto c = static_cast<std::size_t>(i);
        std::array<double, kOpKindCount> byKind{};
        double begun = 0;
        std::size_t visibleCount = 0;
        for (; k < events.size() && events[k].begin < boundary(i + 1); ++k) {
            ++out.begun[c];
            if (!visible(events[k].kind))
                continue;
            const auto duration = static_cast<double>(events[k].end - events[k].begin);
            begun += duration;
            byKind[static_cast<std::size_t>(events[k].kind)] += duration + 1e-9;
            ++visibleCount;
        }
        const double span = std::max<double>(1.0, static_cast<double>(boundary(i + 1) - boundary(i)));
        const double available = carry + begun;
        const double used = std::min(span, available);
        out.columns.busy[c] = static_cast<float>(used / span);
        if (visibleCount > 0) {
            const int dominant = static_cast<int>(std::max_element(byKind.begin(), byKind.end()) - byKind.begin());
            out.columns.kind[c] = static_cast<std::int8_t>(dominant);
            out.columns.count[c] = static_cast<std::int32_t>(out.begun[c]);
            carryKind = dominant;
        } else if (used > 0) {
            out.columns.kind[c] = static_cast<std::int8_t>(carryKind);
        }
        carry = available - used;
    }
    return out;
}

}  // namespace

class TestLaneSampler : public QObject {
    Q_OBJECT
private:
    std::mt19937_64 rng_{4242};
    static constexpr UnitId kOneKind = 0, kMixed = 1;

    // Unit 0: back-to-back matrix ops (with gaps, zero-length ones, a long one), many per column
    // when zoomed out. Unit 1: mixed kinds, overlapping, sparse. Recorded in two halves, the later
    // first, so the index merges out-of-order arrivals.
    TimePs build(Trace &trace, TraceIndex &index) {
        const EventTypeId matrix = trace.eventType(kOneKind, OpKind::Matrix, QStringLiteral("gemm"));
        const EventTypeId mixed[] = {trace.eventType(kMixed, OpKind::Vector, QStringLiteral("add")),
                                     trace.eventType(kMixed, OpKind::MemoryRead, QStringLiteral("load")),
                                     trace.eventType(kMixed, OpKind::Sync, QStringLiteral("wait"))};
        std::vector<std::pair<TimePs, TimePs>> ops;
        TimePs t = 0;
        for (int i = 0; i < 30000; ++i) {
            const int shape = std::uniform_int_distribution<int>(0, 20)(rng_);
            t += shape == 0 ? std::uniform_int_distribution<TimePs>(0, 3000)(rng_) : 0;
            const TimePs length = shape == 1 ? 0 : shape == 2 ? 40000 : std::uniform_int_distribution<TimePs>(1, 60)(rng_);
            ops.emplace_back(t, t + length);
            t += length;
        }
        const TimePs end = t;
        for (std::size_t i = ops.size() / 2; i < ops.size(); ++i)
            trace.appendEvent(matrix, ops[i].first, ops[i].second);
        trace.publish();
        index.extend(trace.snapshot());
        for (std::size_t i = 0; i < ops.size() / 2; ++i)
            trace.appendEvent(matrix, ops[i].first, ops[i].second);
        for (int i = 0; i < 3000; ++i) {
            const TimePs begin = std::uniform_int_distribution<TimePs>(0, end)(rng_);
            trace.appendEvent(mixed[i % 3], begin, begin + std::uniform_int_distribution<TimePs>(0, 900)(rng_));
        }
        trace.publish();
        index.extend(trace.snapshot());
        return end;
    }

    static void compareColumn(const LaneSampler::Columns &got, const Expected &want, std::size_t c, bool exact) {
        QVERIFY(got.busy[c] >= 0.0f && got.busy[c] <= 1.0f);
        if (!exact)
            return;
        QVERIFY2(std::abs(got.busy[c] - want.columns.busy[c]) < 1e-5f,
                 qPrintable(QStringLiteral("column %1: busy %2, expected %3").arg(c).arg(got.busy[c]).arg(want.columns.busy[c])));
        QCOMPARE(got.kind[c], want.columns.kind[c]);
        QCOMPARE(got.count[c], want.columns.count[c]);
    }

private Q_SLOTS:
    void matchesADirectComputationAtEveryZoom() {
        Trace trace;
        TraceIndex index;
        const TimePs end = build(trace, index);
        const auto oneKind = eventsOf(index.snapshot(), kOneKind), mixed = eventsOf(index.snapshot(), kMixed);
        const std::uint32_t all = (1u << kOpKindCount) - 1;
        const std::uint32_t masks[] = {all, all & ~(1u << static_cast<int>(OpKind::MemoryRead)),
                                       all & ~(1u << static_cast<int>(OpKind::Matrix))};
        LaneSampler::Columns columns;
        int exactMixed = 0;
        for (int q = 0; q < 90; ++q) {
            // From a fraction of a picosecond per column to the whole run in a few columns.
            const double width = std::pow(10.0, std::uniform_real_distribution<double>(-0.5, 6.0)(rng_));
            const double t0 = std::uniform_real_distribution<double>(-2000, static_cast<double>(end))(rng_);
            const int count = std::uniform_int_distribution<int>(1, 900)(rng_);
            const std::uint32_t mask = masks[q % 3];

            LaneSampler::sample(index, kOneKind, t0, width, count, mask, columns);
            const Expected one = directColumns(oneKind, t0, width, count, mask);
            QCOMPARE(columns.busy.size(), std::size_t(count));
            for (std::size_t c = 0; c < std::size_t(count); ++c)
                compareColumn(columns, one, c, true);

            LaneSampler::sample(index, kMixed, t0, width, count, mask, columns);
            const Expected two = directColumns(mixed, t0, width, count, mask);
            for (std::size_t c = 0; c < std::size_t(count); ++c) {
                // The carry into a column depends on every column before it.
                bool exact = true;
                for (std::size_t p = 0; p <= c && exact; ++p)
                    exact = two.begun[p] <= std::size_t(LaneSampler::kSamplesPerColumn);
                exactMixed += exact;
                compareColumn(columns, two, c, exact);
            }
        }
        QVERIFY(exactMixed > 1000);  // the mixed lane was compared exactly in many columns
    }

    // Whatever the zoom, a window past the run's end accounts for all of a one-kind lane's time.
    void conservesTheLanesTime() {
        Trace trace;
        TraceIndex index;
        const TimePs end = build(trace, index);
        const TimePs total = index.lane(kOneKind)->busyPrefix.back();
        LaneSampler::Columns columns;
        for (const int count : {1, 7, 300, 1600}) {
            const double width = 2.0 * static_cast<double>(end) / count + 50000.0 / count;
            LaneSampler::sample(index, kOneKind, 0, width, count, ~0u, columns);
            double covered = 0;
            for (int c = 0; c < count; ++c) {
                const double span = std::floor((c + 1) * width) - std::floor(c * width);
                covered += static_cast<double>(columns.busy[static_cast<std::size_t>(c)]) * span;
            }
            QVERIFY2(std::abs(covered - static_cast<double>(total)) < 1e-5 * static_cast<double>(total),
                     qPrintable(QStringLiteral("%1 columns: %2 of %3 ps").arg(count).arg(covered).arg(total)));
        }
    }

    void emptyAndUnknownLanesGiveEmptyColumns() {
        TraceIndex index;
        LaneSampler::Columns columns;
        LaneSampler::sample(index, 5, 0, 10, 4, ~0u, columns);
        QCOMPARE(columns.busy.size(), std::size_t(4));
        QVERIFY(std::all_of(columns.kind.begin(), columns.kind.end(), [](std::int8_t k) { return k < 0; }));
        LaneSampler::sample(index, 5, 0, 10, 0, ~0u, columns);
        QVERIFY(columns.busy.empty());
    }
};

QTEST_GUILESS_MAIN(TestLaneSampler)
#include "tst_lanesampler.moc"
