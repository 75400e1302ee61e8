#pragma once
// One way to reject a parameter that is out of range: the message names what is being set up,
// the field, the value and what is allowed ("DDIM sampler: steps = 0; allowed 1 to 1000").
// NaN is never in range.

#include <cmath>

#include <QString>

#include "core/api/errors.h"

namespace accelscope {

class RangeCheck {
public:
    explicit RangeCheck(QString context) : context_(std::move(context)) {}

    // low <= value <= high.
    const RangeCheck &within(const char *field, double value, double low, double high) const {
        if (!(value >= low && value <= high))
            fail(field, value, QStringLiteral("allowed %1 to %2").arg(low).arg(high));
        return *this;
    }
    // value >= low (and finite).
    const RangeCheck &atLeast(const char *field, double value, double low) const {
        if (!(value >= low) || !std::isfinite(value))
            fail(field, value, QStringLiteral("allowed %1 or more").arg(low));
        return *this;
    }
    // value > low (and finite).
    const RangeCheck &above(const char *field, double value, double low) const {
        if (!(value > low) || !std::isfinite(value))
            fail(field, value, QStringLiteral("allowed above %1").arg(low));
        return *this;
    }
    // A condition the caller states: `allowed` says what would pass.
    const RangeCheck &that(bool ok, const char *field, const QString &value, const QString &allowed) const {
        if (!ok)
            throw InputError(QStringLiteral("%1: %2 = %3; %4").arg(context_, QLatin1String(field), value, allowed));
        return *this;
    }

private:
    [[noreturn]] void fail(const char *field, double value, const QString &allowed) const {
        throw InputError(QStringLiteral("%1: %2 = %3; %4").arg(context_, QLatin1String(field), QString::number(value), allowed));
    }
    QString context_;
};

}  // namespace accelscope
