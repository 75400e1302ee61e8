#include "core/registry/pluginregistry.h"

#include <algorithm>
#include <exception>
#include <set>

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonObject>
#include <QLibrary>
#include <QPluginLoader>

#include "core/api/errors.h"
#include "core/registry/pluginerror.h"

namespace accelscope {

struct PluginRegistry::Entry {
    PluginInfo info;
    QString file;
    std::unique_ptr<QPluginLoader> loader;
    AcceleratorPlugin *instance = nullptr;
    QString loadError;  // remembered so a broken plugin is not retried on every call
};

namespace {

// Checks what the schema and presets promise; returns the first problem found, or "".
QString contractProblem(const AcceleratorPlugin &plugin) {
    ParamSchema schema;
    try {
        schema = plugin.schema();  // ParamSchema throws on duplicate keys and bad defaults
    } catch (const std::exception &e) {
        return QStringLiteral("invalid parameter schema: ") + QString::fromUtf8(e.what());
    } catch (...) {
        return QStringLiteral("schema() threw an unknown exception");
    }
    std::vector<Preset> presets;
    try {
        presets = plugin.presets();
    } catch (const std::exception &e) {
        return QStringLiteral("presets() threw: ") + QString::fromUtf8(e.what());
    } catch (...) {
        return QStringLiteral("presets() threw an unknown exception");
    }
    if (!findPreset(presets, QStringLiteral("paper")))
        return QStringLiteral("has no preset named 'paper'");
    std::set<QString> names;
    for (const Preset &preset : presets) {
        if (!names.insert(preset.name).second)
            return QStringLiteral("preset '%1' is defined twice").arg(preset.name);
        try {
            ParamSet::fromPreset(schema, preset);
        } catch (const std::exception &e) {
            return QStringLiteral("preset '%1' is invalid: %2").arg(preset.name, QString::fromUtf8(e.what()));
        } catch (...) {
            return QStringLiteral("preset '%1' is invalid: an unknown exception").arg(preset.name);
        }
    }
    return {};
}

}  // namespace

PluginRegistry::PluginRegistry() : PluginRegistry(defaultSearchPaths()) {}

PluginRegistry::PluginRegistry(const QStringList &searchDirs) : searchDirs_(searchDirs) {
    for (const QString &dir : searchDirs_)
        scan(dir);
}

PluginRegistry::~PluginRegistry() = default;  // loaders never unload: models may outlive us

QStringList PluginRegistry::defaultSearchPaths() {
    QStringList dirs;
    // Without an application object there is no executable path to start from; the environment
    // variable still works.
    if (QCoreApplication::instance()) {
        dirs << QDir::cleanPath(QCoreApplication::applicationDirPath() + QStringLiteral("/../") +
                                QStringLiteral(ACCELSCOPE_PLUGIN_SUBDIR));
    }
    const QString extra = qEnvironmentVariable(kPluginPathVariable);
    for (const QString &dir : extra.split(QLatin1Char(':'), Qt::SkipEmptyParts)) {
        const QString clean = QDir::cleanPath(dir);
        if (!dirs.contains(clean))
            dirs << clean;
    }
    return dirs;
}

void PluginRegistry::scan(const QString &dirPath) {
    const QDir dir(dirPath);
    if (!dir.exists())
        return;  // an absent folder simply holds no plugins (e.g. a build without plugins)
    const QFileInfoList files = dir.entryInfoList(QDir::Files, QDir::Name);
    for (const QFileInfo &file : files) {
        const QString path = file.absoluteFilePath();
        if (!QLibrary::isLibrary(path))
            continue;
        auto loader = std::make_unique<QPluginLoader>(path);
        const QJsonObject meta = loader->metaData();
        if (meta.isEmpty()) {
            diagnostics_ << QStringLiteral("%1: skipped: not a Qt plugin or unreadable (no plugin metadata)")
                                .arg(path);
            continue;
        }
        const QString iid = meta.value(QStringLiteral("IID")).toString();
        if (iid != QLatin1String(AccelScopePlugin_iid)) {
            diagnostics_ << QStringLiteral("%1: skipped: interface '%2' is not '%3'")
                                .arg(path, iid, QLatin1String(AccelScopePlugin_iid));
            continue;
        }
        PluginInfo info;
        try {
            info = PluginInfo::fromJson(meta.value(QStringLiteral("MetaData")).toObject());
        } catch (const InputError &e) {
            diagnostics_ << QStringLiteral("%1: skipped: %2").arg(path, e.message());
            continue;
        }
        if (info.apiVersion != kPluginApiVersion) {
            diagnostics_ << QStringLiteral(
                                "%1: skipped: plugin '%2' was built for plugin API version %3, "
                                "this build supports version %4; rebuild the plugin")
                                .arg(path, info.id)
                                .arg(info.apiVersion)
                                .arg(kPluginApiVersion);
            continue;
        }
        if (const auto found = entries_.find(info.id); found != entries_.end()) {
            diagnostics_ << QStringLiteral("%1: skipped: plugin id '%2' is already provided by %3")
                                .arg(path, info.id, found->second->file);
            continue;
        }
        auto entry = std::make_unique<Entry>();
        entry->info = info;
        entry->file = path;
        entry->loader = std::move(loader);
        entries_.emplace(info.id, std::move(entry));
    }
}

std::vector<PluginInfo> PluginRegistry::plugins() const {
    std::vector<PluginInfo> list;
    for (const auto &[id, entry] : entries_)
        list.push_back(entry->info);
    std::sort(list.begin(), list.end(), [](const PluginInfo &a, const PluginInfo &b) {
        return a.family != b.family ? a.family < b.family : a.id < b.id;
    });
    return list;
}

QStringList PluginRegistry::ids() const {
    QStringList list;
    for (const PluginInfo &info : plugins())
        list << info.id;
    return list;
}

bool PluginRegistry::contains(const QString &id) const {
    return entries_.count(id) != 0;
}

PluginRegistry::Entry &PluginRegistry::entry(const QString &id) const {
    const auto found = entries_.find(id);
    if (found == entries_.end()) {
        const QStringList known = ids();
        throw InputError(
            QStringLiteral("unknown plugin '%1'; known plugins: %2")
                .arg(id,
                     known.isEmpty()
                         ? QStringLiteral("(none found in %1)").arg(searchDirs_.join(QStringLiteral(", ")))
                         : known.join(QStringLiteral(", "))));
    }
    return *found->second;
}

const PluginInfo &PluginRegistry::info(const QString &id) const {
    return entry(id).info;
}

QString PluginRegistry::filePath(const QString &id) const {
    return entry(id).file;
}

const AcceleratorPlugin &PluginRegistry::plugin(const QString &id) const {
    Entry &e = entry(id);
    std::lock_guard lock(mutex_);
    if (e.instance)
        return *e.instance;
    if (!e.loadError.isEmpty())
        throw PluginError(id, e.loadError);

    QString problem;
    QObject *object = nullptr;
    try {
        object = e.loader->instance();
    } catch (const std::exception &error) {
        problem =
            QStringLiteral("threw while loading from %1: %2").arg(e.file, QString::fromUtf8(error.what()));
    } catch (...) {
        problem = QStringLiteral("threw an unknown exception while loading from %1").arg(e.file);
    }
    auto *plugin = qobject_cast<AcceleratorPlugin *>(object);
    if (!problem.isEmpty()) {
        // reported below
    } else if (!object) {
        problem = QStringLiteral("failed to load %1: %2").arg(e.file, e.loader->errorString());
    } else if (!plugin) {
        problem = QStringLiteral("%1 does not implement the AcceleratorPlugin interface").arg(e.file);
    } else {
        const QString broken = contractProblem(*plugin);
        if (!broken.isEmpty())
            problem = QStringLiteral("%1 (%2)").arg(broken, e.file);
    }
    if (!problem.isEmpty()) {
        e.loadError = problem;
        diagnostics_ << QStringLiteral("%1: plugin '%2' %3").arg(e.file, id, problem);
        throw PluginError(id, problem);
    }
    e.instance = plugin;
    return *plugin;
}

QStringList PluginRegistry::diagnostics() const {
    std::lock_guard lock(mutex_);
    return diagnostics_;
}

}  // namespace accelscope
