#include "views/compare/metricdirection.h"

#include <array>

namespace accelscope {

MetricDirection metricDirection(const QString &name) {
    const QString n = name.toLower();
    // Rates first: "tokens_per_s" ends in "_s" like a duration would.
    static const std::array<QLatin1String, 6> higher{QLatin1String("_per_s"), QLatin1String("speedup"),
                                                     QLatin1String("fps"),    QLatin1String("throughput"),
                                                     QLatin1String("_per_j"), QLatin1String("efficiency")};
    for (const QLatin1String &word : higher) {
        if (n.contains(word))
            return MetricDirection::HigherIsBetter;
    }
    static const std::array<QLatin1String, 6> lower{QLatin1String("_ms"),     QLatin1String("_us"),
                                                    QLatin1String("_j"),      QLatin1String("energy"),
                                                    QLatin1String("latency"), QLatin1String("_s")};
    for (const QLatin1String &word : lower) {
        // "_ms" as a suffix or a word (decode_ms_per_token); longer words anywhere.
        if (n.endsWith(word) || n.contains(word + QLatin1Char('_')) || (word.size() > 3 && n.contains(word)))
            return MetricDirection::LowerIsBetter;
    }
    return MetricDirection::Unknown;
}

QString metricTitle(const QString &name, const QString &unit) {
    return unit.isEmpty() ? name : QStringLiteral("%1 (%2)").arg(name, unit);
}

}  // namespace accelscope
