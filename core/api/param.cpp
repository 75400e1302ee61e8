#include "core/api/param.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonValue>

#include "core/api/errors.h"

namespace accelscope {

QString toString(ParamType type) {
    switch (type) {
        case ParamType::Int:
            return QStringLiteral("int");
        case ParamType::Double:
            return QStringLiteral("double");
        case ParamType::Enum:
            return QStringLiteral("enum");
        case ParamType::Bool:
            return QStringLiteral("bool");
    }
    return {};
}

QString toString(ParamGroup group) {
    return group == ParamGroup::Hardware ? QStringLiteral("hardware") : QStringLiteral("workload");
}

QString formatValue(const ParamValue &value) {
    if (const auto *i = std::get_if<std::int64_t>(&value))
        return QString::number(*i);
    if (const auto *d = std::get_if<double>(&value))
        return QString::number(*d, 'g', 12);
    if (const auto *b = std::get_if<bool>(&value))
        return *b ? QStringLiteral("true") : QStringLiteral("false");
    return std::get<QString>(value);
}

QJsonValue toJson(const ParamValue &value) {
    if (const auto *i = std::get_if<std::int64_t>(&value))
        return QJsonValue(static_cast<qint64>(*i));
    if (const auto *d = std::get_if<double>(&value))
        return QJsonValue(*d);
    if (const auto *b = std::get_if<bool>(&value))
        return QJsonValue(*b);
    return QJsonValue(std::get<QString>(value));
}

ParamSpec ParamSpec::integer(QString key, QString label, ParamGroup group, std::int64_t def, std::int64_t min,
                             std::int64_t max, QString unit, QString doc) {
    ParamSpec spec;
    spec.key = std::move(key);
    spec.label = std::move(label);
    spec.type = ParamType::Int;
    spec.group = group;
    spec.defaultValue = def;
    spec.minimum = static_cast<double>(min);
    spec.maximum = static_cast<double>(max);
    spec.unit = std::move(unit);
    spec.doc = std::move(doc);
    return spec;
}

ParamSpec ParamSpec::real(QString key, QString label, ParamGroup group, double def, double min, double max,
                          QString unit, QString doc) {
    ParamSpec spec;
    spec.key = std::move(key);
    spec.label = std::move(label);
    spec.type = ParamType::Double;
    spec.group = group;
    spec.defaultValue = def;
    spec.minimum = min;
    spec.maximum = max;
    spec.unit = std::move(unit);
    spec.doc = std::move(doc);
    return spec;
}

ParamSpec ParamSpec::choice(QString key, QString label, ParamGroup group, QString def, QStringList choices,
                            QString doc) {
    ParamSpec spec;
    spec.key = std::move(key);
    spec.label = std::move(label);
    spec.type = ParamType::Enum;
    spec.group = group;
    spec.defaultValue = std::move(def);
    spec.choices = std::move(choices);
    spec.doc = std::move(doc);
    return spec;
}

ParamSpec ParamSpec::flag(QString key, QString label, ParamGroup group, bool def, QString doc) {
    ParamSpec spec;
    spec.key = std::move(key);
    spec.label = std::move(label);
    spec.type = ParamType::Bool;
    spec.group = group;
    spec.defaultValue = def;
    spec.doc = std::move(doc);
    return spec;
}

QString ParamSpec::allowed() const {
    const QString unitSuffix = unit.isEmpty() ? QString() : QStringLiteral(" ") + unit;
    switch (type) {
        case ParamType::Int: {
            // A bound at the edge of int64 is held as a double that may round past it; converting
            // that back would be undefined.
            const auto integer = [](double bound) {
                constexpr double kEdge = 9223372036854775807.0;  // 2^63 as a double
                return bound >= kEdge    ? std::numeric_limits<qint64>::max()
                       : bound <= -kEdge ? std::numeric_limits<qint64>::min()
                                         : static_cast<qint64>(bound);
            };
            return QStringLiteral("an integer from %1 to %2%3")
                .arg(integer(minimum))
                .arg(integer(maximum))
                .arg(unitSuffix);
        }
        case ParamType::Double:
            return QStringLiteral("a number from %1 to %2%3").arg(minimum).arg(maximum).arg(unitSuffix);
        case ParamType::Enum:
            return QStringLiteral("one of ") + choices.join(QStringLiteral(", "));
        case ParamType::Bool:
            return QStringLiteral("true or false");
    }
    return {};
}

namespace {
[[noreturn]] void reject(const ParamSpec &spec, const QString &text, const QString &problem) {
    throw InputError(
        QStringLiteral("parameter '%1': %2 '%3'; allowed: %4").arg(spec.key, problem, text, spec.allowed()));
}
}  // namespace

ParamValue ParamSpec::parse(const QString &raw) const {
    const QString text = raw.trimmed();
    switch (type) {
        case ParamType::Int: {
            bool ok = false;
            const qlonglong v = text.toLongLong(&ok);
            if (!ok)
                reject(*this, raw, QStringLiteral("not an integer:"));
            return check(static_cast<std::int64_t>(v));
        }
        case ParamType::Double: {
            bool ok = false;
            const double v = text.toDouble(&ok);
            if (!ok || !std::isfinite(v))
                reject(*this, raw, QStringLiteral("not a finite number:"));
            return check(v);
        }
        case ParamType::Enum:
            return check(text);
        case ParamType::Bool: {
            const QString lower = text.toLower();
            if (lower == QLatin1String("true") || lower == QLatin1String("1") ||
                lower == QLatin1String("yes") || lower == QLatin1String("on"))
                return true;
            if (lower == QLatin1String("false") || lower == QLatin1String("0") ||
                lower == QLatin1String("no") || lower == QLatin1String("off"))
                return false;
            reject(*this, raw, QStringLiteral("not a boolean:"));
        }
    }
    reject(*this, raw, QStringLiteral("unsupported value"));
}

ParamValue ParamSpec::check(const ParamValue &value) const {
    const QString text = formatValue(value);
    switch (type) {
        case ParamType::Int: {
            std::int64_t v = 0;
            if (const auto *i = std::get_if<std::int64_t>(&value)) {
                v = *i;
            } else if (const auto *d = std::get_if<double>(&value)) {
                if (!std::isfinite(*d) || std::floor(*d) != *d || std::fabs(*d) > 9.0e15)
                    reject(*this, text, QStringLiteral("not an integer:"));
                v = static_cast<std::int64_t>(*d);
            } else {
                reject(*this, text, QStringLiteral("not an integer:"));
            }
            if (static_cast<double>(v) < minimum || static_cast<double>(v) > maximum)
                reject(*this, text, QStringLiteral("out of range:"));
            return v;
        }
        case ParamType::Double: {
            double v = 0;
            if (const auto *d = std::get_if<double>(&value))
                v = *d;
            else if (const auto *i = std::get_if<std::int64_t>(&value))
                v = static_cast<double>(*i);
            else
                reject(*this, text, QStringLiteral("not a number:"));
            if (!std::isfinite(v))
                reject(*this, text, QStringLiteral("not a finite number:"));
            if (v < minimum || v > maximum)
                reject(*this, text, QStringLiteral("out of range:"));
            return v;
        }
        case ParamType::Enum: {
            const auto *s = std::get_if<QString>(&value);
            if (!s || !choices.contains(*s))
                reject(*this, text, QStringLiteral("unknown choice"));
            return *s;
        }
        case ParamType::Bool: {
            const auto *b = std::get_if<bool>(&value);
            if (!b)
                reject(*this, text, QStringLiteral("not a boolean:"));
            return *b;
        }
    }
    reject(*this, text, QStringLiteral("unsupported value"));
}

namespace {

// A dimension named "NAME?" is optional when it leads: the shapes a spec accepts are its dims with
// 0, 1, ... of its leading optional dimensions left out, shortest first.
bool isOptional(const TensorDim &d) {
    return d.name.endsWith(QLatin1Char('?'));
}

std::vector<std::vector<TensorDim>> acceptedShapes(const std::vector<TensorDim> &dims) {
    std::size_t optional = 0;
    while (optional < dims.size() && isOptional(dims[optional]))
        ++optional;
    std::vector<std::vector<TensorDim>> shapes;
    for (std::size_t drop = optional + 1; drop-- > 0;) {
        std::vector<TensorDim> shape(dims.begin() + static_cast<std::ptrdiff_t>(drop), dims.end());
        for (TensorDim &d : shape)
            if (isOptional(d))
                d.name.chop(1);
        shapes.push_back(std::move(shape));
    }
    return shapes;
}

QString shapeText(const std::vector<TensorDim> &dims) {
    QStringList names;
    for (const TensorDim &d : dims)
        names << (d.size == TensorDim::kAnySize ? d.name : QStringLiteral("%1 = %2").arg(d.name).arg(d.size));
    return QStringLiteral("a %1-D tensor [%2]").arg(dims.size()).arg(names.join(QStringLiteral(", ")));
}

bool fits(const std::vector<TensorDim> &dims, const io::TensorInfo &info) {
    bool fits = info.shape.size() == dims.size();
    for (std::size_t k = 0; fits && k < dims.size(); ++k)
        fits = info.shape[k] >= 1 && (dims[k].size == TensorDim::kAnySize || info.shape[k] == dims[k].size);
    return fits;
}

}  // namespace

QString TensorSpec::allowed() const {
    const std::vector<std::vector<TensorDim>> shapes = acceptedShapes(dims);
    QString text;
    for (std::size_t i = 0; i < shapes.size(); ++i)
        text += (i == 0 ? QString() : i + 1 == shapes.size() ? QStringLiteral(" or ") : QStringLiteral(", ")) +
                shapeText(shapes[i]);
    return text;
}

void TensorSpec::check(const io::TensorInfo &info, const QString &source) const {
    const std::vector<std::vector<TensorDim>> shapes = acceptedShapes(dims);
    if (std::none_of(shapes.begin(), shapes.end(), [&info](const auto &shape) { return fits(shape, info); }))
        throw InputError(QStringLiteral("tensor '%1' from '%2': shape %3 does not fit; allowed: %4")
                             .arg(name, source, info.shapeText(), allowed()));
}

ParamSchema::ParamSchema(std::vector<ParamSpec> specs, std::vector<TensorSpec> tensors)
    : specs_(std::move(specs)), tensors_(std::move(tensors)) {
    for (std::size_t i = 0; i < tensors_.size(); ++i) {
        for (std::size_t j = i + 1; j < tensors_.size(); ++j) {
            if (tensors_[i].name == tensors_[j].name)
                throw std::logic_error("duplicate tensor name " + tensors_[i].name.toStdString());
        }
    }
    for (std::size_t i = 0; i < specs_.size(); ++i) {
        if (specs_[i].key == ParamSet::kTensorsKey)
            throw std::logic_error("the parameter key 'tensors' is reserved for input tensors");
        for (std::size_t j = i + 1; j < specs_.size(); ++j) {
            if (specs_[i].key == specs_[j].key)
                throw std::logic_error("duplicate parameter key " + specs_[i].key.toStdString());
        }
        specs_[i].check(specs_[i].defaultValue);  // a bad default is a programming error
    }
}

const ParamSpec *ParamSchema::find(const QString &key) const {
    for (const ParamSpec &spec : specs_) {
        if (spec.key == key)
            return &spec;
    }
    return nullptr;
}

const ParamSpec &ParamSchema::at(const QString &key) const {
    if (const ParamSpec *spec = find(key))
        return *spec;
    QStringList keys;
    for (const ParamSpec &spec : specs_)
        keys << spec.key;
    throw InputError(QStringLiteral("unknown parameter '%1'; known parameters: %2")
                         .arg(key, keys.join(QStringLiteral(", "))));
}

const TensorSpec *ParamSchema::findTensor(const QString &name) const {
    for (const TensorSpec &spec : tensors_) {
        if (spec.name == name)
            return &spec;
    }
    return nullptr;
}

const TensorSpec &ParamSchema::tensorAt(const QString &name) const {
    if (const TensorSpec *spec = findTensor(name))
        return *spec;
    QStringList names;
    for (const TensorSpec &spec : tensors_)
        names << QStringLiteral("%1 (%2)").arg(spec.name, spec.allowed());
    throw InputError(names.isEmpty()
                         ? QStringLiteral("unknown tensor '%1': this plugin accepts no input tensors").arg(name)
                         : QStringLiteral("unknown tensor '%1'; this plugin accepts: %2").arg(name, names.join(QStringLiteral(", "))));
}

ParamSet::ParamSet(const ParamSchema &schema) : schema_(schema) {
    for (const ParamSpec &spec : schema_.specs())
        values_[spec.key] = spec.defaultValue;
}

ParamSet ParamSet::fromPreset(const ParamSchema &schema, const Preset &preset) {
    ParamSet set(schema);
    for (const auto &[key, value] : preset.values)
        set.set(key, value);
    return set;
}

ParamSet ParamSet::fromJson(const ParamSchema &schema, const QJsonObject &object) {
    ParamSet set(schema);
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (it.key() == kTensorsKey) {
            set.restoreTensors(it.value());
            continue;
        }
        const ParamSpec &spec = schema.at(it.key());
        const QJsonValue v = it.value();
        if (v.isBool())
            set.set(it.key(), v.toBool());
        else if (v.isString())
            set.setText(it.key(), v.toString());
        else if (v.isDouble() && spec.type == ParamType::Int)
            set.set(it.key(), v.toDouble());
        else if (v.isDouble())
            set.set(it.key(), v.toDouble());
        else
            throw InputError(QStringLiteral("parameter '%1': unsupported JSON value; allowed: %2")
                                 .arg(it.key(), spec.allowed()));
    }
    return set;
}

