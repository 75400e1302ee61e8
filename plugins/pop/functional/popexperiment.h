#pragma once
// POP's functional experiment: seeded gated FFN layers fed seeded activations of a batch of
// sequences, pruned three ways at the same channel budget, against the dense FFN.
//
// A mask group is what shares one mask: the whole batch (scope `batch`: Wanda's ||X_k||_2 runs
// over every token of the forward pass, as a batched kernel sees them) or each sequence alone
// (scope `sequence`). Per functional layer and group: the prompts' hidden activations rank every
// intermediate channel (||h_k||_2 over the group's prompt tokens × Σ_i |W_down[i,k]|); the ranking
// is split into retained, candidate (a band of γ × channels around the budget) and pruned
// channels. Each decode step then computes the retained and candidate channels only, re-scores
// the candidates with the group's current tokens, keeps exactly as many as the budget leaves, and
// runs the down projection over the kept channels (POP). Static pruning keeps the prompts' top
// channels for every step (the offline baselines' fixed mask at the same budget); the oracle keeps
// each token's own top channels after computing all of them (a reference no pruner reaches
// without the dense work). Errors are relative Frobenius errors of the FFN output over every
// decode token.

#include <cstdint>
#include <vector>

#include <QString>

#include "core/kernels/channelprune.h"
#include "core/kernels/gatedffn.h"

namespace accelscope::pop {

enum class PruneMethod { Pop, Static, Oracle };
inline constexpr int kPruneMethodCount = 3;
QString toString(PruneMethod method);

enum class MaskScope { Batch, Sequence };
QString toString(MaskScope scope);

struct PopSettings {
    int layers = 4;                   // functional FFN layers
    int dModel = 256;                 // functional width (the model's is scaled down, its FFN ratio kept)
    int channels = 688;               // intermediate channels
    int promptTokens = 64;            // prompt tokens per sequence that score the channels
    int decodeTokens = 16;            // decode tokens per sequence that are pruned
    int sequences = 1;                // the batch, each sequence with its own prompt
    double ffnPruneRatio = 0.3;       // share of the FFN channels dropped per token
    double gamma = 0.1;               // candidate band, a share of the channels
    double contextSpread = 0.5;       // a sequence's own per-channel offset to its activations (a topic)
    double channelScaleSpread = 0.5;  // log-normal spread of the channels' weight scales
    kernels::ChannelAggregation aggregation = kernels::ChannelAggregation::Sum;
    MaskScope scope = MaskScope::Batch;

    int groups() const { return scope == MaskScope::Batch ? 1 : sequences; }
    int keep() const;  // channels kept per token: round((1 − ratio) × channels)
    int band() const;  // candidate channels: round(γ × channels)
    // Throws InputError naming the field, its value and what is allowed.
    void validate() const;
};

// One decode step of a mask group under POP: the computed (retained + candidate) channels' hidden
// activations for the group's current tokens (rows of x), the candidates re-scored with
// ||h_k||_2 over those tokens × the channel's weight factor, the best partition.candidatesToKeep()
// of them added to the retained ones, the down projection over those for every token.
struct PopStep {
    kernels::Channels kept;   // ascending, exactly partition.keep
    kernels::MatrixF output;  // tokens × dModel
};
PopStep popDecodeStep(const kernels::MatrixF &x, const kernels::GatedFfnWeights &weights,
                      const kernels::ChannelPartition &partition, const std::vector<double> &weightFactors);

class PopExperiment {
public:
    PopExperiment(const PopSettings &settings, std::uint64_t seed);

    const PopSettings &settings() const { return settings_; }
    // Relative FFN output error of a method, mean over the functional layers (0 when dense).
    double outputError(PruneMethod method) const;
    // Per decode step (mean over layers): the share of channels a step's batch computes (the
    // union of its groups' retained and candidate channels) and keeps (the union of the kept).
    double batchComputedShare() const { return batchComputed_; }
    double batchKeptShare() const { return batchKept_; }
    // The same for one group: (retained + candidates) / channels and keep / channels.
    double groupComputedShare() const;
    double groupKeptShare() const;
    // Mean overlap |A ∩ B| / |A| of the dense top-50 % channel sets of consecutive decode tokens.
    double topHalfOverlap() const { return topHalfOverlap_; }
    // Mean share of a token's kept channels that static pruning also keeps.
    double staticAgreement() const { return staticAgreement_; }
    // True when every decode step of every group and layer kept exactly keep() channels.
    bool budgetMetExactly() const { return budgetExact_; }

    const kernels::ChannelPartition &partition(int layer, int group) const;
    // The kept channels of each decode step of a group.
    const std::vector<kernels::Channels> &kept(int layer, int group) const;
    // Channels by descending prompt score of `group` (the partition's order).
    const std::vector<int> &rankOrder(int layer, int group) const;

private:
    struct GroupLayer {
        kernels::ChannelPartition partition;
        std::vector<int> order;
        std::vector<kernels::Channels> kept;
    };
    GroupLayer &at(int layer, int group);
    const GroupLayer &at(int layer, int group) const;
    void runLayer(int layer, std::uint64_t seed);

    PopSettings settings_;
    std::vector<GroupLayer> runs_;  // [layer × group]
    std::vector<double> errors_;    // [method], mean over layers
    double batchComputed_ = 0, batchKept_ = 0, topHalfOverlap_ = 0, staticAgreement_ = 0;
    bool budgetExact_ = true;
};

}  // namespace accelscope::pop
