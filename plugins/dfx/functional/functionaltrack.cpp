#include "functionaltrack.h"

#include "core/kernels/random.h"

#include <stdexcept>

namespace accelscope::dfx {

using kernels::MatrixF;

FunctionalTrack::FunctionalTrack(const TransformerConfig &config, int devices, int layers, std::uint64_t seed,
                                 std::shared_ptr<const io::Tensor> hiddenStates)
    : config_(config), devices_(devices), layers_(layers), generator_(seed), hiddenStates_(std::move(hiddenStates)) {}

MatrixF FunctionalTrack::nextInput(int rows) {
    if (!hiddenStates_)
        return kernels::randomNormalFp16(rows, config_.dModel, generator_);
    const std::int64_t available = hiddenStates_->info.shape.at(0);
    if (hiddenStates_->info.shape.at(1) != config_.dModel || nextRow_ + rows > available)
        throw std::out_of_range("FunctionalTrack: the hidden states hold too few rows or the wrong d_model");
    MatrixF input(rows, config_.dModel);
    const double *first = hiddenStates_->values.data() + nextRow_ * config_.dModel;
    for (Eigen::Index i = 0; i < input.size(); ++i)
        input.data()[i] = static_cast<float>(first[i]);
    nextRow_ += rows;
    return input;
}

FunctionalTrack::~FunctionalTrack() = default;

void FunctionalTrack::ensureWeights() {
    if (!weights_.empty() || layers_ == 0)
        return;
    weights_.reserve(static_cast<std::size_t>(layers_));
    for (int l = 0; l < layers_; ++l)
        weights_.push_back(kernels::Gpt2LayerWeights::random(config_, generator_));
    for (const kernels::Gpt2LayerWeights &w : weights_) {
        reference_.push_back(std::make_unique<kernels::Gpt2DecoderLayer>(w, config_, kernels::GeluMode::Lut));
        referenceCaches_.push_back(reference_.back()->emptyCache());
        partitioned_.push_back(
            std::make_unique<ModelParallelDecoder>(w, config_, devices_, kernels::GeluMode::Lut));
    }
}

MatrixF FunctionalTrack::runLayer(int layer, int rows) {
    if (layer < 0 || layer >= layers_)
        throw std::out_of_range("FunctionalTrack::runLayer: no such functional layer");
    ensureWeights();
    if (layer == 0) {
        referenceInput_ = nextInput(rows);
        partitionedInput_ = referenceInput_;
    }
    const auto l = static_cast<std::size_t>(layer);
    MatrixF scores;
    referenceInput_ = reference_[l]->forward(referenceInput_, referenceCaches_[l]);
    partitionedInput_ = partitioned_[l]->forward(partitionedInput_, &scores);
    maxAbsError_ = std::max(maxAbsError_, (referenceInput_ - partitionedInput_).cwiseAbs().maxCoeff());
    return scores;
}

std::int64_t FunctionalTrack::hops() const {
    std::int64_t total = 0;
    for (const auto &p : partitioned_)
        total += p->hops();
    return total;
}

}  // namespace accelscope::dfx
