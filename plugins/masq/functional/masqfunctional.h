#pragma once
// MASQ's functional track: a seeded inpainting run (core/workloads/denoisingpipeline.h, RePaint
// loop) twice with the same seed, once unquantized and once with every DiT block's input
// activations MX-quantized per token at the precision the planner assigns for that step, and the
// block outputs of tokens the step does not recompute taken from the cache of their last
// recompute. Quality is the final latent's PSNR and MSE against the unquantized run.

#include <cstdint>
#include <memory>
#include <vector>

#include "core/workloads/denoisingpipeline.h"
#include "core/workloads/inpaintingmask.h"
#include "../precisionpolicy.h"

namespace accelscope::masq {

struct FunctionalSettings {
    int latentSize = 32;  // latent positions per side (tokens per side = latentSize / patch)
    int steps = 50;
    double maskedFraction = 0.3;
    std::vector<MaskShape> shapes = {MaskShape::Rectangle, MaskShape::Ellipse, MaskShape::Brush};
    kernels::DitConfig network;  // hidden 64: two MX blocks per token
    FunctionalSettings() { network.hidden = 64; network.heads = 2; network.blocks = 4; }
};

class MasqFunctional {
public:
    MasqFunctional(const FunctionalSettings &settings, const PrecisionPolicy &policy, std::uint64_t seed);

    const FunctionalSettings &settings() const { return settings_; }
    const InpaintingMask &mask() const { return mask_; }
    const PrecisionPlanner &planner() const { return *planner_; }
    const DenoisingPipeline &pipeline() const { return *pipeline_; }
    const kernels::Latent &reference() const { return reference_; }
    const kernels::Latent &quantized() const { return quantized_; }
    double psnrDb() const { return psnr_; }
    double mse() const { return mse_; }
    double maskedMse() const { return maskedMse_; }  // over the masked positions only
    // Mean |quantized − reference| over channels, per latent position (height × width).
    std::vector<float> errorMap() const;
    // MX blocks quantized per precision over the whole run (8, 4, 2 bits).
    const std::array<std::int64_t, 3> &blocksAt() const { return blocksAt_; }
    QString dataSource() const;

private:
    FunctionalSettings settings_;
    std::uint64_t seed_;
    std::unique_ptr<DenoisingPipeline> pipeline_;
    InpaintingMask mask_;
    std::unique_ptr<PrecisionPlanner> planner_;
    kernels::Latent reference_, quantized_;
    double psnr_ = 0, mse_ = 0, maskedMse_ = 0;
    std::array<std::int64_t, 3> blocksAt_{};
};

}  // namespace accelscope::masq
