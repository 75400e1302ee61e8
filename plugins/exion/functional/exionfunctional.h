#pragma once
// EXION's algorithms run for real on the seeded latent-diffusion pipeline of core/workloads (a toy
// DiT on a synthetic latent), next to the unreduced run with the same seed:
//
// FFN-Reuse (inter-iteration): every `denseInterval` steps a dense iteration computes every MLP
// in full, and per block marks the GELU outputs with |h| > ffnThreshold · RMS(h) (a threshold
// set from that iteration's own outputs) and caches h. The following sparse iterations compute
// fc1 and GELU only at the marked (token, neuron) entries, take the cached h elsewhere, and run
// fc2 on the result.
//
// Eager prediction (intra-iteration): before QKV generation the attention input and W_q, W_k
// are coded by their two leading ones (core/kernels/leadingone.h); Q̂ = X̂·Ŵq and K̂ = X̂·Ŵk, then
// per head Ŝ = Q̂·K̂ᵀ, all in the log domain (exponent additions). Each query keeps the
// `attentionKeep` share of keys with the largest Ŝ; exact scores, softmax and P·V are computed
// for the kept entries only.
//
// ConMerge: each step's sparse masks (the FFN's tokens × neurons, every head's queries × keys)
// are compacted for the PE array (core/kernels/sparsecompaction.h); utilization before and after.

#include <cstdint>
#include <memory>
#include <vector>

#include "core/kernels/sparsecompaction.h"
#include "core/workloads/denoisingpipeline.h"

namespace accelscope::exion {

struct ExionAlgorithm {
    bool ffnReuse = true;
    int denseInterval = 5;      // a dense iteration every this many steps (1: every step dense)
    double ffnThreshold = 0.5;  // × RMS of the dense iteration's GELU outputs, per block
    bool prediction = true;
    double attentionKeep = 0.25;  // share of the keys each query keeps
    int predictorBits = 8;        // integer width the leading ones are taken from
    int predictorTerms = 2;       // leading ones per value (2: two-step detection)
    bool conMerge = true;
    kernels::CompactionSettings compaction;
    // Throws InputError naming the parameter.
    void validate() const;
};

struct FunctionalSettings {
    int latentSize = 32;  // latent positions per side (16 × 16 tokens with patch 2)
    int steps = 50;
    kernels::DitConfig network;  // hidden 32, 2 heads, 4 blocks, MLP 128
};

// What the array does for one or more masks (a Compaction's counts, summed).
struct CompactionCounts {
    double nonzeros = 0, elements = 0;
    double denseTiles = 0, tilesBefore = 0,
           slotsBefore = 0;  // uncompacted: non-empty tiles and their PE slots
    double denseRows = 0, mergedRows = 0,
           slotsAfter = 0;  // row passes dense and after ConMerge, its PE slots
    void add(const kernels::Compaction &c);
    CompactionCounts &operator+=(const CompactionCounts &o);
    double density() const { return elements > 0 ? nonzeros / elements : 0.0; }
    double utilizationBefore() const { return slotsBefore > 0 ? nonzeros / slotsBefore : 0.0; }
    double utilizationAfter() const { return slotsAfter > 0 ? nonzeros / slotsAfter : 0.0; }
    // The share of the dense pass's array time the sparse pass needs, with ConMerge (merged row
    // passes) or without (non-empty tiles).
    double passShare(bool conMerge) const;
};

struct BlockStep {
    bool ffnDense = true;
    CompactionCounts ffn;        // the FFN mask this step computes (all ones when dense)
    CompactionCounts attention;  // every head's predicted mask (all ones without prediction)
    double recall = 1.0;         // top-k recall of the predicted masks against the exact scores
    double projectionAdds = 0;   // exponent additions of Q̂ and K̂
    double scoreAdds = 0;        // exponent additions of Ŝ, all heads
};

struct StepRecord {
    int step = 0;
    int timestep = 0;
    bool dense = true;  // a dense FFN iteration
    std::vector<BlockStep> blocks;
    double latentPsnrDb = 0;  // the latent after this step against the unreduced run's
    CompactionCounts ffn() const;
    CompactionCounts attention() const;
    double recall() const;
};

// ConMerge's first column group of one mask: `rows` rows in the merged orientation (the mask's
// columns when `transposed`).
struct ConMergeView {
    kernels::CompactedGroup group;
    int rows = 0;
    bool transposed = false;
};

// Kept for the views (block 0, and head 0 of each block).
struct StepViews {
    std::vector<kernels::MaskU8> ffnMask;        // per block: the mask in force (set at the dense step)
    std::vector<kernels::MaskU8> predictedMask;  // per block: head 0's predicted keys
    // Block 0, head 0: 0 skipped, 1 kept and in the exact top-k, 2 kept but not, 3 missed.
    std::vector<float> attentionCheck;
    ConMergeView ffnConMerge;        // block 0
    ConMergeView attentionConMerge;  // block 0, head 0
};

class ExionFunctional {
public:
    ExionFunctional(const FunctionalSettings &settings, const ExionAlgorithm &algorithm, std::uint64_t seed);

    const DenoisingPipeline &pipeline() const { return *pipeline_; }
    const ExionAlgorithm &algorithm() const { return algorithm_; }
    const kernels::Latent &reference() const { return reference_; }
    const kernels::Latent &result() const { return result_; }
    double psnrDb() const { return psnr_; }  // +inf when identical
    double mse() const { return mse_; }
    const std::vector<StepRecord> &steps() const { return steps_; }
    const std::vector<StepViews> &views() const { return views_; }
    int tokens() const { return pipeline_->tokens(); }
    int mlpHidden() const { return settings_.network.mlpHidden(); }
    QString dataSource() const;

private:
    FunctionalSettings settings_;
    ExionAlgorithm algorithm_;
    std::unique_ptr<DenoisingPipeline> pipeline_;
    kernels::Latent reference_, result_;
    double psnr_ = 0, mse_ = 0;
    std::vector<StepRecord> steps_;
    std::vector<StepViews> views_;
};

}  // namespace accelscope::exion
