#include "masqplugin.h"

#include "masqcatalog.h"
#include "masqmodel.h"

namespace accelscope::masq {

ParamSchema MasqPlugin::schema() const {
    return masqSchema();
}
std::vector<Preset> MasqPlugin::presets() const {
    return masqPresets();
}
std::vector<Claim> MasqPlugin::claims() const {
    return masqClaims();
}

std::unique_ptr<Model> MasqPlugin::createModel(const ParamSet &params, std::uint64_t seed) const {
    return std::make_unique<MasqModel>(MasqRunConfig::fromParams(params), seed);
}

}  // namespace accelscope::masq
