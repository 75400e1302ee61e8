#include "core/kernels/dit.h"

#include <cmath>

#include "core/api/rangecheck.h"
#include "core/kernels/gelu.h"
#include "core/kernels/normalization.h"
#include "core/kernels/random.h"

namespace accelscope::kernels {

namespace {

constexpr float kNormEpsilon = 1e-6f;
constexpr double kMaxPeriod = 10000.0;

// LayerNorm without affine parameters.
MatrixF plainLayerNorm(const MatrixF &x) {
    MatrixF out(x.rows(), x.cols());
    for (Eigen::Index r = 0; r < x.rows(); ++r) {
        const float mean = x.row(r).mean();
        const float variance = (x.row(r).array() - mean).square().mean();
        out.row(r) = (x.row(r).array() - mean) / std::sqrt(variance + kNormEpsilon);
    }
    return out;
}

RowVectorF silu(const RowVectorF &x) { return (x.array() / (1.0f + (-x.array()).exp())).matrix(); }

MatrixF randomMatrix(int rows, int cols, std::mt19937_64 &generator, double std) {
    MatrixF m(rows, cols);
    for (Eigen::Index i = 0; i < m.size(); ++i)
        m.data()[i] = static_cast<float>(std * approximatelyNormal(generator));
    return m;
}

// sin-cos features of `positions` values over `dim` columns: [sin(p·ω_i), cos(p·ω_i)], ω_i =
// 10000^(−i / (dim/2)).
void addSinCos(MatrixF &out, int column, int dim, const std::vector<double> &positions) {
    const int half = dim / 2;
    for (std::size_t r = 0; r < positions.size(); ++r)
        for (int i = 0; i < half; ++i) {
            const double omega = std::pow(kMaxPeriod, -static_cast<double>(i) / half);
            out(static_cast<Eigen::Index>(r), column + i) += static_cast<float>(std::sin(positions[r] * omega));
            out(static_cast<Eigen::Index>(r), column + half + i) += static_cast<float>(std::cos(positions[r] * omega));
        }
}

}  // namespace

void DitConfig::validate() const {
    RangeCheck check(QStringLiteral("diffusion transformer"));
    check.within("hidden", hidden, 2, 4096)
        .within("heads", heads, 1, 64)
        .that(hidden % heads == 0, "heads", QString::number(heads),
              QStringLiteral("must divide hidden (%1)").arg(hidden))
        .that(hidden % 4 == 0, "hidden", QString::number(hidden), QStringLiteral("must be a multiple of 4 (sin-cos positions)"))
        .within("blocks", blocks, 0, 64)
        .within("mlp_ratio", mlpRatio, 0.25, 16)
        .within("patch", patch, 1, 16)
        .within("channels", channels, 1, 256)
        .that(frequencyDim >= 2 && frequencyDim % 2 == 0 && frequencyDim <= 4096, "frequency_dim",
              QString::number(frequencyDim), QStringLiteral("allowed an even number from 2 to 4096"))
        .within("modulation_std", modulationStd, 0, 1)
        .within("gate_bias", gateBias, -1, 1)
        .within("output_std", outputStd, 0, 1)
        .within("query_key_gain", queryKeyGain, 0, 10);
}

MatrixF Linear::operator()(const MatrixF &x) const {
    MatrixF y;
    y.noalias() = x * weight;
    y.rowwise() += bias;
    return y;
}

Linear Linear::random(int in, int out, std::mt19937_64 &generator, double std) {
    Linear l;
    l.weight = randomMatrix(in, out, generator, std >= 0 ? std : std::sqrt(2.0 / (in + out)));
    l.bias = RowVectorF::Zero(out);
    return l;
}

DitBlock::DitBlock(const DitConfig &config, std::mt19937_64 &generator) : config_(config) {
    const int d = config.hidden;
    adaLn_ = Linear::random(d, 6 * d, generator, config.modulationStd);
    // Gates start at gateBias (adaLN-Zero would start them at 0, which makes an untrained block
    // the identity).
    adaLn_.bias.segment(2 * d, d).setConstant(static_cast<float>(config.gateBias));
    adaLn_.bias.segment(5 * d, d).setConstant(static_cast<float>(config.gateBias));
    qkv_ = Linear::random(d, 3 * d, generator);
    // Sharper attention than Xavier's (see queryKeyGain).
    qkv_.weight.leftCols(2 * d) *= static_cast<float>(config.queryKeyGain);
    proj_ = Linear::random(d, d, generator);
    fc1_ = Linear::random(d, config.mlpHidden(), generator);
    fc2_ = Linear::random(config.mlpHidden(), d, generator);
}

Modulation DitBlock::modulation(const RowVectorF &conditioning) const {
    const RowVectorF all = silu(conditioning) * adaLn_.weight + adaLn_.bias;
    const int d = config_.hidden;
    return {all.segment(0, d), all.segment(d, d), all.segment(2 * d, d),
            all.segment(3 * d, d), all.segment(4 * d, d), all.segment(5 * d, d)};
}

MatrixF DitBlock::modulate(const MatrixF &x, const RowVectorF &shift, const RowVectorF &scale) {
    MatrixF h = plainLayerNorm(x);
    h.array().rowwise() *= (1.0f + scale.array());
    h.rowwise() += shift;
    return h;
}

DitBlock::Qkv DitBlock::qkv(const MatrixF &h) const {
    const MatrixF all = qkv_(h);
    const int d = config_.hidden;
    return {all.leftCols(d), all.middleCols(d, d), all.rightCols(d)};
}

MatrixF DitBlock::attentionScores(const Qkv &qkv, int head, const std::vector<float> &keySizes) const {
    const int hd = config_.headDim();
    MatrixF scores;
    scores.noalias() = qkv.q.middleCols(head * hd, hd) * qkv.k.middleCols(head * hd, hd).transpose();
    scores *= 1.0f / std::sqrt(static_cast<float>(hd));
    if (!keySizes.empty()) {
        RowVectorF logSize(static_cast<Eigen::Index>(keySizes.size()));
        for (std::size_t j = 0; j < keySizes.size(); ++j)
            logSize(static_cast<Eigen::Index>(j)) = std::log(keySizes[j]);
        scores.rowwise() += logSize;
    }
    return scores;
}

MatrixF DitBlock::attention(const MatrixF &h, const std::vector<float> &keySizes, BlockIntermediates *intermediates) const {
    const Qkv projected = qkv(h);
    const int hd = config_.headDim();
    MatrixF context(h.rows(), config_.hidden);
    for (int head = 0; head < config_.heads; ++head) {
        MatrixF scores = attentionScores(projected, head, keySizes);
        MatrixF probabilities = softmaxRows(scores);
        context.middleCols(head * hd, hd).noalias() = probabilities * projected.v.middleCols(head * hd, hd);
        if (intermediates) {
            intermediates->attentionScores.push_back(std::move(scores));
            intermediates->attentionProbabilities.push_back(std::move(probabilities));
        }
    }
    return proj_(context);
}

MatrixF DitBlock::mlpPreActivation(const MatrixF &h) const { return fc1_(h); }

MatrixF DitBlock::mlpFromPreActivation(const MatrixF &preActivation) const {
    MatrixF activated = preActivation;
    applyGeluTanh(activated);
    return fc2_(activated);
}

MatrixF DitBlock::gatedResidual(const MatrixF &x, const RowVectorF &gate, const MatrixF &branch) {
    MatrixF out = branch;
    out.array().rowwise() *= gate.array();
    return x + out;
}

MatrixF DitBlock::forward(const MatrixF &x, const Modulation &m, const BlockReduction &reduction,
                          BlockIntermediates *intermediates) const {
    // Attention branch, on merged rows when a plan is given.
    MatrixF h = modulate(x, m.shiftAttention, m.scaleAttention);
    MatrixF attended;
    if (reduction.attention) {
        std::vector<float> sizes;
        const MatrixF merged = reduction.attention->merge(h, {}, &sizes);
        attended = reduction.attention->unmerge(
            attention(merged, reduction.proportionalAttention ? sizes : std::vector<float>{}, intermediates));
    } else {
        attended = attention(h, {}, intermediates);
    }
    const MatrixF afterAttention = gatedResidual(x, m.gateAttention, attended);

    h = modulate(afterAttention, m.shiftMlp, m.scaleMlp);
    const MatrixF pre = mlpPreActivation(reduction.mlp ? reduction.mlp->merge(h) : h);
    MatrixF mlp = mlpFromPreActivation(pre);
    if (reduction.mlp)
        mlp = reduction.mlp->unmerge(mlp);
    MatrixF out = gatedResidual(afterAttention, m.gateMlp, mlp);
    if (intermediates) {
        intermediates->attentionOutput = attended;
        intermediates->mlpPreActivation = pre;
        intermediates->mlpOutput = mlp;
        intermediates->output = out;
    }
    return out;
}

DitNetwork::DitNetwork(const DitConfig &config, std::uint64_t seed) : config_(config) {
    config.validate();
    std::mt19937_64 generator(seed);
    const int d = config.hidden;
    timeIn_ = Linear::random(config.frequencyDim, d, generator);
    timeOut_ = Linear::random(d, d, generator);
    patchEmbed_ = Linear::random(config.patch * config.patch * config.channels, d, generator);
    blocks_.reserve(static_cast<std::size_t>(config.blocks));
    for (int b = 0; b < config.blocks; ++b)
        blocks_.emplace_back(config, generator);
    finalAdaLn_ = Linear::random(d, 2 * d, generator, config.modulationStd);
    finalLinear_ = Linear::random(d, config.patch * config.patch * config.channels, generator, config.outputStd);
}

RowVectorF DitNetwork::timestepFeatures(double timestep) const {
    const int half = config_.frequencyDim / 2;
    RowVectorF f(config_.frequencyDim);
    for (int i = 0; i < half; ++i) {
        const double argument = timestep * std::exp(-std::log(kMaxPeriod) * i / half);
        f(i) = static_cast<float>(std::cos(argument));
        f(half + i) = static_cast<float>(std::sin(argument));
    }
    return f;
}

RowVectorF DitNetwork::conditioning(double timestep) const {
    const RowVectorF hidden = timestepFeatures(timestep) * timeIn_.weight + timeIn_.bias;
    return silu(hidden) * timeOut_.weight + timeOut_.bias;
}

MatrixF DitNetwork::embed(const MatrixF &patches, int frames, int gridHeight, int gridWidth) const {
    RangeCheck(QStringLiteral("patch embedding"))
        .that(patches.rows() == static_cast<Eigen::Index>(frames) * gridHeight * gridWidth &&
                  patches.cols() == patchEmbed_.weight.rows(),
              "patches", QStringLiteral("%1 x %2").arg(patches.rows()).arg(patches.cols()),
              QStringLiteral("must be %1 tokens x %2 features").arg(frames * gridHeight * gridWidth).arg(patchEmbed_.weight.rows()));
    return patchEmbed_(patches) + sinCosPositions(config_.hidden, frames, gridHeight, gridWidth);
}

MatrixF DitNetwork::finalLayer(const MatrixF &x, const RowVectorF &conditioning) const {
    const RowVectorF m = silu(conditioning) * finalAdaLn_.weight + finalAdaLn_.bias;
    const int d = config_.hidden;
    return finalLinear_(DitBlock::modulate(x, m.segment(0, d), m.segment(d, d)));
}

MatrixF DitNetwork::forward(const MatrixF &patches, int frames, int gridHeight, int gridWidth, double timestep, int step,
                            const BlockRunner &runner) const {
    MatrixF x = embed(patches, frames, gridHeight, gridWidth);
    const RowVectorF c = conditioning(timestep);
    for (int b = 0; b < blockCount(); ++b) {
        const Modulation m = blocks_[static_cast<std::size_t>(b)].modulation(c);
        if (runner) {
            BlockCall call;
            call.step = step;
            call.timestep = static_cast<int>(std::lround(timestep));
            call.blockIndex = b;
            call.frames = frames;
            call.gridHeight = gridHeight;
            call.gridWidth = gridWidth;
            call.block = &blocks_[static_cast<std::size_t>(b)];
            call.x = &x;
            call.modulation = &m;
            x = runner(call);
        } else {
            x = blocks_[static_cast<std::size_t>(b)].forward(x, m);
        }
    }
    return finalLayer(x, c);
}

MatrixF sinCosPositions(int hidden, int frames, int gridHeight, int gridWidth) {
    const auto n = static_cast<std::size_t>(frames) * gridHeight * gridWidth;
    MatrixF out = MatrixF::Zero(static_cast<Eigen::Index>(n), hidden);
    std::vector<double> ys(n), xs(n), fs(n);
    for (int f = 0; f < frames; ++f)
        for (int y = 0; y < gridHeight; ++y)
            for (int x = 0; x < gridWidth; ++x) {
                const auto r = static_cast<std::size_t>((f * gridHeight + y) * gridWidth + x);
                ys[r] = y;
                xs[r] = x;
                fs[r] = f;
            }
    addSinCos(out, 0, hidden / 2, ys);
    addSinCos(out, hidden / 2, hidden / 2, xs);
    if (frames > 1)
        addSinCos(out, 0, hidden, fs);
    return out;
}

}  // namespace accelscope::kernels
