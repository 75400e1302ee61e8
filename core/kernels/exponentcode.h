#pragma once
// Compression of the BF16 exponent field (8 of 16 bits, while trained weights and KV entries use
// only a few exponent values):
// - UnaryExponentCode: lossless. Exponents are ranked by frequency and rank r is written as r
//   zeros and a one (1, 01, 001, ...). Every code word ends in '1', so a decoder finds all word
//   boundaries at once by counting zeros, with no sequential Huffman walk.
// - Shared exponent (block floating point, MX-style): each block of consecutive values keeps the
//   largest exponent once and every value a sign and a significand aligned to it. Lossy: small
//   values of a block lose their low bits.

#include <array>
#include <cstdint>
#include <vector>

#include "core/kernels/tensor.h"

namespace accelscope::kernels {

using ExponentHistogram = std::array<std::uint64_t, 256>;

// Counts of the biased BF16 exponent field of every value (values are rounded to BF16 first).
ExponentHistogram bf16ExponentHistogram(const MatrixF &values);
void addBf16Exponents(ExponentHistogram &histogram, const MatrixF &values);
// Shannon entropy of the exponent field in bits per value (0 for an empty histogram).
double exponentEntropyBits(const ExponentHistogram &histogram);

class UnaryExponentCode {
public:
    // The code for exponents distributed as `histogram`: exponents that occur, by falling count,
    // ties to the smaller exponent. Throws std::invalid_argument for an empty histogram.
    static UnaryExponentCode fromHistogram(const ExponentHistogram &histogram);

    int symbols() const { return static_cast<int>(byRank_.size()); }
    // Bits of the code word of `exponent` (its rank + 1); throws std::out_of_range for an exponent
    // the code was not built for.
    int codeLength(int exponent) const;
    // Mean code bits per value over `histogram` (every exponent in it must have a code word).
    double meanBits(const ExponentHistogram &histogram) const;

    std::vector<bool> encode(const std::vector<int> &exponents) const;
    // Splits `bits` at every '1' and maps each word back; throws std::invalid_argument when the
    // stream ends inside a word or a word is longer than the table.
    std::vector<int> decode(const std::vector<bool> &bits) const;

private:
    std::vector<int> byRank_;         // exponent of each rank
    std::array<int, 256> rankOf_{};   // rank + 1 of each exponent, 0 when absent
};

// Block floating point over rows: blocks of `blockSize` consecutive values of a row (the last one
// may be shorter) share their largest BF16 exponent; a value keeps its sign and the top
// `significandBits` bits (leading one included) of its magnitude aligned to that exponent,
// truncated, minus the lowest `droppedBits` of them. Values must be BF16 values.
struct SharedExponentFormat {
    int blockSize = 32;
    int significandBits = 8;
    // Stored bits per value: sign, significand and the block's 8-bit exponent spread over it.
    double bitsPerValue() const { return 1.0 + significandBits + 8.0 / blockSize; }
};
MatrixF sharedExponentRound(const MatrixF &values, const SharedExponentFormat &format, int droppedBits = 0);

}  // namespace accelscope::kernels
