#include "core/kernels/mxint.h"

#include <algorithm>
#include <cmath>

#include "core/api/errors.h"

namespace accelscope::kernels {

namespace {

// 2^(mbits − 2): codes per unit of the element grid.
double gridScale(MxIntFormat format) {
    return std::ldexp(1.0, mxElementBits(format) - 2);
}

int roundHalfAway(double x) {
    return static_cast<int>(std::copysign(std::floor(std::fabs(x) + 0.5), x));
}

}  // namespace

QString toString(MxIntFormat format) {
    return QStringLiteral("MXINT%1").arg(mxElementBits(format));
}

int mxElementBits(MxIntFormat format) {
    switch (format) {
        case MxIntFormat::Int8: return 8;
        case MxIntFormat::Int4: return 4;
        case MxIntFormat::Int2: return 2;
    }
    return 8;
}

int mxMaxCode(MxIntFormat format) {
    return (1 << (mxElementBits(format) - 1)) - 1;
}

double mxMaxNorm(MxIntFormat format) {
    return mxMaxCode(format) / gridScale(format);
}

double mxBitsPerElement(MxIntFormat format) {
    return mxElementBits(format) + 8.0 / kMxBlockSize;
}

MxIntFormat mxFormatForBits(int bits) {
    switch (bits) {
        case 8: return MxIntFormat::Int8;
        case 4: return MxIntFormat::Int4;
        case 2: return MxIntFormat::Int2;
        default: break;
    }
    throw InputError(QStringLiteral("MX integer element width %1 is not supported; allowed: 8, 4 or 2 bits").arg(bits));
}

MxBlock mxQuantizeBlock(std::span<const float> values, MxIntFormat format) {
    if (values.size() > static_cast<std::size_t>(kMxBlockSize))
        throw InputError(QStringLiteral("an MX block holds at most %1 elements (got %2)").arg(kMxBlockSize).arg(values.size()));
    float maxAbs = 0;
    for (const float v : values) {
        if (!std::isfinite(v))
            throw InputError(QStringLiteral("MX quantization needs finite values (got %1)").arg(double(v)));
        maxAbs = std::max(maxAbs, std::fabs(v));
    }
    int e = -kE8M0Bias;
    if (maxAbs > 0) {
        int exp2 = 0;
        std::frexp(maxAbs, &exp2);  // maxAbs = m · 2^exp2, m in [0.5, 1): floor(log2) = exp2 − 1, exactly
        e = std::clamp(exp2 - 1, -kE8M0Bias, kE8M0Bias);
    }
    MxBlock block;
    block.scale = static_cast<std::uint8_t>(e + kE8M0Bias);
    block.count = static_cast<int>(values.size());
    const double unit = std::ldexp(gridScale(format), -e);  // codes per unit of value
    const int maxCode = mxMaxCode(format);
    for (std::size_t i = 0; i < values.size(); ++i)
        block.codes[i] = static_cast<std::int8_t>(std::clamp(roundHalfAway(double(values[i]) * unit), -maxCode, maxCode));
    return block;
}

void mxDequantizeBlock(const MxBlock &block, MxIntFormat format, std::span<float> out) {
    const double step = std::ldexp(1.0 / gridScale(format), block.exponent());
    for (int i = 0; i < block.count && i < static_cast<int>(out.size()); ++i)
        out[static_cast<std::size_t>(i)] = static_cast<float>(block.codes[static_cast<std::size_t>(i)] * step);
}

std::vector<MxBlock> mxQuantize(std::span<const float> values, MxIntFormat format) {
    std::vector<MxBlock> blocks;
    blocks.reserve((values.size() + kMxBlockSize - 1) / kMxBlockSize);
    for (std::size_t start = 0; start < values.size(); start += kMxBlockSize)
        blocks.push_back(mxQuantizeBlock(values.subspan(start, std::min<std::size_t>(kMxBlockSize, values.size() - start)), format));
    return blocks;
}

std::vector<float> mxDequantize(const std::vector<MxBlock> &blocks, MxIntFormat format) {
    std::vector<float> out;
    for (const MxBlock &b : blocks) {
        const std::size_t at = out.size();
        out.resize(at + static_cast<std::size_t>(b.count));
        mxDequantizeBlock(b, format, std::span<float>(out).subspan(at));
    }
    return out;
}

void mxRoundTrip(std::span<float> values, MxIntFormat format) {
    for (std::size_t start = 0; start < values.size(); start += kMxBlockSize) {
        const std::span<float> part = values.subspan(start, std::min<std::size_t>(kMxBlockSize, values.size() - start));
        mxDequantizeBlock(mxQuantizeBlock(part, format), format, part);
    }
}

MxBlock mxNarrow(const MxBlock &int8Block, MxIntFormat to) {
    MxBlock out = int8Block;
    const double factor = std::ldexp(1.0, mxElementBits(to) - 8);
    const int maxCode = mxMaxCode(to);
    for (int i = 0; i < out.count; ++i)
        out.codes[static_cast<std::size_t>(i)] = static_cast<std::int8_t>(
            std::clamp(roundHalfAway(int8Block.codes[static_cast<std::size_t>(i)] * factor), -maxCode, maxCode));
    return out;
}

double mxDot(const MxBlock &a, MxIntFormat fa, const MxBlock &b, MxIntFormat fb) {
    std::int64_t sum = 0;
    for (int i = 0; i < std::min(a.count, b.count); ++i)
        sum += std::int64_t{a.codes[static_cast<std::size_t>(i)]} * b.codes[static_cast<std::size_t>(i)];
    return std::ldexp(double(sum), a.exponent() + b.exponent() - (mxElementBits(fa) - 2) - (mxElementBits(fb) - 2));
}

}  // namespace accelscope::kernels
