#pragma once
// Shapes a sweep (several runs of one plugin that differ in some parameters) for plotting: which
// parameters vary, which metrics every run reports, and one metric against one parameter as
// points sorted by the parameter. No widgets, so tests check it directly.

#include <vector>

#include <QString>
#include <QStringList>

#include "core/store/runstore.h"

namespace accelscope {

struct SweepPlotPoint {
    double parameter = 0;
    double metric = 0;
    RunId run = 0;
};

struct SweepShape {
    QStringList varyingParameters;  // numeric (or bool) parameters with more than one value;
                                    // most values first, then by name
    QStringList metrics;            // metrics reported by at least two runs, in first-seen order
    QStringList varyingChoices;     // enum parameters with more than one value, by name
};

SweepShape sweepShape(const std::vector<RunRecord> &runs);
// Runs lacking the parameter (as a number) or the metric are left out.
std::vector<SweepPlotPoint> sweepPoints(const std::vector<RunRecord> &runs, const QString &parameter,
                                    const QString &metric);
// One line of a sweep plot: the points whose other varying parameters share one set of values.
struct SweepSeries {
    QString label;       // "hbm_channels = 8, devices = 2"; "" when only `parameter` varies
    QString values;      // the same values alone, "8, 2": short enough for a narrow legend
    QString parameters;  // what the values are, "hbm_channels, devices" (the same for every line)
    std::vector<SweepPlotPoint> points;  // sorted by the parameter
};
// `metric` against `parameter`, one series per combination of the other varying numeric
// parameters' values (a 2-D sweep gives one line per value of its other axis), in the order of
// those values; when runs would still share a point, also one per enum choice (one line per
// method). Runs lacking the parameter or the metric are left out.
// `parameter` may also name a metric (a trade-off chart: quality against speedup): then each line
// walks the varying numeric parameter with the most values, one line per combination of the
// other varying parameters' values, enum choices included (e.g. one line per method).
std::vector<SweepSeries> sweepSeries(const std::vector<RunRecord> &runs, const QString &parameter,
                                     const QString &metric);
// The unit the runs give for `metric` (the first one found).
QString sweepMetricUnit(const std::vector<RunRecord> &runs, const QString &metric);

}  // namespace accelscope
