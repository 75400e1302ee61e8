#include "core/api/plugin.h"

#include <QJsonArray>

#include "core/api/errors.h"

namespace accelscope {

PluginInfo PluginInfo::fromJson(const QJsonObject &m) {
    PluginInfo info;
    const auto text = [&](const char *key, bool required) {
        const QJsonValue v = m.value(QLatin1String(key));
        if (required && (!v.isString() || v.toString().isEmpty()))
            throw InputError(
                QStringLiteral("plugin metadata: missing or empty '%1'").arg(QLatin1String(key)));
        return v.toString();
    };
    info.id = text("id", true);
    info.name = text("name", true);
    info.family = text("family", true);
    info.paperTitle = text("paper", true);
    info.venue = text("venue", false);
    info.summary = text("summary", false);
    info.version = text("version", false);
    info.year = m.value(QStringLiteral("year")).toInt();
    info.apiVersion = m.value(QStringLiteral("apiVersion")).toInt();
    for (const QJsonValue &a : m.value(QStringLiteral("authors")).toArray())
        info.authors << a.toString();
    for (const QJsonValue &v : m.value(QStringLiteral("views")).toArray())
        info.views << v.toString();
    return info;
}

QJsonObject PluginInfo::toJson() const {
    return QJsonObject{{QStringLiteral("id"), id},
                       {QStringLiteral("name"), name},
                       {QStringLiteral("family"), family},
                       {QStringLiteral("paper"), paperTitle},
                       {QStringLiteral("authors"), QJsonArray::fromStringList(authors)},
                       {QStringLiteral("venue"), venue},
                       {QStringLiteral("year"), year},
                       {QStringLiteral("summary"), summary},
                       {QStringLiteral("views"), QJsonArray::fromStringList(views)},
                       {QStringLiteral("apiVersion"), apiVersion},
                       {QStringLiteral("version"), version}};
}

}  // namespace accelscope
