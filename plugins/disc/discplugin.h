#pragma once
// The DiSC plugin's entry point: metadata in disc.json, everything else in disc_model.

#include <QObject>

#include "core/api/plugin.h"

namespace accelscope::disc {

class DiscPlugin : public QObject, public AcceleratorPlugin {
    Q_OBJECT
    Q_PLUGIN_METADATA(IID AccelScopePlugin_iid FILE "disc.json")
    Q_INTERFACES(accelscope::AcceleratorPlugin)
public:
    ParamSchema schema() const override;
    std::vector<Preset> presets() const override;
    std::vector<Claim> claims() const override;
    std::unique_ptr<Model> createModel(const ParamSet &params, std::uint64_t seed) const override;
};

}  // namespace accelscope::disc
