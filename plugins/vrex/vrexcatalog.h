#pragma once
// What a V-Rex run can be given: the parameter schema, the presets (VideoLLM-Online's streaming
// frames on the edge V-Rex[8] against a Jetson AGX Orin and on the server V-Rex[48] against an
// A100, over the paper's KV-cache lengths and batches), the claims, and the run configuration a
// ParamSet turns into.

#include <vector>

#include "core/api/claim.h"
#include "core/api/param.h"
#include "core/workloads/llmworkload.h"
#include "functional/resv.h"

namespace accelscope::vrex {

ParamSchema vrexSchema();
std::vector<Preset> vrexPresets();
std::vector<Claim> vrexClaims();

enum class Platform { Edge, Server };
QString toString(Platform platform);

// The platform around the V-Rex cores and the baseline it is compared with (Table I).
struct PlatformSpec {
    Platform platform = Platform::Edge;
    QString baselineDeviceId;  // its memory, capacity and offload link are V-Rex's too ("same")
    QString offloadTier;       // where the KVMU offloads the oldest KV
    int pcieLanes = 4;
    double systemPowerWatts = 35.0;  // Table I, V-Rex's column
    int paperCores = 8;

    static PlatformSpec of(Platform platform);
};

struct VrexRunConfig {
    llm::Workload workload;  // input_tokens: the question, output_tokens: the answer
    int kvCacheTokens = 10000;
    int frames = 26;
    Platform platform = Platform::Edge;
    int cores = 8;
    double memoryFraction = 0.9;  // of device memory for weights and KV (both sides)
    ResvSettings resv;
    VideoStreamSpec stream;

    PlatformSpec platformSpec() const { return PlatformSpec::of(platform); }
    // Throws InputError naming the parameter, the problem and what is allowed.
    static VrexRunConfig fromParams(const ParamSet &params);
};

}  // namespace accelscope::vrex
