#include "laproxplugin.h"

#include "laproxcatalog.h"
#include "laproxmodel.h"

namespace accelscope::laprox {

ParamSchema LaproxPlugin::schema() const {
    return laproxSchema();
}
std::vector<Preset> LaproxPlugin::presets() const {
    return laproxPresets();
}
std::vector<Claim> LaproxPlugin::claims() const {
    return laproxClaims();
}

std::unique_ptr<Model> LaproxPlugin::createModel(const ParamSet &params, std::uint64_t seed) const {
    return std::make_unique<LaproxModel>(LaproxRunConfig::fromParams(params), seed);
}

}  // namespace accelscope::laprox
