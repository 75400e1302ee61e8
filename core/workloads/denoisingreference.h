#pragma once
// The unreduced run of a DenoisingPipeline, kept as the reference that token-reduction, reuse and
// quantization runs are measured against: the latent after every step and, per step and block,
// the block's output and its attention branch's output (after the projection, before the gate).

#include <utility>
#include <vector>

#include "core/kernels/tensor.h"
#include "core/workloads/denoisingpipeline.h"

namespace accelscope {

// A run of the same pipeline with another block runner, measured against the reference.
struct MeasuredRun {
    kernels::Latent result;
    double mse = 0;
    double psnrDb = 0;               // final latent (+infinity when identical)
    std::vector<double> stepPsnrDb;  // the latent after each step against the reference's
};

// Moves a measured run into a plugin's run record: its steps (each given the latent's PSNR after
// it), final latent, MSE and PSNR. `Run` has members steps (with latentPsnrDb), result, mse, psnrDb.
template <class Run, class StepRecords>
void takeMeasurement(Run &run, MeasuredRun measured, StepRecords steps) {
    run.steps = std::move(steps);
    for (std::size_t i = 0; i < run.steps.size(); ++i)
        run.steps[i].latentPsnrDb = measured.stepPsnrDb.at(i);
    run.result = std::move(measured.result);
    run.mse = measured.mse;
    run.psnrDb = measured.psnrDb;
}

class DenoisingReference {
public:
    // Runs the pipeline once, unreduced. The pipeline must outlive the reference.
    explicit DenoisingReference(const DenoisingPipeline &pipeline);

    const DenoisingPipeline &pipeline() const { return pipeline_; }
    const kernels::Latent &result() const { return latents_.back(); }
    const kernels::Latent &latentAfter(int step) const { return latents_.at(static_cast<std::size_t>(step)); }
    const kernels::MatrixF &blockOutput(int step, int block) const;
    const kernels::MatrixF &attentionOutput(int step, int block) const;

    // Runs the pipeline with `runner` (a reduction, reuse or quantization scheme) and measures it.
    MeasuredRun measure(const kernels::BlockRunner &runner) const;

private:
    const DenoisingPipeline &pipeline_;
    std::vector<kernels::Latent> latents_;
    std::vector<std::vector<kernels::MatrixF>> outputs_, attention_;  // [step][block]
};

// Each row's L2 distance from the reference's same row (a token's error); throws InputError when
// the shapes differ.
std::vector<float> tokenErrors(const kernels::MatrixF &output, const kernels::MatrixF &reference);

}  // namespace accelscope
