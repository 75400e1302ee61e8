#pragma once
// How long an InfinityStar generation takes on the GPU with and without FastSTAR's pruning: the
// backbone's text prefix and every scale's passes as the op graph of core/workloads/nextscale.h
// (InfinityStar-8B, the released code's context: each clip attends to the previous clip's last
// scale), priced by the shared roofline-plus-efficiency model of core/hw. FastSTAR is an algorithm
// on a GPU, so there is no accelerator microarchitecture beyond that.
//
// A pruned pass runs only the kept tokens as queries (blocks, head, sampling); every token is
// still embedded and projected to keys and values [I]. Each pruned scale adds the scoring once
// (spatial and temporal cosine similarity over the code channels, the top-k or threshold
// selection, the scatter of the partial update).

#include <functional>
#include <map>
#include <tuple>
#include <vector>

#include "core/hw/baselinemodel.h"
#include "core/workloads/nextscale.h"

namespace accelscope::faststar {

// One scale of the generation as the GPU runs it.
struct ScalePass {
    int stage = 0;              // index into the schedule's stages
    int clip = 0, scale = 0;
    int tokens = 0;             // of the scale (frames · height · width)
    int queries = 0;            // tokens run as queries (all unless pruned)
    int repetitions = 1;
    bool pruning = false;       // scores and selects before its passes
    bool givenImage = false;    // image-to-video: one pass that writes the given image's keys and values
};

class FastStarTiming {
public:
    // Throws InputError for a backbone that is not next-scale, a size that does not fit it, or
    // pruned_scales beyond the scales per clip.
    FastStarTiming(const DiffusionBackbone &backbone, const DiffusionWorkload &workload, const QString &gpuId,
                   bool imageToVideo, int prunedScales);

    const DiffusionBackbone &backbone() const { return backbone_; }
    const NextScaleSchedule &schedule() const { return schedule_; }
    const BaselineModel &gpu() const { return gpu_; }
    bool imageToVideo() const { return imageToVideo_; }
    int prunedScales() const { return prunedScales_; }

    // Every scale of the generation; `keptShare(clip, scale)` in [0, 1] for the pruned scales
    // (the share of their tokens that stay queries). Empty function: unpruned.
    using KeptShare = std::function<double(int clip, int scale)>;
    std::vector<ScalePass> plan(const KeptShare &keptShare = {}) const;
    bool pruningScale(int scale) const { return scale >= schedule_.scalesPerClip - prunedScales_; }

    std::vector<WorkloadOp> textPrefixOps() const;
    // One pass of a scale (the scoring ops first when `withScoring`).
    std::vector<WorkloadOp> passOps(const ScalePass &pass, bool withScoring) const;
    std::vector<WorkloadOp> scoringOps(const ScalePass &pass) const;
    // A scale with all its passes; cached.
    const BaselineEstimate &estimate(const ScalePass &pass) const;
    double textSeconds() const { return text_.seconds; }
    double textEnergyJoules() const { return text_.energyJoules; }
    double seconds(const std::vector<ScalePass> &plan) const;
    double energyJoules(const std::vector<ScalePass> &plan) const;

private:
    DiffusionBackbone backbone_;
    DiffusionWorkload workload_;
    NextScaleSchedule schedule_;
    BaselineModel gpu_;
    bool imageToVideo_ = false;
    int prunedScales_ = 0;
    BaselineEstimate text_;
    mutable std::map<std::tuple<int, int, bool>, BaselineEstimate> cache_;  // (stage, queries, pruning)
};

}  // namespace accelscope::faststar
