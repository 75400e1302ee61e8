#pragma once
// Leading-one detection (LOD) and the log-domain, add-only products built on it, as attention
// predictors (FACT, EXION's eager prediction) use them: a value is quantized to a signed integer,
// its magnitude is replaced by its leading one(s), and a product of two such values becomes
// additions of exponents (2^(pa + pb)). Positive and negative products are summed separately, as
// the predictor hardware does to avoid cancelling partial sums, and subtracted at the end.
//
// `terms` = 1 keeps the leading one (|q| ≈ 2^p1, relative error below 1/2); `terms` = 2 is the
// two-step detection: the leading one of the remainder is added (|q| ≈ 2^p1 + 2^p2, relative
// error below 1/4). Magnitudes with at most `terms` set bits are exact.

#include <array>
#include <cstdint>
#include <vector>

#include <Eigen/Core>

#include "core/kernels/tensor.h"

namespace accelscope::kernels {

// Exponents of the `terms` (1 or 2) leading ones of `magnitude`, highest first; -1 where there is
// none (0 has none; a power of two has one).
std::array<int, 2> leadingOnes(std::uint32_t magnitude, int terms);
// Σ 2^p over those leading ones: `magnitude` with every lower set bit cleared.
std::uint32_t leadingOneApproximation(std::uint32_t magnitude, int terms);

// A matrix quantized symmetrically to signed `bits`-bit integers (scale = max|v| / (2^(bits−1) − 1),
// round to nearest) and coded by its leading ones.
struct LeadingOneMatrix {
    int rows = 0, cols = 0;
    int terms = 2;
    double scale = 1.0;                                 // value ≈ sign · Σ 2^p · scale
    std::vector<std::int8_t> sign;                      // −1, 0, +1, row-major
    std::vector<std::array<std::int8_t, 2>> exponents;  // leading-one exponents, −1 = none

    double approximation(int row, int col) const;  // sign · Σ 2^p (integer units, without scale)
    int termCount(int row, int col) const;         // leading ones kept (0 .. terms)
    // The approximations in integer units, split by sign: positive and negative magnitudes.
    Eigen::MatrixXd positiveMagnitudes() const;
    Eigen::MatrixXd negativeMagnitudes() const;
    // sign · Σ 2^p · scale.
    MatrixF values() const;
};

// Throws std::invalid_argument for bits outside [2, 16] or terms outside [1, 2].
LeadingOneMatrix encodeLeadingOnes(const MatrixF &values, int bits = 8, int terms = 2);

// A · B in the log domain (A: m × k, B: k × n): every product of two leading ones is one exponent
// addition. Sums are kept in integer units (exact in double for these sizes).
struct LogDomainProduct {
    Eigen::MatrixXd positive;  // Σ of products with a positive sign
    Eigen::MatrixXd negative;  // Σ of |products| with a negative sign
    double scale = 1.0;        // scale(A) · scale(B)
    double exponentAdds = 0;   // products of leading ones added (the predictor's work)
    MatrixF values() const;    // (positive − negative) · scale
};
// Throws std::invalid_argument when the inner dimensions differ.
LogDomainProduct logDomainProduct(const LeadingOneMatrix &a, const LeadingOneMatrix &b);

}  // namespace accelscope::kernels
