#pragma once
// A plugin misbehaved: it failed to load, broke its contract (no `paper` preset, a preset naming
// an unknown key) or threw while running. Unlike InputError this is not the user's fault; the CLI
// maps it to exit code 3. The message always names the plugin.

#include <stdexcept>

#include <QString>

namespace accelscope {

class PluginError : public std::runtime_error {
public:
    PluginError(const QString &pluginId, const QString &problem)
        : std::runtime_error(QStringLiteral("plugin '%1': %2").arg(pluginId, problem).toStdString()),
          pluginId_(pluginId) {}
    QString message() const { return QString::fromStdString(what()); }
    const QString &pluginId() const { return pluginId_; }

private:
    QString pluginId_;
};

}  // namespace accelscope
