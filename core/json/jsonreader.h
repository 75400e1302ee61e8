#pragma once
// Strict reading of the project's JSON data files (devices, device profiles, model zoo).
// Every problem becomes an InputError that names the file, the entry and the field, and says
// what is allowed; a missing or mistyped field is never replaced by a default.

#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>
#include <QStringList>

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

}  // namespace accelscope
