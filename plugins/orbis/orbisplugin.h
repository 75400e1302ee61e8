#pragma once
// The ORBIS plugin's entry point: metadata in orbis.json, everything else in orbis_model.

#include <QObject>

#include "core/api/plugin.h"

namespace accelscope::orbis {

class OrbisPlugin : public QObject, public AcceleratorPlugin {
    Q_OBJECT
    Q_PLUGIN_METADATA(IID AccelScopePlugin_iid FILE "orbis.json")
    Q_INTERFACES(accelscope::AcceleratorPlugin)
public:
    ParamSchema schema() const override;
    std::vector<Preset> presets() const override;
    std::vector<Claim> claims() const override;
    std::unique_ptr<Model> createModel(const ParamSet &params, std::uint64_t seed) const override;
};

}  // namespace accelscope::orbis
