#include "core/workloads/nextscalegenerator.h"

#include "core/api/rangecheck.h"
#include "core/workloads/denoisingpipeline.h"

namespace accelscope {

namespace {

enum Part : std::uint64_t { kContent = 11, kWeights = 12 };

// Frames [first, first + count) of a latent.
kernels::Latent framesOf(const kernels::Latent &l, int first, int count) {
    kernels::Latent out = kernels::Latent::zeros(count, l.height, l.width, l.channels);
    out.values = l.values.middleRows(static_cast<Eigen::Index>(first) * l.height * l.width,
                                     static_cast<Eigen::Index>(count) * l.height * l.width);
    return out;
}

// `count` copies of the last frame of `l`.
kernels::Latent repeatLastFrame(const kernels::Latent &l, int count) {
    const kernels::Latent last = framesOf(l, l.frames - 1, 1);
    kernels::Latent out = kernels::Latent::zeros(count, l.height, l.width, l.channels);
    for (int f = 0; f < count; ++f)
        out.values.middleRows(static_cast<Eigen::Index>(f) * l.height * l.width, last.values.rows()) = last.values;
    return out;
}

}  // namespace

void NextScaleToySpec::validate() const {
    content.validate();
    network.validate();
    RangeCheck check(QStringLiteral("next-scale generator"));
    check.within("clip_frames", clipFrames, 1, 256)
        .that((content.frames - 1) % clipFrames == 0, "frames", QString::number(content.frames),
              QStringLiteral("must be 1 + a multiple of clip_frames (%1)").arg(clipFrames))
        .that(network.patch == 1, "patch", QString::number(network.patch), QStringLiteral("must be 1 (one token per position)"))
        .that(network.channels == content.channels, "channels", QString::number(network.channels),
              QStringLiteral("the network's channels must equal the content's (%1)").arg(content.channels))
        .within("residual_scale", residualScale, 0, 100)
        .that(!grids.empty() && grids.back() == std::pair{content.height, content.width}, "grids",
              QStringLiteral("%1 scales").arg(grids.size()),
              QStringLiteral("the last must be the content's %1x%2 (height x width)").arg(content.height).arg(content.width));
    for (std::size_t k = 0; k < grids.size(); ++k)
        check.that(grids[k].first >= 1 && grids[k].second >= 1 &&
                       (k == 0 || (grids[k].first >= grids[k - 1].first && grids[k].second >= grids[k - 1].second)),
                   "grids", QStringLiteral("%1x%2 at scale %3").arg(grids[k].first).arg(grids[k].second).arg(k),
                   QStringLiteral("must grow from at least 1x1"));
}

NextScaleGenerator::NextScaleGenerator(const NextScaleToySpec &spec, std::uint64_t seed)
    : spec_((spec.validate(), spec)),
      seed_(seed),
      target_(syntheticLatent(spec.content, derivedSeed(seed, kContent))),
      network_(spec.network, derivedSeed(seed, kWeights)) {}

kernels::Latent NextScaleGenerator::generate(const ScaleSelector &select, std::vector<int> *predictedTokens,
                                             const kernels::BlockRunner &runner) const {
    const int H = spec_.content.height, W = spec_.content.width, C = spec_.content.channels;
    kernels::Latent video = kernels::Latent::zeros(spec_.content.frames, H, W, C);
    if (predictedTokens)
        predictedTokens->clear();
    kernels::Latent previous;
    for (int clip = 0; clip < spec_.clips(); ++clip) {
        const int first = clip == 0 ? 0 : 1 + (clip - 1) * spec_.clipFrames;
        const int frames = clip == 0 ? 1 : spec_.clipFrames;
        const kernels::Latent target = framesOf(target_, first, frames);
        if (clip == 0 && spec_.firstClipGiven) {
            if (predictedTokens)
                predictedTokens->insert(predictedTokens->end(), spec_.grids.size(), 0);
            video.values.topRows(target.values.rows()) = target.values;
            previous = target;
            continue;
        }
        kernels::Latent accumulated = kernels::Latent::zeros(frames, H, W, C);
        const kernels::Latent previousRepeated = clip == 0 ? kernels::Latent() : repeatLastFrame(previous, frames);
        kernels::Latent beforePrevious;  // the clip before the previous scale's prediction
        for (std::size_t k = 0; k < spec_.grids.size(); ++k) {
            const auto [h, w] = spec_.grids[k];
            const kernels::Latent input = kernels::resample(accumulated, h, w);
            kernels::Latent residual = target;
            residual.values -= accumulated.values;
            residual = kernels::resample(residual, h, w);
            if (spec_.residualScale > 0)
                residual.values += static_cast<float>(spec_.residualScale) *
                                   network_.forward(input.values, frames, h, w, static_cast<double>(k), static_cast<int>(k), runner);
            std::vector<bool> keep;
            if (select) {
                const kernels::Latent previousHere = clip == 0 ? kernels::Latent() : kernels::resample(previousRepeated, h, w);
                const kernels::Latent previousScale = k == 0 ? kernels::Latent() : kernels::resample(beforePrevious, h, w);
                ScaleCall call{clip, static_cast<int>(k), frames, h, w, &input, k == 0 ? nullptr : &previousScale,
                               clip == 0 ? nullptr : &previousHere};
                keep = select(call);
                RangeCheck(QStringLiteral("next-scale selector"))
                    .that(keep.empty() || keep.size() == static_cast<std::size_t>(residual.positions()), "tokens",
                          QString::number(keep.size()), QStringLiteral("must be empty or %1").arg(residual.positions()));
            }
            int predicted = residual.positions();
            for (std::size_t i = 0; i < keep.size(); ++i)
                if (!keep[i]) {
                    residual.values.row(static_cast<Eigen::Index>(i)).setZero();
                    --predicted;
                }
            if (predictedTokens)
                predictedTokens->push_back(predicted);
            beforePrevious = accumulated;
            accumulated.values += kernels::resample(residual, H, W).values;
        }
        video.values.middleRows(static_cast<Eigen::Index>(first) * H * W, accumulated.values.rows()) = accumulated.values;
        previous = accumulated;
    }
    return video;
}

QString NextScaleGenerator::dataSource() const {
    return QStringLiteral("%1%2; %3 scales per clip, seeded DiT (%4 blocks, hidden %5); all data synthetic")
        .arg(describe(spec_.content, seed_))
        .arg(spec_.firstClipGiven ? QStringLiteral(" (first frame given)") : QString())
        .arg(spec_.grids.size())
        .arg(spec_.network.blocks)
        .arg(spec_.network.hidden);
}

}  // namespace accelscope
