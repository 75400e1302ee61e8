#pragma once
// Finds the accelerator plugins installed next to the binaries and in the folders named by
// ACCELSCOPE_PLUGIN_PATH, lists them from their JSON metadata without loading their code, and
// loads a plugin's instance the first time it is asked for.
//
// A plugin built for another API version, or one whose metadata or library is broken, is skipped
// with a diagnostic naming the file and the reason; the rest keep working.

#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include <QString>
#include <QStringList>

#include "core/api/plugin.h"

class QPluginLoader;

namespace accelscope {

class PluginRegistry {
public:
    // Scans defaultSearchPaths().
    PluginRegistry();
    // Scans exactly `searchDirs`, in order; the first plugin with a given id wins.
    explicit PluginRegistry(const QStringList &searchDirs);
    ~PluginRegistry();
    PluginRegistry(const PluginRegistry &) = delete;
    PluginRegistry &operator=(const PluginRegistry &) = delete;

    // `<dir of the executable>/../lib/accelscope/plugins` (the install layout, mirrored by the
    // build tree), then each folder in ACCELSCOPE_PLUGIN_PATH (colon-separated).
    static QStringList defaultSearchPaths();
    static constexpr const char *kPluginPathVariable = "ACCELSCOPE_PLUGIN_PATH";

    QStringList searchDirs() const { return searchDirs_; }
    // Every usable plugin, sorted by family, then id.
    std::vector<PluginInfo> plugins() const;
    QStringList ids() const;
    bool contains(const QString &id) const;
    // Throws InputError for an unknown id, listing the known ids.
    const PluginInfo &info(const QString &id) const;
    QString filePath(const QString &id) const;

    // Loads the plugin on first use and checks its contract (a `paper` preset, unique preset
    // names, presets that name only schema keys with allowed values, unique parameter keys).
    // Throws InputError for an unknown id, PluginError when it fails to load or breaks the
    // contract. Thread-safe; the reference stays valid as long as the registry.
    const AcceleratorPlugin &plugin(const QString &id) const;

    // One line per skipped file or failed load: "<file>: <reason>".
    QStringList diagnostics() const;

private:
    struct Entry;
    void scan(const QString &dir);
    // Entries are heap-allocated, so a const registry can still fill in a lazily loaded instance.
    Entry &entry(const QString &id) const;

    QStringList searchDirs_;
    std::map<QString, std::unique_ptr<Entry>> entries_;  // by id
    mutable QStringList diagnostics_;
    mutable std::mutex mutex_;
};

}  // namespace accelscope
