#pragma once
// The shared roofline-plus-efficiency model that prices a list of per-device operations on N
// identical baseline devices (GPUs, edge GPUs, CPU servers). Constants come only from the device's
// datasheet (DeviceSpec) and its class profile (EfficiencyProfile); nothing here is per plugin.
//
//   op time     = max(flops / (peak × computeEff(op)), bytes / (bandwidth × memoryEff)) + launch
//   all-reduce  = base + 2(N−1)·hop latency + 2(N−1)/N · bytes / (link bandwidth × collectiveEff)
//   all-gather  = base +  (N−1)·hop latency +  (N−1)/N · bytes / (link bandwidth × collectiveEff)
//   power       = idle + (tdp − idle) × utilisation, per device; energy = N × power × time

#include <map>
#include <vector>

#include "core/hw/devicespec.h"
#include "core/hw/efficiencyprofile.h"
#include "core/workloads/workloadop.h"

namespace accelscope {

struct OpCost {
    double seconds = 0;          // total, including launch overhead / collective latency
    double computeSeconds = 0;   // roofline compute term
    double memorySeconds = 0;    // roofline memory term
    double overheadSeconds = 0;  // launch overhead (or collective base latency and hops)
    double utilization = 0;      // drives the power model, in [0, 1]
    bool computeBound = false;
    double energyJoules = 0;  // all devices
};

struct BaselineEstimate {
    double seconds = 0;
    double energyJoules = 0;       // all devices together
    double averagePowerWatts = 0;  // all devices together: energyJoules / seconds
    double computeBoundSeconds = 0;
    double memoryBoundSeconds = 0;
    double overheadSeconds = 0;  // launch overheads and collective latencies
    std::map<WorkloadOpKind, double> secondsByKind;

    // Appends a phase that runs after this one (prefill then decode steps).
    void append(const BaselineEstimate &next);
};

class BaselineModel {
public:
    // Throws InputError if deviceCount < 1.
    BaselineModel(DeviceSpec device, EfficiencyProfile profile, int deviceCount);
    // A device from the built-in library with its class profile; throws InputError for an unknown id.
    static BaselineModel builtin(const QString &deviceId, int deviceCount);

    const DeviceSpec &device() const { return device_; }
    const EfficiencyProfile &profile() const { return profile_; }
    int deviceCount() const { return deviceCount_; }
    QString label() const;  // "4x V100"

    // The peak an op runs against (tensor peak for matmul/attention, FP32 vector peak otherwise)
    // and the fraction of it the class achieves for this op's shape.
    double peakFlops(const WorkloadOp &op) const;
    double computeEfficiency(const WorkloadOp &op) const;

    // Time of one collective over the device interconnect; 0 for fewer than 2 participants.
    double collectiveSeconds(CollectivePattern pattern, double bytes, int participants) const;

    // Power of one device at `utilization` in [0, 1].
    double powerWatts(double utilization) const;

    // Throws InputError for negative sizes or a collective with more participants than devices.
    OpCost cost(const WorkloadOp &op) const;
    BaselineEstimate estimate(const std::vector<WorkloadOp> &ops) const;

private:
    DeviceSpec device_;
    EfficiencyProfile profile_;
    int deviceCount_ = 1;
};

}  // namespace accelscope
