#pragma once
// Reads back an exported Chrome trace the strict way a viewer would: the whole file through a
// JSON parser, then every thread's complete events checked for proper nesting.

#include <algorithm>
#include <cmath>
#include <map>
#include <vector>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include "core/api/trace.h"

namespace accelscope::test {

inline QJsonObject parseJsonFile(const QString &path, QString *error) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = file.errorString();
        return {};
    }
    QJsonParseError parseError{};
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError)
        *error = QStringLiteral("%1 at byte %2").arg(parseError.errorString()).arg(parseError.offset);
    return document.object();
}

inline TimePs usToPs(const QJsonValue &value) {
    return std::llround(value.toDouble() * 1e6);
}

// "" when the X events of every (pid, tid) are disjoint or nested; else the first offence.
inline QString nestingProblem(const QJsonArray &events) {
    std::map<std::pair<qint64, qint64>, std::vector<std::pair<TimePs, TimePs>>> byThread;
    for (const QJsonValue &v : events) {
        const QJsonObject e = v.toObject();
        if (e.value(QStringLiteral("ph")).toString() != QLatin1String("X"))
            continue;
        const TimePs begin = usToPs(e.value(QStringLiteral("ts")));
        byThread[{e.value(QStringLiteral("pid")).toInteger(), e.value(QStringLiteral("tid")).toInteger()}].push_back(
            {begin, begin + usToPs(e.value(QStringLiteral("dur")))});
    }
    for (auto &[thread, spans] : byThread) {
        std::sort(spans.begin(), spans.end(), [](const auto &a, const auto &b) {
            return a.first != b.first ? a.first < b.first : a.second > b.second;
        });
        std::vector<TimePs> open;
        for (const auto &[begin, end] : spans) {
            while (!open.empty() && open.back() <= begin)
                open.pop_back();
            if (!open.empty() && end > open.back())
                return QStringLiteral("pid %1 tid %2: [%3, %4] overlaps an event ending at %5 without nesting")
                    .arg(thread.first)
                    .arg(thread.second)
                    .arg(begin)
                    .arg(end)
                    .arg(open.back());
            open.push_back(end);
        }
    }
    return {};
}

inline QJsonArray eventsOfPhase(const QJsonArray &events, const QString &phase) {
    QJsonArray out;
    for (const QJsonValue &v : events) {
        if (v.toObject().value(QStringLiteral("ph")).toString() == phase)
            out.append(v);
    }
    return out;
}

}  // namespace accelscope::test
