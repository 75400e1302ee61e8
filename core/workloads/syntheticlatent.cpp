#include "core/workloads/syntheticlatent.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>
#include <vector>

#include "core/api/rangecheck.h"
#include "core/kernels/random.h"

namespace accelscope {

namespace {

enum class Shape { Ellipse, Rectangle };

struct Object {
    Shape shape;
    double cx, cy, vx, vy;  // centre at frame 0 and velocity (positions per frame)
    double halfA, halfB;    // half extents along the object's own axes
    double angle;
    double shade;           // brightness change across the object, relative
    std::vector<double> amplitude;  // per channel
};

struct Wave {
    double kx, ky, phase, drift;  // drift: phase change per frame
    std::vector<double> amplitude;
};

// Signed distance to the object's edge in latent positions (negative inside), and the
// object's own coordinate along its first axis (−1 .. 1 across it).
std::pair<double, double> distance(const Object &o, double x, double y, int frame) {
    const double dx = x - (o.cx + o.vx * frame), dy = y - (o.cy + o.vy * frame);
    const double u = std::cos(o.angle) * dx + std::sin(o.angle) * dy;
    const double v = -std::sin(o.angle) * dx + std::cos(o.angle) * dy;
    if (o.shape == Shape::Rectangle)
        return {std::max(std::abs(u) - o.halfA, std::abs(v) - o.halfB), u / o.halfA};
    const double r = std::sqrt((u / o.halfA) * (u / o.halfA) + (v / o.halfB) * (v / o.halfB));
    return {(r - 1.0) * std::min(o.halfA, o.halfB), u / o.halfA};
}

double coverage(double signedDistance, double softness) {
    if (softness <= 0)
        return signedDistance <= 0 ? 1.0 : 0.0;
    return std::clamp(0.5 - signedDistance / (2.0 * softness), 0.0, 1.0);
}

}  // namespace

void SyntheticLatentSpec::validate() const {
    RangeCheck(QStringLiteral("synthetic latent"))
        .within("frames", frames, 1, 1024)
        .within("height", height, 1, 4096)
        .within("width", width, 1, 4096)
        .within("channels", channels, 1, 256)
        .within("objects", objects, 0, 256)
        .within("edge_softness", edgeSoftness, 0, 64)
        .within("max_speed", maxSpeed, 0, 64)
        .within("background_waves", backgroundWaves, 0, 64)
        .within("noise_level", noiseLevel, 0, 10);
}

kernels::Latent syntheticLatent(const SyntheticLatentSpec &spec, std::uint64_t seed) {
    spec.validate();
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    const auto uniform = [&](double low, double high) { return low + (high - low) * unit(rng); };
    const auto amplitudes = [&](double scale) {
        std::vector<double> a(static_cast<std::size_t>(spec.channels));
        for (double &v : a)
            v = scale * kernels::approximatelyNormal(rng);
        return a;
    };
    const double side = std::min(spec.height, spec.width);

    // Background: a gradient in a random direction plus low-frequency waves, mixed per channel.
    const double gradientAngle = uniform(0, 2 * std::numbers::pi);
    const std::vector<double> gradient = amplitudes(1.0);
    std::vector<Wave> waves(static_cast<std::size_t>(spec.backgroundWaves));
    for (Wave &w : waves) {
        const double cycles = uniform(0.5, 2.5), direction = uniform(0, 2 * std::numbers::pi);
        w.kx = 2 * std::numbers::pi * cycles * std::cos(direction) / spec.width;
        w.ky = 2 * std::numbers::pi * cycles * std::sin(direction) / spec.height;
        w.phase = uniform(0, 2 * std::numbers::pi);
        w.drift = uniform(-0.05, 0.05);
        w.amplitude = amplitudes(0.4);
    }
    std::vector<Object> objects(static_cast<std::size_t>(spec.objects));
    for (Object &o : objects) {
        o.shape = unit(rng) < 0.6 ? Shape::Ellipse : Shape::Rectangle;
        o.cx = uniform(0, spec.width);
        o.cy = uniform(0, spec.height);
        const double speed = spec.maxSpeed * std::sqrt(unit(rng)), heading = uniform(0, 2 * std::numbers::pi);
        o.vx = speed * std::cos(heading);
        o.vy = speed * std::sin(heading);
        o.halfA = std::max(1.0, uniform(0.08, 0.25) * side);
        o.halfB = std::max(1.0, o.halfA * uniform(0.5, 1.0));
        o.angle = uniform(0, std::numbers::pi);
        o.shade = uniform(-0.3, 0.3);
        o.amplitude = amplitudes(1.5);
    }

    kernels::Latent latent = kernels::Latent::zeros(spec.frames, spec.height, spec.width, spec.channels);
    std::vector<double> value(static_cast<std::size_t>(spec.channels));
    for (int f = 0; f < spec.frames; ++f)
        for (int y = 0; y < spec.height; ++y)
            for (int x = 0; x < spec.width; ++x) {
                const double px = x + 0.5, py = y + 0.5;
                const double along = ((px - spec.width / 2.0) * std::cos(gradientAngle) +
                                      (py - spec.height / 2.0) * std::sin(gradientAngle)) / side;
                for (int c = 0; c < spec.channels; ++c)
                    value[static_cast<std::size_t>(c)] = gradient[static_cast<std::size_t>(c)] * along;
                for (const Wave &w : waves) {
                    const double s = std::sin(w.kx * px + w.ky * py + w.phase + w.drift * f);
                    for (int c = 0; c < spec.channels; ++c)
                        value[static_cast<std::size_t>(c)] += w.amplitude[static_cast<std::size_t>(c)] * s;
                }
                // Objects occlude what lies under them, later ones on top.
                for (const Object &o : objects) {
                    const auto [d, u] = distance(o, px, py, f);
                    const double cover = coverage(d, spec.edgeSoftness);
                    if (cover <= 0)
                        continue;
                    for (int c = 0; c < spec.channels; ++c) {
                        double &v = value[static_cast<std::size_t>(c)];
                        v = (1 - cover) * v + cover * o.amplitude[static_cast<std::size_t>(c)] * (1 + o.shade * u);
                    }
                }
                const int row = latent.row(f, y, x);
                for (int c = 0; c < spec.channels; ++c)
                    latent.values(row, c) = static_cast<float>(value[static_cast<std::size_t>(c)]);
            }
    // Unit scale per channel, then the independent noise.
    for (int c = 0; c < spec.channels; ++c) {
        auto column = latent.values.col(c);
        const double mean = column.cast<double>().mean();
        const double std = std::sqrt((column.cast<double>().array() - mean).square().mean());
        column = ((column.cast<double>().array() - mean) / (std > 1e-12 ? std : 1.0)).cast<float>().matrix();
    }
    for (Eigen::Index i = 0; i < latent.values.size(); ++i)
        latent.values.data()[i] += static_cast<float>(spec.noiseLevel * kernels::approximatelyNormal(rng));
    return latent;
}

QString describe(const SyntheticLatentSpec &spec, std::uint64_t seed) {
    return QStringLiteral("synthetic latent: %1 frame%2 of %3x%4x%5, %6 objects, seed %7")
        .arg(spec.frames)
        .arg(spec.frames == 1 ? QString() : QStringLiteral("s"))
        .arg(spec.width)
        .arg(spec.height)
        .arg(spec.channels)
        .arg(spec.objects)
        .arg(seed);
}

}  // namespace accelscope
