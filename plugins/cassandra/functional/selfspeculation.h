#pragma once
// Cassandra's algorithm run for real on a small seeded GPT-2 (core/kernels/gpt2): the target
// model's weights and KV cache are split into speculation data (the draft) and verification data
// (the rest), so the draft is a bit-subset of the target and costs no extra memory.
//
// Weights: Wanda scores |W_ij|·||X_j||_2 from calibration activations keep the top (1 − p) of each
// output's inputs; the kept values lose their low `t` mantissa bits. KV cache: each token's keys
// and values of each head keep their (1 − p) largest magnitudes, truncated the same way. Exponents
// are either unary-coded by frequency rank (Cassandra-1, lossless: the target is the BF16 model)
// or shared per block of 32 (Cassandra-2, MX-style: the target is that block-floating-point model).
//
// Decoding: each round the draft (pruned, truncated weights over a pruned, truncated view of the
// target's cache) proposes γ tokens greedily; the target checks them and keeps the longest prefix
// that matches its own greedy choice plus its own next token, then forgets the rest of the cache.
// The output is therefore exactly the target's greedy output (tested token by token).

#include <cstdint>
#include <memory>
#include <vector>

#include "core/kernels/exponentcode.h"
#include "core/kernels/gpt2.h"
#include "core/kernels/pruning.h"

namespace accelscope::cassandra {

enum class ExponentCoding { Unary, Shared };
QString toString(ExponentCoding coding);  // "unary", "shared"

struct DraftSettings {
    double weightSparsity = 0.4;  // w_p
    int weightTruncation = 4;     // w_t, mantissa bits dropped
    double kvSparsity = 0.4;      // kv_p
    int kvTruncation = 4;         // kv_t
    ExponentCoding coding = ExponentCoding::Unary;
    int draftLength = 5;  // γ
    kernels::SharedExponentFormat shared;  // Cassandra-2's blocks

    // Throws InputError naming the field, its value and what is allowed.
    void validate() const;
};

struct FunctionalSettings {
    TransformerConfig model = smallModel();
    int promptTokens = 32;
    int outputTokens = 96;
    int calibrationTokens = 64;
    DraftSettings draft;

    // The functional model: GPT-2 shaped, 4 layers, d_model 256, 4 heads of 64, FFN 1024, 1024-token vocabulary.
    static TransformerConfig smallModel();
    void validate() const;
};

// Bits per stored element: the exponent code, and what the full data and the draft subset take
// (1-bit sparsity bitmap included in both).
struct BitBudget {
    double exponentEntropyBits = 0;  // of the BF16 exponent field over all values
    double exponentBits = 0;         // mean code bits over all values (shared: 8 / block)
    double keptExponentBits = 0;     // mean code bits over the kept (speculation) values
    double keptFraction = 0;
    double targetBits = 0;  // bitmap + sign + exponent code + full mantissa (or aligned significand)
    double draftBits = 0;   // bitmap + kept values' sign, exponent code and upper mantissa
};

// One draft-and-verify round: the draft proposed `drafted`, the target accepted the first
// `accepted` and added its own next token (so `accepted` + 1 tokens are committed).
struct SpeculationRound {
    int position = 0;  // tokens in the sequence before the round
    std::vector<int> draftTokens;
    std::vector<int> targetTokens;  // the target's greedy choice at every drafted position and one more
    int accepted = 0;
};

class SelfSpeculation {
public:
    // Draws the model from `seed`, calibrates Wanda, builds the draft, runs speculative decoding
    // and the target-only reference. Throws InputError for invalid settings.
    SelfSpeculation(const FunctionalSettings &settings, std::uint64_t seed);

    const FunctionalSettings &settings() const { return settings_; }
    const std::vector<int> &prompt() const { return prompt_; }
    const std::vector<int> &generated() const { return generated_; }         // speculative decoding
    const std::vector<int> &targetOnlyTokens() const { return reference_; }  // greedy, target only
    const std::vector<SpeculationRound> &rounds() const { return rounds_; }
    bool lossless() const { return generated_ == reference_; }

    // Accepted draft tokens / drafted tokens, over every round.
    double acceptanceRate() const;
    double tokensPerRound() const;
    // Accepted / drafted at draft position i (0-based) over the rounds that reached it.
    std::vector<double> acceptanceByPosition() const;

    const BitBudget &weightBits() const { return weightBits_; }
    const BitBudget &kvBits() const { return kvBits_; }

    const kernels::Gpt2Weights &targetWeights() const { return target_; }
    const kernels::Gpt2Weights &draftWeights() const { return draft_; }
    // Layer 0's FC1 speculation mask (inputs × outputs) and the final cache's layer-0 head-0 key mask.
    const kernels::MaskU8 &weightMask() const { return weightMask_; }
    const kernels::MaskU8 &keyMask() const { return keyMask_; }
    // ||draft − target||_F / ||target||_F over all linear weights.
    double draftWeightError() const { return draftWeightError_; }

    // The draft's view of a cache: each token's entries of each head pruned and truncated.
    std::vector<kernels::KvCache> draftView(const std::vector<kernels::KvCache> &caches) const;
    // The draft value of one KV row (one token of one head).
    kernels::MatrixF draftKv(const kernels::MatrixF &rows) const;

private:
    void buildTarget(std::uint64_t seed);
    void buildDraft(std::uint64_t seed);
    void decode();
    void countKvBits(const std::vector<kernels::KvCache> &caches);

    FunctionalSettings settings_;
    kernels::Gpt2Weights target_, draft_;
    kernels::MaskU8 weightMask_, keyMask_;
    double draftWeightError_ = 0;
    std::vector<int> prompt_, generated_, reference_;
    std::vector<SpeculationRound> rounds_;
    BitBudget weightBits_, kvBits_;
};

// The run for (settings, seed), computed once per process and shared: runs that differ only in
// their timing parameters (platform, model, lengths) reuse it. Thread-safe.
std::shared_ptr<const SelfSpeculation> selfSpeculationFor(const FunctionalSettings &settings, std::uint64_t seed);

}  // namespace accelscope::cassandra
