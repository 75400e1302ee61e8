#include "zkflexplugin.h"

#include "zkflexcatalog.h"
#include "zkflexmodel.h"

namespace accelscope::zkflex {

ParamSchema ZkFlexPlugin::schema() const {
    return zkflexSchema();
}
std::vector<Preset> ZkFlexPlugin::presets() const {
    return zkflexPresets();
}
std::vector<Claim> ZkFlexPlugin::claims() const {
    return zkflexClaims();
}
std::unique_ptr<Model> ZkFlexPlugin::createModel(const ParamSet &params, std::uint64_t seed) const {
    return std::make_unique<ZkFlexModel>(ZkFlexConfig::fromParams(params), seed);
}

}  // namespace accelscope::zkflex
