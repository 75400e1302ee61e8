#include "core/workloads/nextscale.h"

#include <cmath>
#include <map>
#include <numeric>

#include <QStringList>

#include "core/api/errors.h"
#include "core/workloads/opbuilder.h"

namespace accelscope {

namespace {

// Elementwise FLOP counts [I]: RMSNorm 4 per element, SwiGLU 5, a residual add 1, softmax 5;
// upsampling a prediction to the clip's grid and adding it 10 (trilinear weights and the add).
constexpr double kRmsNorm = 4, kSwiGlu = 5, kResidual = 1, kSoftmax = 5, kAccumulate = 10;
constexpr int kLabelsPerBit = 2;  // each code bit is a two-way choice

void requireNextScale(const DiffusionBackbone &b) {
    if (b.kind != DiffusionBlockKind::NextScale)
        throw InputError(QStringLiteral("%1 is not a next-scale generator; its steps come from buildDenoisingStep").arg(b.name));
}

int kvWidth(const DiffusionBackbone &b) {
    return (b.kvHeads > 0 ? b.kvHeads : b.heads) * (b.hidden / b.heads);
}

// The blocks over `queries` rows per sequence attending to `keys`; `kvTokens` rows per sequence
// (at least the queries) go through the first norm and the key and value projections.
void appendBlocks(OpBuilder &o, const DiffusionBackbone &b, double sequences, double queries, double keys,
                  double kvTokens) {
    const double rows = sequences * queries, kvRows = sequences * kvTokens, d = b.hidden, kv = kvWidth(b),
                 m = b.mlpRatio * b.hidden;
    const double headDim = d / b.heads;
    for (int block = 0; block < b.blocks; ++block) {
        o.layer = block;
        o.pointwise(QStringLiteral("norm1"), WorkloadOpKind::Norm, kvRows * d, kRmsNorm, d);
        o.linear(QStringLiteral("q"), rows, d, d, false);
        o.linear(QStringLiteral("k"), kvRows, d, kv, false);
        o.linear(QStringLiteral("v"), kvRows, d, kv, false);
        o.pointwise(QStringLiteral("qk_norm"), WorkloadOpKind::Norm, rows * d + kvRows * kv, kRmsNorm, 2 * headDim);
        o.attention(QStringLiteral("self_attn"), sequences, b.heads, queries, keys, headDim, b.kvHeads);
        o.linear(QStringLiteral("o"), rows, d, d, false);
        o.pointwise(QStringLiteral("residual1"), WorkloadOpKind::Elementwise, rows * d, kResidual);
        o.pointwise(QStringLiteral("norm2"), WorkloadOpKind::Norm, rows * d, kRmsNorm, d);
        if (b.gatedMlp) {
            o.linear(QStringLiteral("mlp_gate"), rows, d, m, false);
            o.linear(QStringLiteral("mlp_up"), rows, d, m, false);
            o.pointwise(QStringLiteral("swiglu"), WorkloadOpKind::Elementwise, rows * m, kSwiGlu);
        } else {
            o.linear(QStringLiteral("mlp_up"), rows, d, m, false);
            o.pointwise(QStringLiteral("gelu"), WorkloadOpKind::Elementwise, rows * m, 8.0);
        }
        o.linear(QStringLiteral("mlp_down"), rows, m, d, false);
        o.pointwise(QStringLiteral("residual2"), WorkloadOpKind::Elementwise, rows * d, kResidual);
    }
    o.layer = -1;
}

double sequencesOf(const DiffusionBackbone &b, const DiffusionWorkload &w) {
    return static_cast<double>(w.batch) * b.nextScale.guidanceBatch;
}

double flopsOf(const std::vector<WorkloadOp> &ops) {
    return std::accumulate(ops.begin(), ops.end(), 0.0, [](double s, const WorkloadOp &op) { return s + op.flops; });
}

}  // namespace

std::pair<int, int> nextScaleGrid(int side, double heightOverWidth) {
    const double widthFloat = std::sqrt(static_cast<double>(side) * side / heightOverWidth);
    const double heightFloat = widthFloat * heightOverWidth;
    // std::nearbyint rounds half to even in the default rounding mode, as numpy's round does.
    return {static_cast<int>(std::nearbyint(heightFloat)), static_cast<int>(std::nearbyint(widthFloat))};
}

NextScaleSchedule nextScaleSchedule(const DiffusionBackbone &b, const DiffusionWorkload &w, NextScaleContext context) {
    requireNextScale(b);
    const DiffusionTokens tokens = diffusionTokens(b, w);
    const NextScaleSettings &n = b.nextScale;
    const double aspect = static_cast<double>(w.height) / w.width;
    int scales = 0;
    QStringList fitting;
    for (std::size_t k = 0; k < n.scales.size(); ++k) {
        const auto [h, wd] = nextScaleGrid(n.scales[k], aspect);
        fitting << QStringLiteral("%1x%2").arg(wd * b.vaeSpatial).arg(h * b.vaeSpatial);
        if (h == tokens.gridHeight && wd == tokens.gridWidth) {
            scales = static_cast<int>(k) + 1;
            break;
        }
    }
    if (scales == 0)
        throw InputError(QStringLiteral("%1: a %2x%3 frame is not one of its scale grids; at this aspect the scales "
                                        "end at %4 (width x height)")
                             .arg(b.name)
                             .arg(w.width)
                             .arg(w.height)
                             .arg(fitting.mid(std::max<qsizetype>(0, fitting.size() - 4)).join(QStringLiteral(", "))));
    const int videoFrames = tokens.latentFrames - 1;
    if (videoFrames % n.clipLatentFrames != 0)
        throw InputError(QStringLiteral("%1: %2 frames make %3 latent frames after the first; they must fill whole clips "
                                        "of %4 (frames = 1 + a multiple of %5)")
                             .arg(b.name)
                             .arg(w.frames)
                             .arg(videoFrames)
                             .arg(n.clipLatentFrames)
                             .arg(n.clipLatentFrames * b.vaeTemporal));
    NextScaleSchedule s;
    s.latentFrames = tokens.latentFrames;
    s.latentHeight = tokens.gridHeight;
    s.latentWidth = tokens.gridWidth;
    s.clips = 1 + videoFrames / n.clipLatentFrames;
    s.scalesPerClip = scales;
    int previousClipLast = 0;  // tokens of the previous clip's last scale
    for (int clip = 0; clip < s.clips; ++clip) {
        int clipSoFar = 0;
        for (int k = 0; k < scales; ++k) {
            NextScaleStage st;
            st.clip = clip;
            st.scaleInClip = k;
            st.frames = clip == 0 ? 1 : n.clipLatentFrames;
            std::tie(st.height, st.width) = nextScaleGrid(n.scales[static_cast<std::size_t>(k)], aspect);
            st.repetitions = (clip == 0 ? n.imageRepetitions : n.videoRepetitions)[static_cast<std::size_t>(k)];
            st.semantic = k < n.semanticScales;
            st.keyTokens = st.tokens() + previousClipLast + (context == NextScaleContext::ClipSoFar ? clipSoFar : 0);
            clipSoFar += st.tokens();
            s.stages.push_back(st);
        }
        previousClipLast = s.stages.back().tokens();
    }
    return s;
}

std::vector<WorkloadOp> buildNextScaleTextPrefix(const DiffusionBackbone &b, const DiffusionWorkload &w) {
    requireNextScale(b);
    OpBuilder o;
    o.e = w.bytesPerElement;
    const double sequences = sequencesOf(b, w), rows = sequences * b.textTokens, d = b.hidden;
    // Text projection: RMSNorm, Linear, GELU, Linear.
    o.pointwise(QStringLiteral("text_norm"), WorkloadOpKind::Norm, rows * b.textHidden, kRmsNorm, b.textHidden);
    o.linear(QStringLiteral("text_proj_in"), rows, b.textHidden, d);
    o.pointwise(QStringLiteral("text_gelu"), WorkloadOpKind::Elementwise, rows * d, 8.0);
    o.linear(QStringLiteral("text_proj_out"), rows, d, d);
    appendBlocks(o, b, sequences, b.textTokens, b.textTokens, b.textTokens);
    return o.ops;
}

std::vector<WorkloadOp> buildNextScalePass(const DiffusionBackbone &b, const DiffusionWorkload &w,
                                           const NextScaleSchedule &schedule, const NextScaleStage &stage,
                                           int queryTokens) {
    requireNextScale(b);
    if (queryTokens > stage.tokens())
        throw InputError(QStringLiteral("%1 query tokens at a scale of %2 tokens; allowed: 0 to %2 (or -1 for all)")
                             .arg(queryTokens)
                             .arg(stage.tokens()));
    const int queries = queryTokens < 0 ? stage.tokens() : queryTokens;
    OpBuilder o;
    o.e = w.bytesPerElement;
    const double sequences = sequencesOf(b, w), rows = sequences * queries, d = b.hidden;
    // Every token is embedded and projected to keys and values; only the queries run the rest.
    o.linear(QStringLiteral("word_embed"), sequences * stage.tokens(), b.latentChannels, d);
    appendBlocks(o, b, sequences, queries, b.textTokens + stage.keyTokens, stage.tokens());
    o.pointwise(QStringLiteral("final_norm"), WorkloadOpKind::Norm, rows * d, kRmsNorm, d);
    const int bits = stage.semantic ? b.nextScale.semanticChannels : b.latentChannels;
    o.linear(stage.semantic ? QStringLiteral("semantic_head") : QStringLiteral("head"), rows, d, double(bits) * kLabelsPerBit);
    o.pointwise(QStringLiteral("bit_sampling"), WorkloadOpKind::Softmax, rows * bits * kLabelsPerBit, kSoftmax);
    // The prediction, upsampled to the clip's full grid, joins the accumulated codes (once per
    // sequence that is kept: the guided one).
    const double clipValues = static_cast<double>(w.batch) * stage.frames * schedule.latentHeight * schedule.latentWidth *
                              b.latentChannels;
    o.pointwise(QStringLiteral("accumulate"), WorkloadOpKind::Elementwise, clipValues, kAccumulate);
    return o.ops;
}

double NextScaleCost::totalFlops() const {
    return textFlops + std::accumulate(stageFlops.begin(), stageFlops.end(), 0.0);
}

double NextScaleCost::lastStagesShare(int count) const {
    const auto n = static_cast<int>(stageFlops.size());
    const double last = std::accumulate(stageFlops.end() - std::clamp(count, 0, n), stageFlops.end(), 0.0);
    return last / totalFlops();
}

NextScaleCost nextScaleCost(const DiffusionBackbone &b, const DiffusionWorkload &w, NextScaleContext context) {
    const NextScaleSchedule schedule = nextScaleSchedule(b, w, context);
    NextScaleCost cost;
    cost.textFlops = flopsOf(buildNextScaleTextPrefix(b, w));
    for (const NextScaleStage &stage : schedule.stages)
        cost.stageFlops.push_back(stage.repetitions * flopsOf(buildNextScalePass(b, w, schedule, stage)));
    return cost;
}

double nextScaleParameterCount(const DiffusionBackbone &b) {
    requireNextScale(b);
    DiffusionWorkload w;
    w.height = w.width = b.vaeSpatial;  // a 1x1 grid is enough to list every weight
    w.frames = 1;
    // Every weight once, by op name and layer: the prefix has the text projection and the blocks,
    // a detail and a semantic pass the embedding and the two heads.
    NextScaleSchedule one;
    one.latentHeight = one.latentWidth = 1;
    NextScaleStage detail, semantic;
    detail.height = detail.width = semantic.height = semantic.width = 1;
    semantic.semantic = true;
    std::map<std::pair<QString, int>, double> weights;
    for (const auto &ops : {buildNextScaleTextPrefix(b, w), buildNextScalePass(b, w, one, detail),
                            buildNextScalePass(b, w, one, semantic)})
        for (const WorkloadOp &op : ops)
            weights[{op.name, op.layer}] = op.weightBytes;
    double bytes = 0;
    for (const auto &[key, value] : weights)
        bytes += value;
    return bytes / w.bytesPerElement;
}

}  // namespace accelscope
