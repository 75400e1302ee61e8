#include "core/hw/gpulanes.h"

#include <algorithm>

#include "core/sim/timing/units.h"
#include "core/workloads/passlayers.h"

namespace accelscope {

GpuLanes::GpuLanes(Topology &topology, const BaselineModel &gpu, const QString &vectorDoc, const QString &extraLane,
                   const QString &extraDoc)
    : gpu_(&gpu) {
    const DeviceSpec &d = gpu.device();
    const UnitId device = topology.addUnit(QStringLiteral("gpu0"), UnitKind::Device, kNoUnit, d.name);
    const UnitId sms = topology.addUnit(QStringLiteral("SMs"), UnitKind::Core, device,
                                        QStringLiteral("Streaming multiprocessors; kernels run one after another"));
    tensor_ = topology.addUnit(QStringLiteral("tensor cores"), UnitKind::Compute, sms,
                               QStringLiteral("Matmuls and attention (%1 TFLOPS dense FP16)")
                                   .arg(d.peakFp16TensorFlops / 1e12, 0, 'f', 0));
    vector_ = topology.addUnit(QStringLiteral("vector"), UnitKind::Compute, sms, vectorDoc);
    extra_ = topology.addUnit(extraLane, UnitKind::Compute, sms, extraDoc);
    hbm_ = topology.addMemory(QStringLiteral("HBM"), device, 1, static_cast<std::int64_t>(d.memoryCapacityBytes),
                              d.memoryBytesPerSecond, QStringLiteral("Device memory; busy while an op streams its bytes"));
}

TimePs GpuLanes::emit(TraceSink &sink, const std::vector<WorkloadOp> &ops, TimePs now,
                      const std::function<bool(const WorkloadOp &)> &onExtraLane) const {
    for (const WorkloadOp &op : ops) {
        const OpCost cost = gpu_->cost(op);
        const TimePs duration = std::max<TimePs>(1, timing::secondsToPs(cost.seconds));
        const bool matrix = op.kind == WorkloadOpKind::Matmul || op.kind == WorkloadOpKind::Attention;
        UnitId lane = vector_;
        OpKind kind = op.kind == WorkloadOpKind::Softmax ? OpKind::Special : OpKind::Vector;
        if (onExtraLane && onExtraLane(op)) {
            lane = extra_;
            kind = op.kind == WorkloadOpKind::Matmul ? OpKind::Matrix : OpKind::Special;
        } else if (matrix) {
            lane = tensor_;
            kind = OpKind::Matrix;
        }
        sink.appendEvent(sink.eventType(lane, kind, op.name), now, now + duration, static_cast<std::uint64_t>(op.bytes),
                         static_cast<std::uint64_t>(op.flops));
        if (cost.memorySeconds > 0)
            sink.appendEvent(sink.eventType(hbm_, OpKind::MemoryRead, op.name), now,
                             now + std::max<TimePs>(1, timing::secondsToPs(cost.memorySeconds)),
                             static_cast<std::uint64_t>(op.bytes));
        now += duration;
    }
    return now;
}

ServingLane servingLaneOf(const WorkloadOp &op, bool pluginOp) {
    if (op.kind == WorkloadOpKind::Collective)
        return ServingLane::Interconnect;
    if (pluginOp)
        return ServingLane::Plugin;
    return op.kind == WorkloadOpKind::Matmul || op.kind == WorkloadOpKind::Attention ? ServingLane::TensorCores
                                                                                     : ServingLane::VectorUnits;
}

TimePs emitServingOps(TraceSink &sink, const BaselineModel &gpu, const std::vector<UnitId> &lanes,
                      const std::vector<WorkloadOp> &ops, TimePs start, bool pluginOps, double &energyJ) {
    TimePs t = start;
    for (const WorkloadOp &op : ops) {
        const OpCost cost = gpu.cost(op);
        const TimePs end = t + timing::secondsToPs(cost.seconds);
        const UnitId lane = lanes[static_cast<std::size_t>(servingLaneOf(op, pluginOps))];
        sink.appendEvent(sink.eventType(lane, traceOpKind(op), op.name), t, end,
                         static_cast<std::uint64_t>(std::max(op.bytes, op.collectiveBytes)),
                         static_cast<std::uint64_t>(op.flops));
        energyJ += cost.energyJoules;
        t = end;
    }
    return t;
}

}  // namespace accelscope
