#include "modelparalleldecoder.h"

#include <stdexcept>

#include "core/kernels/normalization.h"

namespace accelscope::dfx {

using kernels::MatrixF;
using kernels::roundToFp16InPlace;

bool ModelParallelDecoder::divides(const TransformerConfig &config, int devices) {
    return devices >= 1 && config.heads % devices == 0 && config.dModel % devices == 0 &&
           config.ffn % devices == 0;
}

std::vector<int> ModelParallelDecoder::allowedDeviceCounts(const TransformerConfig &config, int maxDevices) {
    std::vector<int> allowed;
    for (int d = 1; d <= maxDevices; ++d)
        if (divides(config, d))
            allowed.push_back(d);
    return allowed;
}

ModelParallelDecoder::ModelParallelDecoder(const kernels::Gpt2LayerWeights &weights,
                                           const TransformerConfig &config, int devices,
                                           kernels::GeluMode gelu)
    : weights_(weights), config_(config), devices_(devices), gelu_(gelu), ring_(devices) {
    if (!divides(config, devices))
        throw std::invalid_argument("ModelParallelDecoder: devices must divide heads, dModel and ffn");
    const int localHeads = config.heads / devices;
    for (int d = 0; d < devices; ++d)
        caches_.emplace_back(localHeads, config.headDim);
}

std::vector<MatrixF> ModelParallelDecoder::allGather(const std::vector<MatrixF> &parts) {
    std::vector<MatrixF> full = ring_.run(parts);
    ++synchronizations_;
    hops_ += static_cast<std::int64_t>(ring_.hops().size());
    return full;
}

MatrixF ModelParallelDecoder::forward(const MatrixF &x, MatrixF *firstHeadScores) {
    const kernels::Gpt2LayerWeights &w = weights_;
    const auto cores = static_cast<std::size_t>(devices_);
    const Eigen::Index attention = config_.attentionWidth() / devices_;
    const Eigen::Index model = config_.dModel / devices_;
    const Eigen::Index inner = config_.ffn / devices_;

    // Self-attention: each core projects and attends over its own heads.
    std::vector<MatrixF> parts(cores);
    for (std::size_t d = 0; d < cores; ++d) {
        MatrixF normed = kernels::layerNorm(x, w.ln1Gamma, w.ln1Beta);
        roundToFp16InPlace(normed);
        const Eigen::Index c = static_cast<Eigen::Index>(d) * attention;
        const MatrixF value =
            kernels::linearFp16(normed, w.value.middleCols(c, attention), w.valueBias.segment(c, attention));
        const MatrixF key =
            kernels::linearFp16(normed, w.key.middleCols(c, attention), w.keyBias.segment(c, attention));
        const MatrixF query =
            kernels::linearFp16(normed, w.query.middleCols(c, attention), w.queryBias.segment(c, attention));
        caches_[d].append(key, value);
        parts[d] = kernels::causalAttention(query, caches_[d], d == 0 ? firstHeadScores : nullptr);
    }
    const std::vector<MatrixF> context = allGather(parts);  // sync 1

    for (std::size_t d = 0; d < cores; ++d) {
        const Eigen::Index c = static_cast<Eigen::Index>(d) * model;
        parts[d] = kernels::linearFp16(context[d], w.projection.middleCols(c, model),
                                       w.projectionBias.segment(c, model));
    }
    const std::vector<MatrixF> projected = allGather(parts);  // sync 2

    std::vector<MatrixF> hidden(cores);
    for (std::size_t d = 0; d < cores; ++d) {
        hidden[d] = x + projected[d];
        roundToFp16InPlace(hidden[d]);
        MatrixF normed = kernels::layerNorm(hidden[d], w.ln2Gamma, w.ln2Beta);
        roundToFp16InPlace(normed);
        const Eigen::Index c = static_cast<Eigen::Index>(d) * inner;
        parts[d] = kernels::linearFp16(normed, w.fc1.middleCols(c, inner), w.fc1Bias.segment(c, inner));
        kernels::geluFp16(parts[d], gelu_, lut_);
    }
    const std::vector<MatrixF> activated = allGather(parts);  // sync 3

    for (std::size_t d = 0; d < cores; ++d) {
        const Eigen::Index c = static_cast<Eigen::Index>(d) * model;
        parts[d] = kernels::linearFp16(activated[d], w.fc2.middleCols(c, model), w.fc2Bias.segment(c, model));
    }
    const std::vector<MatrixF> down = allGather(parts);  // sync 4

    std::vector<MatrixF> out(cores);
    for (std::size_t d = 0; d < cores; ++d) {
        out[d] = hidden[d] + down[d];
        roundToFp16InPlace(out[d]);
        replicaMismatch_ = std::max(replicaMismatch_, (out[d] - out[0]).cwiseAbs().maxCoeff());
    }
    return out[0];
}

}  // namespace accelscope::dfx
