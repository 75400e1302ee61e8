#pragma once
// The plugin interface. A plugin is a Qt plugin (MODULE library) whose JSON metadata describes
// the paper (so the host lists plugins without instantiating them) and whose instance creates
// models. Plugins link accelscope-core only.

#include <memory>
#include <vector>

#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QtPlugin>

#include "core/api/claim.h"
#include "core/api/model.h"
#include "core/api/param.h"

namespace accelscope {

// Bumped on any incompatible change to the headers in core/api. The loader refuses a plugin whose
// metadata names another version. 2: ParamSchema and ParamSet carry input tensors (their layout
// changed, so a plugin built for 1 cannot be loaded).
inline constexpr int kPluginApiVersion = 2;

// The "MetaData" object of a plugin's <id>.json.
struct PluginInfo {
    QString id;      // "dfx"
    QString name;    // "DFX"
    QString family;  // llm, diffusion, zk, storage, rl, science, vision
    QString paperTitle;
    QStringList authors;
    QString venue;
    int year = 0;
    QString summary;    // one paragraph
    QStringList views;  // views it feeds: dataflow, memory, masks, tokens, timeline, charts
    int apiVersion = 0;
    QString version;  // the plugin's own version, recorded with each run

    static PluginInfo fromJson(const QJsonObject &metaData);  // throws InputError
    QJsonObject toJson() const;
};

class AcceleratorPlugin {
public:
    virtual ~AcceleratorPlugin() = default;
    virtual ParamSchema schema() const = 0;
    // Must include a preset named "paper".
    virtual std::vector<Preset> presets() const = 0;
    virtual std::vector<Claim> claims() const = 0;
    // `params` was validated against schema(). Throws InputError for combinations the schema
    // cannot express (e.g. heads not divisible by devices).
    virtual std::unique_ptr<Model> createModel(const ParamSet &params, std::uint64_t seed) const = 0;
};

}  // namespace accelscope

#define AccelScopePlugin_iid "org.accelscope.AcceleratorPlugin/2"
Q_DECLARE_INTERFACE(accelscope::AcceleratorPlugin, AccelScopePlugin_iid)
