#pragma once
// Latent images and videos as the diffusion kernels see them, and what is done to them outside
// the network: patchify / unpatchify (DiT's token layout), resampling between grids (area down,
// bilinear up), and the quality measures (MSE, PSNR).
//
// A latent holds frames × height × width positions of `channels` values each, one position per
// row of `values` (row (f · height + y) · width + x), channels in columns.

#include "core/kernels/tensor.h"

namespace accelscope::kernels {

struct Latent {
    int frames = 1, height = 0, width = 0, channels = 0;
    MatrixF values;  // positions × channels

    static Latent zeros(int frames, int height, int width, int channels);
    int positions() const { return frames * height * width; }
    int row(int frame, int y, int x) const { return (frame * height + y) * width + x; }
    bool sameShape(const Latent &other) const {
        return frames == other.frames && height == other.height && width == other.width && channels == other.channels;
    }
};

// Tokens of p × p positions: token (f · H/p + ty) · W/p + tx holds its patch's positions row by
// row, each position's channels together (DiT's layout: p, p, channels). Throws InputError when
// p does not divide height and width.
MatrixF patchify(const Latent &latent, int patch);
// The exact inverse of patchify for a latent of the given shape.
Latent unpatchify(const MatrixF &tokens, int frames, int height, int width, int channels, int patch);

// Area (box) average down to a smaller grid, every frame: output position (y, x) averages the
// input positions whose centres fall in its cell, [y · H/h, (y + 1) · H/h) (fractional cells are
// weighted by overlap). Equal sizes copy.
Latent resampleArea(const Latent &latent, int height, int width);
// Bilinear up to a larger grid with half-pixel centres (align_corners = false, edges clamped).
Latent resampleBilinear(const Latent &latent, int height, int width);
// Area when shrinking an axis, bilinear when growing; equal sizes copy.
Latent resample(const Latent &latent, int height, int width);

// Mean squared error over all values; throws InputError when the shapes differ.
double meanSquaredError(const Latent &a, const Latent &reference);
// 10 · log10(range² / MSE) with range the reference's peak-to-peak (max − min over all values),
// +infinity when the MSE is 0. Throws InputError when the reference is constant.
double psnrDb(const Latent &a, const Latent &reference);
// A PSNR as metrics and counters carry it: identical latents (+infinity) and anything above read
// kIdenticalPsnrDb, a finite stand-in.
inline constexpr double kIdenticalPsnrDb = 100.0;
double reportedPsnrDb(double psnrDb);

}  // namespace accelscope::kernels
