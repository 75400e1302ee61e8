#include "vrexplugin.h"

#include "vrexcatalog.h"
#include "vrexmodel.h"

namespace accelscope::vrex {

ParamSchema VrexPlugin::schema() const {
    return vrexSchema();
}
std::vector<Preset> VrexPlugin::presets() const {
    return vrexPresets();
}
std::vector<Claim> VrexPlugin::claims() const {
    return vrexClaims();
}

std::unique_ptr<Model> VrexPlugin::createModel(const ParamSet &params, std::uint64_t seed) const {
    return std::make_unique<VrexModel>(VrexRunConfig::fromParams(params), seed);
}

}  // namespace accelscope::vrex
