#pragma once
// A plugin as the build wrote it (lib/accelscope/plugins/libaccelscope_<id>.so under
// ACCELSCOPE_BUILD_DIR), loaded the way the registry loads it, and the contract every plugin's
// presets and claims keep.

#include <QPluginLoader>
#include <QStringList>

#include "core/api/plugin.h"

namespace accelscope::test {

struct BuiltPlugin {
    PluginInfo info;                        // from the metadata, read without loading the code
    AcceleratorPlugin *plugin = nullptr;    // null when the library does not load
    QString error;                          // why it did not
};

inline BuiltPlugin loadBuiltPlugin(const QString &id) {
    QPluginLoader loader(qEnvironmentVariable("ACCELSCOPE_BUILD_DIR") +
                         QStringLiteral("/lib/accelscope/plugins/libaccelscope_%1.so").arg(id));
    BuiltPlugin built;
    built.info = PluginInfo::fromJson(loader.metaData().value(QStringLiteral("MetaData")).toObject());
    built.plugin = qobject_cast<AcceleratorPlugin *>(loader.instance());
    built.error = loader.errorString();
    return built;
}

// Problems with the contract: a preset whose values the schema refuses, no `paper` preset, or a
// claim that names no preset or one the plugin lacks. Empty when it holds.
inline QStringList presetAndClaimProblems(const AcceleratorPlugin &plugin) {
    QStringList problems;
    const ParamSchema schema = plugin.schema();
    const std::vector<Preset> presets = plugin.presets();
    for (const Preset &p : presets) {
        try {
            ParamSet::fromPreset(schema, p);
        } catch (const std::exception &e) {
            problems << QStringLiteral("preset %1: %2").arg(p.name, QString::fromUtf8(e.what()));
        }
    }
    if (!findPreset(presets, QStringLiteral("paper")))
        problems << QStringLiteral("no 'paper' preset");
    for (const Claim &c : plugin.claims()) {
        if (c.presets.isEmpty())
            problems << QStringLiteral("claim %1 names no preset").arg(c.id);
        for (const QString &p : c.presets)
            if (!findPreset(presets, p))
                problems << QStringLiteral("claim %1 names unknown preset %2").arg(c.id, p);
    }
    return problems;
}

}  // namespace accelscope::test
