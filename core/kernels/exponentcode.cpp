#include "core/kernels/exponentcode.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include "core/kernels/bf16.h"

namespace accelscope::kernels {

void addBf16Exponents(ExponentHistogram &histogram, const MatrixF &values) {
    for (Eigen::Index i = 0; i < values.size(); ++i)
        ++histogram[static_cast<std::size_t>(bf16Exponent(toBf16Bits(values.data()[i])))];
}

ExponentHistogram bf16ExponentHistogram(const MatrixF &values) {
    ExponentHistogram h{};
    addBf16Exponents(h, values);
    return h;
}

double exponentEntropyBits(const ExponentHistogram &histogram) {
    const double total = std::accumulate(histogram.begin(), histogram.end(), 0.0);
    double entropy = 0;
    for (const std::uint64_t n : histogram)
        if (n > 0) {
            const double p = double(n) / total;
            entropy -= p * std::log2(p);
        }
    return entropy;
}

UnaryExponentCode UnaryExponentCode::fromHistogram(const ExponentHistogram &histogram) {
    UnaryExponentCode code;
    for (int e = 0; e < 256; ++e)
        if (histogram[static_cast<std::size_t>(e)] > 0)
            code.byRank_.push_back(e);
    if (code.byRank_.empty())
        throw std::invalid_argument("UnaryExponentCode: empty exponent histogram");
    std::stable_sort(code.byRank_.begin(), code.byRank_.end(), [&](int a, int b) {
        return histogram[static_cast<std::size_t>(a)] > histogram[static_cast<std::size_t>(b)];
    });
    for (std::size_t r = 0; r < code.byRank_.size(); ++r)
        code.rankOf_[static_cast<std::size_t>(code.byRank_[r])] = static_cast<int>(r) + 1;
    return code;
}

int UnaryExponentCode::codeLength(int exponent) const {
    if (exponent < 0 || exponent > 255 || rankOf_[static_cast<std::size_t>(exponent)] == 0)
        throw std::out_of_range("UnaryExponentCode: no code word for this exponent");
    return rankOf_[static_cast<std::size_t>(exponent)];
}

double UnaryExponentCode::meanBits(const ExponentHistogram &histogram) const {
    double bits = 0, count = 0;
    for (int e = 0; e < 256; ++e)
        if (const std::uint64_t n = histogram[static_cast<std::size_t>(e)]; n > 0) {
            bits += double(n) * codeLength(e);
            count += double(n);
        }
    return count > 0 ? bits / count : 0.0;
}

std::vector<bool> UnaryExponentCode::encode(const std::vector<int> &exponents) const {
    std::vector<bool> bits;
    for (const int e : exponents) {
        const int length = codeLength(e);
        bits.insert(bits.end(), static_cast<std::size_t>(length - 1), false);
        bits.push_back(true);
    }
    return bits;
}

std::vector<int> UnaryExponentCode::decode(const std::vector<bool> &bits) const {
    std::vector<int> exponents;
    int zeros = 0;
    for (const bool bit : bits) {
        if (!bit) {
            ++zeros;
            continue;
        }
        if (zeros >= symbols())
            throw std::invalid_argument("UnaryExponentCode: a code word is longer than the table");
        exponents.push_back(byRank_[static_cast<std::size_t>(zeros)]);
        zeros = 0;
    }
    if (zeros > 0)
        throw std::invalid_argument("UnaryExponentCode: the stream ends inside a code word");
    return exponents;
}

MatrixF sharedExponentRound(const MatrixF &values, const SharedExponentFormat &format, int droppedBits) {
    if (format.blockSize < 1 || format.significandBits < 1 || format.significandBits > 24)
        throw std::invalid_argument("sharedExponentRound: block size must be >= 1, significand bits 1..24");
    if (droppedBits < 0 || droppedBits >= format.significandBits)
        throw std::invalid_argument("sharedExponentRound: dropped bits must be below the significand bits");
    MatrixF out(values.rows(), values.cols());
    for (Eigen::Index r = 0; r < values.rows(); ++r)
        for (Eigen::Index start = 0; start < values.cols(); start += format.blockSize) {
            const Eigen::Index end = std::min<Eigen::Index>(values.cols(), start + format.blockSize);
            int shared = 0;
            for (Eigen::Index c = start; c < end; ++c)
                shared = std::max(shared, bf16Exponent(toBf16Bits(values(r, c))));
            // One unit of the significand's last kept bit; a zero block stays zero.
            const double step = std::ldexp(1.0, shared - kBf16ExponentBias - (format.significandBits - 1) + droppedBits);
            for (Eigen::Index c = start; c < end; ++c) {
                const double v = values(r, c);
                out(r, c) = shared == 0 ? 0.0f : static_cast<float>(std::copysign(std::floor(std::abs(v) / step) * step, v));
            }
        }
    return out;
}

}  // namespace accelscope::kernels
