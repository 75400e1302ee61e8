#pragma once
// Named results of a run, and the same workload on a paper's baseline devices.

#include <vector>

#include <QJsonObject>
#include <QString>

namespace accelscope {

struct Metric {
    QString name;  // snake_case that says its unit: latency_ms, tokens_per_s, speedup_vs_4x_v100
    double value = 0;
    QString unit;  // "ms", "tokens/s", "x", "J", "%"
    QString doc;   // one line: what it is and how it is computed
};

// The workload run on a baseline: `device` is a device id from resources/devices, `count` how
// many of them (4 × V100).
struct BaselineResult {
    QString device;
    int count = 1;
    QString label;  // "4x V100"
    std::vector<Metric> metrics;
};

const Metric *findMetric(const std::vector<Metric> &metrics, const QString &name);
QJsonObject metricsToJson(const std::vector<Metric> &metrics);  // {name: {value, unit}}
std::vector<Metric> metricsFromJson(const QJsonObject &object);

}  // namespace accelscope
