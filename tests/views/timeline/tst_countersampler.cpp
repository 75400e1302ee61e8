// The counter track's per-column minimum and maximum, against a direct computation: each column
// [t0 + i·w, t0 + (i+1)·w) covers the sample in force at its start and every sample inside it.

#include <QtTest>

#include <cmath>
#include <random>

#include "core/sim/trace.h"
#include "core/sim/traceindex.h"
#include "core/sim/gallop.h"
#include "views/timeline/countersampler.h"

using namespace accelscope;

class TestCounterSampler : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void matchesADirectComputation() {
        std::mt19937_64 rng(99);
        Trace trace;
        const SeriesId id = trace.counterSeries(QStringLiteral("occupancy"), QStringLiteral("B"));
        TimePs t = 1000;
        for (int i = 0; i < 20000; ++i) {
            t += std::uniform_int_distribution<TimePs>(0, 50)(rng);  // repeated times too
            trace.counter(id, t, std::uniform_real_distribution<double>(-10, 100)(rng));
        }
        trace.publish();
        const TraceIndex index(trace.snapshot());
        const TraceIndex::Series &series = *index.series(id);

        CounterSampler sampler;
        CounterSampler::Columns columns;
        int compared = 0;
        for (int q = 0; q < 60; ++q) {
            const double t0 = std::uniform_real_distribution<double>(0, static_cast<double>(t))(rng);
            // Columns from a fraction of a picosecond to far wider than the series.
            const double width = std::pow(10.0, std::uniform_real_distribution<double>(-0.5, 5.0)(rng));
            const int count = std::uniform_int_distribution<int>(1, 700)(rng);
            sampler.sample(series, t0, width, count, columns);
            QCOMPARE(columns.maximum.size(), std::size_t(count));
            for (int i = 0; i < count; ++i) {
                const auto begin = static_cast<TimePs>(std::floor(t0 + i * width));
                const auto end = std::max(static_cast<TimePs>(std::floor(t0 + (i + 1) * width)), begin + 1);
                double lo = NAN, hi = NAN;
                std::ptrdiff_t inForce = -1;
                for (std::size_t k = 0; k < series.time.size(); ++k) {
                    if (series.time[k] <= begin)
                        inForce = static_cast<std::ptrdiff_t>(k);
                    else if (series.time[k] < end) {
                        lo = std::isnan(lo) ? series.value[k] : std::min(lo, series.value[k]);
                        hi = std::isnan(hi) ? series.value[k] : std::max(hi, series.value[k]);
                    }
                }
                if (inForce >= 0) {
                    const double v = series.value[static_cast<std::size_t>(inForce)];
                    lo = std::isnan(lo) ? v : std::min(lo, v);
                    hi = std::isnan(hi) ? v : std::max(hi, v);
                }
                const double gotLo = columns.minimum[static_cast<std::size_t>(i)];
                const double gotHi = columns.maximum[static_cast<std::size_t>(i)];
                QVERIFY2(std::isnan(lo) == std::isnan(gotLo), qPrintable(QStringLiteral("column %1").arg(i)));
                if (!std::isnan(lo)) {
                    QCOMPARE(gotLo, lo);
                    QCOMPARE(gotHi, hi);
                    ++compared;
                }
            }
        }
        QVERIFY2(compared > 5000, qPrintable(QString::number(compared)));
    }

    void gallopFindsThePartitionFromAnyStart() {
        std::vector<int> sorted(1000);
        for (std::size_t i = 0; i < sorted.size(); ++i)
            sorted[i] = static_cast<int>(i / 3);
        for (int value = -1; value <= 340; value += 7) {
            const auto expected = static_cast<std::size_t>(
                std::lower_bound(sorted.begin(), sorted.end(), value) - sorted.begin());
            for (std::size_t from : {std::size_t{0}, expected / 2, expected, sorted.size()}) {
                const std::size_t got = gallopPartitionPoint(
                    std::min(from, expected), sorted.size(), [&](std::size_t i) { return sorted[i] < value; });
                QCOMPARE(got, expected);
            }
        }
    }
};

QTEST_APPLESS_MAIN(TestCounterSampler)
#include "tst_countersampler.moc"
