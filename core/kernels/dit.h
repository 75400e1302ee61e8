#pragma once
// A small diffusion transformer (DiT) on seeded weights, with every stage a separate function so
// token-reduction, reuse and sparsity models can intercept intermediates (attention scores and
// probabilities, the MLP pre-activation, block outputs) or run a block on a reduced token set.
//
// DiT block (adaLN-Zero-like, LayerNorm without affine, eps 1e-6):
//   (shift₁, scale₁, gate₁, shift₂, scale₂, gate₂) = Linear(SiLU(c))
//   x = x + gate₁ · Attn(LN(x) · (1 + scale₁) + shift₁)
//   x = x + gate₂ · MLP(LN(x) · (1 + scale₂) + shift₂),  MLP = Linear(GELU_tanh(Linear(·)))
// Final layer: Linear(LN(x) · (1 + scale) + shift) with (shift, scale) = Linear(SiLU(c)).
// c = MLP_time(sinusoid(t)) (Linear, SiLU, Linear). Patch embedding is a Linear over each
// patch's p·p·channels values plus fixed sin-cos positions (2-D, plus a 1-D frame term for video).
// Compute is float32 (no FP16 rounding): this network is an algorithmic reference.

#include <cstdint>
#include <functional>
#include <random>
#include <vector>

#include "core/kernels/tensor.h"
#include "core/kernels/tokenmerge.h"

namespace accelscope::kernels {

struct DitConfig {
    int hidden = 32;
    int heads = 2;
    int blocks = 4;
    double mlpRatio = 4.0;
    int patch = 2;
    int channels = 4;                 // latent channels in and out
    int frequencyDim = 64;            // sinusoidal timestep features
    double modulationStd = 0.02;      // adaLN weights
    double gateBias = 0.5;            // gates start small but non-zero (adaLN-Zero starts them at 0)
    double outputStd = 0.02;          // final linear (DiT starts it at 0)
    // Query and key weights are Xavier's times this gain, so attention logits spread like a
    // trained model's (std ≈ 0.5 · gain²: peaked rows) rather than Xavier's nearly uniform rows.
    double queryKeyGain = 2.5;

    int headDim() const { return hidden / heads; }
    int mlpHidden() const { return static_cast<int>(hidden * mlpRatio); }
    // Throws InputError naming the field.
    void validate() const;
};

struct Linear {
    MatrixF weight;  // in × out
    RowVectorF bias;
    MatrixF operator()(const MatrixF &x) const;
    // Xavier-normal weights (std sqrt(2 / (in + out))) unless `std` is given; zero bias.
    static Linear random(int in, int out, std::mt19937_64 &generator, double std = -1);
};

// The six per-block modulation rows (shift, scale, gate for attention, then for the MLP).
struct Modulation {
    RowVectorF shiftAttention, scaleAttention, gateAttention, shiftMlp, scaleMlp, gateMlp;
};

// What a block produced on the way, filled when asked for.
struct BlockIntermediates {
    std::vector<MatrixF> attentionScores;         // per head: scaled logits, queries × keys (before softmax)
    std::vector<MatrixF> attentionProbabilities;  // per head: softmax of the scores
    MatrixF attentionOutput;                      // after the output projection, before the gate
    MatrixF mlpPreActivation;                     // fc1 output, before GELU
    MatrixF mlpOutput;                            // fc2 output, before the gate
    MatrixF output;                               // the block's output
};

// Token reduction for one block, ToMeSD-style: a branch's input (after norm and modulation) is
// merged, the branch runs on the reduced rows, its output is unmerged and each token adds it
// (gated) to its own residual. Null plans leave a branch alone.
struct BlockReduction {
    const TokenMergePlan *attention = nullptr;
    const TokenMergePlan *mlp = nullptr;
    bool proportionalAttention = true;  // add log(size) of the merged keys to the logits (ToMe)
};

class DitBlock {
public:
    DitBlock(const DitConfig &config, std::mt19937_64 &generator);

    Modulation modulation(const RowVectorF &conditioning) const;
    // LN(x) · (1 + scale) + shift.
    static MatrixF modulate(const MatrixF &x, const RowVectorF &shift, const RowVectorF &scale);

