#include "dfxbaseline.h"

#include "core/hw/textgenerationbaseline.h"

namespace accelscope::dfx {

BaselineResult fourV100Baseline(const TransformerConfig &model, const TextGenerationWorkload &workload) {
    return textGenerationBaseline(model, workload, QStringLiteral("v100-sxm2-32gb"), 4);
}

}  // namespace accelscope::dfx
