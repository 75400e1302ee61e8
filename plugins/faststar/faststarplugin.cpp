#include "faststarplugin.h"

#include "faststarcatalog.h"
#include "faststarmodel.h"

namespace accelscope::faststar {

ParamSchema FastStarPlugin::schema() const {
    return fastStarSchema();
}
std::vector<Preset> FastStarPlugin::presets() const {
    return fastStarPresets();
}
std::vector<Claim> FastStarPlugin::claims() const {
    return fastStarClaims();
}

std::unique_ptr<Model> FastStarPlugin::createModel(const ParamSet &params, std::uint64_t seed) const {
    return std::make_unique<FastStarModel>(FastStarRunConfig::fromParams(params), seed);
}

}  // namespace accelscope::faststar