void ParamSet::set(const QString &key, const ParamValue &value) {
    values_[key] = schema_.at(key).check(value);
}

void ParamSet::setText(const QString &key, const QString &text) {
    values_[key] = schema_.at(key).parse(text);
}

void ParamSet::assign(const QString &assignment) {
    const qsizetype eq = assignment.indexOf(QLatin1Char('='));
    if (eq <= 0)
        throw InputError(QStringLiteral("malformed assignment '%1'; expected KEY=VALUE").arg(assignment));
    setText(assignment.left(eq).trimmed(), assignment.mid(eq + 1));
}

const ParamValue &ParamSet::value(const QString &key) const {
    const auto found = values_.find(key);
    if (found == values_.end())
        schema_.at(key);  // throws with the list of known keys
    return found->second;
}

std::int64_t ParamSet::integer(const QString &key) const {
    return std::get<std::int64_t>(value(key));
}

double ParamSet::real(const QString &key) const {
    const ParamValue &v = value(key);
    if (const auto *i = std::get_if<std::int64_t>(&v))
        return static_cast<double>(*i);
    return std::get<double>(v);
}

bool ParamSet::flag(const QString &key) const {
    return std::get<bool>(value(key));
}

QString ParamSet::choice(const QString &key) const {
    return std::get<QString>(value(key));
}

