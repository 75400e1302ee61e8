#include "core/workloads/denoisingpipeline.h"

#include <cmath>
#include <random>

#include "core/api/rangecheck.h"
#include "core/kernels/random.h"

namespace accelscope {

namespace {

enum Part : std::uint64_t { kContent = 1, kWeights = 2, kNoise = 3 };

kernels::Latent standardNormal(int frames, int height, int width, int channels, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    kernels::Latent l = kernels::Latent::zeros(frames, height, width, channels);
    std::normal_distribution<float> normal(0.0f, 1.0f);
    for (Eigen::Index i = 0; i < l.values.size(); ++i)
        l.values.data()[i] = normal(rng);
    return l;
}

}  // namespace

std::uint64_t derivedSeed(std::uint64_t seed, std::uint64_t part) {
    // SplitMix64's finalizer over seed and part.
    std::uint64_t z = seed + 0x9E3779B97F4A7C15ULL * (part + 1);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

void DenoisingSpec::validate() const {
    content.validate();
    network.validate();
    RangeCheck check(QStringLiteral("denoising pipeline"));
    check.within("steps", steps, 1, 1000)
        .within("prior_std", priorStd, 1e-3, 10)
        .within("residual_scale", residualScale, 0, 100)
        .that(network.channels == content.channels, "channels", QString::number(network.channels),
              QStringLiteral("the network's channels must equal the content's (%1)").arg(content.channels))
        .that(content.height % network.patch == 0 && content.width % network.patch == 0, "patch",
              QString::number(network.patch),
              QStringLiteral("must divide the %1x%2 latent").arg(content.width).arg(content.height));
}

DenoisingPipeline::DenoisingPipeline(const DenoisingSpec &spec, std::uint64_t seed)
    : spec_((spec.validate(), spec)),
      seed_(seed),
      content_(syntheticLatent(spec.content, derivedSeed(seed, kContent))),
      noise_(standardNormal(spec.content.frames, spec.content.height, spec.content.width, spec.content.channels,
                            derivedSeed(seed, kNoise))),
      network_(spec.network, derivedSeed(seed, kWeights)),
      schedule_(spec.schedule),
      sampler_(schedule_, spec.steps, spec.spacing) {}

kernels::Latent DenoisingPipeline::posteriorMean(const kernels::Latent &x, int step) const {
    // x_t = √a·x0 + √(1−a)·ε with x0 ~ N(μ, s²): E[x0 | x_t] = μ + √a·s² / (a·s² + 1 − a) · (x_t − √a·μ).
    const double a = sampler_.alphaBar(step), s2 = spec_.priorStd * spec_.priorStd;
    const auto rootA = static_cast<float>(std::sqrt(a));
    const auto gain = static_cast<float>(std::sqrt(a) * s2 / (a * s2 + 1.0 - a));
    kernels::Latent mean = content_;
    mean.values += gain * (x.values - rootA * content_.values);
    return mean;
}

kernels::Latent DenoisingPipeline::networkResidual(const kernels::Latent &x, int step, const kernels::BlockRunner &runner) const {
    const int p = spec_.network.patch;
    const kernels::MatrixF out = network_.forward(kernels::patchify(x, p), x.frames, gridHeight(), gridWidth(),
                                                  sampler_.timestep(step), step, runner);
    kernels::Latent residual = kernels::unpatchify(out, x.frames, x.height, x.width, x.channels, p);
    residual.values *= static_cast<float>(spec_.residualScale);
    return residual;
}

kernels::Latent DenoisingPipeline::predictX0(const kernels::Latent &x, int step, const kernels::BlockRunner &runner) const {
    kernels::Latent x0 = posteriorMean(x, step);
    if (spec_.residualScale > 0)
        x0.values += networkResidual(x, step, runner).values;
    return x0;
}

kernels::Latent DenoisingPipeline::run(const kernels::BlockRunner &runner) const {
    kernels::Latent x = noise_;
    for (int i = 0; i < sampler_.steps(); ++i)
        x.values = sampler_.step(i, x.values, predictX0(x, i, runner).values);
    return x;
}

QString DenoisingPipeline::dataSource() const {
    return QStringLiteral("%1; seeded DiT (%2 blocks, hidden %3), %4 DDIM steps; all data synthetic")
        .arg(describe(spec_.content, seed_))
        .arg(spec_.network.blocks)
        .arg(spec_.network.hidden)
        .arg(spec_.steps);
}

}  // namespace accelscope
