#pragma once
// Token merging for diffusion transformers, the baselines the token-reduction plugins beat:
// ToMe's bipartite soft matching (alternate split), ToMeSD's random 2-D split (one destination
// per sx × sy cell), and AsymRnR's spatio-temporal split with Euclidean matching that keeps the
// least similar sources. Each produces a TokenMergePlan, which merges a tokens × features matrix
// into the reduced sequence and restores (unmerges) the reduced sequence's output to every token.

#include <cstdint>
#include <vector>

#include "core/kernels/tensor.h"

namespace accelscope::kernels {

class TokenMergePlan {
public:
    // `destinationOf[i]`: the token i merges into, or -1 when i stays in the sequence itself.
    // Destinations must stay. Throws InputError otherwise.
    explicit TokenMergePlan(std::vector<int> destinationOf);

    int tokens() const { return static_cast<int>(destinationOf_.size()); }
    int reducedTokens() const { return static_cast<int>(kept_.size()); }
    int destinationOf(int token) const { return destinationOf_[static_cast<std::size_t>(token)]; }
    // Every token's destination (−1: stays), in token order.
    const std::vector<int> &destinations() const { return destinationOf_; }
    // The tokens that stay, in original order: row k of the reduced sequence is token kept()[k].
    const std::vector<int> &kept() const { return kept_; }

    // Each kept row: the mean of itself and the rows merged into it, weighted by `sizes` (how many
    // original tokens each row already stands for; empty means 1 each). `mergedSizes` receives
    // the reduced rows' sizes when given.
    MatrixF merge(const MatrixF &x, const std::vector<float> &sizes = {}, std::vector<float> *mergedSizes = nullptr) const;
    // Back to every token: a merged token copies its destination's row.
    MatrixF unmerge(const MatrixF &reduced) const;

private:
    std::vector<int> destinationOf_;
    std::vector<int> kept_;
    std::vector<int> rowOf_;  // token -> row in the reduced sequence (its destination's for merged ones)
};

// ViT ToMe: sources are the even tokens, destinations the odd ones; each source's partner is its
// most cosine-similar destination, and the r sources with the most similar partners merge
// (r is capped at half the tokens). `protectFirst` keeps token 0 (a class token) unmerged.
TokenMergePlan bipartiteSoftMatching(const MatrixF &metric, int r, bool protectFirst = false);

// ToMeSD: the w × h grid (row-major tokens) is tiled into sx × sy cells, each with one destination
// drawn at random from `seed` (or its top-left token when `randomDestinations` is false); the r
// most similar sources merge (r is capped at the number of sources). `sourcePenalty` (one value
// per token, or empty) is subtracted from each source's best similarity before the ranking, so a
// penalized source merges only when it is that much more similar than the others (DiTo's
// selection-frequency penalty); it does not change which destination a source pairs with.
TokenMergePlan randomGridMatching(const MatrixF &metric, int w, int h, int sx, int sy, int r, std::uint64_t seed,
                                  bool randomDestinations = true, const std::vector<double> &sourcePenalty = {});

// The share of `plan`'s merged tokens that merge into the same destination in `reference` (the
// Pair Match Ratio of DiTo's interval scheduling); 1 when `plan` merges nothing. Throws
// InputError when the plans cover different token counts.
double pairMatchRatio(const TokenMergePlan &plan, const TokenMergePlan &reference);

// AsymRnR: the frames × h × w grid is tiled into sf × sh × sw chunks with one random destination
// each; every source's partner is its nearest destination (Euclidean); the least similar
// int(N · (1 − reduceRatio)) − destinations sources stay, the rest merge.
TokenMergePlan spatioTemporalMatching(const MatrixF &metric, int frames, int h, int w, int sf, int sh, int sw,
                                      double reduceRatio, std::uint64_t seed);

// AsymRnR's split: one destination in every sf × sh × sw chunk of the frames × h × w grid
// (row-major tokens), at a position drawn from `seed`, or the chunk's first token when `random`
// is false. True marks a destination.
std::vector<bool> spatioTemporalDestinations(int frames, int h, int w, int sf, int sh, int sw, std::uint64_t seed,
                                             bool random = true);

// AsymRnR's count: sources merged so that int(tokens · (1 − reduceRatio)) rows remain (never
// fewer than the destinations, never more sources than there are).
int spatioTemporalMerges(int tokens, int sources, int destinations, double reduceRatio);

}  // namespace accelscope::kernels
