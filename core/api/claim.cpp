#include "core/api/claim.h"

#include <cmath>

namespace accelscope {

QString toString(Aggregate aggregate) {
    switch (aggregate) {
        case Aggregate::Single:
            return QStringLiteral("single");
        case Aggregate::Mean:
            return QStringLiteral("mean");
        case Aggregate::GeoMean:
            return QStringLiteral("geomean");
        case Aggregate::Max:
            return QStringLiteral("max");
        case Aggregate::Min:
            return QStringLiteral("min");
    }
    return {};
}

ClaimResult judge(const Claim &claim, double modelValue, const QString &detail) {
    ClaimResult result;
    result.claim = claim;
    result.modelValue = modelValue;
    result.detail = detail;
    if (!std::isfinite(modelValue)) {
        result.relativeError = std::numeric_limits<double>::infinity();
        result.pass = false;
        return result;
    }
    if (claim.rangeLow && claim.rangeHigh) {
        const double low = *claim.rangeLow;
        const double high = *claim.rangeHigh;
        result.pass = modelValue >= low && modelValue <= high;
        if (modelValue < low)
            result.relativeError = (modelValue - low) / low;
        else if (modelValue > high)
            result.relativeError = (modelValue - high) / high;
        else
            result.relativeError = 0;
        return result;
    }
    result.relativeError =
        claim.paperValue != 0 ? (modelValue - claim.paperValue) / claim.paperValue : modelValue;
    result.pass = std::fabs(result.relativeError) <= claim.tolerance;
    return result;
}

}  // namespace accelscope
