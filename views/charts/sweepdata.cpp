#include "views/charts/sweepdata.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

namespace accelscope {

namespace {
std::optional<double> numericParameter(const RunInfo &info, const QString &key) {
    const QJsonValue value = info.params.value(key);
    if (value.isDouble())
        return value.toDouble();
    if (value.isBool())
        return value.toBool() ? 1.0 : 0.0;
    return std::nullopt;  // enums and missing keys have no position on an axis
}

// A parameter's value, or else a metric's.
std::optional<double> axisValue(const RunRecord &run, const QString &axis) {
    if (const auto v = numericParameter(run.info, axis))
        return v;
    if (const Metric *m = findMetric(run.metrics, axis))
        return m->value;
    return std::nullopt;
}
}  // namespace

SweepShape sweepShape(const std::vector<RunRecord> &runs) {
    SweepShape shape;
    std::map<QString, std::set<double>> values;
    std::map<QString, std::set<QString>> choices;
    for (const RunRecord &run : runs) {
        for (const QString &key : run.info.params.keys()) {
            if (const auto v = numericParameter(run.info, key))
                values[key].insert(*v);
            else if (const QJsonValue c = run.info.params.value(key); c.isString())
                choices[key].insert(c.toString());
        }
    }
    for (const auto &[key, seen] : choices)
        if (seen.size() > 1)
            shape.varyingChoices.push_back(key);
    // The parameter with the most values first: the natural x axis, the others giving the lines.
    std::vector<std::pair<QString, std::size_t>> varying;
    for (const auto &[key, seen] : values) {
        if (seen.size() > 1)
            varying.emplace_back(key, seen.size());
    }
    std::stable_sort(varying.begin(), varying.end(),
                     [](const auto &a, const auto &b) { return a.second > b.second; });
    for (const auto &entry : varying)
        shape.varyingParameters.push_back(entry.first);
    std::map<QString, int> reportedBy;
    for (const RunRecord &run : runs) {
        for (const Metric &metric : run.metrics) {
            if (++reportedBy[metric.name] == 2)
                shape.metrics.push_back(metric.name);
        }
    }
    return shape;
}

std::vector<SweepPlotPoint> sweepPoints(const std::vector<RunRecord> &runs, const QString &parameter,
                                    const QString &metric) {
    std::vector<SweepPlotPoint> points;
    for (const RunRecord &run : runs) {
        const auto x = numericParameter(run.info, parameter);
        const Metric *y = findMetric(run.metrics, metric);
        if (x && y)
            points.push_back({*x, y->value, run.info.id});
    }
    std::stable_sort(points.begin(), points.end(),
                     [](const SweepPlotPoint &a, const SweepPlotPoint &b) { return a.parameter < b.parameter; });
    return points;
}

std::vector<SweepSeries> sweepSeries(const std::vector<RunRecord> &runs, const QString &parameter,
                                     const QString &metric) {
    const SweepShape shape = sweepShape(runs);
    QStringList others = shape.varyingParameters;
    QStringList otherChoices;
    if (others.contains(parameter)) {
        others.removeAll(parameter);
        // Runs that differ only in an enum choice (a method) would zig-zag on one line: split them.
        std::set<std::vector<double>> seen;
        for (const RunRecord &run : runs) {
            std::vector<double> key{numericParameter(run.info, parameter).value_or(0.0)};
            for (const QString &other : others)
                key.push_back(numericParameter(run.info, other).value_or(0.0));
            if (!seen.insert(key).second) {
                otherChoices = shape.varyingChoices;
                break;
            }
        }
    } else if (!others.isEmpty()) {
        others.removeFirst();  // against a metric: the parameter with the most values walks each line
        otherChoices = shape.varyingChoices;
    }
    // Keyed by the other parameters' values, so series come out in their (numeric) order.
    std::map<std::pair<QStringList, std::vector<double>>, std::vector<RunRecord const *>> groups;
    for (const RunRecord &run : runs) {
        std::pair<QStringList, std::vector<double>> key;
        for (const QString &choice : otherChoices)
            key.first << run.info.params.value(choice).toString();
        for (const QString &other : others)
            key.second.push_back(numericParameter(run.info, other).value_or(0.0));
        groups[key].push_back(&run);
    }
    std::vector<SweepSeries> series;
    for (const auto &[key, members] : groups) {
        SweepSeries line;
        QStringList names, values;
        names << otherChoices << others;
        values << key.first;
        for (const double value : key.second)
            values << QString::number(value);
        QStringList parts;
        for (qsizetype i = 0; i < names.size(); ++i)
            parts << QStringLiteral("%1 = %2").arg(names[i], values[i]);
        line.label = parts.join(QStringLiteral(", "));
        line.values = values.join(QStringLiteral(", "));
        line.parameters = names.join(QStringLiteral(", "));
        for (const RunRecord *run : members) {
            const auto x = axisValue(*run, parameter);
            const Metric *y = findMetric(run->metrics, metric);
            if (x && y)
                line.points.push_back({*x, y->value, run->info.id});
        }
        std::stable_sort(line.points.begin(), line.points.end(),
                         [](const SweepPlotPoint &a, const SweepPlotPoint &b) { return a.parameter < b.parameter; });
        if (!line.points.empty())
            series.push_back(std::move(line));
    }
    return series;
}

QString sweepMetricUnit(const std::vector<RunRecord> &runs, const QString &metric) {
    for (const RunRecord &run : runs) {
        if (const Metric *m = findMetric(run.metrics, metric))
            return m->unit;
    }
    return {};
}

}  // namespace accelscope
