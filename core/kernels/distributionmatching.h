#pragma once
// Distribution-aware token matching (ORBIS's DATM, reconstructed): on AsymRnR's spatio-temporal
// split (one random destination per sf × sh × sw chunk), the sources merge one at a time in the
// order that adds the least merge loss, where a merge's loss is what every member of a
// destination's group loses by taking the group's mean:
//   loss(group) = Σ_i ||m_i − μ_group||²,  adding s to a group of n with mean μ adds
//   n / (n + 1) · ||m_s − μ||²   (Ward's increment).
// AsymRnR ranks each source once by its distance to its nearest destination, so a popular
// destination keeps absorbing sources however far its mean drifts; DATM sees the group that has
// formed (its size and mean: the distribution of what it already holds) and sends a source
// elsewhere, or keeps it, when that group has become a poor stand-in. The greedy is lazy: a
// source's increment is recomputed when the group it was priced against has changed.
//
// Sources compare only with destinations within `window` chunks along each axis (−1: all), which
// is what makes the matching local enough for a pipelined hardware unit; the work done (distances,
// re-evaluations, merges, queue operations) is counted for the timing model.

#include <cstdint>

#include "core/kernels/tensor.h"
#include "core/kernels/tokenmerge.h"

namespace accelscope::kernels {

struct SpatioTemporalSplit {
    int frames = 1, height = 1, width = 1;                    // token grid (row-major tokens)
    int strideFrames = 1, strideHeight = 2, strideWidth = 2;  // one destination per chunk
    // Throws InputError unless the grid covers `tokens` and the strides are positive.
    void validate(Eigen::Index tokens, const char *what) const;
    int chunks() const;
};

struct DistributionMatchingOptions {
    int window = 1;        // candidate destinations: chunks within this many along each axis; −1: all
    int quantizeBits = 0;  // 8, 4 or 2: the metric is read as MXINT rows (the quantized unit); 0: float
};

// What the matching computed, for the hardware's cycle count.
struct MatchingWork {
    std::int64_t distances = 0;        // source × candidate distances (one metric-row difference each)
    std::int64_t reevaluations = 0;    // increments recomputed against a changed group's mean
    std::int64_t merges = 0;           // group mean updates
    std::int64_t queueOperations = 0;  // pushes and pops of the priority queue
    double loss = 0;  // Σ of the committed increments = the plan's mergeLoss on the metric read
};

// Merges as many sources as AsymRnR does at `reduceRatio` (spatioTemporalMerges). Throws
// InputError for a bad metric, split, ratio, window or bit width.
TokenMergePlan distributionAwareMatching(const MatrixF &metric, const SpatioTemporalSplit &split,
                                         double reduceRatio, std::uint64_t seed,
                                         const DistributionMatchingOptions &options = {},
                                         MatchingWork *work = nullptr);

// AsymRnR (spatioTemporalMatching) on the same split type.
TokenMergePlan spatioTemporalMatching(const MatrixF &metric, const SpatioTemporalSplit &split,
                                      double reduceRatio, std::uint64_t seed);

// Σ over tokens of ||m_i − μ||², μ the plain mean of the metric rows of i's group (its
// destination and everything merged into it; a token that stays alone has no loss).
double mergeLoss(const MatrixF &metric, const TokenMergePlan &plan);

// The number of destinations within `window` chunks of each source's chunk, summed over sources
// (the distances the matching computes), without running it: for pricing a grid too large to
// match functionally. `window` −1 counts every destination.
std::int64_t candidateDistances(const SpatioTemporalSplit &split, int window);

// Each row quantized to MXINT of `bits` (8, 4 or 2) and back; `bits` 0 returns `m` unchanged.
MatrixF mxRows(const MatrixF &m, int bits);

}  // namespace accelscope::kernels
