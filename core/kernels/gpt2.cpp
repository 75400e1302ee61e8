#include "core/kernels/gpt2.h"

#include <cmath>
#include <stdexcept>

#include "core/kernels/normalization.h"
#include "core/kernels/random.h"

namespace accelscope::kernels {

namespace {

constexpr float kInitStd = 0.02f;

MatrixF randomMatrix(Eigen::Index rows, Eigen::Index cols, std::mt19937_64 &generator, float mean = 0.0f) {
    return randomNormalFp16(rows, cols, generator, kInitStd, mean);
}

VectorF randomVector(Eigen::Index size, std::mt19937_64 &generator, float mean = 0.0f) {
    return randomMatrix(size, 1, generator, mean).col(0);
}

RowVectorF randomRow(Eigen::Index size, std::mt19937_64 &generator) {
    return randomMatrix(1, size, generator).row(0);
}

}  // namespace

Gpt2LayerWeights Gpt2LayerWeights::random(const TransformerConfig &config, std::mt19937_64 &generator) {
    const int d = config.dModel;
    const int attention = config.attentionWidth();
    Gpt2LayerWeights w;
    w.ln1Gamma = randomVector(d, generator, 1.0f);
    w.ln1Beta = randomVector(d, generator);
    w.query = randomMatrix(d, attention, generator);
    w.key = randomMatrix(d, attention, generator);
    w.value = randomMatrix(d, attention, generator);
    w.queryBias = randomRow(attention, generator);
    w.keyBias = randomRow(attention, generator);
    w.valueBias = randomRow(attention, generator);
    w.projection = randomMatrix(attention, d, generator);
    w.projectionBias = randomRow(d, generator);
    w.ln2Gamma = randomVector(d, generator, 1.0f);
    w.ln2Beta = randomVector(d, generator);
    w.fc1 = randomMatrix(d, config.ffn, generator);
    w.fc1Bias = randomRow(config.ffn, generator);
    w.fc2 = randomMatrix(config.ffn, d, generator);
    w.fc2Bias = randomRow(d, generator);
    return w;
}

std::int64_t Gpt2LayerWeights::parameterCount() const {
    return ln1Gamma.size() + ln1Beta.size() + query.size() + key.size() + value.size() + queryBias.size() +
           keyBias.size() + valueBias.size() + projection.size() + projectionBias.size() + ln2Gamma.size() +
           ln2Beta.size() + fc1.size() + fc1Bias.size() + fc2.size() + fc2Bias.size();
}

Gpt2Weights Gpt2Weights::random(const TransformerConfig &config, int layers, std::uint64_t seed) {
    if (layers < 0 || layers > config.layers)
        throw std::invalid_argument("Gpt2Weights::random: layer count out of range");
    std::mt19937_64 generator(seed);
    Gpt2Weights w;
    w.tokenEmbedding = randomMatrix(config.vocab, config.dModel, generator);
    w.positionEmbedding = randomMatrix(config.maxPositions, config.dModel, generator);
    for (int l = 0; l < layers; ++l)
        w.layers.push_back(Gpt2LayerWeights::random(config, generator));
    w.finalGamma = randomVector(config.dModel, generator, 1.0f);
    w.finalBeta = randomVector(config.dModel, generator);
    return w;
}

MatrixF linearFp16(const MatrixF &x, const Eigen::Ref<const MatrixF> &weight,
                   const Eigen::Ref<const RowVectorF> &bias) {
    MatrixF y = x * weight;
    y.rowwise() += bias;
    roundToFp16InPlace(y);
    return y;
}

void geluFp16(MatrixF &values, GeluMode mode, const LutGelu &lut) {
    if (mode == GeluMode::Lut)
        lut.apply(values);
    else
        applyGeluTanh(values);
    roundToFp16InPlace(values);
}

Gpt2DecoderLayer::Gpt2DecoderLayer(const Gpt2LayerWeights &weights, const TransformerConfig &config,
                                   GeluMode gelu)
    : weights_(weights), config_(config), gelu_(gelu) {}

MatrixF Gpt2DecoderLayer::forward(const MatrixF &x, KvCache &cache, MatrixF *firstHeadScores,
                                   Gpt2LinearInputs *linearInputs) const {
    const Gpt2LayerWeights &w = weights_;
    MatrixF normed = layerNorm(x, w.ln1Gamma, w.ln1Beta);
    roundToFp16InPlace(normed);
    // V before Q and K, as DFX orders them; the order does not change the values.
    const MatrixF value = linearFp16(normed, w.value, w.valueBias);
    const MatrixF key = linearFp16(normed, w.key, w.keyBias);
    const MatrixF query = linearFp16(normed, w.query, w.queryBias);
    cache.append(key, value);
    const MatrixF context = causalAttention(query, cache, firstHeadScores);
    if (linearInputs) {
        linearInputs->qkv = normed;
        linearInputs->projection = context;
    }
    MatrixF hidden = x + linearFp16(context, w.projection, w.projectionBias);
    roundToFp16InPlace(hidden);

    MatrixF normed2 = layerNorm(hidden, w.ln2Gamma, w.ln2Beta);
    roundToFp16InPlace(normed2);
    MatrixF inner = linearFp16(normed2, w.fc1, w.fc1Bias);
    geluFp16(inner, gelu_, lut_);
    if (linearInputs) {
        linearInputs->fc1 = normed2;
        linearInputs->fc2 = inner;
    }
    MatrixF out = hidden + linearFp16(inner, w.fc2, w.fc2Bias);
    roundToFp16InPlace(out);
    return out;
}

Gpt2Forward::Gpt2Forward(const Gpt2Weights &weights, const TransformerConfig &config, GeluMode gelu)
    : weights_(weights), config_(config) {
    for (const Gpt2LayerWeights &layer : weights.layers) {
        layers_.emplace_back(layer, config, gelu);
        caches_.push_back(layers_.back().emptyCache());
    }
}

MatrixF Gpt2Forward::feed(const std::vector<int> &tokens, std::vector<Gpt2LinearInputs> *linearInputs) {
    const auto count = static_cast<Eigen::Index>(tokens.size());
    if (position_ + count > config_.maxPositions)
        throw std::invalid_argument("Gpt2Forward::feed: sequence longer than maxPositions");
    MatrixF x(count, config_.dModel);
    for (Eigen::Index i = 0; i < count; ++i) {
        const int token = tokens[static_cast<std::size_t>(i)];
        if (token < 0 || token >= config_.vocab)
            throw std::invalid_argument("Gpt2Forward::feed: token id outside the vocabulary");
        x.row(i) = weights_.tokenEmbedding.row(token) + weights_.positionEmbedding.row(position_ + i);
    }
    roundToFp16InPlace(x);
    if (linearInputs)
        linearInputs->assign(layers_.size() + 1, {});
    for (std::size_t l = 0; l < layers_.size(); ++l)
        x = layers_[l].forward(x, caches_[l], nullptr, linearInputs ? &(*linearInputs)[l] : nullptr);
    position_ += static_cast<int>(count);
    MatrixF normed = layerNorm(x, weights_.finalGamma, weights_.finalBeta);
    roundToFp16InPlace(normed);
    if (linearInputs)
        linearInputs->back().qkv = normed;
    MatrixF logits = normed * weights_.tokenEmbedding.transpose();
    return logits;
}

}  // namespace accelscope::kernels

