#include "core/json/jsonreader.h"

#include <algorithm>
#include <cmath>

#include <QJsonParseError>

#include "core/api/errors.h"

namespace accelscope {

namespace {

QString describe(const QJsonValue &value) {
    switch (value.type()) {
        case QJsonValue::Null:
            return QStringLiteral("null");
        case QJsonValue::Bool:
            return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
        case QJsonValue::Double:
            return QString::number(value.toDouble(), 'g', 10);
        case QJsonValue::String:
            return QLatin1Char('"') + value.toString() + QLatin1Char('"');
        case QJsonValue::Array:
            return QStringLiteral("an array");
        case QJsonValue::Object:
            return QStringLiteral("an object");
        case QJsonValue::Undefined:
            return QStringLiteral("nothing");
    }
    return QStringLiteral("an unknown value");
}

}  // namespace

QJsonDocument JsonReader::parseDocument(const QByteArray &json, const QString &fileName) {
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError) {
        // Qt reports a byte offset; people read files by line and column.
        const int offset = std::clamp(error.offset, 0, int(json.size()));
        int line = 1;
        int column = 1;
        for (int i = 0; i < offset; ++i) {
            if (json.at(i) == '\n') {
                ++line;
                column = 1;
            } else {
                ++column;
            }
        }
        throw InputError(QStringLiteral("%1: invalid JSON at line %2, column %3: %4")
                             .arg(fileName)
                             .arg(line)
                             .arg(column)
                             .arg(error.errorString()));
    }
    return document;
}

JsonReader JsonReader::parseObject(const QByteArray &json, const QString &fileName) {
    const QJsonDocument document = parseDocument(json, fileName);
    if (!document.isObject())
        throw InputError(QStringLiteral("%1: the top level must be a JSON object").arg(fileName));
    return JsonReader(document.object(), fileName);
}

JsonReader::JsonReader(QJsonObject object, QString context)
    : object_(std::move(object)), context_(std::move(context)) {}

bool JsonReader::has(const char *key) const {
    return object_.contains(QLatin1String(key));
}

void JsonReader::fail(const char *key, const QString &problem) const {
    throw InputError(QStringLiteral("%1: field '%2' %3").arg(context_, QLatin1String(key), problem));
}

QJsonValue JsonReader::required(const char *key, const char *expected) const {
    const QJsonValue value = object_.value(QLatin1String(key));
    if (value.isUndefined())
        fail(key, QStringLiteral("is missing (expected %1)").arg(QLatin1String(expected)));
    return value;
}

QString JsonReader::string(const char *key) const {
    const QJsonValue value = required(key, "a non-empty string");
    if (!value.isString() || value.toString().trimmed().isEmpty())
        fail(key, QStringLiteral("must be a non-empty string (got %1)").arg(describe(value)));
    return value.toString();
}

QString JsonReader::optionalString(const char *key) const {
    const QJsonValue value = object_.value(QLatin1String(key));
    if (value.isUndefined())
        return {};
    if (!value.isString())
        fail(key, QStringLiteral("must be a string (got %1)").arg(describe(value)));
    return value.toString();
}

double JsonReader::number(const char *key) const {
    const QJsonValue value = required(key, "a number");
    if (!value.isDouble() || !std::isfinite(value.toDouble()))
        fail(key, QStringLiteral("must be a number (got %1)").arg(describe(value)));
    return value.toDouble();
}

double JsonReader::positiveNumber(const char *key) const {
    const double value = number(key);
    if (!(value > 0))
        fail(key, QStringLiteral("must be a number greater than 0 (got %1)").arg(value));
    return value;
}

double JsonReader::fraction(const char *key) const {
    const double value = number(key);
    if (!(value > 0 && value <= 1))
        fail(key, QStringLiteral("must be a fraction in (0, 1] (got %1)").arg(value));
    return value;
}

int JsonReader::positiveInt(const char *key) const {
    const double value = number(key);
    if (value < 1 || value != std::floor(value) || value > 2147483647.0)
        fail(key, QStringLiteral("must be a whole number of at least 1 (got %1)").arg(value));
    return int(value);
}

bool JsonReader::boolean(const char *key) const {
    const QJsonValue value = required(key, "true or false");
    if (!value.isBool())
        fail(key, QStringLiteral("must be true or false (got %1)").arg(describe(value)));
    return value.toBool();
}

QString JsonReader::choice(const char *key, const QStringList &allowed) const {
    const QJsonValue value = required(key, "a string");
    if (!value.isString() || !allowed.contains(value.toString()))
        fail(key, QStringLiteral("must be one of %1 (got %2)")
                      .arg(allowed.join(QStringLiteral(", ")), describe(value)));
    return value.toString();
}

JsonReader JsonReader::child(const char *key) const {
    const QJsonValue value = required(key, "an object");
    if (!value.isObject())
        fail(key, QStringLiteral("must be an object (got %1)").arg(describe(value)));
    return JsonReader(value.toObject(), context_ + QStringLiteral(", ") + QLatin1String(key));
}

QJsonArray JsonReader::array(const char *key) const {
    const QJsonValue value = required(key, "an array");
    if (!value.isArray())
        fail(key, QStringLiteral("must be an array (got %1)").arg(describe(value)));
    return value.toArray();
}

void JsonReader::rejectUnknownKeys(const QStringList &known) const {
    for (auto it = object_.begin(); it != object_.end(); ++it) {
        if (!known.contains(it.key()))
            throw InputError(QStringLiteral("%1: unknown field '%2' (known fields: %3)")
                                 .arg(context_, it.key(), known.join(QStringLiteral(", "))));
    }
}

}  // namespace accelscope
