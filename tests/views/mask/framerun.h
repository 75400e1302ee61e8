#pragma once
// Builds a small run by hand from frames, for the mask and token view tests: a Trace holding the
// frames, its index and a RunRecord with a one-device topology, shown through ViewState::setRun.

#include <cstring>
#include <memory>
#include <vector>

#include "core/sim/trace.h"
#include "core/sim/traceindex.h"
#include "core/store/runstore.h"
#include "views/state/viewstate.h"

namespace accelscope::test {

template <typename T>
QByteArray bytesOf(const std::vector<T> &values) {
    QByteArray data(static_cast<qsizetype>(values.size() * sizeof(T)), Qt::Uninitialized);
    std::memcpy(data.data(), values.data(), static_cast<std::size_t>(data.size()));
    return data;
}

template <typename T>
Frame makeFrame(FrameKind kind, const QString &name, TimePs time, std::vector<std::int64_t> shape,
                const std::vector<T> &values, std::int64_t step = 0) {
    Frame frame;
    frame.kind = kind;
    frame.name = name;
    frame.time = time;
    frame.step = step;
    frame.shape = std::move(shape);
    frame.dtype = sizeof(T) == 1 ? DType::U8 : std::is_floating_point_v<T> ? DType::F32 : DType::I32;
    frame.data = bytesOf(values);
    return frame;
}

// Shows `frames` (any order of times) as a run in `state`; the cursor ends at the last time.
inline void showFrames(ViewState &state, const std::vector<Frame> &frames) {
    Trace trace;
    for (const Frame &frame : frames)
        trace.frame(frame);
    trace.publish();
    auto record = std::make_shared<RunRecord>();
    record->info.id = 1;
    record->info.pluginId = QStringLiteral("synthetic");
    record->info.status = RunStatus::Complete;
    const UnitId device = record->topology.addUnit(QStringLiteral("chip"), UnitKind::Device);
    record->topology.addUnit(QStringLiteral("pe"), UnitKind::Compute, device);
    record->info.simulatedEndPs = trace.snapshot().endTime();
    state.setRun(record, std::make_unique<TraceIndex>(trace.snapshot()));
}

}  // namespace accelscope::test
