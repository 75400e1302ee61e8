#include "spatiotemporalpruning.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/api/errors.h"
#include "core/api/rangecheck.h"

namespace accelscope::faststar {

QString toString(Selection selection) {
    return selection == Selection::Ratio ? QStringLiteral("ratio") : QStringLiteral("threshold");
}

Selection selectionFromString(const QString &text) {
    if (text == QLatin1String("ratio"))
        return Selection::Ratio;
    if (text == QLatin1String("threshold"))
        return Selection::Threshold;
    throw InputError(QStringLiteral("selection = %1 is unknown; allowed: ratio, threshold").arg(text));
}

void PruningSettings::validate() const {
    RangeCheck(QStringLiteral("FastSTAR pruning"))
        .within("pruned_scales", prunedScales, 0, 64)
        .within("alpha", alpha, 0, 10)
        .within("beta", beta, 0, 10)
        .within("keep_ratio", keepRatio, 0, 1)
        .within("threshold", threshold, -1, 40);
}

std::vector<float> cosineSimilarity(const kernels::Latent &a, const kernels::Latent &b) {
    if (!a.sameShape(b))
        throw InputError(QStringLiteral("cosine similarity of latents %1x%2x%3 and %4x%5x%6; allowed: equal shapes")
                             .arg(a.frames)
                             .arg(a.height)
                             .arg(a.width)
                             .arg(b.frames)
                             .arg(b.height)
                             .arg(b.width));
    std::vector<float> out(static_cast<std::size_t>(a.positions()));
    for (int i = 0; i < a.positions(); ++i) {
        const double na = a.values.row(i).norm(), nb = b.values.row(i).norm();
        out[static_cast<std::size_t>(i)] =
            na == 0 && nb == 0 ? 1.0f
            : na == 0 || nb == 0 ? 0.0f
                                 : static_cast<float>(a.values.row(i).dot(b.values.row(i)) / (na * nb));
    }
    return out;
}

ScaleScores scoreScale(const ScaleCall &call, const PruningSettings &settings) {
    if (!call.accumulated || !call.previousScale)
        throw InputError(QStringLiteral("FastSTAR scores scale %1 of clip %2, which has no coarser scale; allowed: "
                                        "scales after the first")
                             .arg(call.scale)
                             .arg(call.clip));
    ScaleScores s;
    s.spatial = cosineSimilarity(*call.accumulated, *call.previousScale);
    if (call.previousClip)
        s.temporal = cosineSimilarity(*call.accumulated, *call.previousClip);
    s.importance.resize(s.spatial.size());
    for (std::size_t i = 0; i < s.spatial.size(); ++i)
        s.importance[i] = static_cast<float>(
            s.temporal.empty() ? (settings.alpha + settings.beta) * (1.0 - s.spatial[i])
                               : settings.alpha * (1.0 - s.spatial[i]) + settings.beta * (1.0 - s.temporal[i]));
    return s;
}

std::vector<bool> selectTokens(const std::vector<float> &importance, const PruningSettings &settings) {
    const std::size_t n = importance.size();
    std::vector<bool> kept(n, false);
    if (settings.selection == Selection::Threshold) {
        for (std::size_t i = 0; i < n; ++i)
            kept[i] = importance[i] > settings.threshold;
        return kept;
    }
    const auto count = static_cast<std::size_t>(std::clamp<long>(std::lround(settings.keepRatio * double(n)), 0, long(n)));
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return importance[a] > importance[b]; });
    for (std::size_t i = 0; i < count; ++i)
        kept[order[i]] = true;
    return kept;
}

int PruningRun::predictedTokens() const {
    return std::accumulate(scales.begin(), scales.end(), 0, [](int s, const ScaleRecord &r) { return s + r.predicted; });
}

int PruningRun::tokens() const {
    return std::accumulate(scales.begin(), scales.end(), 0,
                           [](int s, const ScaleRecord &r) { return s + (r.given ? 0 : r.tokens()); });
}

const ScaleRecord &PruningRun::at(int clip, int scale) const {
    for (const ScaleRecord &r : scales)
        if (r.clip == clip && r.scale == scale)
            return r;
    throw InputError(QStringLiteral("no scale %1 in clip %2 of this run").arg(scale).arg(clip));
}

PruningRun runPruning(const NextScaleGenerator &generator, const PruningSettings &settings) {
    settings.validate();
    const NextScaleToySpec &spec = generator.spec();
    const int scalesPerClip = static_cast<int>(spec.grids.size());
    const int firstPruned = std::max(1, scalesPerClip - settings.prunedScales);  // scale 0 has nothing coarser
    PruningRun run;
    run.reference = generator.generate();
    for (int clip = 0; clip < spec.clips(); ++clip) {
        const int frames = clip == 0 ? 1 : spec.clipFrames;
        for (int k = 0; k < scalesPerClip; ++k) {
            ScaleRecord r;
            r.clip = clip;
            r.scale = k;
            r.frames = frames;
            std::tie(r.height, r.width) = spec.grids[static_cast<std::size_t>(k)];
            r.given = clip == 0 && spec.firstClipGiven;
            run.scales.push_back(r);
        }
    }
    const ScaleSelector select = [&](const ScaleCall &call) {
        if (call.scale < firstPruned)
            return std::vector<bool>();
        ScaleRecord &r = run.scales[static_cast<std::size_t>(call.clip * scalesPerClip + call.scale)];
        r.pruning = true;
        r.scores = scoreScale(call, settings);
        r.kept = selectTokens(r.scores.importance, settings);
        return r.kept;
    };
    std::vector<int> predicted;
    run.output = generator.generate(select, &predicted);
    for (std::size_t i = 0; i < run.scales.size(); ++i)
        run.scales[i].predicted = predicted.at(i);
    run.mse = kernels::meanSquaredError(run.output, run.reference);
    run.psnrDb = kernels::psnrDb(run.output, run.reference);
    return run;
}

}  // namespace accelscope::faststar
