#include "core/workloads/synthetictensors.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

#include "core/api/errors.h"

namespace accelscope {

namespace {

// SplitMix64: decorrelates the seeds of (seed, kind, layer, head, stream) so each gets its own
// generator and a tensor does not depend on which others were drawn before it.
std::uint64_t mix(std::uint64_t x) {
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

std::uint64_t streamSeed(std::uint64_t seed, SyntheticTensorKind kind, int layer, int head, std::uint64_t stream) {
    std::uint64_t s = mix(seed);
    s = mix(s ^ static_cast<std::uint64_t>(kind));
    s = mix(s ^ static_cast<std::uint64_t>(static_cast<std::uint32_t>(layer)));
    s = mix(s ^ static_cast<std::uint64_t>(static_cast<std::uint32_t>(head)));
    return mix(s ^ stream);
}

enum Stream : std::uint64_t { kChannelStream = 1, kValueStream = 2 };

}  // namespace

QString toString(SyntheticTensorKind kind) {
    switch (kind) {
        case SyntheticTensorKind::Keys: return QStringLiteral("keys");
        case SyntheticTensorKind::Values: return QStringLiteral("values");
        case SyntheticTensorKind::Activations: return QStringLiteral("activations");
    }
    return {};
}

SyntheticTensorSpec SyntheticTensorSpec::forKind(SyntheticTensorKind kind, int tokens, int channels) {
    SyntheticTensorSpec spec;
    spec.kind = kind;
    spec.tokens = tokens;
    spec.channels = channels;
    switch (kind) {
        case SyntheticTensorKind::Keys:
            spec.outlierChannelFraction = 0.02;
            spec.outlierMagnitude = 12.0;
            break;
        case SyntheticTensorKind::Values:
            spec.outlierChannelFraction = 0.0;
            break;
        case SyntheticTensorKind::Activations:
            spec.outlierChannelFraction = 0.002;
            spec.outlierMagnitude = 30.0;
            break;
    }
    return spec;
}

void SyntheticTensorSpec::validate() const {
    const auto fail = [](const QString &field, const QString &value, const QString &allowed) {
        throw InputError(QStringLiteral("synthetic tensor: %1 = %2; %3").arg(field, value, allowed));
    };
    if (tokens < 1 || tokens > (1 << 22))
        fail(QStringLiteral("tokens"), QString::number(tokens), QStringLiteral("allowed 1 to 4194304"));
    if (channels < 1 || channels > (1 << 16))
        fail(QStringLiteral("channels"), QString::number(channels), QStringLiteral("allowed 1 to 65536"));
    if (!(tailDegreesOfFreedom > 4.0) || !std::isfinite(tailDegreesOfFreedom))
        fail(QStringLiteral("tail_degrees_of_freedom"), QString::number(tailDegreesOfFreedom),
             QStringLiteral("must be finite and above 4 (so the kurtosis is finite)"));
    if (!(channelScaleSpread >= 0.0 && channelScaleSpread <= 2.0))
        fail(QStringLiteral("channel_scale_spread"), QString::number(channelScaleSpread),
             QStringLiteral("allowed 0 to 2"));
    if (!(outlierChannelFraction >= 0.0 && outlierChannelFraction <= 0.5))
        fail(QStringLiteral("outlier_channel_fraction"), QString::number(outlierChannelFraction),
             QStringLiteral("allowed 0 to 0.5"));
    if (!(outlierMagnitude >= 1.0 && outlierMagnitude <= 1000.0))
        fail(QStringLiteral("outlier_magnitude"), QString::number(outlierMagnitude), QStringLiteral("allowed 1 to 1000"));
    if (!(outlierBias >= 0.0 && outlierBias <= 10.0))
        fail(QStringLiteral("outlier_bias"), QString::number(outlierBias), QStringLiteral("allowed 0 to 10"));
}

int SyntheticTensorSpec::outlierChannelCount() const {
    if (outlierChannelFraction <= 0.0)
        return 0;
    return std::clamp(static_cast<int>(std::lround(outlierChannelFraction * channels)), 1, channels);
}

SyntheticTensor syntheticTensor(const SyntheticTensorSpec &spec, std::uint64_t seed, int layer, int head) {
    spec.validate();
    SyntheticTensor result;

    // Per channel: scale, and for outliers a sign-consistent offset. Drawn from their own stream so
    // they do not change with the token count.
    std::mt19937_64 channelRng(streamSeed(seed, spec.kind, layer, head, kChannelStream));
    std::normal_distribution<double> logScale(0.0, spec.channelScaleSpread);
    std::vector<double> scale(static_cast<std::size_t>(spec.channels));
    for (double &s : scale)
        s = std::exp(logScale(channelRng));
    std::vector<int> order(static_cast<std::size_t>(spec.channels));
    std::iota(order.begin(), order.end(), 0);
    std::shuffle(order.begin(), order.end(), channelRng);
    result.outlierChannels.assign(order.begin(), order.begin() + spec.outlierChannelCount());
    std::sort(result.outlierChannels.begin(), result.outlierChannels.end());
    std::vector<double> offset(static_cast<std::size_t>(spec.channels), 0.0);
    std::bernoulli_distribution positive(0.5);
    for (int c : result.outlierChannels) {
        const auto i = static_cast<std::size_t>(c);
        scale[i] = spec.outlierMagnitude;
        offset[i] = (positive(channelRng) ? 1.0 : -1.0) * spec.outlierBias * spec.outlierMagnitude;
    }

    // Student-t values, normalized to unit variance (variance of t_nu is nu / (nu - 2)).
    std::mt19937_64 valueRng(streamSeed(seed, spec.kind, layer, head, kValueStream));
    std::student_t_distribution<double> t(spec.tailDegreesOfFreedom);
    const double unit = std::sqrt((spec.tailDegreesOfFreedom - 2.0) / spec.tailDegreesOfFreedom);
    result.values.resize(spec.tokens, spec.channels);
    for (int row = 0; row < spec.tokens; ++row)
        for (int c = 0; c < spec.channels; ++c) {
            const auto i = static_cast<std::size_t>(c);
            result.values(row, c) = static_cast<float>(offset[i] + scale[i] * unit * t(valueRng));
        }
    return result;
}

}  // namespace accelscope
