#pragma once
// Per-head attention tensors for the LLM models' functional tracks — a layer's keys, values or
// queries as one tokens × head_dim matrix per (layer, head) — either read from a file given to the
// run (the command line's --tensor NAME=FILE[:TENSOR]) or drawn by the seeded generator
// (synthetictensors.h). A model asks for head (layer, head) with a number of tokens and does not
// care which it got; description() says, for the run's data source.
//
// Shapes a file may hold (row-major; any dtype the tensor reader knows, converted to float):
//   [tokens, head_dim]                  one head, used for every layer and head the run reads;
//   [heads, tokens, head_dim]           one layer, used for every layer the run reads;
//   [layers, heads, tokens, head_dim]   file layer i feeds the run's i-th functional layer.
// `heads` must be the model's count of this kind (KV heads for keys and values, query heads for
// queries), head_dim the model's, layers at least the run's functional layers and tokens at least
// the rows the run reads (the first rows are used). Anything else is an InputError naming the
// tensor, the file, the shape found and the shapes allowed.

#include <cstdint>
#include <memory>
#include <optional>

#include <QString>

#include "core/api/param.h"
#include "core/kernels/tensor.h"
#include "core/workloads/synthetictensors.h"
#include "core/workloads/transformer.h"

namespace accelscope {

// The schema entry for a per-head tensor called `name`: the three shapes above.
TensorSpec headTensorSpec(const QString &name, const QString &doc);

// What a run reads of one per-head tensor; checked against an imported file.
struct HeadTensorNeeds {
    QString modelId;      // names the model in messages
    int layers = 1;       // functional layers the run computes
    int heads = 1;        // the model's heads of this kind
    int headDim = 128;
    int tokens = 1;       // rows the run reads per head
    QString headsName = QStringLiteral("KV heads");        // "KV heads" or "query heads", for messages
    QString tokensName = QStringLiteral("functional_tokens");  // the parameter that sets `tokens`

    // Keys or values of `model` (its KV heads and head_dim).
    static HeadTensorNeeds keysOrValues(const QString &modelId, const TransformerConfig &model, int layers, int tokens);
};

// "FILE, tensor 'NAME', F16 [8, 128, 128], sha256 1a2b…" (no tensor part for a .npy file).
QString describeLoadedTensor(const io::LoadedTensor &tensor);

class HeadTensors {
public:
    // The seeded generator: syntheticTensor(SyntheticTensorSpec::forKind(kind, tokens, head_dim),
    // seed, layer, head).
    static HeadTensors synthetic(SyntheticTensorKind kind, int headDim, std::uint64_t seed);
    // The file given as tensor `name`; throws InputError when it does not fit `needs`.
    static HeadTensors imported(const QString &name, const io::LoadedTensor &tensor, const HeadTensorNeeds &needs);
    // The file when the run was given tensor `name`, otherwise nothing.
    static std::optional<HeadTensors> importedIfGiven(const ParamSet &params, const QString &name,
                                                      const HeadTensorNeeds &needs);

    bool isImported() const { return tensor_ != nullptr; }
    // Head `head` of the run's functional layer `layer`, its first `tokens` rows: tokens × head_dim.
    // Imported: `tokens` may not exceed tokens(); `layer` and `head` index as the shapes above say.
    kernels::MatrixF head(int layer, int head, int tokens) const;
    // Rows of `head` from row `first` on (imported only; first + tokens <= tokens()).
    kernels::MatrixF rows(int layer, int head, int first, int tokens) const;
    // Token rows per head in the file (imported only).
    int tokens() const { return tokens_; }
    int headDim() const { return headDim_; }
    // "keys from FILE, tensor 'k', F16 [32, 8, 512, 128], sha256 …" or "synthetic keys (seed 7)".
    QString description() const;

private:
    HeadTensors() = default;

    QString name_;
    SyntheticTensorKind kind_ = SyntheticTensorKind::Keys;
    std::uint64_t seed_ = 0;
    int headDim_ = 0;
    // Imported: the file's values and how its dimensions map to (layer, head, token).
    std::shared_ptr<const io::Tensor> tensor_;
    QString source_;
    int fileLayers_ = 1;
    int fileHeads_ = 1;
    int tokens_ = 0;
};

// Keys, values and queries that only make sense together (attention of the queries over the keys):
// the run gets all three or none. Queries have the model's query heads and `queryTokens` rows,
// which `queryTokensName` explains in messages.
struct AttentionTensors {
    std::optional<HeadTensors> keys, values, queries;

    // Throws InputError when only some of the three were given (naming them, with `why`) or one
    // does not fit.
    static AttentionTensors fromParams(const ParamSet &params, const HeadTensorNeeds &kv, int queryTokens,
                                       const QString &queryTokensName, int queryHeads, const QString &why);
    bool given() const { return keys.has_value(); }
    // "keys from …; values from …; queries from …".
    QString description() const;
};

}  // namespace accelscope
