#pragma once
// Datasheet description of one baseline device (GPU, edge GPU module, CPU server), as read from
// resources/devices/<id>.json. Every figure carries a source tag ([V] seed paper, [I] datasheet).

#include <map>
#include <vector>

#include <QString>

namespace accelscope {

enum class DeviceClass { DatacenterGpu, WorkstationGpu, EdgeGpu, Cpu };

QString deviceClassName(DeviceClass deviceClass);  // "datacenter-gpu", "workstation-gpu", "edge-gpu", "cpu"
// Throws InputError listing the allowed names.
DeviceClass deviceClassFromName(const QString &name);

// A point-to-point link: one direction's bandwidth and the latency of one hop.
struct LinkSpec {
    QString name;               // "NVLink 2.0, 6 links x 25 GB/s per direction"
    double bytesPerSecond = 0;  // per direction
    double latencySeconds = 0;
};

struct DeviceSource {
    QString source;  // public URL or document name
    QString gives;   // which figures it supports
};

struct DeviceSpec {
    QString id;         // "v100-sxm2-32gb"
    QString name;       // "NVIDIA Tesla V100 SXM2 32 GB"
    QString shortName;  // "V100": used in labels such as "4x V100"
    QString vendor;
    DeviceClass deviceClass = DeviceClass::DatacenterGpu;
    QString variant;  // which product variant was chosen, and why

    double peakFp16TensorFlops = 0;  // dense FP16 matrix throughput (tensor cores; FP32 rate on CPUs)
    double peakFp32Flops = 0;        // vector (CUDA core / SIMD) FP32 throughput
    double memoryBytesPerSecond = 0;
    double memoryCapacityBytes = 0;
    QString memoryType;
    double tdpWatts = 0;
    double idleWatts = 0;  // powered and idle: the floor of the power model

    LinkSpec interconnect;  // between devices of this kind in a multi-device system
    LinkSpec hostLink;      // to the host CPU / storage

    std::map<QString, QString> tags;  // JSON field name → "[V]" / "[I]" / "[S]"
    std::vector<DeviceSource> sources;
    QString notes;
};

}  // namespace accelscope
