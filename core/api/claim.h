#pragma once
// A paper's statement the model checks: the metric, the preset(s) that produce it and how the
// per-preset values combine, the paper's value or range, and the tolerance.

#include <optional>
#include <vector>

#include <QString>
#include <QStringList>

namespace accelscope {

enum class Aggregate { Single, Mean, GeoMean, Max, Min };
QString toString(Aggregate aggregate);

struct Claim {
    QString id;           // "speedup_vs_4x_v100"
    QString statement;    // "5.58x speedup over 4 x V100 on GPT-2"
    QString metric;       // metric name compared
    QStringList presets;  // presets run; their values combine with `aggregate`
    Aggregate aggregate = Aggregate::Single;
    double paperValue = 0;           // point value, or the range's centre for reporting
    std::optional<double> rangeLow;  // when the paper gives a range, PASS inside [low, high]
    std::optional<double> rangeHigh;
    double tolerance = 0.20;  // relative, for point values
    QString unit;
    QString sourceTag;  // [V], [S] or [I] as in the fact sheets
    QString note;       // why this workload mix; why an honest FAIL, if it fails
};

struct ClaimResult {
    Claim claim;
    double modelValue = 0;
    double relativeError = 0;  // (model - paper) / paper, or distance outside the range
    bool pass = false;
    QString detail;  // per-preset values
};

// Compares a computed value with the claim.
ClaimResult judge(const Claim &claim, double modelValue, const QString &detail = {});

}  // namespace accelscope