void ParamSet::setTensor(const QString &name, io::LoadedTensor tensor) {
    const TensorSpec &spec = schema_.tensorAt(name);
    if (!tensor.tensor)
        throw InputError(QStringLiteral("tensor '%1': nothing was read from '%2'").arg(name, tensor.path));
    spec.check(tensor.tensor->info, tensor.path);
    tensors_[name] = std::move(tensor);
}

void ParamSet::assignTensor(const QString &assignment) {
    const qsizetype eq = assignment.indexOf(QLatin1Char('='));
    if (eq <= 0 || eq == assignment.size() - 1)
        throw InputError(QStringLiteral("malformed tensor '%1'; expected NAME=FILE or NAME=FILE.safetensors:TENSOR")
                             .arg(assignment));
    const QString name = assignment.left(eq).trimmed();
    schema_.tensorAt(name);  // an unknown name fails before any file is read
    QString file = assignment.mid(eq + 1);
    QString tensorName;
    // FILE:TENSOR, unless the whole text names an existing file (a path may contain ':').
    const qsizetype colon = file.lastIndexOf(QLatin1Char(':'));
    if (colon > 0 && !QFileInfo::exists(file)) {
        tensorName = file.mid(colon + 1);
        file.truncate(colon);
    }
    setTensor(name, io::loadTensorFile(file, tensorName));
}

