#pragma once
// How long DiTo's and ToMeSD's steps take on the GPU the paper's numbers come from: the paper's
// backbone (Flux.1, SD3, PixArt-Σ) at its resolution, one denoising step as the op graph of
// core/workloads/diffusion.h (with the attention branch on merged tokens when a step reduces),
// priced by the shared roofline-plus-efficiency model of core/hw. DiTo is an algorithm on a GPU,
// so there is no accelerator microarchitecture beyond that.

#include <map>
#include <vector>

#include "core/hw/baselinemodel.h"
#include "core/workloads/diffusion.h"
#include "functional/ditoreduction.h"

namespace accelscope::dito {

// What a step costs depends only on how many tokens enter attention and whether it matches.
struct StepShape {
    int keptTokens = 0;  // image tokens in the attention branch; the backbone's tokens when unreduced
    bool matching = false;
    bool operator<(const StepShape &o) const {
        return keptTokens != o.keptTokens ? keptTokens < o.keptTokens : matching < o.matching;
    }
};

class DitoTiming {
public:
    // Throws InputError for a backbone that does not denoise (next-scale) or a size that does not fit.
    DitoTiming(const DiffusionBackbone &backbone, const DiffusionWorkload &workload, const QString &gpuId,
               int cellWidth = 2, int cellHeight = 2);

    const DiffusionBackbone &backbone() const { return backbone_; }
    const DiffusionTokens &tokens() const { return tokens_; }
    const BaselineModel &gpu() const { return gpu_; }

    // Tokens that stay after merging int(N · ratio) sources on the backbone's grid.
    int keptTokens(double ratio) const;
    StepShape dense() const { return {tokens_.tokens(), false}; }
    // A DiTo step: a Matching step runs unreduced and adds the similarity of every block's
    // outputs; a Reduction step merges through the stored pairs. Unreduced when ratio merges none.
    StepShape ditoStep(bool matching, bool reduced, double ratio) const;
    // A ToMeSD step: matching on the inputs and merging in every block.
    StepShape toMeSdStep(double ratio) const;

    std::vector<WorkloadOp> ops(const StepShape &shape) const;
    const BaselineEstimate &estimate(const StepShape &shape) const;  // cached
    double seconds(const StepShape &shape) const { return estimate(shape).seconds; }

    // A whole generation: DiTo following the functional run's steps, ToMeSD for `steps` steps.
    double ditoSeconds(const std::vector<StepRecord> &steps, double ratio) const;
    double toMeSdSeconds(double ratio, int steps) const;
    double denseSeconds(int steps) const { return steps * seconds(dense()); }
    // The ToMeSD ratio in [0, maxRatio] whose speedup over the unreduced run comes closest to
    // `speedup` (bisection; the speedup grows with the ratio).
    double toMeSdRatioForSpeedup(double speedup, int steps, double maxRatio = 0.75) const;

private:
    DiffusionBackbone backbone_;
    DiffusionWorkload workload_;
    DiffusionTokens tokens_;
    BaselineModel gpu_;
    int cellWidth_, cellHeight_;
    mutable std::map<StepShape, BaselineEstimate> cache_;
};

}  // namespace accelscope::dito
