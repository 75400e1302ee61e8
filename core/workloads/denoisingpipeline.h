#pragma once
// A complete, seeded latent-diffusion run on synthetic data, for the diffusion plugins'
// functional models: DDIM from pure noise to a structured latent, with a denoiser that a
// token-reduction, reuse or quantization scheme can change measurably.
//
// The denoiser predicts x0 as
//   x̂0 = E[x0 | x_t] + residualScale · DiT(x_t, t),
// where E[x0 | x_t] is the exact posterior mean under a Gaussian prior x0 ~ N(content, priorStd²)
// (so the sampler converges to the structured content), and the DiT is the seeded network of
// core/kernels/dit.h, run through a BlockRunner that plugins replace. Quality is the final
// latent's PSNR and MSE against the unreduced run with the same seed.

#include <cstdint>
#include <functional>

#include <QString>

#include "core/kernels/ddim.h"
#include "core/kernels/dit.h"
#include "core/kernels/latent.h"
#include "core/workloads/inpaintingmask.h"
#include "core/workloads/syntheticlatent.h"

namespace accelscope {

struct DenoisingSpec {
    SyntheticLatentSpec content;  // the scene the sampler converges to (height, width: latent positions)
    kernels::DitConfig network;
    kernels::BetaSchedule schedule = kernels::BetaSchedule::ScaledLinear;
    int steps = 20;
    kernels::TimestepSpacing spacing = kernels::TimestepSpacing::Leading;
    double priorStd = 0.3;       // spread of x0 around the content
    double residualScale = 1.5;  // weight of the network's output in x̂0

    // Throws InputError naming the field (and the network's and content's fields).
    void validate() const;
};

class DenoisingPipeline {
public:
    DenoisingPipeline(const DenoisingSpec &spec, std::uint64_t seed);

    const DenoisingSpec &spec() const { return spec_; }
    const kernels::Latent &content() const { return content_; }
    const kernels::Latent &initialNoise() const { return noise_; }  // x_T
    const kernels::DitNetwork &network() const { return network_; }
    const kernels::NoiseSchedule &schedule() const { return schedule_; }
    const kernels::DdimSampler &sampler() const { return sampler_; }
    int gridHeight() const { return spec_.content.height / spec_.network.patch; }
    int gridWidth() const { return spec_.content.width / spec_.network.patch; }
    int tokens() const { return spec_.content.frames * gridHeight() * gridWidth(); }

    // E[x0 | x_t = x] under the prior, at sampler step `step`'s timestep.
    kernels::Latent posteriorMean(const kernels::Latent &x, int step) const;
    // The network's contribution to x̂0 at step `step` (already scaled).
    kernels::Latent networkResidual(const kernels::Latent &x, int step, const kernels::BlockRunner &runner = {}) const;
    kernels::Latent predictX0(const kernels::Latent &x, int step, const kernels::BlockRunner &runner = {}) const;

    // Every step from x_T; the result is the final latent x0. `observer`, when given, sees the
    // latent after each step (the last one is the result).
    using StepObserver = std::function<void(int step, const kernels::Latent &x)>;
    kernels::Latent run(const kernels::BlockRunner &runner = {}, const StepObserver &observer = {}) const;

    // Inpainting, RePaint-style: the positions `mask` marks (in every frame) are generated; the
    // others are re-noised from `source` to the next step's noise level after every step (fresh
    // seeded noise) and replace the sampler's values there, so the known region steers the
    // generated one. After the last step the known region is `source` exactly. `repeats` (RePaint's
    // resampling, 1 = none) diffuses each step's result back to the step's noise level and runs
    // the step again. Throws InputError when the source or mask does not match the content's shape.
    kernels::Latent inpaint(const kernels::Latent &source, const InpaintingMask &mask, const kernels::BlockRunner &runner = {},
                            int repeats = 1) const;

    // Names the data as synthetic, with its shape and seed.
    QString dataSource() const;

private:
    DenoisingSpec spec_;
    std::uint64_t seed_;
    kernels::Latent content_, noise_;
    kernels::DitNetwork network_;
    kernels::NoiseSchedule schedule_;
    kernels::DdimSampler sampler_;
};

// Seeds derived from a run's seed for its parts (content, weights, noise, masks): a mix so
// that the parts do not share random streams.
std::uint64_t derivedSeed(std::uint64_t seed, std::uint64_t part);

}  // namespace accelscope