const io::LoadedTensor *ParamSet::tensor(const QString &name) const {
    const auto found = tensors_.find(name);
    return found == tensors_.end() ? nullptr : &found->second;
}

void ParamSet::restoreTensors(const QJsonValue &recorded) {
    const QJsonObject tensors = recorded.toObject();
    for (auto it = tensors.begin(); it != tensors.end(); ++it) {
        const QJsonObject entry = it.value().toObject();
        const QString file = entry.value(QStringLiteral("file")).toString();
        io::LoadedTensor loaded = io::loadTensorFile(file, entry.value(QStringLiteral("tensor")).toString());
        const QString sha256 = entry.value(QStringLiteral("sha256")).toString();
        if (loaded.sha256 != sha256)
            throw InputError(QStringLiteral("tensor '%1': '%2' has changed since the run (sha256 %3, recorded %4); "
                                            "restore the file the run read")
                                 .arg(it.key(), file, loaded.sha256, sha256));
        setTensor(it.key(), std::move(loaded));
    }
}

QJsonObject ParamSet::toJson() const {
    QJsonObject object;
    for (const auto &[key, value] : values_)
        object.insert(key, accelscope::toJson(value));
    if (!tensors_.empty()) {
        QJsonObject tensors;
        for (const auto &[name, t] : tensors_) {
            QJsonArray shape;
            for (const std::int64_t d : t.tensor->info.shape)
                shape.append(static_cast<qint64>(d));
            tensors.insert(name, QJsonObject{{QStringLiteral("file"), t.path},
                                             {QStringLiteral("tensor"), t.tensorName},
                                             {QStringLiteral("sha256"), t.sha256},
                                             {QStringLiteral("shape"), shape},
                                             {QStringLiteral("dtype"), io::toString(t.tensor->info.dtype)}});
        }
        object.insert(kTensorsKey, tensors);
    }
    return object;
}

const Preset *findPreset(const std::vector<Preset> &presets, const QString &name) {
    for (const Preset &preset : presets) {
        if (preset.name == name)
            return &preset;
    }
    return nullptr;
}

}  // namespace accelscope
