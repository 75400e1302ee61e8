#include "core/workloads/syntheticattention.h"

#include <cmath>
#include <random>

#include "core/api/rangecheck.h"
#include "core/kernels/random.h"
#include "core/workloads/denoisingpipeline.h"
#include "core/workloads/synthetictensors.h"

namespace accelscope {

using kernels::MatrixF;

namespace {

// Streams of one layer's draws that are not keys or values (those come from syntheticTensor).
constexpr std::uint64_t kAttentionStream = 0x5A77E47104ULL;

double logNormal(std::mt19937_64 &rng, double spread) {
    return std::exp(spread * kernels::approximatelyNormal(rng));
}

MatrixF normalMatrix(Eigen::Index rows, Eigen::Index cols, std::mt19937_64 &rng) {
    MatrixF m(rows, cols);
    for (Eigen::Index i = 0; i < m.size(); ++i)
        m.data()[i] = kernels::approximatelyNormal(rng);
    return m;
}

}  // namespace

SyntheticAttentionSpec SyntheticAttentionSpec::forModel(const TransformerConfig &model, int tokens, int outputWidth) {
    SyntheticAttentionSpec spec;
    spec.tokens = tokens;
    spec.heads = model.heads;
    spec.kvHeads = model.kvHeads;
    spec.headDim = model.headDim;
    spec.outputWidth = outputWidth;
    return spec;
}

void SyntheticAttentionSpec::validate() const {
    const RangeCheck check(QStringLiteral("synthetic attention"));
    check.within("tokens", tokens, 2, 1 << 20)
        .within("window_queries", windowQueries, 1, tokens)
        .within("later_queries", laterQueries, 1, 1 << 16)
        .within("heads", heads, 1, 1024)
        .within("kv_heads", kvHeads, 1, heads)
        .that(heads % kvHeads == 0, "kv_heads", QString::number(kvHeads),
              QStringLiteral("must divide heads (%1)").arg(heads))
        .within("head_dim", headDim, 1, 1024)
        .within("output_width", outputWidth, 1, 1 << 16)
        .within("layer_sharpness_spread", layerSharpnessSpread, 0, 3)
        .within("head_sharpness_spread", headSharpnessSpread, 0, 3)
        .within("query_focus", queryFocus, 0, 1)
        .within("value_norm_spread", valueNormSpread, 0, 3)
        .within("output_scale_spread", outputScaleSpread, 0, 3)
        .within("sink_strength", sinkStrength, 0, 10)
        .within("sink_value_scale", sinkValueScale, 0, 10);
}

SyntheticAttentionLayer syntheticAttentionLayer(const SyntheticAttentionSpec &spec, std::uint64_t seed, int layer) {
    spec.validate();
    SyntheticAttentionLayer out;
    std::mt19937_64 rng(derivedSeed(seed ^ kAttentionStream, static_cast<std::uint64_t>(layer)));
    const int d = spec.headDim, group = spec.heads / spec.kvHeads;
    const double layerScale = logNormal(rng, spec.layerSharpnessSpread);

    std::vector<MatrixF> shared;  // per KV group: the direction its heads share in part
    for (int g = 0; g < spec.kvHeads; ++g) {
        MatrixF keys = syntheticTensor(SyntheticTensorSpec::forKind(SyntheticTensorKind::Keys, spec.tokens, d), seed,
                                       layer, g)
                           .values;
        MatrixF values = syntheticTensor(SyntheticTensorSpec::forKind(SyntheticTensorKind::Values, spec.tokens, d),
                                         seed, layer, g)
                             .values;
        MatrixF direction = normalMatrix(1, d, rng);
        for (int t = 0; t < spec.tokens; ++t)
            values.row(t) *= static_cast<float>(logNormal(rng, spec.valueNormSpread));
        if (spec.sinkStrength > 0) {
            keys.row(0) = direction.normalized() * static_cast<float>(spec.sinkStrength * std::sqrt(double(d)));
            values.row(0) *= static_cast<float>(spec.sinkValueScale);
        }
        out.keys.push_back(std::move(keys));
        out.values.push_back(std::move(values));
        shared.push_back(std::move(direction));
    }
    const float focus = static_cast<float>(std::sqrt(spec.queryFocus));
    const float spread = static_cast<float>(std::sqrt(1.0 - spec.queryFocus));
    const float projectionScale = static_cast<float>(1.0 / std::sqrt(double(d)));
    for (int h = 0; h < spec.heads; ++h) {
        // The head's persistent direction: half shared with its KV group, unit variance per channel.
        const MatrixF persistent =
            (shared[static_cast<std::size_t>(h / group)] + normalMatrix(1, d, rng)) * static_cast<float>(M_SQRT1_2);
        const auto scale = static_cast<float>(layerScale * logNormal(rng, spec.headSharpnessSpread));
        const auto queries = [&](int rows) {
            MatrixF q = normalMatrix(rows, d, rng) * spread;
            q.rowwise() += persistent.row(0) * focus;
            return MatrixF(q * scale);
        };
        out.windowQueries.push_back(queries(spec.windowQueries));
        out.laterQueries.push_back(queries(spec.laterQueries));
        out.outputProjection.push_back(normalMatrix(d, spec.outputWidth, rng) *
                                       static_cast<float>(projectionScale * logNormal(rng, spec.outputScaleSpread)));
    }
    return out;
}

}  // namespace accelscope
