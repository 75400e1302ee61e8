#include "kvquanttrack.h"

#include "core/api/errors.h"
#include "core/workloads/synthetictensors.h"

namespace accelscope::oaken {

using kernels::MatrixF;

namespace {

void add(KvQuantSummary &s, const TensorQuantization &t) {
    const double n = double(s.entries), m = double(t.entries);
    s.oakenMse = (s.oakenMse * n + t.oakenMse * m) / (n + m);
    s.kiviMse = (s.kiviMse * n + t.kiviMse * m) / (n + m);
    s.entries += t.entries;
    s.oakenBits += t.oakenBits;
    s.kiviBits += t.kiviBits;
    for (std::size_t g = 0; g < 3; ++g)
        s.groupCounts[g] += t.groupCounts[g];
}

}  // namespace

std::uint64_t KvQuantTrack::profileSeed(std::uint64_t seed, int sample) {
    return seed * 0x9E3779B97F4A7C15ULL + 0x632BE59BD9B4E019ULL * static_cast<std::uint64_t>(sample + 1);
}

MatrixF KvQuantTrack::tensor(const TransformerConfig &model, bool keys, int tokens, std::uint64_t seed, int layer) {
    const HeadTensors source = HeadTensors::synthetic(keys ? SyntheticTensorKind::Keys : SyntheticTensorKind::Values,
                                                      model.headDim, seed);
    MatrixF x(tokens, static_cast<Eigen::Index>(model.kvHeads) * model.headDim);
    for (int h = 0; h < model.kvHeads; ++h)
        x.middleCols(static_cast<Eigen::Index>(h) * model.headDim, model.headDim) = source.head(layer, h, tokens);
    return x;
}

MatrixF KvQuantTrack::tensor(const TransformerConfig &model, const HeadTensors &source, int layer, int first, int tokens) {
    MatrixF x(tokens, static_cast<Eigen::Index>(model.kvHeads) * model.headDim);
    for (int h = 0; h < model.kvHeads; ++h)
        x.middleCols(static_cast<Eigen::Index>(h) * model.headDim, model.headDim) = source.rows(layer, h, first, tokens);
    return x;
}

KvQuantTrack::KvQuantTrack(const TransformerConfig &model, const KvQuantSettings &settings, std::uint64_t seed)
    : model_(model), settings_(settings), channels_(model.kvWidth()), headDim_(model.headDim) {
    if (settings.layers < 1 || settings.layers > model.layers)
        throw InputError(QStringLiteral("functional_layers = %1; allowed 1 to %2 (the layers of %3)")
                             .arg(settings.layers)
                             .arg(model.layers)
                             .arg(model.id));
    if (settings.tokens < 8 || settings.tokens > 4096)
        throw InputError(QStringLiteral("functional_tokens = %1; allowed 8 to 4096").arg(settings.tokens));
    if (settings.profileSamples < 1 || settings.profileSamples > 16)
        throw InputError(QStringLiteral("profile_samples = %1; allowed 1 to 16").arg(settings.profileSamples));
    for (int layer = 0; layer < settings.layers; ++layer) {
        LayerQuantization q{quantize(true, layer, seed), quantize(false, layer, seed)};
        add(summary_, q.keys);
        add(summary_, q.values);
        layers_.push_back(std::move(q));
    }
}

TensorQuantization KvQuantTrack::quantize(bool keys, int layer, std::uint64_t seed) const {
    const std::optional<HeadTensors> &online = keys ? settings_.keys : settings_.values;
    const std::optional<HeadTensors> &profile = keys ? settings_.profileKeys : settings_.profileValues;
    const int tokens = settings_.tokens;
    // This run's tensor.
    const MatrixF x = online ? tensor(model_, *online, layer, 0, tokens) : tensor(model_, keys, tokens, seed, layer);

    // Offline: thresholds from the profiling inferences' tensors of this layer.
    std::vector<MatrixF> samples;
    for (int s = 0; s < settings_.profileSamples; ++s) {
        if (profile)
            samples.push_back(tensor(model_, *profile, layer, s * tokens, tokens));
        else if (!online)
            samples.push_back(tensor(model_, keys, tokens, profileSeed(seed, s), layer));
    }
    if (samples.empty())
        samples.push_back(x);  // an imported tensor without profiling tensors: profiled on itself
    TensorQuantization t;
    t.thresholds = kernels::OakenThresholds::profile(samples, settings_.fractions);

    // Online.
    const kernels::OakenQuantizer quantizer(t.thresholds);
    const kernels::OakenEncoded encoded = quantizer.encode(x);
    t.entries = encoded.entries();
    t.oakenBits = encoded.bits();
    t.sparseEntries = encoded.sparseEntries();
    t.oakenMse = kernels::meanSquaredError(x, quantizer.decode(encoded));
    const kernels::PerTokenQuantized kivi = kernels::quantizePerToken(x, 4, kiviGroup());
    t.kiviMse = kernels::meanSquaredError(x, kivi.reconstructed);
    t.kiviBits = kivi.bits;
    const double mean = x.mean();
    t.variance = (x.array() - static_cast<float>(mean)).square().mean();
    t.sparseMask.resize(static_cast<std::size_t>(x.size()));
    for (Eigen::Index r = 0; r < x.rows(); ++r)
        for (Eigen::Index c = 0; c < x.cols(); ++c) {
            const kernels::OakenGroup g = t.thresholds.groupOf(x(r, c));
            ++t.groupCounts[static_cast<std::size_t>(g)];
            t.sparseMask[static_cast<std::size_t>(r * x.cols() + c)] = g == kernels::OakenGroup::Middle ? 0 : 1;
        }
    return t;
}

}  // namespace accelscope::oaken
