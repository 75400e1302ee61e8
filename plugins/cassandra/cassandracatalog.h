#pragma once
// What a Cassandra run can be given: the parameter schema, the presets (the paper's models and
// benchmark lengths on an RTX 4090 and on the LPU-like NPU, Cassandra-1 and Cassandra-2), the
// paper's claims, and the run configuration a ParamSet turns into.

#include <vector>

#include "core/accelerators/lpucore.h"
#include "core/api/claim.h"
#include "core/api/param.h"
#include "core/workloads/llmworkload.h"
#include "functional/selfspeculation.h"

namespace accelscope::cassandra {

ParamSchema cassandraSchema();
std::vector<Preset> cassandraPresets();
std::vector<Claim> cassandraClaims();

QStringList cassandraModels();

enum class Platform { Rtx4090, Npu };
QString toString(Platform platform);  // "rtx-4090", "npu"

// The paper's NPU: an LPU core scaled to 64 TFLOPS over LPDDR5X.
struct NpuSpec {
    double peakFlops = 64e12;
    double memoryBytesPerSecond = 273e9;
    double capacityBytes = 128e9;
    double clockHz = 1e9;
    int treeWidth = 64;
    int memoryChannels = 8;
    double powerW = 30;

    LpuConfig lpuConfig() const;
};

// The drafts Cassandra is compared with under one memory budget (BF16 target in both).
struct DraftAlternative {
    QString name;
    double weightBytes = 0;       // the draft's parameters
    double kvBytesPerToken = 0;   // the draft's own KV cache per context token
};
// EAGLE-3's head for a model (one decoder layer taking 2·d_model, the 3·d_model → d_model fusion
// layer, a 32 000-token draft LM head) and a separate Llama-3.2-1B draft model.
DraftAlternative eagle3Head(const TransformerConfig &model);
DraftAlternative separateDraftModel();

struct CassandraRunConfig {
    llm::Workload workload;
    Platform platform = Platform::Rtx4090;
    NpuSpec npu;
    FunctionalSettings functional;
    double acceptanceRate = 0;   // 0: the functional model's measured rate
    double memoryBudgetBytes = 0;  // 0: the platform's memory

    // Throws InputError naming the parameter, the problem and what is allowed.
    static CassandraRunConfig fromParams(const ParamSet &params);
};

}  // namespace accelscope::cassandra
