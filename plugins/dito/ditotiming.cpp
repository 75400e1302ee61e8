#include "ditotiming.h"

#include <cmath>

namespace accelscope::dito {

DitoTiming::DitoTiming(const DiffusionBackbone &backbone, const DiffusionWorkload &workload, const QString &gpuId,
                       int cellWidth, int cellHeight)
    : backbone_(backbone),
      workload_(workload),
      tokens_(diffusionTokens(backbone, workload)),
      gpu_(BaselineModel::builtin(gpuId, 1)),
      cellWidth_(cellWidth),
      cellHeight_(cellHeight) {
    buildDenoisingStep(backbone_, workload_);  // rejects a backbone that does not denoise
}

int DitoTiming::keptTokens(double ratio) const {
    return tokens_.tokens() -
           mergedTokens(tokens_.gridWidth * tokens_.gridFrames, tokens_.gridHeight, cellWidth_, cellHeight_, ratio);
}

StepShape DitoTiming::ditoStep(bool matching, bool reduced, double ratio) const {
    const int kept = keptTokens(ratio);
    if (kept == tokens_.tokens())
        return dense();
    if (matching || !reduced)
        return {tokens_.tokens(), matching};
    return {kept, false};
}

StepShape DitoTiming::toMeSdStep(double ratio) const {
    const int kept = keptTokens(ratio);
    return kept == tokens_.tokens() ? dense() : StepShape{kept, true};
}

std::vector<WorkloadOp> DitoTiming::ops(const StepShape &shape) const {
    DiffusionWorkload w = workload_;
    if (shape.keptTokens < tokens_.tokens() || shape.matching) {
        w.merging.keptTokens = shape.keptTokens;
        w.merging.matching = shape.matching;
        const int cells = ((tokens_.gridWidth + cellWidth_ - 1) / cellWidth_) *
                          ((tokens_.gridHeight + cellHeight_ - 1) / cellHeight_) * tokens_.gridFrames;
        w.merging.destinationShare = double(cells) / tokens_.tokens();
    }
    return buildDenoisingStep(backbone_, w);
}

const BaselineEstimate &DitoTiming::estimate(const StepShape &shape) const {
    auto it = cache_.find(shape);
    if (it == cache_.end())
        it = cache_.emplace(shape, gpu_.estimate(ops(shape))).first;
    return it->second;
}

double DitoTiming::ditoSeconds(const std::vector<StepRecord> &steps, double ratio) const {
    double total = 0;
    for (const StepRecord &s : steps)
        total += seconds(ditoStep(s.matching, s.reduced, ratio));
    return total;
}

double DitoTiming::toMeSdSeconds(double ratio, int steps) const {
    return steps * seconds(toMeSdStep(ratio));
}

double DitoTiming::toMeSdRatioForSpeedup(double speedup, int steps, double maxRatio) const {
    const double dense = denseSeconds(steps);
    const auto speedupAt = [&](double ratio) { return dense / toMeSdSeconds(ratio, steps); };
    double low = 0, high = maxRatio;
    if (speedupAt(high) <= speedup)
        return high;
    for (int i = 0; i < 40; ++i) {
        const double mid = 0.5 * (low + high);
        (speedupAt(mid) < speedup ? low : high) = mid;
    }
    // The closer end of the final bracket.
    return std::abs(speedupAt(low) - speedup) <= std::abs(speedupAt(high) - speedup) ? low : high;
}

}  // namespace accelscope::dito
