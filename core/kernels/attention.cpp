#include "core/kernels/attention.h"

#include <cmath>
#include <limits>
#include <stdexcept>

#include "core/kernels/normalization.h"

namespace accelscope::kernels {

KvCache::KvCache(int heads, int headDim)
    : headDim_(headDim),
      keys_(static_cast<std::size_t>(heads), MatrixF(0, headDim)),
      values_(static_cast<std::size_t>(heads), MatrixF(0, headDim)) {}

void KvCache::append(const MatrixF &keys, const MatrixF &values) {
    if (keys.cols() != heads() * headDim_ || values.cols() != keys.cols() || values.rows() != keys.rows())
        throw std::invalid_argument("KvCache::append: shape does not match heads x headDim");
    for (int h = 0; h < heads(); ++h) {
        const auto hs = static_cast<std::size_t>(h);
        const Eigen::Index oldRows = keys_[hs].rows();
        keys_[hs].conservativeResize(oldRows + keys.rows(), Eigen::NoChange);
        values_[hs].conservativeResize(oldRows + keys.rows(), Eigen::NoChange);
        keys_[hs].bottomRows(keys.rows()) = keys.middleCols(h * headDim_, headDim_);
        values_[hs].bottomRows(keys.rows()) = values.middleCols(h * headDim_, headDim_);
    }
}

std::int64_t KvCache::bytes(int bytesPerElement) const {
    return std::int64_t{2} * heads() * length() * headDim_ * bytesPerElement;
}

MatrixF causalAttentionHead(const MatrixF &queries, const KvCache &cache, int head, MatrixF *scores) {
    const Eigen::Index length = cache.length();
    const Eigen::Index firstPosition = length - queries.rows();
    if (firstPosition < 0)
        throw std::invalid_argument("causalAttentionHead: the cache must hold the query tokens");
    const float scale = 1.0f / std::sqrt(static_cast<float>(cache.headDim()));
    MatrixF logits = (queries * cache.keys(head).transpose()) * scale;
    for (Eigen::Index i = 0; i < logits.rows(); ++i)
        for (Eigen::Index j = firstPosition + i + 1; j < length; ++j)
            logits(i, j) = -std::numeric_limits<float>::infinity();
    MatrixF probabilities = softmaxRows(logits);
    roundToFp16InPlace(probabilities);
    if (scores)
        *scores = probabilities;
    return probabilities * cache.values(head);
}

MatrixF attentionHead(const MatrixF &queries, const MatrixF &keys, const MatrixF &values, int firstQueryPosition,
                      MatrixF *probabilities) {
    if (keys.rows() != values.rows() || queries.cols() != keys.cols())
        throw std::invalid_argument("attentionHead: keys and values must have equal rows, queries and keys equal width");
    const float scale = 1.0f / std::sqrt(static_cast<float>(keys.cols()));
    MatrixF logits = (queries * keys.transpose()) * scale;
    if (firstQueryPosition >= 0)
        for (Eigen::Index i = 0; i < logits.rows(); ++i)
            for (Eigen::Index j = firstQueryPosition + i + 1; j < logits.cols(); ++j)
                logits(i, j) = -std::numeric_limits<float>::infinity();
    MatrixF p = softmaxRows(logits);
    MatrixF out = p * values;
    if (probabilities)
        *probabilities = std::move(p);
    return out;
}

MatrixF causalAttention(const MatrixF &queries, const KvCache &cache, MatrixF *firstHeadScores) {
    const int headDim = cache.headDim();
    MatrixF out(queries.rows(), queries.cols());
    for (int h = 0; h < cache.heads(); ++h)
        out.middleCols(h * headDim, headDim) = causalAttentionHead(
            queries.middleCols(h * headDim, headDim), cache, h, h == 0 ? firstHeadScores : nullptr);
    roundToFp16InPlace(out);
    return out;
}

}  // namespace accelscope::kernels
