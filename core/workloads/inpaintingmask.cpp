#include "core/workloads/inpaintingmask.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>

#include "core/api/rangecheck.h"

namespace accelscope {

namespace {

constexpr int kMaxShapes = 256;
constexpr int kShrinkTries = 6;

// Draws one shape of relative size `size` (1: full) into `mask`.
void draw(std::vector<std::uint8_t> &mask, int height, int width, MaskShape shape, double size, double brushWidth,
          std::mt19937_64 &rng) {
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    const double side = std::min(height, width);
    const auto set = [&](int y, int x) {
        if (y >= 0 && y < height && x >= 0 && x < width)
            mask[static_cast<std::size_t>(y * width + x)] = 1;
    };
    const double cx = unit(rng) * width, cy = unit(rng) * height;
    switch (shape) {
        case MaskShape::Rectangle: {
            const double hw = size * (0.1 + 0.25 * unit(rng)) * width, hh = size * (0.1 + 0.25 * unit(rng)) * height;
            for (int y = static_cast<int>(cy - hh); y <= static_cast<int>(cy + hh); ++y)
                for (int x = static_cast<int>(cx - hw); x <= static_cast<int>(cx + hw); ++x)
                    set(y, x);
            break;
        }
        case MaskShape::Ellipse: {
            const double a = std::max(0.5, size * (0.1 + 0.25 * unit(rng)) * side), b = std::max(0.5, a * (0.5 + 0.5 * unit(rng)));
            const double angle = unit(rng) * std::numbers::pi;
            const int reach = static_cast<int>(std::ceil(std::max(a, b)));
            for (int y = static_cast<int>(cy) - reach; y <= static_cast<int>(cy) + reach; ++y)
                for (int x = static_cast<int>(cx) - reach; x <= static_cast<int>(cx) + reach; ++x) {
                    const double dx = x + 0.5 - cx, dy = y + 0.5 - cy;
                    const double u = std::cos(angle) * dx + std::sin(angle) * dy, v = -std::sin(angle) * dx + std::cos(angle) * dy;
                    if ((u / a) * (u / a) + (v / b) * (v / b) <= 1.0)
                        set(y, x);
                }
            break;
        }
        case MaskShape::Brush: {
            // A random walk of 3 to 8 segments, drawn as discs along each segment.
            const double radius = std::max(0.5, brushWidth * side / 2);
            double x = cx, y = cy, heading = unit(rng) * 2 * std::numbers::pi;
            const int segments = 3 + static_cast<int>(unit(rng) * 6);
            for (int s = 0; s < segments; ++s) {
                heading += (unit(rng) - 0.5) * std::numbers::pi;
                const double length = size * (0.1 + 0.2 * unit(rng)) * side;
                const int dots = std::max(1, static_cast<int>(length / std::max(0.5, radius / 2)));
                for (int d = 0; d <= dots; ++d) {
                    const double px = x + std::cos(heading) * length * d / dots, py = y + std::sin(heading) * length * d / dots;
                    const int r = static_cast<int>(std::ceil(radius));
                    for (int yy = static_cast<int>(py) - r; yy <= static_cast<int>(py) + r; ++yy)
                        for (int xx = static_cast<int>(px) - r; xx <= static_cast<int>(px) + r; ++xx)
                            if ((xx + 0.5 - px) * (xx + 0.5 - px) + (yy + 0.5 - py) * (yy + 0.5 - py) <= radius * radius)
                                set(yy, xx);
                }
                x += std::cos(heading) * length;
                y += std::sin(heading) * length;
            }
            break;
        }
    }
}

double share(const std::vector<std::uint8_t> &mask) {
    return mask.empty() ? 0.0 : static_cast<double>(std::count(mask.begin(), mask.end(), 1)) / static_cast<double>(mask.size());
}

}  // namespace

QString toString(MaskShape shape) {
    switch (shape) {
        case MaskShape::Rectangle: return QStringLiteral("rectangle");
        case MaskShape::Ellipse: return QStringLiteral("ellipse");
        case MaskShape::Brush: return QStringLiteral("brush");
    }
    return {};
}

void InpaintingMaskSpec::validate() const {
    RangeCheck(QStringLiteral("inpainting mask"))
        .within("height", height, 1, 4096)
        .within("width", width, 1, 4096)
        .within("masked_fraction", maskedFraction, 0, 1)
        .that(!shapes.empty(), "shapes", QStringLiteral("none"), QStringLiteral("allowed: any of rectangle, ellipse, brush"))
        .within("brush_width", brushWidth, 0.001, 1)
        .within("tolerance", tolerance, 0, 1);
}

double InpaintingMask::fraction() const { return share(masked); }

std::vector<bool> InpaintingMask::tokens(int patch) const {
    RangeCheck(QStringLiteral("inpainting mask"))
        .that(patch >= 1 && height % patch == 0 && width % patch == 0, "patch", QString::number(patch),
              QStringLiteral("must divide the %1x%2 mask").arg(width).arg(height));
    const int gw = width / patch;
    std::vector<bool> out(static_cast<std::size_t>((height / patch) * gw), false);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x)
            if (at(y, x))
                out[static_cast<std::size_t>((y / patch) * gw + x / patch)] = true;
    return out;
}

InpaintingMask inpaintingMask(const InpaintingMaskSpec &spec, std::uint64_t seed) {
    spec.validate();
    std::mt19937_64 rng(seed);
    InpaintingMask mask;
    mask.height = spec.height;
    mask.width = spec.width;
    mask.masked.assign(static_cast<std::size_t>(spec.height) * spec.width, 0);
    if (spec.maskedFraction >= 1.0) {
        std::fill(mask.masked.begin(), mask.masked.end(), 1);
        return mask;
    }
    for (int s = 0; s < kMaxShapes && mask.fraction() < spec.maskedFraction; ++s) {
        const MaskShape shape = spec.shapes[static_cast<std::size_t>(rng() % spec.shapes.size())];
        const std::uint64_t shapeSeed = rng();
        // A shape that overshoots the target by more than the tolerance is redrawn smaller.
        double size = 1.0;
        std::vector<std::uint8_t> candidate;
        for (int attempt = 0; attempt < kShrinkTries; ++attempt, size /= 2) {
            candidate = mask.masked;
            std::mt19937_64 shapeRng(shapeSeed);
            draw(candidate, spec.height, spec.width, shape, size, spec.brushWidth, shapeRng);
            if (share(candidate) <= spec.maskedFraction + spec.tolerance)
                break;
        }
        mask.masked = std::move(candidate);
    }
    return mask;
}

}  // namespace accelscope
