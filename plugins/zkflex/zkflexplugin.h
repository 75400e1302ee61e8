#pragma once
// The ZK-Flex plugin's entry point: metadata in zkflex.json, everything else in zkflex_model.
#include <QObject>

#include "core/api/plugin.h"

namespace accelscope::zkflex {

class ZkFlexPlugin : public QObject, public AcceleratorPlugin {
    Q_OBJECT
    Q_PLUGIN_METADATA(IID AccelScopePlugin_iid FILE "zkflex.json")
    Q_INTERFACES(accelscope::AcceleratorPlugin)
public:
    ParamSchema schema() const override;
    std::vector<Preset> presets() const override;
    std::vector<Claim> claims() const override;
    std::unique_ptr<Model> createModel(const ParamSet &params, std::uint64_t seed) const override;
};

}  // namespace accelscope::zkflex
