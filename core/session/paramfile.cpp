#include "core/session/paramfile.h"

#include <cmath>
#include <optional>

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include "core/api/errors.h"
#include "core/json/jsonreader.h"

namespace accelscope {

namespace {

bool isScalar(const QJsonValue &value) {
    return value.isBool() || value.isDouble() || value.isString();
}

// A value as --set would spell it (integers exactly, however large).
QString valueText(const QJsonValue &value) {
    switch (value.type()) {
        case QJsonValue::Bool:
            return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
        case QJsonValue::Double: {
            const double d = value.toDouble();
            if (std::trunc(d) == d && std::abs(d) < 9.2e18)
                return QString::number(value.toInteger(static_cast<qint64>(d)));
            return QString::number(d, 'g', 17);
        }
        case QJsonValue::String:
            return value.toString();
        default:
            return {};
    }
}

}  // namespace

ParamFile ParamFile::read(const QString &path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw InputError(QStringLiteral("parameter file %1 cannot be read: %2").arg(path, file.errorString()));
    constexpr qint64 kMaxBytes = 16 << 20;
    if (file.size() > kMaxBytes)
        throw InputError(QStringLiteral("parameter file %1 is %2 bytes; a parameter file is at most 16 MiB")
                             .arg(path)
                             .arg(file.size()));
    return parse(file.readAll(), path);
}

ParamFile ParamFile::parse(const QByteArray &json, const QString &fileName) {
    const JsonReader root = JsonReader::parseObject(json, fileName);
    root.rejectUnknownKeys({QStringLiteral("format"), QStringLiteral("plugin"), QStringLiteral("preset"),
                            QStringLiteral("params")});
    const QString format = root.optionalString("format");
    if (format != kFormat)
        throw InputError(QStringLiteral("%1: not a parameter file: field 'format' must be \"%2\"%3")
                             .arg(fileName, kFormat,
                                  format.isEmpty() ? QString() : QStringLiteral(", not \"%1\"").arg(format)));
    ParamFile file;
    file.fileName_ = fileName;
    file.plugin_ = root.optionalString("plugin");
    file.preset_ = root.optionalString("preset");
    const QJsonValue params = root.object().value(QStringLiteral("params"));
    if (!params.isUndefined() && !params.isObject())
        throw InputError(QStringLiteral("%1: field 'params' must be an object of key: value").arg(fileName));
    const QJsonObject object = params.toObject();
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!isScalar(it.value()))
            throw InputError(QStringLiteral("%1: params.%2 must be a number, a string or true/false")
                                 .arg(fileName, it.key()));
        file.values_.emplace_back(it.key(), it.value());
    }
    return file;
}

ParamFile ParamFile::fromParams(const QString &pluginId, const QString &preset, const std::vector<Preset> &presets,
                                const ParamSet &params) {
    ParamFile file;
    file.plugin_ = pluginId;
    file.preset_ = preset;
    std::optional<ParamSet> base;
    if (const Preset *p = findPreset(presets, preset))
        base = ParamSet::fromPreset(params.schema(), *p);
    for (const auto &[key, value] : params.values()) {
        if (base && base->value(key) == value)
            continue;
        file.values_.emplace_back(key, accelscope::toJson(value));
    }
    return file;
}

QByteArray ParamFile::toJson() const {
    QJsonObject root;
    root.insert(QStringLiteral("format"), kFormat);
    if (!plugin_.isEmpty())
        root.insert(QStringLiteral("plugin"), plugin_);
    if (!preset_.isEmpty())
        root.insert(QStringLiteral("preset"), preset_);
    QJsonObject params;
    for (const auto &[key, value] : values_)
        params.insert(key, value);
    root.insert(QStringLiteral("params"), params);
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

void ParamFile::write(const QString &path) const {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(toJson()) < 0 || !file.commit())
        throw InputError(QStringLiteral("parameter file %1 cannot be written: %2").arg(path, file.errorString()));
}

void ParamFile::checkPlugin(const QString &pluginId) const {
    if (!plugin_.isEmpty() && plugin_ != pluginId)
        throw InputError(QStringLiteral("%1: the file is for plugin '%2', not '%3'").arg(fileName_, plugin_, pluginId));
}

void ParamFile::applyTo(ParamSet &params) const {
    for (const auto &[key, value] : values_) {
        try {
            params.setText(key, valueText(value));
        } catch (const InputError &e) {
            throw InputError(QStringLiteral("%1: params.%2: %3").arg(fileName_, key, QString::fromUtf8(e.what())));
        }
    }
}

}  // namespace accelscope
