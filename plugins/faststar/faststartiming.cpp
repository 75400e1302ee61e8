#include "faststartiming.h"

#include <algorithm>
#include <cmath>

#include "core/api/errors.h"
#include "core/workloads/opbuilder.h"

namespace accelscope::faststar {

namespace {

// Scoring FLOPs per value [I]: a cosine similarity needs a product and two squares per channel
// (6 FLOPs with the adds); the partial update scatters each kept value once (1).
constexpr double kCosineFlops = 6, kScatterFlops = 1;

}  // namespace

FastStarTiming::FastStarTiming(const DiffusionBackbone &backbone, const DiffusionWorkload &workload,
                               const QString &gpuId, bool imageToVideo, int prunedScales)
    : backbone_(backbone),
      workload_(workload),
      schedule_(nextScaleSchedule(backbone, workload, NextScaleContext::PreviousClipLargest)),
      gpu_(BaselineModel::builtin(gpuId, 1)),
      imageToVideo_(imageToVideo),
      prunedScales_(prunedScales) {
    if (prunedScales < 0 || prunedScales >= schedule_.scalesPerClip)
        throw InputError(QStringLiteral("pruned_scales = %1; allowed: 0 to %2 (this size has %3 scales per clip, and "
                                        "the first has no coarser scale to compare with)")
                             .arg(prunedScales)
                             .arg(schedule_.scalesPerClip - 1)
                             .arg(schedule_.scalesPerClip));
    if (imageToVideo && schedule_.clips < 2)
        throw InputError(QStringLiteral("image-to-video with %1 frame(s) has no video clip to generate; allowed: "
                                        "frames = 1 + a multiple of %2")
                             .arg(workload.frames)
                             .arg(backbone.nextScale.clipLatentFrames * backbone.vaeTemporal));
    text_ = gpu_.estimate(textPrefixOps());
}

std::vector<ScalePass> FastStarTiming::plan(const KeptShare &keptShare) const {
    std::vector<ScalePass> passes;
    for (std::size_t i = 0; i < schedule_.stages.size(); ++i) {
        const NextScaleStage &st = schedule_.stages[i];
        const bool given = imageToVideo_ && st.clip == 0;
        if (given && st.scaleInClip != schedule_.scalesPerClip - 1)
            continue;  // the given image is only encoded, at its full scale
        ScalePass p;
        p.stage = static_cast<int>(i);
        p.clip = st.clip;
        p.scale = st.scaleInClip;
        p.tokens = p.queries = st.tokens();
        p.repetitions = given ? 1 : st.repetitions;
        p.givenImage = given;
        if (!given && keptShare && pruningScale(st.scaleInClip)) {
            p.pruning = true;
            const double share = std::clamp(keptShare(st.clip, st.scaleInClip), 0.0, 1.0);
            p.queries = static_cast<int>(std::lround(share * st.tokens()));
        }
        passes.push_back(p);
    }
    return passes;
}

std::vector<WorkloadOp> FastStarTiming::textPrefixOps() const {
    return buildNextScaleTextPrefix(backbone_, workload_);
}

std::vector<WorkloadOp> FastStarTiming::scoringOps(const ScalePass &pass) const {
    OpBuilder o;
    o.e = workload_.bytesPerElement;
    const double values = double(workload_.batch) * pass.tokens * backbone_.latentChannels;
    o.pointwise(QStringLiteral("spatial_similarity"), WorkloadOpKind::Elementwise, values, kCosineFlops);
    if (pass.clip > 0)
        o.pointwise(QStringLiteral("temporal_similarity"), WorkloadOpKind::Elementwise, values, kCosineFlops);
    // Selecting the kept tokens: a radix select over the importance, about 2 log2 n per token [I].
    o.pointwise(QStringLiteral("token_select"), WorkloadOpKind::Elementwise, double(workload_.batch) * pass.tokens,
                2.0 * std::log2(std::max(2, pass.tokens)));
    o.pointwise(QStringLiteral("partial_update"), WorkloadOpKind::Elementwise,
                double(workload_.batch) * pass.queries * backbone_.latentChannels, kScatterFlops);
    return o.ops;
}

std::vector<WorkloadOp> FastStarTiming::passOps(const ScalePass &pass, bool withScoring) const {
    std::vector<WorkloadOp> ops = withScoring && pass.pruning ? scoringOps(pass) : std::vector<WorkloadOp>();
    const std::vector<WorkloadOp> body =
        buildNextScalePass(backbone_, workload_, schedule_, schedule_.stages[static_cast<std::size_t>(pass.stage)],
                           pass.queries);
    ops.insert(ops.end(), body.begin(), body.end());
    return ops;
}

const BaselineEstimate &FastStarTiming::estimate(const ScalePass &pass) const {
    const auto key = std::make_tuple(pass.stage, pass.queries, pass.pruning);
    auto it = cache_.find(key);
    if (it == cache_.end()) {
        BaselineEstimate one = gpu_.estimate(passOps(pass, false));
        one.seconds *= pass.repetitions;
        one.energyJoules *= pass.repetitions;
        if (pass.pruning) {
            const BaselineEstimate scoring = gpu_.estimate(scoringOps(pass));
            one.seconds += scoring.seconds;
            one.energyJoules += scoring.energyJoules;
        }
        it = cache_.emplace(key, one).first;
    }
    return it->second;
}

double FastStarTiming::seconds(const std::vector<ScalePass> &plan) const {
    double total = text_.seconds;
    for (const ScalePass &p : plan)
        total += estimate(p).seconds;
    return total;
}

double FastStarTiming::energyJoules(const std::vector<ScalePass> &plan) const {
    double total = text_.energyJoules;
    for (const ScalePass &p : plan)
        total += estimate(p).energyJoules;
    return total;
}

}  // namespace accelscope::faststar
