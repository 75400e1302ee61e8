#pragma once
// DiTo's token reduction run for real on the seeded latent-diffusion pipeline of core/workloads
// (a toy DiT on a synthetic latent), next to ToMeSD on the same pipeline and the unreduced run.
//
// DiTo (fact sheet diffusion.md §3): at a Matching step every block runs unreduced and its
// attention-branch outputs set the source → destination pairs (cosine similarity of outputs,
// ToMeSD's random 2 × 2 destinations, minus a selection-frequency penalty); the following
// Reduction steps merge every block's attention branch through the stored pairs. The Pair Match
// Ratio between consecutive Matching steps' (unpenalized) pairs sets the next interval.
// ToMeSD (§7): every block of every step matches on its input hidden state and merges.

#include <cstdint>
#include <vector>

#include "core/kernels/latent.h"
#include "core/workloads/denoisingpipeline.h"
#include "core/workloads/denoisingreference.h"

namespace accelscope::dito {

enum class ReductionMethod { Dito, ToMeSd };
QString toString(ReductionMethod method);
ReductionMethod reductionMethodFromString(const QString &text);  // throws InputError

struct ReductionSettings {
    double ratio = 0.5;  // sources merged per block: int(N · ratio), capped at the sources (ToMeSD's r)
    int cellWidth = 2, cellHeight = 2;  // one destination per cell (ToMeSD's sx, sy)
    // PMR-guided interval scheduling: an interval is one Matching step and interval − 1 Reduction
    // steps. After each Matching step the interval grows by one when PMR >= pmrThreshold and
    // halves otherwise, within [minInterval, maxInterval]; fixed when `adaptive` is false.
    bool adaptive = true;
    int initialInterval = 2;
    int minInterval = 2;
    int maxInterval = 8;
    double pmrThreshold = 0.7;
    // Frequency-aware matching: a source's ranking score loses penaltyWeight · count, where
    // count ← penaltyDecay · count + (1 if it merged in the pairs just stored).
    double penaltyWeight = 0.1;
    double penaltyDecay = 0.5;

    // Throws InputError naming the field.
    void validate() const;
};

// What one denoising step did (per method).
struct StepRecord {
    int step = 0;
    int timestep = 0;
    bool matching = false;   // DiTo: an unreduced Matching step that set new pairs
    bool reduced = false;    // the attention branches ran on merged tokens
    int interval = 0;        // DiTo: the interval in force (0 for ToMeSD)
    double pmr = -1;         // DiTo: Pair Match Ratio at a Matching step after the first, else −1
    int keptTokens = 0;      // tokens entering attention per block (all when not reduced)
    double latentPsnrDb = 0; // x after this step against the unreduced run's (+inf when equal)
    // Per block: each token's destination (−1: stays) in the pairs this step used or set.
    std::vector<std::vector<int>> pairs;
    // Per block: the penalty counts after this step (DiTo), and each token's attention-branch
    // output error against the unreduced run's at this step (L2 over the hidden width).
    std::vector<std::vector<float>> selectionCount;
    std::vector<std::vector<float>> outputError;
};

struct ReductionRun {
    ReductionMethod method = ReductionMethod::Dito;
    ReductionSettings settings;
    kernels::Latent result;
    double psnrDb = 0;  // final latent against the unreduced run (+inf when identical)
    double mse = 0;
    std::vector<StepRecord> steps;
    int matchingSteps() const;
    int reducedSteps() const;
};

// The unreduced run of a pipeline (the latent after every step, every block's attention-branch
// output at every step).
using ReferenceRun = DenoisingReference;

// Runs `method` on the reference's pipeline; `seed` draws the random destinations.
ReductionRun runReduction(const ReferenceRun &reference, ReductionMethod method, const ReductionSettings &settings,
                          std::uint64_t seed);

// The seed of DiTo's destination split in `block`: one split per block for the whole run, so that
// consecutive Matching steps' pairs can be compared (ToMeSD draws a new one every block and step).
std::uint64_t ditoDestinationSeed(std::uint64_t seed, int block);

// Sources ToMeSD merges per block out of `tokens`: int(tokens · ratio) capped at the sources of a
// cellWidth × cellHeight tiling of a gridWidth × gridHeight grid.
int mergedTokens(int gridWidth, int gridHeight, int cellWidth, int cellHeight, double ratio);

}  // namespace accelscope::dito
