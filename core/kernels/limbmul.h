#pragma once
// Multi-precision multiplication of little-endian 64-bit limb vectors, the datapath a Toom–Cook
// multi-precision core (ZK-Flex's TCore) implements: schoolbook (n² limb products), Toom-2
// (Karatsuba: 3 half-size products) and Toom-3 (Bodrato's sequence, evaluation points 0, 1, −1,
// −2, ∞: 5 third-size products). Sub-products are schoolbook, as in a core whose limb
// multipliers are fixed-width.
#include <cstdint>

#include <QString>

namespace accelscope::kernels {

enum class LimbMulMethod { Schoolbook, Toom2, Toom3 };
QString toString(LimbMulMethod method);
LimbMulMethod limbMulMethodFromString(const QString &text);  // throws InputError

inline constexpr int kMaxMulLimbs = 8;

// out[0 .. 2n) = a[0 .. n) · b[0 .. n); 1 <= n <= kMaxMulLimbs. Returns the number of 64×64-bit
// limb products performed (what the hardware's limb multipliers are busy with).
int mulLimbs(const std::uint64_t *a, const std::uint64_t *b, int n, std::uint64_t *out, LimbMulMethod method);

// Limb products of one n-limb multiplication by `method`, counted without computing: schoolbook
// n², Toom-k (2k − 1)·⌈n/k⌉² (the evaluated pieces may carry one extra limb; that carry limb is
// handled by adders, as in hardware).
int limbProducts(int n, LimbMulMethod method);

}  // namespace accelscope::kernels
