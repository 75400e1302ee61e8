#pragma once
// A parameter file: one design point saved to share, rerun or sweep around. `accelscope-cli run
// <plugin> --params FILE.json` and `sweep --params` read it; the parameter editor saves and loads it.
//
//   {
//     "format": "accelscope-params",   // required, so another JSON file is not taken for one
//     "plugin": "oaken",               // optional: the file is refused for another plugin
//     "preset": "paper",               // optional: the preset the values start from
//     "params": {"batch": 64, "model": "llama2-7b"}
//   }
//
// Values are JSON numbers, strings or booleans, checked against the plugin's schema like --set.
// Every error names the file, with the line and column for malformed JSON and the key otherwise.

#include <memory>
#include <utility>
#include <vector>

#include <QByteArray>
#include <QJsonValue>
#include <QString>

#include "core/api/param.h"
#include "core/api/plugin.h"

namespace accelscope {

class ParamFile {
public:
    static inline const QString kFormat = QStringLiteral("accelscope-params");

    // Throws InputError naming the file when it cannot be read or is not a parameter file.
    static ParamFile read(const QString &path);
    static ParamFile parse(const QByteArray &json, const QString &fileName);
    // The values of `params` that differ from the preset named `preset` among `presets` (every
    // value when there is no such preset).
    static ParamFile fromParams(const QString &pluginId, const QString &preset, const std::vector<Preset> &presets,
                                const ParamSet &params);

    QByteArray toJson() const;
    // Writes toJson() to `path`; throws InputError naming the file when it cannot be written.
    void write(const QString &path) const;

    const QString &fileName() const { return fileName_; }
    const QString &plugin() const { return plugin_; }
    const QString &preset() const { return preset_; }
    const std::vector<std::pair<QString, QJsonValue>> &values() const { return values_; }

    // Throws InputError when the file names another plugin.
    void checkPlugin(const QString &pluginId) const;
    // Sets every value of the file on `params` (whose schema is the plugin's); an unknown key or
    // a value the key does not allow is an InputError naming the file and the key.
    void applyTo(ParamSet &params) const;

private:
    QString fileName_;
    QString plugin_;
    QString preset_;
    std::vector<std::pair<QString, QJsonValue>> values_;  // in key order
};

}  // namespace accelscope
