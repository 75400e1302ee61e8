#include "core/api/metric.h"

namespace accelscope {

const Metric *findMetric(const std::vector<Metric> &metrics, const QString &name) {
    for (const Metric &m : metrics) {
        if (m.name == name)
            return &m;
    }
    return nullptr;
}

QJsonObject metricsToJson(const std::vector<Metric> &metrics) {
    QJsonObject object;
    for (const Metric &m : metrics)
        object.insert(m.name,
                      QJsonObject{{QStringLiteral("value"), m.value}, {QStringLiteral("unit"), m.unit}});
    return object;
}

std::vector<Metric> metricsFromJson(const QJsonObject &object) {
    std::vector<Metric> metrics;
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QJsonObject m = it.value().toObject();
        metrics.push_back(Metric{it.key(),
                                 m.value(QStringLiteral("value")).toDouble(),
                                 m.value(QStringLiteral("unit")).toString(),
                                 {}});
    }
    return metrics;
}

}  // namespace accelscope
