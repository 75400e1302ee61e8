#pragma once
// Seeded synthetic latent images and videos with the structure real VAE latents have: smooth
// backgrounds (a gradient plus a few low-frequency waves), objects with soft or sharp edges
// (discs, ellipses, rectangles), several channels that are correlated mixtures of the same
// scene, and for video objects that move between frames so neighbouring frames are similar but
// not equal. The diffusion pipelines denoise towards these; a DataSource names them synthetic.

#include <cstdint>

#include <QString>

#include "core/kernels/latent.h"

namespace accelscope {

struct SyntheticLatentSpec {
    int frames = 1;
    int height = 64;
    int width = 64;
    int channels = 4;
    int objects = 6;                // shapes in the scene
    double edgeSoftness = 1.0;      // latent positions over which an object's edge falls off (0: hard)
    double maxSpeed = 1.0;          // latent positions per frame an object moves at most
    double backgroundWaves = 3;     // low-frequency waves in the background
    double noiseLevel = 0.02;       // independent noise per value, relative to the unit scale

    // Throws InputError naming the field, its value and what is allowed.
    void validate() const;
};

// Deterministic in (spec, seed). Values have mean about 0 and standard deviation about 1 per
// channel (as a scaled SD-VAE latent).
kernels::Latent syntheticLatent(const SyntheticLatentSpec &spec, std::uint64_t seed);

// "synthetic latent: 1 frame of 64x64x4, 6 objects, seed 7" — for a run's data source.
QString describe(const SyntheticLatentSpec &spec, std::uint64_t seed);

}  // namespace accelscope
