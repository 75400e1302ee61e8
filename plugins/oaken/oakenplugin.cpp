#include "oakenplugin.h"

#include "oakencatalog.h"
#include "oakenmodel.h"

namespace accelscope::oaken {

ParamSchema OakenPlugin::schema() const {
    return oakenSchema();
}
std::vector<Preset> OakenPlugin::presets() const {
    return oakenPresets();
}
std::vector<Claim> OakenPlugin::claims() const {
    return oakenClaims();
}

std::unique_ptr<Model> OakenPlugin::createModel(const ParamSet &params, std::uint64_t seed) const {
    return std::make_unique<OakenModel>(OakenRunConfig::fromParams(params), seed);
}

}  // namespace accelscope::oaken
