#pragma once
// Seeded inpainting masks over a latent grid: rectangles, ellipses and brush strokes (thick
// random polylines), added until a target share of the positions is masked. Masked positions
// are the ones to generate; the rest is known and comes from the source latent.

#include <cstdint>
#include <vector>

#include <QString>

#include "core/kernels/latent.h"

namespace accelscope {

enum class MaskShape { Rectangle, Ellipse, Brush };
QString toString(MaskShape shape);

struct InpaintingMaskSpec {
    int height = 64, width = 64;  // latent positions
    double maskedFraction = 0.3;  // target share of masked positions
    std::vector<MaskShape> shapes = {MaskShape::Rectangle, MaskShape::Ellipse, MaskShape::Brush};
    double brushWidth = 0.08;     // stroke width relative to the shorter side
    double tolerance = 0.03;      // the share ends within [target, target + tolerance] when shapes allow

    // Throws InputError naming the field.
    void validate() const;
};

struct InpaintingMask {
    int height = 0, width = 0;
    std::vector<std::uint8_t> masked;  // row-major, 1 = generate

    bool at(int y, int x) const { return masked[static_cast<std::size_t>(y * width + x)] != 0; }
    double fraction() const;
    // Per token of p x p positions (row-major token grid): masked when any of its positions is.
    std::vector<bool> tokens(int patch) const;
};

// Deterministic in (spec, seed).
InpaintingMask inpaintingMask(const InpaintingMaskSpec &spec, std::uint64_t seed);

}  // namespace accelscope
