#pragma once
// LaProx's functional model and the experiment the plugin reports: on seeded synthetic attention
// layers (core/workloads/syntheticattention) or imported keys, values and queries, score every
// cached token by its contribution to the layer output A·(V·W_O) over the observation window,
// select what stays under a KV budget with LaProx and with the head-wise baselines, and measure
// how far each selection moves the layer output of later queries.

#include <map>
#include <vector>

#include <QString>
#include <QStringList>

#include "core/kernels/kveviction.h"
#include "core/workloads/headtensors.h"
#include "core/workloads/syntheticattention.h"

namespace accelscope::laprox {

enum class EvictionMethod {
    Laprox,           // layer-wise contribution scores, one selection over every layer
    LaproxLayerwise,  // the same scores, the budget split evenly over layers
    LaproxKvHead,     // contribution scores per KV head, one selection over layers and KV heads
    H2o,              // per KV head: attention mass over the window, even budget per head
    SnapKv,           // H2O's mass max-pooled over neighbouring tokens
};
inline constexpr int kEvictionMethodCount = 5;
QString toString(EvictionMethod method);
EvictionMethod evictionMethodFromString(const QString &text);  // throws InputError listing the names
std::vector<EvictionMethod> allEvictionMethods();
bool isHeadwise(EvictionMethod method);  // a separate selection per KV head

struct EvictionSettings {
    int layers = 8;        // functional layers, evenly spaced over the model
    int tokens = 512;      // cached prompt tokens per layer
    int window = 8;        // observation window: its queries score, its tokens always stay
    int laterQueries = 16; // queries after the prompt whose outputs are compared
    int outputWidth = 128; // layer-output columns modelled
    int poolKernel = 7;    // SnapKV's pooling
    std::vector<double> budgets{0.05, 0.10, 0.20, 0.50, 1.0};  // fractions of the full KV cache
    // Imported attention (the `keys`, `values` and `queries` tensors, all three or none): the
    // functional layer i's cached keys and values are the first `tokens` rows of file layer i, its
    // window queries rows tokens − window … tokens − 1 and its later queries the next laterQueries
    // rows of the queries. W_O stays synthetic. Absent: the synthetic attention layers.
    AttentionTensors imported;

    // Throws InputError naming the field; the smallest budget must leave room for the window.
    void validate() const;
    int keepPerCache(double budget) const;  // round(budget · tokens)
};

// Kept tokens of one layer, per KV head (a layer-wise method keeps the same tokens in every head).
using LayerSelection = std::vector<kernels::KeptTokens>;
using Selection = std::vector<LayerSelection>;  // per functional layer

// What a layer's scoring needs: per query head the window's attention probabilities (window ×
// tokens, causal) and the values projected through its W_O slice, V_{g(h)} · W_O^h (tokens × width).
struct LayerScoringInputs {
    std::vector<kernels::MatrixF> windowProbabilities;
    std::vector<kernels::MatrixF> projectedValues;
    kernels::MatrixF windowOutput;  // Σ_h A_h · projectedValues_h: the layer output at the window
};
LayerScoringInputs scoringInputs(const SyntheticAttentionSpec &spec, const SyntheticAttentionLayer &layer);

// LaProx's score of token j over a set of query heads: || Σ_{h in heads} A_h[:, j] ⊗ u_{h,j} ||_F with
// u_{h,j} the j-th row of projectedValues_h: the Frobenius norm of the token's rank-one terms of the
// layer output, cross-head terms included. Returns one score per KV head (over its query heads)
// and, last, one over all heads.
std::vector<std::vector<double>> contributionScores(const SyntheticAttentionSpec &spec, const LayerScoringInputs &in);

// The layer output of the later queries, Σ_h softmax(q K_kept^T / √d) V_kept · W_O^h, with each KV
// head's cache compacted to its kept tokens (all tokens when `selection` is null).
kernels::MatrixF laterOutput(const SyntheticAttentionSpec &spec, const SyntheticAttentionLayer &layer,
                             const LayerSelection *selection = nullptr);

class EvictionExperiment {
public:
    // Generates the layers, scores them and evaluates every method at every budget.
    EvictionExperiment(const TransformerConfig &model, const EvictionSettings &settings, std::uint64_t seed);

    const EvictionSettings &settings() const { return settings_; }
    const SyntheticAttentionSpec &spec() const { return spec_; }
    const std::vector<int> &modelLayers() const { return modelLayers_; }  // model layer of each functional layer
    // LaProx layer scores divided by the layer's window-output norm (comparable across layers).
    const std::vector<std::vector<double>> &layerScores() const { return layerScores_; }
    Selection select(EvictionMethod method, double budget) const;
    // Mean over layers of ||O − Ô||_F / ||O||_F on the later queries, in [0, ∞).
    double outputError(EvictionMethod method, double budget) const;
    // Tokens kept over all layers and KV heads, and the full count.
    static std::int64_t keptEntries(const Selection &selection);
    std::int64_t fullEntries() const;

private:
    // Replaces a synthetic layer's keys, values and queries by the imported ones.
    void useImported(SyntheticAttentionLayer &layer, int functionalLayer) const;

    EvictionSettings settings_;
    SyntheticAttentionSpec spec_;
    std::vector<int> modelLayers_;
    std::vector<std::vector<double>> layerScores_;                 // [layer][token]
    std::vector<std::vector<std::vector<double>>> kvHeadScores_;   // [layer][kv head][token]
    std::vector<std::vector<std::vector<double>>> attentionMass_;  // [layer][kv head][token]
    std::vector<std::vector<std::vector<double>>> pooledMass_;
    std::map<std::pair<int, int>, double> errors_;  // (method, budget index) → error
};

}  // namespace accelscope::laprox
