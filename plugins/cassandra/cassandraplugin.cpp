#include "cassandraplugin.h"

#include "cassandracatalog.h"
#include "cassandramodel.h"

namespace accelscope::cassandra {

ParamSchema CassandraPlugin::schema() const {
    return cassandraSchema();
}
std::vector<Preset> CassandraPlugin::presets() const {
    return cassandraPresets();
}
std::vector<Claim> CassandraPlugin::claims() const {
    return cassandraClaims();
}

std::unique_ptr<Model> CassandraPlugin::createModel(const ParamSet &params, std::uint64_t seed) const {
    return std::make_unique<CassandraModel>(CassandraRunConfig::fromParams(params), seed);
}

}  // namespace accelscope::cassandra
