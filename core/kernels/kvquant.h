#pragma once
// KV-cache quantizers, computed for real and accounted to the bit.
//
// Oaken (ISCA 2025): offline quantile thresholds split entries into an outer group (large
// magnitudes, about 4 %), a middle group (the inliers, about 90 %) and an inner group (near the
// median, about 6 %). Outer and middle entries are shifted by their group's threshold on their
// side, which folds each two-sided band next to zero; every group is then quantized per token with
// asymmetric min-max scales: middle entries as 4-bit codes of the shifted value, outer and inner
// entries as 5 bits, a sign (which side) and a 4-bit code of the magnitude. The fused
// dense-and-sparse encoding keeps a 4-bit dense matrix; an outer or inner entry puts its 4-bit
// magnitude code in its dense slot and adds an 8-bit sparse entry (6-bit index in its 64-entry
// chunk, 1 group bit, the sign).
//
// The baseline is a KIVI-style per-token quantizer: asymmetric min-max per row and group of
// columns, the same bit width everywhere.
//
// Rows are tokens (one layer's keys or values of every KV head, concatenated); scales (a
// minimum and a maximum per row and group) are stored in FP16, rounded outward so every entry
// stays in range.

#include <array>
#include <cstdint>
#include <vector>

#include "core/kernels/tensor.h"

namespace accelscope::kernels {

enum class OakenGroup : std::uint8_t { Outer = 0, Middle = 1, Inner = 2 };

struct OakenThresholds {
    float outerLow = 0, innerLow = 0, innerHigh = 0, outerHigh = 0;  // T_o_lo < T_i_lo < T_i_hi < T_o_hi

    // Quantiles of every entry of each profiling tensor, averaged over the tensors: with group
    // fractions f (outer, middle, inner) and cumulative a_i, lower_i = q(a_i / 2) and upper_i =
    // q(1 − a_i / 2), so (0.04, 0.90, 0.06) gives q(0.02), q(0.47), q(0.53), q(0.98).
    static OakenThresholds profile(const std::vector<MatrixF> &samples,
                                   std::array<double, 3> fractions = {0.04, 0.90, 0.06});
    OakenGroup groupOf(float x) const;
};

struct OakenBits {
    static constexpr int kCode = 4;    // bits of every dense code
    static constexpr int kSparse = 8;  // bits of a sparse entry
    static constexpr int kChunk = 64;  // entries a 6-bit sparse index addresses
};

// The encoded tensor: exactly what would be stored.
struct OakenEncoded {
    int rows = 0, cols = 0;
    std::vector<std::uint8_t> dense;                  // 4-bit codes, two per byte, row-major
    std::vector<std::uint8_t> sparse;                 // 8-bit entries: index (6) | group (1) | sign (1)
    std::vector<std::uint32_t> sparseBegin;           // per chunk (row-major), offset into `sparse`; one extra at the end
    // Per row: FP16 minimum and maximum of the outer magnitudes, the middle shifted values and
    // the inner magnitudes.
    std::vector<std::array<std::uint16_t, 6>> scales;

    std::int64_t entries() const { return static_cast<std::int64_t>(rows) * cols; }
    std::int64_t bits() const;  // dense + sparse + scales
    double bitsPerEntry() const { return entries() ? static_cast<double>(bits()) / static_cast<double>(entries()) : 0.0; }
    std::int64_t sparseEntries() const { return static_cast<std::int64_t>(sparse.size()); }
};

class OakenQuantizer {
public:
    explicit OakenQuantizer(OakenThresholds thresholds);
    OakenEncoded encode(const MatrixF &x) const;
    MatrixF decode(const OakenEncoded &encoded) const;
    const OakenThresholds &thresholds() const { return t_; }

private:
    OakenThresholds t_;
};

// KIVI-style per-token baseline: asymmetric min-max over each row's groups of `groupSize`
// columns (0: the whole row), `bits` per entry, FP16 minimum and maximum per group.
struct PerTokenQuantized {
    MatrixF reconstructed;
    std::int64_t bits = 0;
    double bitsPerEntry() const;
};
PerTokenQuantized quantizePerToken(const MatrixF &x, int bits = 4, int groupSize = 0);

// Mean squared error between two same-shaped matrices.
double meanSquaredError(const MatrixF &a, const MatrixF &b);

}  // namespace accelscope::kernels
