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
    // Bits one cached K or V entry occupies, scales and sparse outliers included (a quantized
    // cache: 4.8 for Oaken, 4.25 for 4-bit with per-group FP16 scales); 0 keeps the cache at
    // bytesPerElement like the rest of the activations.
    double kvBitsPerElement = 0;

    double kvBytesPerElement() const { return kvBitsPerElement > 0 ? kvBitsPerElement / 8.0 : bytesPerElement; }
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
