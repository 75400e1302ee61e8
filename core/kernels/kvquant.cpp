#include "core/kernels/kvquant.h"

#include <algorithm>
#include <cmath>

#include "core/api/errors.h"

namespace accelscope::kernels {

namespace {

constexpr int kLevels = (1 << OakenBits::kCode) - 1;

std::uint16_t halfBits(float x) { return Eigen::numext::bit_cast<std::uint16_t>(Eigen::half(x)); }

float halfValue(std::uint16_t bits) { return static_cast<float>(Eigen::numext::bit_cast<Eigen::half>(bits)); }

// The largest FP16 at or below x, and the smallest at or above it (bits), so a range stored in
// FP16 still holds every value it was computed from.
std::uint16_t halfDown(float x) {
    std::uint16_t b = halfBits(x);
    if (halfValue(b) > x)
        b = b == 0x0000 ? 0x8001 : (b & 0x8000) ? static_cast<std::uint16_t>(b + 1) : static_cast<std::uint16_t>(b - 1);
    return b;
}
std::uint16_t halfUp(float x) {
    std::uint16_t b = halfBits(x);
    if (halfValue(b) < x)
        b = b == 0x8000 ? 0x0001 : (b & 0x8000) ? static_cast<std::uint16_t>(b - 1) : static_cast<std::uint16_t>(b + 1);
    return b;
}

void checkFinite(const MatrixF &x, const char *what) {
    if (!x.allFinite() || x.cwiseAbs().maxCoeff() > 65504.0f)
        throw InputError(QStringLiteral("%1: every entry must be finite and within FP16's range (|x| <= 65504)")
                             .arg(QString::fromLatin1(what)));
}

// Asymmetric min-max quantization to `levels` + 1 codes over [lo, hi].
int quantize(float v, float lo, float hi, int levels) {
    if (!(hi > lo))
        return 0;
    const double scale = levels / (static_cast<double>(hi) - lo);
    return std::clamp(static_cast<int>(std::lround((v - static_cast<double>(lo)) * scale)), 0, levels);
}
float dequantize(int code, float lo, float hi, int levels) {
    if (!(hi > lo))
        return lo;
    return static_cast<float>(lo + code * ((static_cast<double>(hi) - lo) / levels));
}

double quantile(std::vector<float> values, double q) {
    // Linear interpolation between order statistics (numpy's default).
    const double position = q * static_cast<double>(values.size() - 1);
    const auto below = static_cast<std::size_t>(std::floor(position));
    const auto at = values.begin() + static_cast<std::ptrdiff_t>(below);
    std::nth_element(values.begin(), at, values.end());
    const double low = *at;
    if (below + 1 >= values.size())
        return low;
    const double high = *std::min_element(at + 1, values.end());  // the next order statistic
    return low + (position - static_cast<double>(below)) * (high - low);
}

}  // namespace

OakenThresholds OakenThresholds::profile(const std::vector<MatrixF> &samples, std::array<double, 3> fractions) {
    if (samples.empty())
        throw InputError(QStringLiteral("Oaken profiling: no sample tensors; give at least one"));
    const double total = fractions[0] + fractions[1] + fractions[2];
    if (std::abs(total - 1.0) > 1e-9 || fractions[0] <= 0 || fractions[1] <= 0 || fractions[2] <= 0)
        throw InputError(QStringLiteral("Oaken profiling: group fractions %1, %2, %3 must be positive and sum to 1")
                             .arg(fractions[0])
                             .arg(fractions[1])
                             .arg(fractions[2]));
    const double outer = fractions[0], outerAndMiddle = fractions[0] + fractions[1];
    std::array<double, 4> sum{};
    for (const MatrixF &sample : samples) {
        if (sample.size() == 0)
            throw InputError(QStringLiteral("Oaken profiling: an empty sample tensor"));
        checkFinite(sample, "Oaken profiling");
        const std::vector<float> values(sample.data(), sample.data() + sample.size());
        sum[0] += quantile(values, outer / 2);
        sum[1] += quantile(values, outerAndMiddle / 2);
        sum[2] += quantile(values, 1 - outerAndMiddle / 2);
        sum[3] += quantile(values, 1 - outer / 2);
    }
    const auto n = static_cast<double>(samples.size());
    return {static_cast<float>(sum[0] / n), static_cast<float>(sum[1] / n), static_cast<float>(sum[2] / n),
            static_cast<float>(sum[3] / n)};
}

OakenGroup OakenThresholds::groupOf(float x) const {
    if (x <= outerLow || x >= outerHigh)
        return OakenGroup::Outer;
    if (x > innerLow && x < innerHigh)
        return OakenGroup::Inner;
    return OakenGroup::Middle;
}

std::int64_t OakenEncoded::bits() const {
    return entries() * OakenBits::kCode + sparseEntries() * OakenBits::kSparse +
           static_cast<std::int64_t>(scales.size()) * 6 * 16;
}

OakenQuantizer::OakenQuantizer(OakenThresholds thresholds) : t_(thresholds) {
    if (!(t_.outerLow < t_.innerLow && t_.innerLow < t_.innerHigh && t_.innerHigh < t_.outerHigh))
        throw InputError(QStringLiteral("Oaken thresholds %1 < %2 < %3 < %4 must increase strictly")
                             .arg(t_.outerLow)
                             .arg(t_.innerLow)
                             .arg(t_.innerHigh)
                             .arg(t_.outerHigh));
}

OakenEncoded OakenQuantizer::encode(const MatrixF &x) const {
    checkFinite(x, "Oaken quantizer");
    OakenEncoded out;
    out.rows = static_cast<int>(x.rows());
    out.cols = static_cast<int>(x.cols());
    out.dense.assign(static_cast<std::size_t>((out.entries() + 1) / 2), 0);
    out.scales.resize(static_cast<std::size_t>(out.rows));
    const int chunksPerRow = (out.cols + OakenBits::kChunk - 1) / OakenBits::kChunk;
    out.sparseBegin.reserve(static_cast<std::size_t>(out.rows) * chunksPerRow + 1);

    std::vector<OakenGroup> group(static_cast<std::size_t>(out.cols));
    std::vector<float> folded(static_cast<std::size_t>(out.cols));  // middle: shifted; outer, inner: magnitude
    std::vector<bool> negative(static_cast<std::size_t>(out.cols));
    for (int r = 0; r < out.rows; ++r) {
        std::array<float, 3> lo{}, hi{};
        std::array<bool, 3> seen{};
        for (int c = 0; c < out.cols; ++c) {
            const float v = x(r, c);
            const auto i = static_cast<std::size_t>(c);
            group[i] = t_.groupOf(v);
            switch (group[i]) {
                case OakenGroup::Outer:
                    negative[i] = v <= t_.outerLow;
                    folded[i] = std::abs(negative[i] ? v - t_.outerLow : v - t_.outerHigh);
                    break;
                case OakenGroup::Middle:
                    folded[i] = v >= t_.innerHigh ? v - t_.innerHigh : v - t_.innerLow;
                    break;
                case OakenGroup::Inner:
                    negative[i] = v < 0;
                    folded[i] = std::abs(v);
                    break;
            }
            const auto g = static_cast<std::size_t>(group[i]);
            lo[g] = seen[g] ? std::min(lo[g], folded[i]) : folded[i];
            hi[g] = seen[g] ? std::max(hi[g], folded[i]) : folded[i];
            seen[g] = true;
        }
        std::array<std::uint16_t, 6> &scale = out.scales[static_cast<std::size_t>(r)];
        for (std::size_t g = 0; g < 3; ++g) {
            scale[2 * g] = halfDown(lo[g]);
            scale[2 * g + 1] = halfUp(hi[g]);
        }
        for (int c = 0; c < out.cols; ++c) {
            const auto i = static_cast<std::size_t>(c);
            if (c % OakenBits::kChunk == 0)
                out.sparseBegin.push_back(static_cast<std::uint32_t>(out.sparse.size()));
            const auto g = static_cast<std::size_t>(group[i]);
            const int code = quantize(folded[i], halfValue(scale[2 * g]), halfValue(scale[2 * g + 1]), kLevels);
            const std::int64_t at = static_cast<std::int64_t>(r) * out.cols + c;
            out.dense[static_cast<std::size_t>(at / 2)] |= static_cast<std::uint8_t>(code << (at % 2 ? 4 : 0));
            if (group[i] != OakenGroup::Middle)
                out.sparse.push_back(static_cast<std::uint8_t>(((c % OakenBits::kChunk) << 2) |
                                                               ((group[i] == OakenGroup::Inner ? 1 : 0) << 1) |
                                                               (negative[i] ? 1 : 0)));
        }
    }
    out.sparseBegin.push_back(static_cast<std::uint32_t>(out.sparse.size()));
    return out;
}

MatrixF OakenQuantizer::decode(const OakenEncoded &e) const {
    MatrixF x(e.rows, e.cols);
    const int chunksPerRow = (e.cols + OakenBits::kChunk - 1) / OakenBits::kChunk;
    for (int r = 0; r < e.rows; ++r) {
        const std::array<std::uint16_t, 6> &scale = e.scales[static_cast<std::size_t>(r)];
        const auto bounds = [&](OakenGroup g) {
            const auto k = static_cast<std::size_t>(g);
            return std::pair{halfValue(scale[2 * k]), halfValue(scale[2 * k + 1])};
        };
        // Middle everywhere first, then the chunk's sparse entries overwrite theirs.
        const auto [midLo, midHi] = bounds(OakenGroup::Middle);
        for (int c = 0; c < e.cols; ++c) {
            const std::int64_t at = static_cast<std::int64_t>(r) * e.cols + c;
            const int code = (e.dense[static_cast<std::size_t>(at / 2)] >> (at % 2 ? 4 : 0)) & 0xF;
            const float shifted = dequantize(code, midLo, midHi, kLevels);
            x(r, c) = shifted >= 0 ? shifted + t_.innerHigh : shifted + t_.innerLow;
        }
        for (int chunk = 0; chunk < chunksPerRow; ++chunk) {
            const auto k = static_cast<std::size_t>(r) * chunksPerRow + chunk;
            for (std::uint32_t s = e.sparseBegin[k]; s < e.sparseBegin[k + 1]; ++s) {
                const std::uint8_t entry = e.sparse[s];
                const int c = chunk * OakenBits::kChunk + (entry >> 2);
                const bool inner = (entry >> 1) & 1, negative = entry & 1;
                const std::int64_t at = static_cast<std::int64_t>(r) * e.cols + c;
                const int code = (e.dense[static_cast<std::size_t>(at / 2)] >> (at % 2 ? 4 : 0)) & 0xF;
                const auto [lo, hi] = bounds(inner ? OakenGroup::Inner : OakenGroup::Outer);
                const float magnitude = dequantize(code, lo, hi, kLevels);
                if (inner)
                    x(r, c) = negative ? -magnitude : magnitude;
                else
                    x(r, c) = negative ? t_.outerLow - magnitude : t_.outerHigh + magnitude;
            }
        }
    }
    return x;
}

double PerTokenQuantized::bitsPerEntry() const {
    return reconstructed.size() ? static_cast<double>(bits) / static_cast<double>(reconstructed.size()) : 0.0;
}

PerTokenQuantized quantizePerToken(const MatrixF &x, int bits, int groupSize) {
    checkFinite(x, "per-token quantizer");
    if (bits < 1 || bits > 16)
        throw InputError(QStringLiteral("per-token quantizer: bits = %1; allowed 1 to 16").arg(bits));
    if (groupSize < 0)
        throw InputError(QStringLiteral("per-token quantizer: group size = %1; allowed 0 (whole row) or more").arg(groupSize));
    const auto cols = static_cast<int>(x.cols());
    const int group = groupSize == 0 ? std::max(cols, 1) : groupSize;
    const int levels = (1 << bits) - 1;
    PerTokenQuantized q;
    q.reconstructed.resize(x.rows(), x.cols());
    std::int64_t groups = 0;
    for (Eigen::Index r = 0; r < x.rows(); ++r)
        for (int begin = 0; begin < cols; begin += group) {
            const int width = std::min(group, cols - begin);
            const auto block = x.row(r).segment(begin, width);
            const float lo = halfValue(halfDown(block.minCoeff())), hi = halfValue(halfUp(block.maxCoeff()));
            for (int c = 0; c < width; ++c)
                q.reconstructed(r, begin + c) = dequantize(quantize(block(c), lo, hi, levels), lo, hi, levels);
            ++groups;
        }
    q.bits = static_cast<std::int64_t>(x.size()) * bits + groups * 2 * 16;
    return q;
}

double meanSquaredError(const MatrixF &a, const MatrixF &b) {
    if (a.rows() != b.rows() || a.cols() != b.cols() || a.size() == 0)
        throw InputError(QStringLiteral("mean squared error: shapes %1×%2 and %3×%4 differ or are empty")
                             .arg(a.rows())
                             .arg(a.cols())
                             .arg(b.rows())
                             .arg(b.cols()));
    return (a.cast<double>() - b.cast<double>()).squaredNorm() / static_cast<double>(a.size());
}

}  // namespace accelscope::kernels
