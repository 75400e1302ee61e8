#pragma once
// Strict reading of the project's JSON data files (devices, device profiles, model zoo, diffusion
// backbones).
// Every problem becomes an InputError that names the file, the entry and the field, and says
// what is allowed; a missing or mistyped field is never replaced by a default.

#include <vector>

#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>
#include <QSet>
#include <QStringList>

#include "core/api/errors.h"

namespace accelscope {

class JsonReader {
public:
    // Parses a whole document. A syntax error names the file, line and column.
    static QJsonDocument parseDocument(const QByteArray &json, const QString &fileName);
    // Parses a document whose top level must be an object.
    static JsonReader parseObject(const QByteArray &json, const QString &fileName);

    // `context` names where `object` sits: "rtx-4090.json" or "transformers.json, models[3] (opt-6.7b)".
    JsonReader(QJsonObject object, QString context);

    const QString &context() const { return context_; }
    const QJsonObject &object() const { return object_; }
    bool has(const char *key) const;

    QString string(const char *key) const;          // required, non-empty
    QString optionalString(const char *key) const;  // absent → empty; present must be a string
    double number(const char *key) const;           // required, finite
    double positiveNumber(const char *key) const;   // required, > 0
    double fraction(const char *key) const;         // required, in (0, 1]
    int positiveInt(const char *key) const;         // required integer >= 1
    bool boolean(const char *key) const;            // required
    QString choice(const char *key, const QStringList &allowed) const;
    JsonReader child(const char *key) const;  // required object
    QJsonArray array(const char *key) const;  // required array
    // Fails on any key not listed, so a misspelt field cannot be silently ignored.
    void rejectUnknownKeys(const QStringList &known) const;

    [[noreturn]] void fail(const char *key, const QString &problem) const;

private:
    QJsonValue required(const char *key, const char *expected) const;

    QJsonObject object_;
    QString context_;
};

// The objects of `root[key]` (at least one `what`: "model"), each read by `parse(JsonReader)`
// with a context naming the file, the index and the entry's id ("transformers.json, models[3]
// (opt-6.7b)"). The results' `id`s must be unique.
template <class T, class Parse>
std::vector<T> parseEntries(const JsonReader &root, const char *key, const QString &what, Parse parse) {
    const QJsonArray entries = root.array(key);
    if (entries.isEmpty())
        root.fail(key, QStringLiteral("must list at least one %1").arg(what));
    std::vector<T> result;
    QSet<QString> ids;
    for (qsizetype i = 0; i < entries.size(); ++i) {
        QString context = QStringLiteral("%1, %2[%3]").arg(root.context(), QString::fromLatin1(key)).arg(i);
        if (!entries.at(i).isObject())
            throw InputError(context + QStringLiteral(": each %1 must be a JSON object").arg(what));
        const QString id = entries.at(i).toObject().value(QStringLiteral("id")).toString();
        if (!id.isEmpty())
            context += QStringLiteral(" (%1)").arg(id);
        T entry = parse(JsonReader(entries.at(i).toObject(), context));
        if (ids.contains(entry.id))
            throw InputError(context + QStringLiteral(": duplicate %1 id '%2'").arg(what, entry.id));
        ids.insert(entry.id);
        result.push_back(std::move(entry));
    }
    return result;
}

}  // namespace accelscope
