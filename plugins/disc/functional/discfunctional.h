#pragma once
// DiSC's algorithms run for real on the seeded latent-diffusion pipeline of core/workloads (a toy
// DiT on a synthetic latent), measured against the unreduced run with the same seed (fact sheet
// diffusion.md §2):
//
// Cached Token Reuse (CTR): at the start of every step each token's input change is measured on
// the patchified latent as block 0 sees it (the patch embedding of the latent; the fixed
// positions cancel): δ_i = ‖x_i − x̃_i‖ / ‖x̃_i − pos_i‖, where x̃_i is the token's input when its
// cache was last refreshed. A token with δ_i < τ reuses its cached output in every block (its
// query-side work, attention row, output projection and MLP are skipped); the others are
// recomputed and refresh the cache. Keys and values are computed for every token. The first
// `warmupSteps` steps recompute every token (τ = 0: no token is ever reused).
//
// Softmax Thresholding with Sparsity-Mask Reuse (ST): at a mask-generation step each block and
// head computes the softmax densely and keeps the entries with probability ≥ θ / N (θ in units of
// the uniform probability 1/N over N keys), a binary mask; the next `maskInterval − 1` steps reuse
// it, computing scores, softmax (renormalized over the kept entries) and P·V at the kept entries
// only. Generation steps are the multiples of `maskInterval` (1: a new mask every step).
//
// Hash-based distribution: each step's sparse attention work (the kept entries of the rows that
// are recomputed, every block and head) is distributed over the on-chip banks with the chosen
// hash and, for comparison, with the contiguous (blocked) mapping (core/kernels/bankdistribution.h).

#include <cstdint>
#include <vector>

#include "core/kernels/bankdistribution.h"
#include "core/kernels/latent.h"
#include "core/workloads/denoisingreference.h"

namespace accelscope::disc {

// [I] 32 banks, the front end issuing one item per bank per cycle, queues of 4 items, XOR fold.
inline kernels::BankSettings discBanks() {
    kernels::BankSettings b;
    b.banks = 32;
    b.issueWidth = 32;
    b.queueDepth = 4;
    b.hash = kernels::BankHash::XorFold;
    return b;
}

// Bank-queue snapshots kept per step (block 0, head 0's sparse work), for the memory view.
inline constexpr int kQueueSnapshots = 8;

struct DiscAlgorithm {
    bool tokenReuse = true;
    double reuseThreshold = 0.05;  // τ: relative input change below which a token reuses its cache
    int warmupSteps = 2;           // steps that recompute every token
    bool sparseAttention = true;
    double softmaxThreshold = 0.5;  // θ: keep probabilities ≥ θ / N
    int maskInterval = 5;           // a new mask every this many steps
    kernels::BankSettings banks = discBanks();  // the sparse work's banks and hash
    // Throws InputError naming the parameter.
    void validate() const;
};

// What one denoising step did.
struct StepRecord {
    int step = 0;
    int timestep = 0;
    double latentPsnrDb = 0;      // the latent after this step against the unreduced run's
    int recomputedTokens = 0;     // tokens computed this step (the rest reuse their cache)
    bool maskGenerated = false;   // ST: this step computed its softmax densely and set new masks
    double keptEntries = 0;       // kept score entries in recomputed rows, all blocks and heads
    double rowEntries = 0;        // recomputed rows × keys, all blocks and heads
    kernels::BankDistribution banks;       // the sparse work on the chosen hash (snapshots: block 0, head 0)
    kernels::BankDistribution naiveBanks;  // the same work on contiguous banks
    std::vector<std::int32_t> tokenStates;  // per token: token_state::kKept (recomputed) or kReused
    std::vector<float> inputChange;         // per token: δ_i (0 in warm-up steps)
    kernels::MaskU8 mask;                   // block 0, head 0: the mask in force on the recomputed rows
    double attentionDensity() const { return rowEntries > 0 ? keptEntries / rowEntries : 1.0; }
};

struct DiscRun {
    DiscAlgorithm algorithm;
    kernels::Latent result;
    double psnrDb = 0;  // final latent against the unreduced run (+inf when identical)
    double mse = 0;
    std::vector<StepRecord> steps;
    double recomputedShare() const;   // tokens computed / tokens, over all steps
    double attentionDensity() const;  // kept / row entries, over all steps
    int maskGenerations() const;
    kernels::BankDistribution banks() const;       // summed over the steps
    kernels::BankDistribution naiveBanks() const;  // summed over the steps
};

// Runs DiSC on the reference's pipeline.
DiscRun runDisc(const DenoisingReference &reference, const DiscAlgorithm &algorithm);

}  // namespace accelscope::disc
