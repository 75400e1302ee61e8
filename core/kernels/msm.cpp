#include "core/kernels/msm.h"

#include <cmath>

#include "core/api/errors.h"

namespace accelscope::kernels {

namespace {
std::uint64_t windowDigit(const Limbs &scalar, int bitOffset, int windowBits) {
    std::uint64_t digit = 0;
    for (int b = 0; b < windowBits; ++b) {
        const int bit = bitOffset + b;
        if (bit >= 64 * kMaxLimbs)
            break;
        digit |= ((scalar[static_cast<std::size_t>(bit / 64)] >> (bit % 64)) & 1) << b;
    }
    return digit;
}
}  // namespace

JacobianPoint msmPippenger(const EllipticCurve &curve, const std::vector<JacobianPoint> &points,
                           const std::vector<Limbs> &scalars, int windowBits, MsmStats *stats) {
    if (points.size() != scalars.size())
        throw std::logic_error("msmPippenger: points and scalars differ in count");
    if (windowBits < 1 || windowBits > 24)
        throw InputError(
            QStringLiteral("MSM window %1 bits is out of range; allowed: 1 to 24").arg(windowBits));
    const int scalarBits = curve.scalarField().bits();
    const int windows = (scalarBits + windowBits - 1) / windowBits;
    MsmStats local;
    local.windows = windows;
    const std::int64_t fillCells = static_cast<std::int64_t>(windows) << windowBits;
    if (stats && fillCells <= MsmStats::kMaxBucketFill)
        local.bucketFill.assign(static_cast<std::size_t>(fillCells), 0);
    JacobianPoint result = curve.infinity();
    std::vector<JacobianPoint> buckets(std::size_t{1} << windowBits);
    std::vector<char> used(buckets.size());
    for (int w = windows - 1; w >= 0; --w) {
        for (int d = 0; d < windowBits && w != windows - 1; ++d) {
            result = curve.dbl(result);
            ++local.doublings;
        }
        std::fill(used.begin(), used.end(), 0);
        std::int64_t touched = 0;
        for (std::size_t i = 0; i < points.size(); ++i) {
            const std::uint64_t digit = windowDigit(scalars[i], w * windowBits, windowBits);
            if (digit == 0)
                continue;
            if (!local.bucketFill.empty())
                ++local.bucketFill[(static_cast<std::size_t>(w) << windowBits) + digit];
            if (used[digit]) {
                buckets[digit] = curve.add(buckets[digit], points[i]);
                ++local.bucketAdds;
            } else {
                buckets[digit] = points[i];
                used[digit] = 1;
                ++touched;
            }
        }
        local.maxBucketsTouched = std::max(local.maxBucketsTouched, touched);
        // Running sum: Σ d·B_d = Σ_{d} (B_top + … + B_d).
        JacobianPoint running = curve.infinity(), windowSum = curve.infinity();
        for (std::size_t d = buckets.size() - 1; d >= 1; --d) {
            if (used[d]) {
                running = curve.add(running, buckets[d]);
                ++local.reductionAdds;
            }
            windowSum = curve.add(windowSum, running);
            ++local.reductionAdds;
        }
        result = curve.add(result, windowSum);
    }
    if (stats)
        *stats = local;
    return result;
}

JacobianPoint msmNaive(const EllipticCurve &curve, const std::vector<JacobianPoint> &points,
                       const std::vector<Limbs> &scalars) {
    JacobianPoint acc = curve.infinity();
    for (std::size_t i = 0; i < points.size(); ++i)
        acc = curve.add(acc, curve.scalarMul(points[i], scalars[i]));
    return acc;
}

MsmOperationCount pippengerOperations(double points, int scalarBits, int windowBits) {
    const double windows = std::ceil(static_cast<double>(scalarBits) / windowBits);
    const double buckets = std::ldexp(1.0, windowBits) - 1;
    return MsmOperationCount{windows * (points + 2 * buckets), (windows - 1) * windowBits};
}

}  // namespace accelscope::kernels
