#include "orbisplugin.h"

#include "orbiscatalog.h"
#include "orbismodel.h"

namespace accelscope::orbis {

ParamSchema OrbisPlugin::schema() const {
    return orbisSchema();
}
std::vector<Preset> OrbisPlugin::presets() const {
    return orbisPresets();
}
std::vector<Claim> OrbisPlugin::claims() const {
    return orbisClaims();
}

std::unique_ptr<Model> OrbisPlugin::createModel(const ParamSet &params, std::uint64_t seed) const {
    return std::make_unique<OrbisModel>(OrbisRunConfig::fromParams(params), seed);
}

}  // namespace accelscope::orbis
