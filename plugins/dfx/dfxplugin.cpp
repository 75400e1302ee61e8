#include "dfxplugin.h"

#include "dfxcatalog.h"
#include "dfxmodel.h"

namespace accelscope::dfx {

ParamSchema DfxPlugin::schema() const {
    return dfxSchema();
}
std::vector<Preset> DfxPlugin::presets() const {
    return dfxPresets();
}
std::vector<Claim> DfxPlugin::claims() const {
    return dfxClaims();
}

std::unique_ptr<Model> DfxPlugin::createModel(const ParamSet &params, std::uint64_t seed) const {
    return std::make_unique<DfxModel>(DfxRunConfig::fromParams(params), seed);
}

}  // namespace accelscope::dfx
