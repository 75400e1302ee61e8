#include "core/kernels/bf16.h"

#include <bit>
#include <stdexcept>

namespace accelscope::kernels {

std::uint16_t toBf16Bits(float value) {
    const auto bits = std::bit_cast<std::uint32_t>(value);
    if ((bits & 0x7F800000u) == 0x7F800000u && (bits & 0x007FFFFFu) != 0)
        return static_cast<std::uint16_t>((bits >> 16) | 0x0040u);  // quiet NaN
    const std::uint32_t lsb = (bits >> 16) & 1u;
    return static_cast<std::uint16_t>((bits + 0x7FFFu + lsb) >> 16);
}

float fromBf16Bits(std::uint16_t bits) {
    return std::bit_cast<float>(static_cast<std::uint32_t>(bits) << 16);
}

void roundToBf16InPlace(MatrixF &values) {
    for (Eigen::Index i = 0; i < values.size(); ++i)
        values.data()[i] = roundToBf16(values.data()[i]);
}

std::uint16_t truncateBf16Mantissa(std::uint16_t bits, int droppedBits) {
    if (droppedBits < 0 || droppedBits > kBf16MantissaBits)
        throw std::invalid_argument("truncateBf16Mantissa: dropped bits must be 0..7");
    const auto keep = static_cast<std::uint16_t>(0xFFFFu << droppedBits);
    return static_cast<std::uint16_t>(bits & keep);
}

float truncateBf16Mantissa(float value, int droppedBits) {
    const std::uint16_t bits = toBf16Bits(value);
    if (fromBf16Bits(bits) != value && value == value)
        throw std::invalid_argument("truncateBf16Mantissa: the value is not a BF16 value");
    return fromBf16Bits(truncateBf16Mantissa(bits, droppedBits));
}

}  // namespace accelscope::kernels
