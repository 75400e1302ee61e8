#include "core/kernels/latent.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "core/api/errors.h"
#include "core/api/rangecheck.h"

namespace accelscope::kernels {

namespace {

// out[o] = Σ weight · in[index]: one axis of a separable resampling.
struct Tap {
    int index;
    float weight;
};
using Taps = std::vector<std::vector<Tap>>;

Taps areaTaps(int in, int out) {
    Taps taps(static_cast<std::size_t>(out));
    const double cell = static_cast<double>(in) / out;
    for (int o = 0; o < out; ++o) {
        const double begin = o * cell, end = (o + 1) * cell;
        for (int i = static_cast<int>(std::floor(begin)); i < std::min(in, static_cast<int>(std::ceil(end))); ++i) {
            const double overlap = std::min<double>(end, i + 1) - std::max<double>(begin, i);
            if (overlap > 0)
                taps[static_cast<std::size_t>(o)].push_back({i, static_cast<float>(overlap / cell)});
        }
    }
    return taps;
}

Taps bilinearTaps(int in, int out) {
    Taps taps(static_cast<std::size_t>(out));
    const double scale = static_cast<double>(in) / out;
    for (int o = 0; o < out; ++o) {
        const double source = std::clamp((o + 0.5) * scale - 0.5, 0.0, static_cast<double>(in - 1));
        const int i0 = static_cast<int>(std::floor(source));
        const int i1 = std::min(i0 + 1, in - 1);
        const auto w = static_cast<float>(source - i0);
        taps[static_cast<std::size_t>(o)].push_back({i0, 1.0f - w});
        if (i1 != i0)
            taps[static_cast<std::size_t>(o)].push_back({i1, w});
    }
    return taps;
}

Latent applyTaps(const Latent &in, int height, int width, const Taps &rows, const Taps &cols) {
    // Along x first (frames × H × width), then along y.
    Latent wide = Latent::zeros(in.frames, in.height, width, in.channels);
    for (int f = 0; f < in.frames; ++f)
        for (int y = 0; y < in.height; ++y)
            for (int x = 0; x < width; ++x)
                for (const Tap &t : cols[static_cast<std::size_t>(x)])
                    wide.values.row(wide.row(f, y, x)) += t.weight * in.values.row(in.row(f, y, t.index));
    Latent out = Latent::zeros(in.frames, height, width, in.channels);
    for (int f = 0; f < in.frames; ++f)
        for (int y = 0; y < height; ++y)
            for (const Tap &t : rows[static_cast<std::size_t>(y)])
                for (int x = 0; x < width; ++x)
                    out.values.row(out.row(f, y, x)) += t.weight * wide.values.row(wide.row(f, t.index, x));
    return out;
}

void checkGrid(const Latent &latent, int height, int width, const char *what) {
    RangeCheck check(QString::fromLatin1(what));
    check.atLeast("height", height, 1).atLeast("width", width, 1);
    check.that(latent.values.rows() == latent.positions() && latent.values.cols() == latent.channels, "latent",
               QStringLiteral("%1 rows x %2 columns").arg(latent.values.rows()).arg(latent.values.cols()),
               QStringLiteral("must be %1 positions x %2 channels").arg(latent.positions()).arg(latent.channels));
}

}  // namespace

Latent Latent::zeros(int frames, int height, int width, int channels) {
    Latent l;
    l.frames = frames;
    l.height = height;
    l.width = width;
    l.channels = channels;
    l.values = MatrixF::Zero(static_cast<Eigen::Index>(frames) * height * width, channels);
    return l;
}

MatrixF patchify(const Latent &latent, int patch) {
    RangeCheck(QStringLiteral("patchify"))
        .that(patch >= 1 && latent.height % patch == 0 && latent.width % patch == 0, "patch", QString::number(patch),
              QStringLiteral("must divide the %1x%2 latent").arg(latent.height).arg(latent.width));
    const int gh = latent.height / patch, gw = latent.width / patch, c = latent.channels;
    MatrixF tokens(static_cast<Eigen::Index>(latent.frames) * gh * gw, static_cast<Eigen::Index>(patch) * patch * c);
    for (int f = 0; f < latent.frames; ++f)
        for (int ty = 0; ty < gh; ++ty)
            for (int tx = 0; tx < gw; ++tx) {
                const int token = (f * gh + ty) * gw + tx;
                for (int py = 0; py < patch; ++py)
                    for (int px = 0; px < patch; ++px)
                        tokens.block(token, (py * patch + px) * c, 1, c) =
                            latent.values.row(latent.row(f, ty * patch + py, tx * patch + px));
            }
    return tokens;
}

Latent unpatchify(const MatrixF &tokens, int frames, int height, int width, int channels, int patch) {
    RangeCheck check(QStringLiteral("unpatchify"));
    check.that(patch >= 1 && height % patch == 0 && width % patch == 0, "patch", QString::number(patch),
               QStringLiteral("must divide the %1x%2 latent").arg(height).arg(width));
    const int gh = height / patch, gw = width / patch;
    check.that(tokens.rows() == static_cast<Eigen::Index>(frames) * gh * gw && tokens.cols() == patch * patch * channels,
               "tokens", QStringLiteral("%1 x %2").arg(tokens.rows()).arg(tokens.cols()),
               QStringLiteral("must be %1 tokens x %2 features").arg(frames * gh * gw).arg(patch * patch * channels));
    Latent latent = Latent::zeros(frames, height, width, channels);
    for (int f = 0; f < frames; ++f)
        for (int ty = 0; ty < gh; ++ty)
            for (int tx = 0; tx < gw; ++tx) {
                const int token = (f * gh + ty) * gw + tx;
                for (int py = 0; py < patch; ++py)
                    for (int px = 0; px < patch; ++px)
                        latent.values.row(latent.row(f, ty * patch + py, tx * patch + px)) =
                            tokens.block(token, (py * patch + px) * channels, 1, channels);
            }
    return latent;
}

Latent resampleArea(const Latent &latent, int height, int width) {
    checkGrid(latent, height, width, "area resampling");
    RangeCheck(QStringLiteral("area resampling"))
        .within("height", height, 1, latent.height)
        .within("width", width, 1, latent.width);
    if (height == latent.height && width == latent.width)
        return latent;
    return applyTaps(latent, height, width, areaTaps(latent.height, height), areaTaps(latent.width, width));
}

Latent resampleBilinear(const Latent &latent, int height, int width) {
    checkGrid(latent, height, width, "bilinear resampling");
    if (height == latent.height && width == latent.width)
        return latent;
    return applyTaps(latent, height, width, bilinearTaps(latent.height, height), bilinearTaps(latent.width, width));
}

Latent resample(const Latent &latent, int height, int width) {
    checkGrid(latent, height, width, "resampling");
    if (height == latent.height && width == latent.width)
        return latent;
    const Taps rows = height < latent.height ? areaTaps(latent.height, height) : bilinearTaps(latent.height, height);
    const Taps cols = width < latent.width ? areaTaps(latent.width, width) : bilinearTaps(latent.width, width);
    return applyTaps(latent, height, width, rows, cols);
}

double meanSquaredError(const Latent &a, const Latent &reference) {
    if (!a.sameShape(reference) || a.values.rows() != reference.values.rows() || a.values.cols() != reference.values.cols())
        throw InputError(QStringLiteral("latent comparison: a %1x%2x%3x%4 latent against a %5x%6x%7x%8 reference; the "
                                        "shapes (frames x height x width x channels) must match")
                             .arg(a.frames)
                             .arg(a.height)
                             .arg(a.width)
                             .arg(a.channels)
                             .arg(reference.frames)
                             .arg(reference.height)
                             .arg(reference.width)
                             .arg(reference.channels));
    return (a.values.cast<double>() - reference.values.cast<double>()).squaredNorm() / static_cast<double>(a.values.size());
}

double psnrDb(const Latent &a, const Latent &reference) {
    const double mse = meanSquaredError(a, reference);
    const double range = static_cast<double>(reference.values.maxCoeff()) - reference.values.minCoeff();
    if (!(range > 0))
        throw InputError(QStringLiteral("PSNR: the reference latent is constant; its peak-to-peak range must be above 0"));
    if (mse == 0)
        return std::numeric_limits<double>::infinity();
    return 10.0 * std::log10(range * range / mse);
}

double reportedPsnrDb(double psnrDb) {
    return std::isfinite(psnrDb) ? std::min(psnrDb, kIdenticalPsnrDb) : kIdenticalPsnrDb;
}

}  // namespace accelscope::kernels