namespace accelscope::kernels {

void Gpt2Forward::rewind(int position) {
    if (position < 0 || position > position_)
        throw std::invalid_argument("Gpt2Forward::rewind: position outside 0 .. the tokens fed");
    for (KvCache &cache : caches_) {
        const int hd = cache.headDim();
        MatrixF keys(position, cache.heads() * hd), values(position, cache.heads() * hd);
        for (int h = 0; h < cache.heads(); ++h) {
            keys.middleCols(h * hd, hd) = cache.keys(h).topRows(position);
            values.middleCols(h * hd, hd) = cache.values(h).topRows(position);
        }
        KvCache kept(cache.heads(), hd);
        kept.append(keys, values);
        cache = std::move(kept);
    }
    position_ = position;
}

void Gpt2Forward::restore(std::vector<KvCache> caches) {
    if (caches.size() != caches_.size())
        throw std::invalid_argument("Gpt2Forward::restore: one cache per layer is needed");
    const int length = caches.empty() ? 0 : caches.front().length();
    for (const KvCache &cache : caches)
        if (cache.length() != length || cache.heads() != config_.heads || cache.headDim() != config_.headDim)
            throw std::invalid_argument("Gpt2Forward::restore: caches of different lengths or shapes");
    if (length > config_.maxPositions)
        throw std::invalid_argument("Gpt2Forward::restore: caches longer than maxPositions");
    caches_ = std::move(caches);
    position_ = length;
}

}  // namespace accelscope::kernels
