#include "core/session/sweep.h"

#include <set>

#include "core/api/errors.h"

namespace accelscope {

SweepAxis SweepAxis::parse(const QString &text) {
    const qsizetype eq = text.indexOf(QLatin1Char('='));
    if (eq <= 0)
        throw InputError(QStringLiteral("malformed sweep '%1'; expected KEY=V1,V2,...").arg(text));
    SweepAxis axis;
    axis.key = text.left(eq).trimmed();
    for (const QString &value : text.mid(eq + 1).split(QLatin1Char(','))) {
        const QString trimmed = value.trimmed();
        if (trimmed.isEmpty())
            throw InputError(
                QStringLiteral("malformed sweep '%1': empty value; expected KEY=V1,V2,...").arg(text));
        if (axis.values.contains(trimmed))
            throw InputError(QStringLiteral("malformed sweep '%1': value '%2' is listed twice; list each value once")
                                 .arg(text, trimmed));
        axis.values << trimmed;
    }
    return axis;
}

namespace {
// Cartesian product of the axes' value indices, first axis outermost.
std::vector<std::vector<qsizetype>> combinations(const std::vector<SweepAxis> &axes) {
    std::vector<std::vector<qsizetype>> result{{}};
    for (const SweepAxis &axis : axes) {
        std::vector<std::vector<qsizetype>> next;
        for (const auto &prefix : result) {
            for (qsizetype v = 0; v < axis.values.size(); ++v) {
                auto point = prefix;
                point.push_back(v);
                next.push_back(std::move(point));
            }
        }
        result = std::move(next);
    }
    return result;
}
}  // namespace

std::vector<RunRequest> sweepRequests(const AcceleratorPlugin &plugin, const SweepRequest &request) {
    if (request.axes.empty())
        throw InputError(QStringLiteral("a sweep needs at least one --vary KEY=V1,V2,..."));
    const ParamSchema schema = plugin.schema();
    std::set<QString> keys;
    for (const SweepAxis &axis : request.axes) {
        const ParamSpec &spec = schema.at(axis.key);  // unknown key: lists the known ones
        if (!keys.insert(axis.key).second)
            throw InputError(
                QStringLiteral("parameter '%1' is varied twice; give each key one --vary").arg(axis.key));
        for (const QString &value : axis.values)
            spec.parse(value);  // names key, value and what is allowed
    }
    request.base.resolve(plugin);

    std::vector<RunRequest> requests;
    for (const auto &point : combinations(request.axes)) {
        RunRequest run = request.base;
        for (std::size_t a = 0; a < request.axes.size(); ++a)
            run.assignments << request.axes[a].key + QLatin1Char('=') + request.axes[a].values[point[a]];
        requests.push_back(std::move(run));
    }
    return requests;
}

std::vector<SweepPoint> runSweep(const PluginInfo &info, const AcceleratorPlugin &plugin,
                                 const SweepRequest &request, const ProgressCallback &progress) {
    const std::vector<RunRequest> requests = sweepRequests(plugin, request);
    std::vector<RunOutcome> outcomes = runBatch(info, plugin, requests, progress, request.maxThreads);
    std::vector<SweepPoint> points;
    const auto indices = combinations(request.axes);
    for (std::size_t i = 0; i < outcomes.size(); ++i) {
        SweepPoint point;
        for (std::size_t a = 0; a < request.axes.size(); ++a)
            point.coordinates.emplace_back(request.axes[a].key, request.axes[a].values[indices[i][a]]);
        point.outcome = std::move(outcomes[i]);
        points.push_back(std::move(point));
    }
    return points;
}

}  // namespace accelscope
