#include "ditoplugin.h"

#include "ditocatalog.h"
#include "ditomodel.h"

namespace accelscope::dito {

ParamSchema DitoPlugin::schema() const {
    return ditoSchema();
}
std::vector<Preset> DitoPlugin::presets() const {
    return ditoPresets();
}
std::vector<Claim> DitoPlugin::claims() const {
    return ditoClaims();
}

std::unique_ptr<Model> DitoPlugin::createModel(const ParamSet &params, std::uint64_t seed) const {
    return std::make_unique<DitoModel>(DitoRunConfig::fromParams(params), seed);
}

}  // namespace accelscope::dito
