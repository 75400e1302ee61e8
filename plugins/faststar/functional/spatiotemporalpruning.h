#pragma once
// FastSTAR's spatiotemporal token pruning run for real on the next-scale generator of
// core/workloads (a seeded toy DiT over a synthetic latent video), next to the unpruned run.
//
// At each of the last `prunedScales` scales of every clip (fact sheet diffusion.md §6 (c)):
// - spatial similarity s_sp: per token, the cosine similarity of the clip so far and the clip
//   before the previous scale's prediction, both at this scale's grid: near 1 where the coarser
//   scale changed nothing, i.e. the region has converged across scales;
// - temporal similarity s_tp: the cosine similarity of the clip so far and the previous clip's
//   result (its last frame) at the same position: near 1 where nothing moves;
// - importance = α (1 − s_sp) + β (1 − s_tp); in the first clip, which has no previous clip,
//   importance = (α + β) (1 − s_sp);
// - the top `keepRatio` share of tokens by importance (Selection::Ratio), or every token whose
//   importance exceeds `threshold` (Selection::Threshold), is predicted; the others keep the
//   value the coarser scales gave them (Partial Update).
// Quality is the final video's PSNR / MSE against the unpruned run of the same seed.

#include <cstdint>
#include <vector>

#include <QString>

#include "core/kernels/latent.h"
#include "core/workloads/nextscalegenerator.h"

namespace accelscope::faststar {

enum class Selection { Ratio, Threshold };
QString toString(Selection selection);
Selection selectionFromString(const QString &text);  // throws InputError listing the choices

struct PruningSettings {
    int prunedScales = 3;      // the last scales of each clip that prune
    double alpha = 0.5;        // weight of spatial non-convergence
    double beta = 0.5;         // weight of temporal change
    Selection selection = Selection::Ratio;
    double keepRatio = 0.5;    // Ratio: share of a scale's tokens predicted
    double threshold = 0.05;   // Threshold: importance above which a token is predicted
    void validate() const;     // throws InputError naming the field
};

// Per-token similarities and importance of one scale (cosine of two latents' channel vectors;
// 1 where both are zero, 0 where only one is).
std::vector<float> cosineSimilarity(const kernels::Latent &a, const kernels::Latent &b);
struct ScaleScores {
    std::vector<float> spatial;     // s_sp
    std::vector<float> temporal;    // s_tp; empty without a previous clip
    std::vector<float> importance;
};
ScaleScores scoreScale(const ScaleCall &call, const PruningSettings &settings);
// Which tokens are predicted, from the importance (ties: the lower index first).
std::vector<bool> selectTokens(const std::vector<float> &importance, const PruningSettings &settings);

// One (clip, scale) of the pruned run.
struct ScaleRecord {
    int clip = 0, scale = 0;
    int frames = 1, height = 0, width = 0;
    int predicted = 0;            // tokens predicted (the generator's count)
    bool given = false;           // a scale of the given first clip (image-to-video): nothing predicted
    bool pruning = false;         // one of the pruned scales (the masks and scores below are set)
    std::vector<bool> kept;       // frames · height · width
    ScaleScores scores;
    int tokens() const { return frames * height * width; }
    int pruned() const { return given ? 0 : tokens() - predicted; }
};

struct PruningRun {
    kernels::Latent reference;    // unpruned
    kernels::Latent output;
    std::vector<ScaleRecord> scales;  // clip-major, every scale of every clip
    double psnrDb = 0;            // output against reference (+inf when identical)
    double mse = 0;
    int predictedTokens() const;
    int tokens() const;           // every scale's tokens (a given first clip's excluded)
    const ScaleRecord &at(int clip, int scale) const;
};

// Runs the generator unpruned and pruned; the selector only acts at the last prunedScales scales.
PruningRun runPruning(const NextScaleGenerator &generator, const PruningSettings &settings);

}  // namespace accelscope::faststar
