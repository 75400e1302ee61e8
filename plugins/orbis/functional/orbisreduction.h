#pragma once
// ORBIS's token reduction run for real on the seeded video latent-diffusion pipeline of
// core/workloads (a toy DiT with 3-D spatio-temporal attention over a synthetic latent video),
// next to AsymRnR on the same pipeline and the unreduced run (fact sheet diffusion.md §4, §8).
//
// Every block's attention branch merges its normalized input through a plan and unmerges the
// result (merged tokens copy their destination's output); MLP and residuals stay per token.
// - ORBIS: the plan comes from the previous step's output of the same block (output-guided
//   similarity) through distribution-aware matching (core/kernels/distributionmatching.h).
// - AsymRnR: the plan comes from this step's block input through greedy nearest-destination
//   matching (core/kernels/tokenmerge.h spatioTemporalMatching), fresh every block and step.
// - Output-greedy (ablation): the previous step's outputs through AsymRnR's greedy matching.
// The first `warmupSteps` steps run unreduced for every method (ORBIS has no previous output yet).

#include <cstdint>
#include <vector>

#include "core/kernels/distributionmatching.h"
#include "core/kernels/latent.h"
#include "core/workloads/denoisingpipeline.h"
#include "core/workloads/denoisingreference.h"

namespace accelscope::orbis {

enum class ReductionMethod { Orbis, AsymRnR, OutputGreedy };
QString toString(ReductionMethod method);                        // "orbis", "asymrnr", "output_greedy"
QString displayName(ReductionMethod method);                     // "ORBIS", "AsymRnR", "output-guided greedy"
ReductionMethod reductionMethodFromString(const QString &text);  // throws InputError

struct ReductionSettings {
    double ratio =
        0.5;  // share of tokens merged away in each block's attention branch (AsymRnR's reduce ratio)
    int strideFrames = 2, strideHeight = 2, strideWidth = 2;  // one destination per chunk
    int window = 1;       // DATM: candidate destinations within this many chunks per axis (−1: all)
    int matchBits = 8;    // DATM reads the outputs as MXINT rows of this width (0: float)
    int warmupSteps = 1;  // steps that run unreduced, for every method

    // Throws InputError naming the field.
    void validate() const;
};

// What one denoising step did.
struct StepRecord {
    int step = 0;
    int timestep = 0;
    bool reduced = false;
    int keptTokens = 0;                   // rows entering attention per block
    double latentPsnrDb = 0;              // x after this step against the unreduced run's (+inf when equal)
    std::vector<std::vector<int>> pairs;  // per block: each token's destination (−1: stays)
    std::vector<kernels::MatchingWork> work;      // per block: DATM's work (ORBIS steps only)
    std::vector<std::vector<float>> outputError;  // per block: each token's block-output error vs unreduced
};

struct ReductionRun {
    ReductionMethod method = ReductionMethod::Orbis;
    ReductionSettings settings;
    kernels::Latent result;
    double psnrDb = 0;  // final latent against the unreduced run (+inf when identical)
    double mse = 0;
    std::vector<StepRecord> steps;
    int reducedSteps() const;
    // DATM work summed over the run's blocks and steps.
    kernels::MatchingWork totalWork() const;
};

// The unreduced run (the latent after every step, every block's output at every step).
using ReferenceRun = DenoisingReference;

// The toy pipeline's token grid with the settings' chunk strides.
kernels::SpatioTemporalSplit toySplit(const DenoisingPipeline &pipeline, const ReductionSettings &settings);

// Runs `method` on the reference's pipeline; `seed` draws the random destinations.
ReductionRun runReduction(const ReferenceRun &reference, ReductionMethod method,
                          const ReductionSettings &settings, std::uint64_t seed);

// Equal quality: the largest ratio in [0, maxRatio] at which `method`'s final latent reaches
// `targetPsnrDb` against the unreduced run, by bisection over the ratio (`iterations` halvings;
// quality falls as the ratio grows). Returns the run at that ratio.
ReductionRun ratioForQuality(const ReferenceRun &reference, ReductionMethod method,
                             const ReductionSettings &settings, double targetPsnrDb, std::uint64_t seed,
                             double maxRatio, int iterations = 7);

// The seed of the random destinations of `block` at `step` (a new split per block and step).
std::uint64_t destinationSeed(std::uint64_t seed, int step, int block);

// The largest ratio a split allows: all sources merged, one destination per chunk left.
double maxReductionRatio(const kernels::SpatioTemporalSplit &split);

}  // namespace accelscope::orbis
