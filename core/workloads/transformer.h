#pragma once
// Transformer model dimensions (the model zoo) and the text-generation workload shape.
// The zoo's data lives in resources/workloads/transformers.json.

#include <vector>

#include <QString>

namespace accelscope {

enum class Activation { Gelu, SwiGlu, Relu };
enum class Norm { LayerNorm, RmsNorm };

struct TransformerConfig {
    QString id;    // "gpt2-345m"
    QString name;  // "GPT-2 medium (345M)"
    int layers = 0;
    int dModel = 0;
    int heads = 0;    // query heads
    int kvHeads = 0;  // key/value heads (== heads without GQA)
    int headDim = 0;
    int ffn = 0;  // intermediate size (per expert for MoE)
    int vocab = 0;
    int maxPositions = 0;
    int experts = 1;  // MoE experts; experts active per token in `activeExperts`
    int activeExperts = 1;
    Activation activation = Activation::Gelu;
    Norm norm = Norm::LayerNorm;
    bool tiedEmbeddings = false;    // the LM head reuses the token-embedding matrix
    bool learnedPositions = false;  // a learned position table of maxPositions rows (GPT-2, OPT)
    bool biases = false;            // linear layers carry bias vectors (GPT-2, OPT)
    QString source;                 // where the dimensions come from, with its tag
    QString notes;                  // modelling choices for this entry (e.g. DFX's 24-head GPT-2 XL)

    int attentionWidth() const { return heads * headDim; }  // may differ from dModel
    int kvWidth() const { return kvHeads * headDim; }
};

// A batch of sequences: `inputTokens` of prompt each, then `outputTokens` generated one at a time.
struct TextGenerationWorkload {
    int batch = 1;
    int inputTokens = 0;
    int outputTokens = 0;
    int bytesPerElement = 2;  // FP16 / BF16
};

class ModelZoo {
public:
    // The built-in zoo (compiled-in resources/workloads/transformers.json).
    static const ModelZoo &builtin();
    // Throws InputError naming the id and listing the known ones.
    const TransformerConfig &transformer(const QString &id) const;
    const std::vector<TransformerConfig> &transformers() const { return transformers_; }

    // Parses a zoo file; throws InputError naming the file, the entry and the problem.
    static ModelZoo fromJson(const QByteArray &json, const QString &fileName);

private:
    std::vector<TransformerConfig> transformers_;
};

}  // namespace accelscope
