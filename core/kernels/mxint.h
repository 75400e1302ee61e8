#pragma once
// MX integer block formats (OCP Microscaling, Microsoft microxcaling's int8 / int4 / int2): a
// block of 32 elements shares one E8M0 scale 2^e; each element is a sign-magnitude integer code k
// on the grid k / 2^(mbits−2), |k| <= 2^(mbits−1) − 1:
//   MXINT8 k/64, |k| <= 127;  MXINT4 k/4, |k| <= 7;  MXINT2 k, |k| <= 1.
// Quantization (microxcaling _quantize_mx, emax = 0 for integers):
//   e = clamp(floor(log2(max |a|)), −127, 127)   (an all-zero block takes e = −127)
//   k = sign(a) · min(floor(|a| / 2^e · 2^(mbits−2) + 0.5), 2^(mbits−1) − 1)   (half away from zero)
//   a' = k / 2^(mbits−2) · 2^e
// Storage: mbits per element plus 8 scale bits per block (8.25 / 4.25 / 2.25 bits per element).

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include <QString>

namespace accelscope::kernels {

enum class MxIntFormat { Int8, Int4, Int2 };
QString toString(MxIntFormat format);  // "MXINT8", ...

inline constexpr int kMxBlockSize = 32;
inline constexpr int kE8M0Bias = 127;

int mxElementBits(MxIntFormat format);                       // 8, 4, 2
int mxMaxCode(MxIntFormat format);                           // 127, 7, 1
double mxMaxNorm(MxIntFormat format);                        // 127/64, 7/4, 1
double mxBitsPerElement(MxIntFormat format);                 // bits + 8 / 32
MxIntFormat mxFormatForBits(int bits);                       // throws InputError unless 8, 4 or 2

struct MxBlock {
    std::uint8_t scale = 0;  // E8M0: biased exponent e + 127 (255 is NaN, never produced)
    int count = 0;           // elements used (a tail block may hold fewer than 32)
    std::array<std::int8_t, kMxBlockSize> codes{};

    int exponent() const { return int(scale) - kE8M0Bias; }
};

// One block of up to 32 values; throws InputError for more than 32 or a non-finite value.
MxBlock mxQuantizeBlock(std::span<const float> values, MxIntFormat format);
void mxDequantizeBlock(const MxBlock &block, MxIntFormat format, std::span<float> out);

// A row split into consecutive blocks of 32 along its length (the reduction dimension); the last
// block may be shorter.
std::vector<MxBlock> mxQuantize(std::span<const float> values, MxIntFormat format);
std::vector<float> mxDequantize(const std::vector<MxBlock> &blocks, MxIntFormat format);
// Quantize and dequantize in place.
void mxRoundTrip(std::span<float> values, MxIntFormat format);

// An MXINT8 block narrowed to a smaller format with the same shared scale (what a multi-precision
// engine reads when it takes the top bits of an 8-bit code): k' = round-half-away(k · 2^(m'−8)),
// clamped to the narrow format's largest code.
MxBlock mxNarrow(const MxBlock &int8Block, MxIntFormat to);

// Dot product of two blocks as a block-wise MAC array computes it: the integer sum of code
// products times 2^(e_a + e_b) / 2^(m_a − 2 + m_b − 2). Exact in double for 32 elements.
double mxDot(const MxBlock &a, MxIntFormat fa, const MxBlock &b, MxIntFormat fb);

}  // namespace accelscope::kernels
