#pragma once
// ZK-Flex's parameters, presets (paper, and one per proof system, curve and size) and claims.
#include <vector>

#include "core/api/claim.h"
#include "core/api/param.h"
#include "core/workloads/zkproof.h"
#include "zkflexhardware.h"

namespace accelscope::zkflex {

ParamSchema zkflexSchema();
std::vector<Preset> zkflexPresets();
std::vector<Claim> zkflexClaims();

struct ZkFlexConfig {
    ZkFlexHardware hardware;
    zk::ProofWorkload proof;
    bool functionalCheck = true;
    static ZkFlexConfig fromParams(const ParamSet &params);  // throws InputError
};

}  // namespace accelscope::zkflex