    struct Qkv {
        MatrixF q, k, v;  // tokens × hidden, head h in columns [h · headDim, (h + 1) · headDim)
    };
    Qkv qkv(const MatrixF &h) const;
    // Scaled logits of one head, q·kᵀ / sqrt(headDim) (+ log size of each key when sizes are given).
    MatrixF attentionScores(const Qkv &qkv, int head, const std::vector<float> &keySizes = {}) const;
    // The attention branch on `h` (already normalized and modulated): heads, context, output
    // projection. Fills scores and probabilities when `intermediates` is given.
    MatrixF attention(const MatrixF &h, const std::vector<float> &keySizes = {}, BlockIntermediates *intermediates = nullptr) const;
    MatrixF mlpPreActivation(const MatrixF &h) const;
    MatrixF mlpFromPreActivation(const MatrixF &preActivation) const;  // GELU, then fc2
    // x + gate · branch.
    static MatrixF gatedResidual(const MatrixF &x, const RowVectorF &gate, const MatrixF &branch);

    MatrixF forward(const MatrixF &x, const Modulation &m, const BlockReduction &reduction = {},
                    BlockIntermediates *intermediates = nullptr) const;

    const DitConfig &config() const { return config_; }
    const Linear &modulationLinear() const { return adaLn_; }
    // The weights of each stage, for models that compute a subset of a stage themselves (the
    // columns of fc1 an FFN-reuse scheme recomputes, a log-domain prediction of the scores).
    const Linear &qkvLinear() const { return qkv_; }
    const Linear &projection() const { return proj_; }
    const Linear &mlpIn() const { return fc1_; }
    const Linear &mlpOut() const { return fc2_; }

private:
    DitConfig config_;
    Linear adaLn_, qkv_, proj_, fc1_, fc2_;
};

// What a block runner is told: which denoising step and block, the grid the tokens lie on, the
// block and its inputs. The default runner calls block.forward(x, modulation).
struct BlockCall {
    int step = 0;
    int timestep = 0;
    int blockIndex = 0;
    int frames = 1, gridHeight = 0, gridWidth = 0;  // token grid
    const DitBlock *block = nullptr;
    const MatrixF *x = nullptr;
    const Modulation *modulation = nullptr;
};
using BlockRunner = std::function<MatrixF(const BlockCall &)>;

class DitNetwork {
public:
    // Weights from std::mt19937_64(seed). Throws InputError for a bad config.
    DitNetwork(const DitConfig &config, std::uint64_t seed);

    const DitConfig &config() const { return config_; }
    int blockCount() const { return static_cast<int>(blocks_.size()); }
    const DitBlock &block(int i) const { return blocks_.at(static_cast<std::size_t>(i)); }

    // Sinusoidal features [cos, sin] of `timestep` at frequencyDim / 2 frequencies (DiT's form).
    RowVectorF timestepFeatures(double timestep) const;
    // c = Linear(SiLU(Linear(features))).
    RowVectorF conditioning(double timestep) const;
    // Patch tokens (tokens × p·p·channels) → hidden, plus positions on the frames × h × w grid.
    MatrixF embed(const MatrixF &patches, int frames, int gridHeight, int gridWidth) const;
    MatrixF finalLayer(const MatrixF &x, const RowVectorF &conditioning) const;

    // The whole pass: patches at `timestep` → per-token outputs (tokens × p·p·channels).
    MatrixF forward(const MatrixF &patches, int frames, int gridHeight, int gridWidth, double timestep, int step = 0,
                    const BlockRunner &runner = {}) const;

private:
    DitConfig config_;
    Linear timeIn_, timeOut_, patchEmbed_, finalAdaLn_, finalLinear_;
    std::vector<DitBlock> blocks_;
};

// Fixed sin-cos positions (DiT's 2-D embedding: half the width for y, half for x; a 1-D frame
// term added on top for video), frames · h · w rows.
MatrixF sinCosPositions(int hidden, int frames, int gridHeight, int gridWidth);

}  // namespace accelscope::kernels
