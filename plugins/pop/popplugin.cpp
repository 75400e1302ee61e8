#include "popplugin.h"

#include "popcatalog.h"
#include "popmodel.h"

namespace accelscope::pop {

ParamSchema PopPlugin::schema() const {
    return popSchema();
}
std::vector<Preset> PopPlugin::presets() const {
    return popPresets();
}
std::vector<Claim> PopPlugin::claims() const {
    return popClaims();
}

std::unique_ptr<Model> PopPlugin::createModel(const ParamSet &params, std::uint64_t seed) const {
    return std::make_unique<PopModel>(PopRunConfig::fromParams(params), seed);
}

}  // namespace accelscope::pop
