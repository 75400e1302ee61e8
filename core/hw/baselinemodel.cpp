#include "core/hw/baselinemodel.h"

#include <algorithm>

#include "core/api/errors.h"
#include "core/hw/devicelibrary.h"

namespace accelscope {

void BaselineEstimate::append(const BaselineEstimate &next) {
    seconds += next.seconds;
    energyJoules += next.energyJoules;
    computeBoundSeconds += next.computeBoundSeconds;
    memoryBoundSeconds += next.memoryBoundSeconds;
    overheadSeconds += next.overheadSeconds;
    for (const auto &[kind, s] : next.secondsByKind)
        secondsByKind[kind] += s;
    averagePowerWatts = seconds > 0 ? energyJoules / seconds : 0.0;
}

BaselineModel::BaselineModel(DeviceSpec device, EfficiencyProfile profile, int deviceCount)
    : device_(std::move(device)), profile_(profile), deviceCount_(deviceCount) {
    if (deviceCount_ < 1)
        throw InputError(QStringLiteral("baseline device count must be at least 1 (got %1 for %2)")
                             .arg(deviceCount)
                             .arg(device_.id));
    if (profile_.deviceClass != device_.deviceClass)
        throw InputError(QStringLiteral("device %1 is of class %2 but was given the %3 efficiency profile")
                             .arg(device_.id, deviceClassName(device_.deviceClass),
                                  deviceClassName(profile_.deviceClass)));
}

BaselineModel BaselineModel::builtin(const QString &deviceId, int deviceCount) {
    const DeviceLibrary &library = DeviceLibrary::builtin();
    const DeviceSpec &device = library.device(deviceId);
    return BaselineModel(device, library.profile(device.deviceClass), deviceCount);
}

QString BaselineModel::label() const {
    return QStringLiteral("%1x %2").arg(deviceCount_).arg(device_.shortName);
}

double BaselineModel::peakFlops(const WorkloadOp &op) const {
    const bool matrix = op.kind == WorkloadOpKind::Matmul || op.kind == WorkloadOpKind::Attention;
    return matrix ? device_.peakFp16TensorFlops : device_.peakFp32Flops;
}

double BaselineModel::computeEfficiency(const WorkloadOp &op) const {
    if (op.kind != WorkloadOpKind::Matmul && op.kind != WorkloadOpKind::Attention)
        return profile_.vectorComputeEfficiency;
    // Linear from the GEMV figure at one row to the large-GEMM figure at largeGemmRows rows.
    const double rows = std::max(1.0, op.rows);
    const double t = std::min(1.0, (rows - 1.0) / std::max(1.0, profile_.largeGemmRows - 1.0));
    return profile_.smallMatmulComputeEfficiency +
           t * (profile_.gemmComputeEfficiency - profile_.smallMatmulComputeEfficiency);
}

double BaselineModel::collectiveSeconds(CollectivePattern pattern, double bytes, int participants) const {
    if (participants < 2 || pattern == CollectivePattern::None)
        return 0.0;
    const double n = participants;
    // A ring all-reduce is a reduce-scatter followed by an all-gather: 2(N−1) steps, each moving
    // bytes/N per device; an all-gather alone is half of that.
    const double steps = pattern == CollectivePattern::AllReduce ? 2.0 * (n - 1.0) : (n - 1.0);
    const double bandwidth = device_.interconnect.bytesPerSecond * profile_.collectiveBandwidthEfficiency;
    return profile_.collectiveBaseLatencySeconds + steps * device_.interconnect.latencySeconds +
           steps * (bytes / n) / bandwidth;
}

double BaselineModel::powerWatts(double utilization) const {
    const double u = std::clamp(utilization, 0.0, 1.0);
    return device_.idleWatts + (device_.tdpWatts - device_.idleWatts) * u;
}

OpCost BaselineModel::cost(const WorkloadOp &op) const {
    if (op.flops < 0 || op.bytes < 0 || op.collectiveBytes < 0)
        throw InputError(
            QStringLiteral("operation '%1' has a negative size (flops %2, bytes %3, collective bytes %4)")
                .arg(op.name)
                .arg(op.flops)
                .arg(op.bytes)
                .arg(op.collectiveBytes));
    OpCost c;
    if (op.kind == WorkloadOpKind::Collective) {
        if (op.participants > deviceCount_)
            throw InputError(QStringLiteral("collective '%1' spans %2 devices but the baseline has only %3")
                                 .arg(op.name)
                                 .arg(op.participants)
                                 .arg(deviceCount_));
        c.seconds = collectiveSeconds(op.collective, op.collectiveBytes, op.participants);
        c.overheadSeconds = c.seconds;
        c.utilization = 0;  // the compute units wait on the link
    } else {
        c.computeSeconds = op.flops / (peakFlops(op) * computeEfficiency(op));
        c.memorySeconds = op.bytes / (device_.memoryBytesPerSecond * profile_.memoryEfficiency);
        c.overheadSeconds = profile_.launchOverheadSeconds;
        c.computeBound = c.computeSeconds >= c.memorySeconds;
        c.seconds = std::max(c.computeSeconds, c.memorySeconds) + c.overheadSeconds;
        const double computeUse = op.flops / (c.seconds * peakFlops(op));
        const double memoryUse = op.bytes / (c.seconds * device_.memoryBytesPerSecond);
        c.utilization =
            std::clamp(std::max(computeUse, profile_.memoryBoundPowerFraction * memoryUse), 0.0, 1.0);
    }
    c.energyJoules = deviceCount_ * powerWatts(c.utilization) * c.seconds;
    return c;
}

BaselineEstimate BaselineModel::estimate(const std::vector<WorkloadOp> &ops) const {
    BaselineEstimate e;
    for (const WorkloadOp &op : ops) {
        const OpCost c = cost(op);
        e.seconds += c.seconds;
        e.energyJoules += c.energyJoules;
        e.overheadSeconds += c.overheadSeconds;
        const double roofline = c.seconds - c.overheadSeconds;
        (c.computeBound ? e.computeBoundSeconds : e.memoryBoundSeconds) += roofline;
        e.secondsByKind[op.kind] += c.seconds;
    }
    e.averagePowerWatts = e.seconds > 0 ? e.energyJoules / e.seconds : 0.0;
    return e;
}

}  // namespace accelscope
