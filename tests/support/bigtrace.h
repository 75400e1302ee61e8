#pragma once
// A synthetic 10 M-event run, for what must stay fast at that size (the timeline's level of detail,
// views at a cursor, loading) in tests and benchmarks.

#include <memory>
#include <random>

#include <QTemporaryDir>

#include "core/sim/trace.h"
#include "core/store/runstore.h"

namespace accelscope::test {

// A 10 M-event trace on one device: "busy" runs back-to-back 100 ps matrix ops except for an
// idle gap in [500, 600) µs; "reader" is busy 20 % of the time; "mixed" and "vector" are sparse.
// An HBM of 16 banks fills and drains once over the run, sampled every 100 ns.
struct BigTrace {
    static constexpr std::size_t kEvents = 10000000;
    static constexpr int kBanks = 16;
    static constexpr TimePs kGapBegin = 500 * kPsPerUs, kGapEnd = 600 * kPsPerUs;
    std::shared_ptr<RunRecord> record = std::make_shared<RunRecord>();
    std::unique_ptr<Trace> trace = std::make_unique<Trace>();
    UnitId busy = kNoUnit, reader = kNoUnit, mixed = kNoUnit, vector = kNoUnit;

    BigTrace() {
        Topology &topology = record->topology;
        const UnitId device = topology.addUnit(QStringLiteral("chip"), UnitKind::Device);
        const UnitId core = topology.addUnit(QStringLiteral("core"), UnitKind::Core, device);
        busy = topology.addUnit(QStringLiteral("busy"), UnitKind::Compute, core);
        reader = topology.addUnit(QStringLiteral("reader"), UnitKind::Compute, core);
        mixed = topology.addUnit(QStringLiteral("mixed"), UnitKind::Compute, core);
        vector = topology.addUnit(QStringLiteral("vector"), UnitKind::Compute, core);
        const UnitId hbm = topology.addMemory(QStringLiteral("hbm"), device, kBanks, std::int64_t{256} << 20, 400e9);
        for (int bank = 0; bank < kBanks; ++bank) {
            const auto series = trace->counterSeries(topology.path(hbm) + QStringLiteral("/bank%1").arg(bank),
                                                     QStringLiteral("B"));
            for (TimePs t = 0; t <= 1000 * kPsPerUs; t += 100 * kPsPerNs) {
                const double phase = static_cast<double>(t) / static_cast<double>(1000 * kPsPerUs);
                trace->counter(series, t, static_cast<double>(std::int64_t{256} << 20) * phase * (1.0 - phase) *
                                              (1.0 + 0.1 * bank));
            }
        }
        const EventTypeId gemm = trace->eventType(busy, OpKind::Matrix, QStringLiteral("gemm"));
        const EventTypeId load = trace->eventType(reader, OpKind::MemoryRead, QStringLiteral("load"));
        const EventTypeId add = trace->eventType(vector, OpKind::Vector, QStringLiteral("add"));
        const EventTypeId mixedTypes[] = {trace->eventType(mixed, OpKind::Special, QStringLiteral("exp")),
                                          trace->eventType(mixed, OpKind::Control, QStringLiteral("issue")),
                                          trace->eventType(mixed, OpKind::Sync, QStringLiteral("wait"))};
        std::mt19937 rng(7);
        std::size_t events = 0;
        for (TimePs t = 0; t < 1000 * kPsPerUs; t += 100) {
            if (t >= kGapBegin && t < kGapEnd)
                continue;
            trace->appendEvent(gemm, t, t + 100, 64, 2048);
            ++events;
        }
        for (int i = 0; i < 600000; ++i, ++events)
            trace->appendEvent(load, TimePs{1000} * i, TimePs{1000} * i + 200, 256);
        for (int i = 0; i < 300000; ++i, ++events) {
            const TimePs begin = TimePs{3000} * i + static_cast<TimePs>(rng() % 1000);
            trace->appendEvent(mixedTypes[rng() % 3], begin, begin + 50 + rng() % 500);
        }
        for (; events < kEvents; ++events) {
            const TimePs begin = static_cast<TimePs>(rng() % (1000 * kPsPerUs));
            trace->appendEvent(add, begin, begin + 30);
        }
        trace->publish();
        record->info.id = 1;
        record->stepLevels = {{QStringLiteral("op"), {}}, {QStringLiteral("block"), {}}};
    }
};

// Records `big` as one complete run in `store`; returns the run's id.
inline RunId recordBigTrace(RunStore &store, const BigTrace &big) {
    RunInfo info;
    info.pluginId = QStringLiteral("synthetic");
    const RunId run = store.beginRun(info, big.record->topology, big.record->stepLevels);
    TraceCursor cursor;
    store.appendTrace(run, big.trace->snapshot(), cursor);
    store.finishRun(run, RunStatus::Complete, {}, {});
    return run;
}

// The 10 M-event run stored in a session file in a temporary folder; the in-memory trace is
// freed once written, so what reads the file starts from the file alone.
struct StoredBigTrace {
    QTemporaryDir dir;
    QString path = dir.filePath(QStringLiteral("big.ascope"));
    RunId run = 0;
    StoredBigTrace() {
        RunStore store(path);
        run = recordBigTrace(store, *std::make_unique<BigTrace>());
    }
};

}  // namespace accelscope::test
