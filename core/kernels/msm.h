#pragma once
// Multi-scalar multiplication Σ kᵢ·Pᵢ, the EC stage of a proof, by Pippenger's bucket method with
// a window of c bits: per window, each point is added into the bucket of its c-bit digit (bucket
// accumulation), buckets are summed by a running sum from the top (bucket reduction, 2·(2^c − 1)
// additions), and windows are combined from the most significant with c doublings each.
// `msmNaive` is the reference: one double-and-add per scalar.
#include <cstdint>
#include <vector>

#include "core/kernels/ellipticcurve.h"

namespace accelscope::kernels {

struct MsmStats {
    std::int64_t windows = 0;
    std::int64_t bucketAdds = 0;     // point additions into buckets (empty-bucket writes excluded)
    std::int64_t reductionAdds = 0;  // running-sum additions
    std::int64_t doublings = 0;
    std::int64_t maxBucketsTouched = 0;  // most non-empty buckets in one window
    // Points accumulated into each bucket, window-major (window 0 holds the least significant
    // digits): windows × 2^c counts, bucket 0 (digit 0, skipped) always 0. Kept only while
    // windows · 2^c ≤ kMaxBucketFill, so small, viewable MSMs.
    static constexpr std::int64_t kMaxBucketFill = std::int64_t{1} << 20;
    std::vector<std::int32_t> bucketFill;
};

// Scalars are canonical (< r); windowBits in 1..24.
JacobianPoint msmPippenger(const EllipticCurve &curve, const std::vector<JacobianPoint> &points,
                           const std::vector<Limbs> &scalars, int windowBits, MsmStats *stats = nullptr);
JacobianPoint msmNaive(const EllipticCurve &curve, const std::vector<JacobianPoint> &points,
                       const std::vector<Limbs> &scalars);

// Point additions and doublings of a λ-bit MSM of n points with window c, as the bucket method
// performs them in the worst case: ⌈λ/c⌉·(n + 2·(2^c − 1)) additions and (⌈λ/c⌉ − 1)·c doublings.
struct MsmOperationCount {
    double additions = 0;
    double doublings = 0;
};
MsmOperationCount pippengerOperations(double points, int scalarBits, int windowBits);

}  // namespace accelscope::kernels
