#include "discplugin.h"

#include "disccatalog.h"
#include "discmodel.h"

namespace accelscope::disc {

ParamSchema DiscPlugin::schema() const {
    return discSchema();
}
std::vector<Preset> DiscPlugin::presets() const {
    return discPresets();
}
std::vector<Claim> DiscPlugin::claims() const {
    return discClaims();
}

std::unique_ptr<Model> DiscPlugin::createModel(const ParamSet &params, std::uint64_t seed) const {
    return std::make_unique<DiscModel>(DiscRunConfig::fromParams(params), seed);
}

}  // namespace accelscope::disc
