#include "exionplugin.h"

#include "exioncatalog.h"
#include "exionmodel.h"

namespace accelscope::exion {

ParamSchema ExionPlugin::schema() const {
    return exionSchema();
}
std::vector<Preset> ExionPlugin::presets() const {
    return exionPresets();
}
std::vector<Claim> ExionPlugin::claims() const {
    return exionClaims();
}

std::unique_ptr<Model> ExionPlugin::createModel(const ParamSet &params, std::uint64_t seed) const {
    return std::make_unique<ExionModel>(ExionRunConfig::fromParams(params), seed);
}

}  // namespace accelscope::exion
