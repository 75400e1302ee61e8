#pragma once
// A GPT-2 decoder layer and a full forward pass on seeded synthetic weights: the functional
// reference every transformer plugin can check its partitioned or approximated version against.
//
// Pre-LayerNorm GPT-2 block:  h = x + Proj(Attn(LN1(x))),  out = h + FC2(GELU(FC1(LN2(h)))).
// Weights use GPT-2's Conv1D layout (y = x W + b, W is in × out). The attention width
// (heads × headDim) may differ from dModel, as in DFX's 24-head GPT-2 1.5B.

#include <cstdint>
#include <random>
#include <vector>

#include "core/kernels/attention.h"
#include "core/kernels/gelu.h"
#include "core/kernels/tensor.h"
#include "core/workloads/transformer.h"

namespace accelscope::kernels {

enum class GeluMode { Tanh, Lut };

struct Gpt2LayerWeights {
    VectorF ln1Gamma, ln1Beta;
    MatrixF query, key, value;  // dModel × attentionWidth
    RowVectorF queryBias, keyBias, valueBias;
    MatrixF projection;  // attentionWidth × dModel
    RowVectorF projectionBias;
    VectorF ln2Gamma, ln2Beta;
    MatrixF fc1;  // dModel × ffn
    RowVectorF fc1Bias;
    MatrixF fc2;  // ffn × dModel
    RowVectorF fc2Bias;

    // GPT-2-like initialisation: weights and biases ~N(0, 0.02²), LayerNorm gain 1 + ~N(0, 0.02²)
    // and shift ~N(0, 0.02²), every value rounded to FP16 (weights are stored in FP16). The draws
    // are an Irwin–Hall approximation of the normal (see gpt2.cpp), fast enough for real sizes.
    static Gpt2LayerWeights random(const TransformerConfig &config, std::mt19937_64 &generator);
    std::int64_t parameterCount() const;
};

struct Gpt2Weights {
    MatrixF tokenEmbedding;     // vocab × dModel (also the LM head, tied as in GPT-2)
    MatrixF positionEmbedding;  // maxPositions × dModel
    std::vector<Gpt2LayerWeights> layers;
    VectorF finalGamma, finalBeta;

    // `layers` decoder layers (<= config.layers) drawn from std::mt19937_64(seed).
    static Gpt2Weights random(const TransformerConfig &config, int layers, std::uint64_t seed);
};

// The inputs of a layer's linear layers in one forward pass (tokens × in features), for
// calibration (e.g. Wanda's activation norms): QKV, the output projection, FC1 and FC2.
struct Gpt2LinearInputs {
    MatrixF qkv, projection, fc1, fc2;
};

// The single-device reference of one decoder layer. Values are rounded to FP16 wherever the
// hardware stores them (LayerNorm outputs, matmul outputs, GELU outputs, residual sums, KV cache).
class Gpt2DecoderLayer {
public:
    Gpt2DecoderLayer(const Gpt2LayerWeights &weights, const TransformerConfig &config, GeluMode gelu);

    // `x`: new tokens × dModel at the positions following those already in `cache`, which
    // receives their keys and values. `firstHeadScores` receives head 0's attention probabilities.
    // `linearInputs`, when given, receives the inputs of the layer's linear layers.
    MatrixF forward(const MatrixF &x, KvCache &cache, MatrixF *firstHeadScores = nullptr,
                    Gpt2LinearInputs *linearInputs = nullptr) const;
    KvCache emptyCache() const { return KvCache(config_.heads, config_.headDim); }

private:
    const Gpt2LayerWeights &weights_;
    TransformerConfig config_;
    GeluMode gelu_;
    LutGelu lut_;
};

// y = x W + b, rounded to FP16 (a Conv1D instruction writing its result back).
MatrixF linearFp16(const MatrixF &x, const Eigen::Ref<const MatrixF> &weight,
                   const Eigen::Ref<const RowVectorF> &bias);
// GELU of every element, rounded to FP16.
void geluFp16(MatrixF &values, GeluMode mode, const LutGelu &lut);

// A whole GPT-2: embeddings, the decoder layers, final LayerNorm and the tied LM head, with one
// KV cache per layer so tokens can be fed a prompt at a time and then one at a time.
class Gpt2Forward {
public:
    Gpt2Forward(const Gpt2Weights &weights, const TransformerConfig &config, GeluMode gelu);

    // Feeds `tokens` at the next positions and returns their logits (tokens × vocab). With
    // `linearInputs` it also records every layer's linear-layer inputs and, as the last entry's
    // `qkv`, the LM head's input (the final LayerNorm's output).
    MatrixF feed(const std::vector<int> &tokens, std::vector<Gpt2LinearInputs> *linearInputs = nullptr);
    int position() const { return position_; }

    // The per-layer KV caches (every cache holds position() tokens).
    const std::vector<KvCache> &caches() const { return caches_; }
    // Forgets the tokens from `position` on, as speculative decoding does with rejected drafts.
    // Throws std::invalid_argument unless 0 <= position <= position().
    void rewind(int position);
    // Replaces the caches (one per layer, all of one length, e.g. a compressed view of another
    // run's) and continues after them. Throws std::invalid_argument on a count or length mismatch.
    void restore(std::vector<KvCache> caches);

private:
    const Gpt2Weights &weights_;
    TransformerConfig config_;
    std::vector<Gpt2DecoderLayer> layers_;
    std::vector<KvCache> caches_;
    int position_ = 0;
};

}  // namespace accelscope::kernels
