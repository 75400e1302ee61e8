#pragma once
// BF16 as bit fields: 1 sign bit, 8 exponent bits (bias 127), 7 mantissa bits, the upper half of
// an IEEE float32. Used by schemes that store or stream part of a BF16 value (mantissa
// truncation, exponent coding, bit-plane splits): the value a truncated word stands for is the
// word with its dropped low mantissa bits zero, no rounding and no scale.

#include <cstdint>

#include "core/kernels/tensor.h"

namespace accelscope::kernels {

inline constexpr int kBf16MantissaBits = 7;
inline constexpr int kBf16ExponentBits = 8;
inline constexpr int kBf16ExponentBias = 127;

// Rounds to nearest even (NaN stays a quiet NaN).
std::uint16_t toBf16Bits(float value);
float fromBf16Bits(std::uint16_t bits);
inline float roundToBf16(float value) {
    return fromBf16Bits(toBf16Bits(value));
}
void roundToBf16InPlace(MatrixF &values);

inline int bf16Sign(std::uint16_t bits) {
    return bits >> 15;
}
// The biased exponent field, 0..255 (0: zero or subnormal).
inline int bf16Exponent(std::uint16_t bits) {
    return (bits >> kBf16MantissaBits) & 0xFF;
}
inline int bf16Mantissa(std::uint16_t bits) {
    return bits & 0x7F;
}

// The word with its `droppedBits` lowest mantissa bits cleared (0..7): what a reader holding only
// the upper bits rebuilds by zero padding. The magnitude never grows.
std::uint16_t truncateBf16Mantissa(std::uint16_t bits, int droppedBits);
// The same on a float that BF16 holds exactly (throws std::invalid_argument otherwise).
float truncateBf16Mantissa(float value, int droppedBits);

}  // namespace accelscope::kernels
