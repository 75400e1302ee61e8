#pragma once
// Whether a bigger value of a metric is better, guessed from its snake_case name (metric names say
// their unit: latency_ms, energy_j, tokens_per_s). Used to colour deltas and to caption charts.

#include <QString>

namespace accelscope {

enum class MetricDirection { Unknown, LowerIsBetter, HigherIsBetter };

MetricDirection metricDirection(const QString &name);

// "latency_ms (ms)": the name with its unit, for axis titles and headers.
QString metricTitle(const QString &name, const QString &unit);

}  // namespace accelscope
