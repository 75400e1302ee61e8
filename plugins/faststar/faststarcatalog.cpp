#include "faststarcatalog.h"

#include <algorithm>
#include <cmath>

#include "core/api/errors.h"
#include "core/workloads/nextscale.h"

namespace accelscope::faststar {

namespace {

using G = ParamGroup;

QStringList gpus() {
    return {QStringLiteral("h100-sxm"), QStringLiteral("h100-pcie"), QStringLiteral("a100-sxm-80gb"),
            QStringLiteral("rtx-4090")};
}

Preset videoPreset(const QString &name, bool imageToVideo, const QString &description) {
    return Preset{name,
                  description,
                  {{QStringLiteral("task"), imageToVideo ? QStringLiteral("i2v") : QStringLiteral("t2v")},
                   {QStringLiteral("height"), std::int64_t{720}},
                   {QStringLiteral("width"), std::int64_t{1280}},
                   {QStringLiteral("frames"), std::int64_t{81}},
                   {QStringLiteral("gpu"), QStringLiteral("h100-sxm")}}};
}

const char *const kSettingsNote =
    "FastSTAR's keep ratio, weights and pruned scales are not in the sources; the model keeps half the tokens "
    "(keep_ratio 0.5 [I]) of the last 3 scales of each clip [I] ('the last few, largest scales' [S]), with equal "
    "spatial and temporal weights [I], and times InfinityStar-8B at 720p, 81 frames (2 clips, 15 scales each) on an "
    "H100 SXM through the shared roofline model, which has no framework overhead and writes the attention scores "
    "(no FlashAttention). ";

Claim speedupClaim(bool imageToVideo) {
    Claim c;
    c.id = imageToVideo ? QStringLiteral("speedup_i2v") : QStringLiteral("speedup_t2v");
    c.statement = QStringLiteral("FastSTAR speeds up InfinityStar %1 end to end by up to 2.01x on one H100 (Fig. 1)")
                      .arg(imageToVideo ? QStringLiteral("image-to-video") : QStringLiteral("text-to-video"));
    c.metric = QStringLiteral("speedup_vs_unpruned");
    c.presets = {imageToVideo ? QStringLiteral("i2v-720p") : QStringLiteral("t2v-720p")};
    c.paperValue = 2.01;
    c.unit = QStringLiteral("x");
    c.sourceTag = QStringLiteral("[V]");
    c.note = QString::fromLatin1(kSettingsNote) +
             QStringLiteral("The kept share at each pruned scale is the one the functional run's selection gave.");
    return c;
}

Claim psnrClaim(bool imageToVideo) {
    Claim c;
    c.id = imageToVideo ? QStringLiteral("psnr_i2v") : QStringLiteral("psnr_t2v");
    c.statement = QStringLiteral("The pruned %1 video is at %2 dB PSNR against the unpruned one (Fig. 1)")
                      .arg(imageToVideo ? QStringLiteral("image-to-video") : QStringLiteral("text-to-video"))
                      .arg(imageToVideo ? 25.65 : 28.29);
    c.metric = QStringLiteral("psnr_db");
    c.presets = {imageToVideo ? QStringLiteral("i2v-720p") : QStringLiteral("t2v-720p")};
    c.paperValue = imageToVideo ? 25.65 : 28.29;
    c.unit = QStringLiteral("dB");
    c.sourceTag = QStringLiteral("[V]");
    c.note = QString::fromLatin1(kSettingsNote) +
             QStringLiteral(
                 "The PSNR is measured, not the paper's: the pruning runs for real on a seeded toy next-scale "
                 "generator (2 DiT blocks, hidden 32) over a synthetic latent video (24 positions at the longer "
                 "side, 4 latent frames per clip), final latent against the unpruned run of the same seed. The paper "
                 "compares decoded 720p frames of InfinityStar-8B; the toy is not that model, so agreement or not "
                 "says how this reconstruction behaves, not whether the paper's images are reproduced.");
    return c;
}

}  // namespace

std::vector<std::pair<int, int>> toyGrids(const DiffusionBackbone &backbone, double heightOverWidth, int scales,
                                          int side) {
    const std::vector<int> &sides = backbone.nextScale.scales;
    const double last = sides.at(static_cast<std::size_t>(scales - 1));
    std::vector<std::pair<int, int>> grids;
    for (int k = 0; k < scales; ++k) {
        const int toySide = std::max(1, static_cast<int>(std::lround(sides[static_cast<std::size_t>(k)] * side / last)));
        grids.push_back(nextScaleGrid(toySide, heightOverWidth));
    }
    return grids;
}

ParamSchema fastStarSchema() {
    const PruningSettings p;
    return ParamSchema({
        ParamSpec::choice(QStringLiteral("task"), QStringLiteral("Task"), G::Workload, QStringLiteral("t2v"),
                          {QStringLiteral("t2v"), QStringLiteral("i2v")},
                          QStringLiteral("t2v: every clip generated; i2v: the first clip is the given image")),
        ParamSpec::integer(QStringLiteral("height"), QStringLiteral("Height"), G::Workload, 720, 16, 2160,
                           QStringLiteral("px"), QStringLiteral("Video height (must land on a scale grid: 720p, 480p)")),
        ParamSpec::integer(QStringLiteral("width"), QStringLiteral("Width"), G::Workload, 1280, 16, 3840,
                           QStringLiteral("px"), QStringLiteral("Video width")),
        ParamSpec::integer(QStringLiteral("frames"), QStringLiteral("Frames"), G::Workload, 81, 1, 1601,
                           QStringLiteral("frames"), QStringLiteral("1 + a multiple of 80 (81: 5 s at 16 fps)")),
        ParamSpec::choice(QStringLiteral("gpu"), QStringLiteral("GPU"), G::Hardware, QStringLiteral("h100-sxm"), gpus(),
                          QStringLiteral("GPU the generation is timed on (the paper: one H100)")),
        ParamSpec::integer(QStringLiteral("pruned_scales"), QStringLiteral("Pruned scales"), G::Workload,
                           p.prunedScales, 0, 14, QStringLiteral("scales"),
                           QStringLiteral("The last scales of each clip that prune (0: none)")),
        ParamSpec::choice(QStringLiteral("selection"), QStringLiteral("Selection"), G::Workload, toString(p.selection),
                          {QStringLiteral("ratio"), QStringLiteral("threshold")},
                          QStringLiteral("ratio: keep the top keep_ratio share by importance; threshold: keep "
                                         "importance above threshold")),
        ParamSpec::real(QStringLiteral("keep_ratio"), QStringLiteral("Keep ratio"), G::Workload, p.keepRatio, 0, 1,
                        QString(), QStringLiteral("Share of a pruned scale's tokens that are predicted (ratio)")),
        ParamSpec::real(QStringLiteral("threshold"), QStringLiteral("Threshold"), G::Workload, p.threshold, -1, 40,
                        QString(), QStringLiteral("Importance above which a token is predicted (threshold)")),
        ParamSpec::real(QStringLiteral("alpha"), QStringLiteral("Spatial weight α"), G::Workload, p.alpha, 0, 10,
                        QString(), QStringLiteral("Weight of 1 − spatial similarity (not converged across scales)")),
        ParamSpec::real(QStringLiteral("beta"), QStringLiteral("Temporal weight β"), G::Workload, p.beta, 0, 10,
                        QString(), QStringLiteral("Weight of 1 − temporal similarity (changed since the previous clip)")),
        ParamSpec::integer(QStringLiteral("functional_side"), QStringLiteral("Functional grid"), G::Workload, 24, 8, 48,
                           QStringLiteral("tokens"),
                           QStringLiteral("Longer side of the toy generator's final grid (run for real)")),
        ParamSpec::integer(QStringLiteral("functional_clip_frames"), QStringLiteral("Functional clip frames"),
                           G::Workload, 4, 1, 16, QStringLiteral("frames"),
                           QStringLiteral("Latent frames per toy clip after the first")),
        ParamSpec::integer(QStringLiteral("functional_blocks"), QStringLiteral("Functional blocks"), G::Workload, 2, 1,
                           8, QStringLiteral("blocks"), QStringLiteral("DiT blocks of the toy network")),
    });
}

std::vector<Preset> fastStarPresets() {
    return {videoPreset(QStringLiteral("paper"), false,
                        QStringLiteral("FastSTAR on InfinityStar-8B text-to-video, 720p, 81 frames, one H100 (Fig. 1)")),
            videoPreset(QStringLiteral("t2v-720p"), false,
                        QStringLiteral("Text-to-video, 720p, 81 frames (5 s), one H100")),
            videoPreset(QStringLiteral("i2v-720p"), true,
                        QStringLiteral("Image-to-video, 720p, 81 frames (5 s), one H100"))};
}

std::vector<Claim> fastStarClaims() {
    return {speedupClaim(false), speedupClaim(true), psnrClaim(false), psnrClaim(true)};
}

FastStarRunConfig FastStarRunConfig::fromParams(const ParamSet &params) {
    FastStarRunConfig run;
    run.imageToVideo = params.choice(QStringLiteral("task")) == QLatin1String("i2v");
    run.workload.height = static_cast<int>(params.integer(QStringLiteral("height")));
    run.workload.width = static_cast<int>(params.integer(QStringLiteral("width")));
    run.workload.frames = static_cast<int>(params.integer(QStringLiteral("frames")));
    const DiffusionBackbone &backbone = diffusionBackbone(run.backboneId);
    const NextScaleSchedule schedule = nextScaleSchedule(backbone, run.workload);  // the size must fit
    run.gpuId = params.choice(QStringLiteral("gpu"));

    PruningSettings &p = run.pruning;
    p.prunedScales = static_cast<int>(params.integer(QStringLiteral("pruned_scales")));
    p.selection = selectionFromString(params.choice(QStringLiteral("selection")));
    p.keepRatio = params.real(QStringLiteral("keep_ratio"));
    p.threshold = params.real(QStringLiteral("threshold"));
    p.alpha = params.real(QStringLiteral("alpha"));
    p.beta = params.real(QStringLiteral("beta"));
    p.validate();
    if (p.prunedScales >= schedule.scalesPerClip)
        throw InputError(QStringLiteral("pruned_scales = %1; allowed: 0 to %2 (%3x%4 has %5 scales per clip, and the "
                                        "first has no coarser scale)")
                             .arg(p.prunedScales)
                             .arg(schedule.scalesPerClip - 1)
                             .arg(run.workload.width)
                             .arg(run.workload.height)
                             .arg(schedule.scalesPerClip));
    if (run.imageToVideo && schedule.clips < 2)
        throw InputError(QStringLiteral("task = i2v with frames = %1: there is no video clip after the given image; "
                                        "allowed: frames = 1 + a multiple of 80")
                             .arg(run.workload.frames));

    NextScaleToySpec &f = run.functional;
    const double aspect = double(run.workload.height) / run.workload.width;
    f.grids = toyGrids(backbone, aspect, schedule.scalesPerClip, static_cast<int>(params.integer(QStringLiteral("functional_side"))));
    f.clipFrames = static_cast<int>(params.integer(QStringLiteral("functional_clip_frames")));
    f.content.height = f.grids.back().first;
    f.content.width = f.grids.back().second;
    f.content.frames = 1 + (schedule.clips - 1) * f.clipFrames;
    f.network.blocks = static_cast<int>(params.integer(QStringLiteral("functional_blocks")));
    f.firstClipGiven = run.imageToVideo;
    f.validate();
    return run;
}

}  // namespace accelscope::faststar
