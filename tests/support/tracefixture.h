#pragma once
// A small hand-made run for the trace exporters and importers: two devices, units whose events
// nest, cross (overlap without nesting) and arrive out of begin order, labels and counter names
// with commas, quotes, line breaks and non-ASCII text, and markers at two levels.

#include <memory>

#include "core/sim/trace.h"
#include "core/store/runstore.h"

namespace accelscope::test {

struct TraceFixture {
    std::shared_ptr<RunRecord> record = std::make_shared<RunRecord>();
    std::unique_ptr<Trace> trace = std::make_unique<Trace>();
    UnitId mpu = kNoUnit, vpu = kNoUnit, dma = kNoUnit, host = kNoUnit;
    static inline const QString kTrickyLabel = QStringLiteral("gemm \"QKV\", head 1\nline two — µ");

    TraceFixture() {
        Topology &topology = record->topology;
        const UnitId chip = topology.addUnit(QStringLiteral("chip"), UnitKind::Device);
        const UnitId core = topology.addUnit(QStringLiteral("core"), UnitKind::Core, chip);
        mpu = topology.addUnit(QStringLiteral("MPU"), UnitKind::Compute, core);
        vpu = topology.addUnit(QStringLiteral("VPU"), UnitKind::Compute, core);
        topology.addMemory(QStringLiteral("hbm"), chip, 2, 1 << 20, 400e9);
        host = topology.addUnit(QStringLiteral("host"), UnitKind::Host);
        dma = topology.addUnit(QStringLiteral("dma"), UnitKind::Link, host);

        const EventTypeId gemm = trace->eventType(mpu, OpKind::Matrix, kTrickyLabel);
        const EventTypeId inner = trace->eventType(mpu, OpKind::Vector, QStringLiteral("inner"));
        const EventTypeId softmax = trace->eventType(vpu, OpKind::Special, QStringLiteral("softmax"));
        const EventTypeId copy = trace->eventType(dma, OpKind::Transfer, QStringLiteral("copy,a"));
        trace->setStepIndex(0);
        trace->appendEvent(gemm, 0, 1000, 64, 2048);             // MPU: [0,1000] holds [200,300]
        trace->appendEvent(inner, 200, 300, 8, 16);
        trace->appendEvent(gemm, 500, 1500, 64, 2048);           // crosses [0,1000]: a second lane
        trace->appendEvent(gemm, 1234567, 1234568, 1, 2);        // 1.234567 µs, 1 ps long
        trace->setStepIndex(1);
        trace->appendEvent(softmax, 5000, 6000, 4, 40);          // VPU out of begin order:
        trace->appendEvent(softmax, 100, 900, 4, 40);
        trace->appendEvent(softmax, 800, 1200, 4, 40);           // crosses [100,900]
        trace->appendEvent(softmax, 800, 800, 0, 0);             // zero length
        trace->appendEvent(copy, 300, 700, 4096, 0);
        const SeriesId bank = trace->counterSeries(QStringLiteral("chip/hbm/bank0"), QStringLiteral("B"));
        const SeriesId queue = trace->counterSeries(QStringLiteral("queue \"depth\", host"), QStringLiteral("entries"));
        trace->counter(bank, 0, 0);
        trace->counter(bank, 500, 1.5e6);
        trace->counter(queue, 250, 3);
        trace->marker({1000, 0, 0, QStringLiteral("layer 0 done, \"fast\"")});
        trace->marker({1500, 1, 0, QString()});
        trace->publish();

        RunInfo &info = record->info;
        info.pluginId = QStringLiteral("fixture");
        info.preset = QStringLiteral("paper");
        info.status = RunStatus::Complete;
        info.eventCount = static_cast<std::int64_t>(trace->eventCount());
        info.simulatedEndPs = trace->snapshot().endTime();
        record->stepLevels = {{QStringLiteral("layer"), {}}, {QStringLiteral("token"), {}}};
        record->metrics = {{QStringLiteral("latency_ms"), 1.25, QStringLiteral("ms"), {}},
                           {QStringLiteral("odd, \"name\""), 2, QStringLiteral("x"), {}}};
        record->baselines = {{QStringLiteral("v100"), 4, QStringLiteral("4x V100"),
                              {{QStringLiteral("latency_ms"), 3.5, QStringLiteral("ms"), {}}}}};
    }

    RunId store(RunStore &store) const {
        RunInfo info = record->info;
        const RunId id = store.beginRun(info, record->topology, record->stepLevels);
        TraceCursor cursor;
        store.appendTrace(id, trace->snapshot(), cursor);
        store.finishRun(id, RunStatus::Complete, record->metrics, record->baselines);
        return id;
    }
};

}  // namespace accelscope::test
