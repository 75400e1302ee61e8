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

#include "core/io/tensorfile.h"

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

// An input tensor a plugin accepts, read from a .npy or .safetensors file (the command line's
// --tensor NAME=FILE[:TENSOR]). Each dimension is named; one with a fixed size accepts only that
// size. Constraints that depend on parameters (d_model of the chosen model) are the plugin's to
// check when it creates the model.
struct TensorDim {
    QString name;  // "tokens", "d_model"
    std::int64_t size = -1;  // kAnySize: any size of at least 1
    static constexpr std::int64_t kAnySize = -1;
};

struct TensorSpec {
    QString name;  // snake_case, unique among the plugin's tensors
    QString doc;   // one line: what the tensor is and how the model uses it
    std::vector<TensorDim> dims;

    // "a 2-D tensor [tokens, d_model]".
    QString allowed() const;
    // Throws InputError naming the tensor, `source`, the shape it has and the shape allowed.
    void check(const io::TensorInfo &info, const QString &source) const;
};

class ParamSchema {
public:
    ParamSchema() = default;
    // Throws std::logic_error on duplicate keys or tensor names, or a key named "tensors".
    explicit ParamSchema(std::vector<ParamSpec> specs, std::vector<TensorSpec> tensors = {});

    const std::vector<ParamSpec> &specs() const { return specs_; }
    const ParamSpec *find(const QString &key) const;
    // Throws InputError listing the known keys when the key is unknown.
    const ParamSpec &at(const QString &key) const;

    const std::vector<TensorSpec> &tensors() const { return tensors_; }
    const TensorSpec *findTensor(const QString &name) const;
    // Throws InputError listing the tensors the plugin accepts when it accepts no `name`.
    const TensorSpec &tensorAt(const QString &name) const;

private:
    std::vector<ParamSpec> specs_;
    std::vector<TensorSpec> tensors_;
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
    // Tensors under kTensorsKey are read again from their files, which must still have the
    // recorded sha256.
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

    // Input tensors (see TensorSpec). setTensor checks the shape against the schema;
    // assignTensor reads "NAME=FILE[:TENSOR]" (TENSOR names one in a .safetensors file).
    void setTensor(const QString &name, io::LoadedTensor tensor);
    void assignTensor(const QString &assignment);
    // Null when the run was given no such tensor.
    const io::LoadedTensor *tensor(const QString &name) const;
    const std::map<QString, io::LoadedTensor> &tensors() const { return tensors_; }

    // The values, and under kTensorsKey each tensor given as {file, tensor, sha256, shape, dtype},
    // so a recorded run names the exact file it read.
    QJsonObject toJson() const;
    static inline const QString kTensorsKey = QStringLiteral("tensors");
    const ParamSchema &schema() const { return schema_; }

private:
    void restoreTensors(const QJsonValue &recorded);

    ParamSchema schema_;
    std::map<QString, ParamValue> values_;
    std::map<QString, io::LoadedTensor> tensors_;
};

const Preset *findPreset(const std::vector<Preset> &presets, const QString &name);

}  // namespace accelscope
