#include "core/workloads/denoisingreference.h"

#include "core/api/errors.h"

namespace accelscope {

DenoisingReference::DenoisingReference(const DenoisingPipeline &pipeline) : pipeline_(pipeline) {
    const auto steps = static_cast<std::size_t>(pipeline.spec().steps);
    outputs_.resize(steps);
    attention_.resize(steps);
    const kernels::BlockRunner runner = [this](const kernels::BlockCall &call) {
        kernels::BlockIntermediates intermediates;
        kernels::MatrixF out = call.block->forward(*call.x, *call.modulation, {}, &intermediates);
        attention_[static_cast<std::size_t>(call.step)].push_back(std::move(intermediates.attentionOutput));
        outputs_[static_cast<std::size_t>(call.step)].push_back(out);
        return out;
    };
    pipeline.run(runner, [this](int, const kernels::Latent &x) { latents_.push_back(x); });
}

const kernels::MatrixF &DenoisingReference::blockOutput(int step, int block) const {
    return outputs_.at(static_cast<std::size_t>(step)).at(static_cast<std::size_t>(block));
}

const kernels::MatrixF &DenoisingReference::attentionOutput(int step, int block) const {
    return attention_.at(static_cast<std::size_t>(step)).at(static_cast<std::size_t>(block));
}

MeasuredRun DenoisingReference::measure(const kernels::BlockRunner &runner) const {
    MeasuredRun run;
    run.result = pipeline_.run(runner, [&](int step, const kernels::Latent &x) {
        run.stepPsnrDb.push_back(kernels::psnrDb(x, latentAfter(step)));
    });
    run.mse = kernels::meanSquaredError(run.result, result());
    run.psnrDb = kernels::psnrDb(run.result, result());
    return run;
}

std::vector<float> tokenErrors(const kernels::MatrixF &output, const kernels::MatrixF &reference) {
    if (output.rows() != reference.rows() || output.cols() != reference.cols())
        throw InputError(
            QStringLiteral("token errors: a %1x%2 output against a %3x%4 reference; the shapes must match")
                .arg(output.rows())
                .arg(output.cols())
                .arg(reference.rows())
                .arg(reference.cols()));
    std::vector<float> errors(static_cast<std::size_t>(output.rows()));
    for (Eigen::Index r = 0; r < output.rows(); ++r)
        errors[static_cast<std::size_t>(r)] = (output.row(r) - reference.row(r)).norm();
    return errors;
}

}  // namespace accelscope
