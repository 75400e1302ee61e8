#pragma once
// The functional side of a DFX run: the first `layers` decoder layers of the model at their real
// sizes, on seeded synthetic weights, computed twice per token step — split over the FPGAs with
// ring all-gathers (what DFX computes) and on one device (the reference) — so the run can show
// real attention maps and report how far the partitioned result is from the reference.
//
// Inputs are synthetic hidden states (N(0, 1), FP16) drawn from the run's seed, or rows of a
// tensor the user gave (tokens × d_model, consumed in order); layer l > 0 takes layer l - 1's
// output. Weights are generated on first use: a GPT-2 1.5B layer is ~30 M parameters.

#include <cstdint>
#include <memory>
#include <random>
#include <vector>

#include "core/io/tensorfile.h"
#include "core/kernels/gpt2.h"
#include "modelparalleldecoder.h"

namespace accelscope::dfx {

class FunctionalTrack {
public:
    // `hiddenStates` (may be null) holds at least as many rows as the steps will read.
    FunctionalTrack(const TransformerConfig &config, int devices, int layers, std::uint64_t seed,
                    std::shared_ptr<const io::Tensor> hiddenStates = nullptr);
    ~FunctionalTrack();

    int layers() const { return layers_; }
    // Runs functional layer `layer` on this token step's `rows` new tokens (layer 0 draws them).
    // Returns head 0's attention probabilities on core 0 (rows × cached tokens).
    kernels::MatrixF runLayer(int layer, int rows);
    // max |partitioned - reference| over every output so far.
    float maxAbsError() const { return maxAbsError_; }
    std::int64_t hops() const;

private:
    void ensureWeights();
    kernels::MatrixF nextInput(int rows);

    TransformerConfig config_;
    int devices_;
    int layers_;
    std::mt19937_64 generator_;
    std::vector<kernels::Gpt2LayerWeights> weights_;
    std::vector<std::unique_ptr<kernels::Gpt2DecoderLayer>> reference_;
    std::vector<kernels::KvCache> referenceCaches_;
    std::vector<std::unique_ptr<ModelParallelDecoder>> partitioned_;
    kernels::MatrixF referenceInput_;
    kernels::MatrixF partitionedInput_;
    float maxAbsError_ = 0;
    std::shared_ptr<const io::Tensor> hiddenStates_;
    std::int64_t nextRow_ = 0;  // the first row of hiddenStates_ not yet used
};

}  // namespace accelscope::dfx
