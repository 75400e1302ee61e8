#include "masqfunctional.h"

#include <map>

#include "core/kernels/mxint.h"

namespace accelscope::masq {

MasqFunctional::MasqFunctional(const FunctionalSettings &settings, const PrecisionPolicy &policy, std::uint64_t seed)
    : settings_(settings), seed_(seed) {
    DenoisingSpec spec;
    spec.content.height = spec.content.width = settings.latentSize;
    spec.content.channels = settings.network.channels;
    spec.network = settings.network;
    spec.steps = settings.steps;
    pipeline_ = std::make_unique<DenoisingPipeline>(spec, seed);

    InpaintingMaskSpec maskSpec;
    maskSpec.height = maskSpec.width = settings.latentSize;
    maskSpec.maskedFraction = settings.maskedFraction;
    maskSpec.shapes = settings.shapes;
    mask_ = inpaintingMask(maskSpec, derivedSeed(seed, 41));
    const int patch = settings.network.patch;
    const kernels::Latent &source = pipeline_->content();
    planner_ = std::make_unique<PrecisionPlanner>(policy, mask_.tokens(patch), pipeline_->gridHeight(),
                                                  pipeline_->gridWidth(), source, patch);

    reference_ = pipeline_->inpaint(source, mask_);

    // Per step, the plan; per block, the outputs of the last recompute.
    const int steps = settings.steps;
    std::vector<TokenPlan> plans;
    plans.reserve(static_cast<std::size_t>(steps));
    for (int s = 0; s < steps; ++s)
        plans.push_back(planner_->plan(s, steps));
    std::map<int, kernels::MatrixF> cache;
    std::array<std::int64_t, 3> &blocks = blocksAt_;
    const kernels::BlockRunner runner = [&plans, &cache, &blocks](const kernels::BlockCall &call) {
        const TokenPlan &plan = plans.at(static_cast<std::size_t>(call.step));
        kernels::MatrixF x = *call.x;
        const int perRow = static_cast<int>((x.cols() + kernels::kMxBlockSize - 1) / kernels::kMxBlockSize);
        for (Eigen::Index t = 0; t < x.rows(); ++t) {
            const int bits = plan.bits[static_cast<std::size_t>(t)];
            kernels::mxRoundTrip(std::span<float>(x.row(t).data(), static_cast<std::size_t>(x.cols())),
                                 kernels::mxFormatForBits(bits));
            if (plan.recompute[static_cast<std::size_t>(t)])
                blocks[static_cast<std::size_t>(precisionIndex(bits))] += perRow;
        }
        kernels::MatrixF out = call.block->forward(x, *call.modulation);
        const auto found = cache.find(call.blockIndex);
        for (Eigen::Index t = 0; t < out.rows(); ++t)
            if (!plan.recompute[static_cast<std::size_t>(t)] && found != cache.end())
                out.row(t) = found->second.row(t);
        cache[call.blockIndex] = out;
        return out;
    };
    quantized_ = pipeline_->inpaint(source, mask_, runner);
    mse_ = kernels::meanSquaredError(quantized_, reference_);
    psnr_ = kernels::psnrDb(quantized_, reference_);
    double sum = 0;
    int count = 0;
    for (int y = 0; y < mask_.height; ++y)
        for (int x = 0; x < mask_.width; ++x)
            if (mask_.at(y, x)) {
                const int row = reference_.row(0, y, x);
                sum += (quantized_.values.row(row) - reference_.values.row(row)).squaredNorm();
                count += reference_.channels;
            }
    maskedMse_ = count > 0 ? sum / count : 0.0;
}

std::vector<float> MasqFunctional::errorMap() const {
    std::vector<float> map(static_cast<std::size_t>(reference_.height * reference_.width));
    for (int y = 0; y < reference_.height; ++y)
        for (int x = 0; x < reference_.width; ++x) {
            const int row = reference_.row(0, y, x);
            map[static_cast<std::size_t>(y * reference_.width + x)] =
                (quantized_.values.row(row) - reference_.values.row(row)).cwiseAbs().mean();
        }
    return map;
}

QString MasqFunctional::dataSource() const {
    return QStringLiteral("%1; a seeded %2 % inpainting mask (seed %3). Not a real image or a trained model.")
        .arg(pipeline_->dataSource())
        .arg(100.0 * mask_.fraction(), 0, 'f', 1)
        .arg(seed_);
}

}  // namespace accelscope::masq
