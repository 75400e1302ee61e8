#pragma once
// Typed, documented parameters of a plugin: the schema (what may be set), presets (named sets),
// and a validated ParamSet (what a run was given).

#include <cstdint>
#include <map>
#include <optional>
#include <variant>
#include <vector>

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace accelscope {

enum class ParamType { Int, Double, Enum, Bool };
enum class ParamGroup { Hardware, Workload };

QString toString(ParamType type);
QString toString(ParamGroup group);

// A parameter's value. Enum values are held as their choice string.
using ParamValue = std::variant<std::int64_t, double, bool, QString>;

QString formatValue(const ParamValue &value);
QJsonValue toJson(const ParamValue &value);

struct ParamSpec {
    QString key;    // snake_case, unique within a plugin
    QString label;  // short human label
    ParamType type = ParamType::Int;
    ParamGroup group = ParamGroup::Workload;
    QString unit;         // "" when dimensionless
    double minimum = 0;   // inclusive, Int and Double only
    double maximum = 0;   // inclusive, Int and Double only
    QStringList choices;  // Enum only
    ParamValue defaultValue;
    QString doc;  // one line

    static ParamSpec integer(QString key, QString label, ParamGroup group, std::int64_t def, std::int64_t min,
                             std::int64_t max, QString unit, QString doc);
    static ParamSpec real(QString key, QString label, ParamGroup group, double def, double min, double max,
                          QString unit, QString doc);
    static ParamSpec choice(QString key, QString label, ParamGroup group, QString def, QStringList choices,
                            QString doc);
    static ParamSpec flag(QString key, QString label, ParamGroup group, bool def, QString doc);

    // What values are allowed, in words: "an integer from 1 to 8", "one of gpt2-345m, ...".
    QString allowed() const;
    // Parses and range-checks text typed by a user; throws InputError naming key, value, allowed.
    ParamValue parse(const QString &text) const;
    // Checks a value of any alternative (converting int to double where harmless).
    ParamValue check(const ParamValue &value) const;
};

class ParamSchema {
public:
    ParamSchema() = default;
    explicit ParamSchema(std::vector<ParamSpec> specs);  // throws std::logic_error on duplicate keys

    const std::vector<ParamSpec> &specs() const { return specs_; }
    const ParamSpec *find(const QString &key) const;
    // Throws InputError listing the known keys when the key is unknown.
    const ParamSpec &at(const QString &key) const;

private:
    std::vector<ParamSpec> specs_;
};

struct Preset {
    QString name;                          // "paper" is required for every plugin
    QString description;                   // one line
    std::map<QString, ParamValue> values;  // keys not listed keep their defaults
};

// A complete, validated assignment of every key in a schema.
class ParamSet {
public:
    ParamSet() = default;
    explicit ParamSet(const ParamSchema &schema);  // all defaults

    static ParamSet fromPreset(const ParamSchema &schema, const Preset &preset);
    static ParamSet fromJson(const ParamSchema &schema, const QJsonObject &object);

    void set(const QString &key, const ParamValue &value);  // validated
    void setText(const QString &key, const QString &text);  // parsed + validated
    // Applies "key=value"; throws InputError on a malformed assignment.
    void assign(const QString &assignment);

    std::int64_t integer(const QString &key) const;
    double real(const QString &key) const;  // Int or Double
    bool flag(const QString &key) const;
    QString choice(const QString &key) const;
    const ParamValue &value(const QString &key) const;
    const std::map<QString, ParamValue> &values() const { return values_; }

    QJsonObject toJson() const;
    const ParamSchema &schema() const { return schema_; }

private:
    ParamSchema schema_;
    std::map<QString, ParamValue> values_;
};

const Preset *findPreset(const std::vector<Preset> &presets, const QString &name);

}  // namespace accelscope
