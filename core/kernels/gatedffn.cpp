#include "core/kernels/gatedffn.h"

#include <cmath>
#include <stdexcept>
#include <string>

#include "core/kernels/random.h"
#include "core/kernels/gather.h"

namespace accelscope::kernels {

namespace {

void checkChannels(const std::vector<int> &channels, int count) {
    for (const int c : channels)
        if (c < 0 || c >= count)
            throw std::invalid_argument("FFN channel " + std::to_string(c) + " out of range 0.." +
                                        std::to_string(count - 1));
}

bool isEveryChannel(const std::vector<int> &channels, int count) {
    if (static_cast<int>(channels.size()) != count)
        return false;
    for (int i = 0; i < count; ++i)
        if (channels[static_cast<std::size_t>(i)] != i)
            return false;
    return true;
}

// The one formula every path uses, so equal inputs give equal bits.
MatrixF hiddenOf(const MatrixF &x, const MatrixF &gate, const MatrixF &up) {
    const MatrixF g = x * gate.transpose();
    const MatrixF u = x * up.transpose();
    MatrixF h(g.rows(), g.cols());
    for (Eigen::Index i = 0; i < h.size(); ++i)
        h.data()[i] = silu(g.data()[i]) * u.data()[i];
    return h;
}

}  // namespace

float silu(float x) {
    return x / (1.0f + std::exp(-x));
}

GatedFfnWeights syntheticGatedFfn(int dModel, int channels, std::mt19937_64 &generator,
                                  double channelScaleSpread) {
    if (dModel < 1 || channels < 1)
        throw std::invalid_argument("a gated FFN needs at least one input and one channel");
    GatedFfnWeights w;
    w.gate = randomNormalFp16(channels, dModel, generator, 1.0f / std::sqrt(float(dModel)));
    w.up = randomNormalFp16(channels, dModel, generator, 1.0f / std::sqrt(float(dModel)));
    w.down = randomNormalFp16(dModel, channels, generator, 1.0f / std::sqrt(float(channels)));
    for (int c = 0; c < channels; ++c) {
        const float scale = std::exp(static_cast<float>(channelScaleSpread) * approximatelyNormal(generator));
        // Gate and up share the factor's square root each: the channel's activation scales by it.
        const float half = std::sqrt(scale);
        for (int i = 0; i < dModel; ++i) {
            w.gate(c, i) = roundToFp16(w.gate(c, i) * half);
            w.up(c, i) = roundToFp16(w.up(c, i) * half);
            w.down(i, c) = roundToFp16(w.down(i, c) * scale);
        }
    }
    return w;
}

MatrixF gatedFfnHidden(const MatrixF &x, const GatedFfnWeights &w, const std::vector<int> &channels) {
    if (x.cols() != w.dModel())
        throw std::invalid_argument("FFN input has " + std::to_string(x.cols()) + " features, the weights " +
                                    std::to_string(w.dModel()));
    checkChannels(channels, w.channels());
    if (isEveryChannel(channels, w.channels()))
        return hiddenOf(x, w.gate, w.up);  // the same bits as a gathered copy, without the copy
    return hiddenOf(x, gatherRows(w.gate, channels), gatherRows(w.up, channels));
}

MatrixF gatedFfnOutput(const MatrixF &hidden, const GatedFfnWeights &w, const std::vector<int> &channels) {
    if (hidden.cols() != static_cast<Eigen::Index>(channels.size()))
        throw std::invalid_argument("FFN hidden has " + std::to_string(hidden.cols()) + " columns for " +
                                    std::to_string(channels.size()) + " channels");
    checkChannels(channels, w.channels());
    if (isEveryChannel(channels, w.channels()))
        return hidden * w.down.transpose();
    return hidden * gatherColumns(w.down, channels).transpose();
}

MatrixF gatedFfn(const MatrixF &x, const GatedFfnWeights &w) {
    if (x.cols() != w.dModel())
        throw std::invalid_argument("FFN input has " + std::to_string(x.cols()) + " features, the weights " +
                                    std::to_string(w.dModel()));
    return hiddenOf(x, w.gate, w.up) * w.down.transpose();
}

GatedFfnWeights gatedFfnSubset(const GatedFfnWeights &w, const std::vector<int> &channels) {
    checkChannels(channels, w.channels());
    return {gatherRows(w.gate, channels), gatherRows(w.up, channels), gatherColumns(w.down, channels)};
}

std::vector<int> allChannels(int count) {
    std::vector<int> c(static_cast<std::size_t>(std::max(count, 0)));
    for (int i = 0; i < count; ++i)
        c[static_cast<std::size_t>(i)] = i;
    return c;
}

}  // namespace accelscope::kernels
