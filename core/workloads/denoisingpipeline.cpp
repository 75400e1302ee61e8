#include "core/workloads/denoisingpipeline.h"

#include <cmath>
#include <random>

#include "core/api/rangecheck.h"
#include "core/kernels/random.h"

namespace accelscope {

namespace {

enum Part : std::uint64_t { kContent = 1, kWeights = 2, kNoise = 3, kInpaintingNoise = 4 };

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

kernels::Latent DenoisingPipeline::run(const kernels::BlockRunner &runner, const StepObserver &observer) const {
    kernels::Latent x = noise_;
    for (int i = 0; i < sampler_.steps(); ++i) {
        x.values = sampler_.step(i, x.values, predictX0(x, i, runner).values);
        if (observer)
            observer(i, x);
    }
    return x;
}

kernels::Latent DenoisingPipeline::inpaint(const kernels::Latent &source, const InpaintingMask &mask,
                                           const kernels::BlockRunner &runner, int repeats) const {
    RangeCheck check(QStringLiteral("inpainting"));
    check.that(source.sameShape(content_), "source", QStringLiteral("%1x%2x%3, %4 frames").arg(source.width).arg(source.height).arg(source.channels).arg(source.frames),
               QStringLiteral("must match the content's %1x%2x%3, %4 frames").arg(content_.width).arg(content_.height).arg(content_.channels).arg(content_.frames))
        .that(mask.height == content_.height && mask.width == content_.width, "mask", QStringLiteral("%1x%2").arg(mask.width).arg(mask.height),
              QStringLiteral("must be %1x%2").arg(content_.width).arg(content_.height))
        .within("repeats", repeats, 1, 100);
    std::mt19937_64 rng(derivedSeed(seed_, kInpaintingNoise));
    std::normal_distribution<float> normal(0.0f, 1.0f);
    const auto freshNoise = [&] {
        kernels::MatrixF n(source.values.rows(), source.values.cols());
        for (Eigen::Index i = 0; i < n.size(); ++i)
            n.data()[i] = normal(rng);
        return n;
    };
    // Known positions take the source at noise level ᾱ (exactly the source at ᾱ = 1).
    const auto pasteKnown = [&](kernels::Latent &x, double alphaBar) {
        const kernels::MatrixF known = static_cast<float>(std::sqrt(alphaBar)) * source.values +
                                       static_cast<float>(std::sqrt(1.0 - alphaBar)) * freshNoise();
        for (int f = 0; f < x.frames; ++f)
            for (int y = 0; y < x.height; ++y)
                for (int px = 0; px < x.width; ++px)
                    if (!mask.at(y, px))
                        x.values.row(x.row(f, y, px)) = known.row(x.row(f, y, px));
    };
    kernels::Latent x = noise_;
    pasteKnown(x, sampler_.alphaBar(0));
    for (int i = 0; i < sampler_.steps(); ++i)
        for (int r = 0; r < repeats; ++r) {
            kernels::Latent next = x;
            next.values = sampler_.step(i, x.values, predictX0(x, i, runner).values);
            const double after = sampler_.alphaBarAfter(i);
            pasteKnown(next, after);
            if (r + 1 < repeats && after < 1.0) {
                // Back to step i's noise level: x_t = sqrt(ᾱ_t / ᾱ_t') · x_t' + sqrt(1 − ᾱ_t / ᾱ_t') · ε.
                const double ratio = sampler_.alphaBar(i) / after;
                x.values = static_cast<float>(std::sqrt(ratio)) * next.values + static_cast<float>(std::sqrt(1.0 - ratio)) * freshNoise();
            } else {
                x = std::move(next);
                break;
            }
        }
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
