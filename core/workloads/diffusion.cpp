#include "core/workloads/diffusion.h"

#include <algorithm>
#include <cmath>

#include <QFile>
#include <QJsonArray>
#include <QSet>
#include <QStringList>

#include "core/api/errors.h"
#include "core/api/rangecheck.h"
#include "core/json/jsonreader.h"
#include "core/workloads/nextscale.h"
#include "core/workloads/opbuilder.h"

namespace accelscope {

namespace {

constexpr int kTimestepFrequencies = 256;  // sinusoidal timestep features fed to the time MLP (DiT)

const QString kBuiltinBackbones = QStringLiteral(":/accelscope/workloads/diffusion.json");

int optionalInt(const JsonReader &entry, const char *key, int otherwise = 0) {
    return entry.has(key) ? entry.positiveInt(key) : otherwise;
}
bool optionalFlag(const JsonReader &entry, const char *key) { return entry.has(key) && entry.boolean(key); }
std::vector<int> positiveInts(const JsonReader &entry, const char *key) {
    std::vector<int> values;
    for (const QJsonValue &v : entry.array(key)) {
        // Range first: converting a double beyond int's range to int is undefined.
        const double d = v.toDouble();
        if (!v.isDouble() || !(d >= 1 && d <= 2147483647.0) || d != std::floor(d))
            entry.fail(key, QStringLiteral("must list whole numbers from 1 to 2147483647"));
        values.push_back(static_cast<int>(v.toDouble()));
    }
    if (values.empty())
        entry.fail(key, QStringLiteral("must list at least one value"));
    return values;
}

NextScaleSettings parseNextScale(const JsonReader &entry) {
    NextScaleSettings n;
    n.scales = positiveInts(entry, "scales");
    n.imageRepetitions = positiveInts(entry, "image_repetitions");
    n.videoRepetitions = positiveInts(entry, "video_repetitions");
    n.clipLatentFrames = entry.positiveInt("clip_latent_frames");
    n.semanticScales = optionalInt(entry, "semantic_scales");
    n.semanticChannels = optionalInt(entry, "semantic_channels");
    n.guidanceBatch = optionalInt(entry, "guidance_batch", 1);
    if (!std::is_sorted(n.scales.begin(), n.scales.end()) ||
        std::adjacent_find(n.scales.begin(), n.scales.end()) != n.scales.end())
        entry.fail("scales", QStringLiteral("must grow from the coarsest to the finest"));
    for (const char *key : {"image_repetitions", "video_repetitions"})
        if ((key[0] == 'i' ? n.imageRepetitions : n.videoRepetitions).size() != n.scales.size())
            entry.fail(key, QStringLiteral("must give one count per scale (%1)").arg(n.scales.size()));
    if (n.semanticScales > 0 && n.semanticChannels == 0)
        entry.fail("semantic_channels", QStringLiteral("is needed with semantic_scales"));
    return n;
}

DiffusionBackbone parseBackbone(const JsonReader &entry) {
    entry.rejectUnknownKeys(
        {QStringLiteral("id"), QStringLiteral("name"), QStringLiteral("kind"), QStringLiteral("blocks"),
         QStringLiteral("single_blocks"), QStringLiteral("hidden"), QStringLiteral("heads"), QStringLiteral("mlp_ratio"),
         QStringLiteral("patch"), QStringLiteral("temporal_patch"), QStringLiteral("latent_channels"),
         QStringLiteral("vae_spatial"), QStringLiteral("vae_temporal"), QStringLiteral("cross_attention"),
         QStringLiteral("text_tokens"), QStringLiteral("text_hidden"), QStringLiteral("classes"),
         QStringLiteral("ada_ln_single"), QStringLiteral("joint_text"), QStringLiteral("modulation_input"),
         QStringLiteral("modulation_sets"), QStringLiteral("out_channels"), QStringLiteral("source"),
         QStringLiteral("notes"), QStringLiteral("kv_heads"), QStringLiteral("gated_mlp"), QStringLiteral("scales"),
         QStringLiteral("image_repetitions"), QStringLiteral("video_repetitions"), QStringLiteral("clip_latent_frames"),
         QStringLiteral("semantic_scales"), QStringLiteral("semantic_channels"), QStringLiteral("guidance_batch")});
    DiffusionBackbone b;
    b.id = entry.string("id");
    b.name = entry.string("name");
    const QString kind = entry.choice("kind", {QStringLiteral("dit"), QStringLiteral("mmdit"), QStringLiteral("next_scale")});
    b.kind = kind == QLatin1String("dit")     ? DiffusionBlockKind::Dit
             : kind == QLatin1String("mmdit") ? DiffusionBlockKind::Mmdit
                                              : DiffusionBlockKind::NextScale;
    b.blocks = entry.positiveInt("blocks");
    b.singleBlocks = optionalInt(entry, "single_blocks");
    b.hidden = entry.positiveInt("hidden");
    b.heads = entry.positiveInt("heads");
    b.mlpRatio = entry.positiveNumber("mlp_ratio");
    b.patch = entry.positiveInt("patch");
    b.temporalPatch = optionalInt(entry, "temporal_patch", 1);
    b.latentChannels = entry.positiveInt("latent_channels");
    b.vaeSpatial = entry.positiveInt("vae_spatial");
    b.vaeTemporal = optionalInt(entry, "vae_temporal");
    b.crossAttention = optionalFlag(entry, "cross_attention");
    b.textTokens = optionalInt(entry, "text_tokens");
    b.textHidden = optionalInt(entry, "text_hidden");
    b.classes = optionalInt(entry, "classes");
    b.adaLnSingle = optionalFlag(entry, "ada_ln_single");
    b.jointText = optionalFlag(entry, "joint_text");
    b.modulationInput = optionalInt(entry, "modulation_input");
    b.modulationSets = optionalInt(entry, "modulation_sets", 1);
    b.outChannels = optionalInt(entry, "out_channels");
    b.kvHeads = optionalInt(entry, "kv_heads");
    b.gatedMlp = optionalFlag(entry, "gated_mlp");
    if (b.kind == DiffusionBlockKind::NextScale)
        b.nextScale = parseNextScale(entry);
    b.source = entry.string("source");
    if (b.kvHeads > 0 && b.heads % b.kvHeads != 0)
        entry.fail("kv_heads", QStringLiteral("must divide heads (%1) (got %2)").arg(b.heads).arg(b.kvHeads));
    if (b.hidden % b.heads != 0)
        entry.fail("heads", QStringLiteral("must divide hidden (%1) (got %2)").arg(b.hidden).arg(b.heads));
    if ((b.textTokens > 0) != (b.textHidden > 0))
        entry.fail("text_hidden", QStringLiteral("and text_tokens must be given together"));
    if (b.kind == DiffusionBlockKind::Mmdit && b.textTokens == 0)
        entry.fail("text_tokens", QStringLiteral("an MMDiT needs a text stream"));
    return b;
}

std::vector<DiffusionBackbone> loadBuiltin() {
    QFile file(kBuiltinBackbones);
    if (!file.open(QIODevice::ReadOnly))
        throw InputError(QStringLiteral("%1: the built-in diffusion backbones are missing from this build").arg(kBuiltinBackbones));
    return diffusionBackbonesFromJson(file.readAll(), QStringLiteral("diffusion.json"));
}

// One stream's block body around the attention: modulation, norm, QKV ... MLP.
// `attentionRows`: the rows entering QKV (fewer than `rows` when tokens are merged).
void streamPre(OpBuilder &b, const QString &s, double batch, double rows, double d, double modIn, int modOut,
               double attentionRows) {
    b.linear(s + QStringLiteral("adaln"), batch, modIn, modOut * d);
    b.pointwise(s + QStringLiteral("norm1"), WorkloadOpKind::Norm, rows * d, 7.0);  // LayerNorm, then scale and shift
    b.linear(s + QStringLiteral("qkv"), attentionRows, d, 3 * d);
}
void streamPost(OpBuilder &b, const QString &s, double rows, double d, double m, double attentionRows) {
    b.linear(s + QStringLiteral("attn_out"), attentionRows, d, d);
    b.pointwise(s + QStringLiteral("gated_residual1"), WorkloadOpKind::Elementwise, rows * d, 2.0);
    b.pointwise(s + QStringLiteral("norm2"), WorkloadOpKind::Norm, rows * d, 7.0);
    b.linear(s + QStringLiteral("mlp_up"), rows, d, m);
    b.pointwise(s + QStringLiteral("gelu"), WorkloadOpKind::Elementwise, rows * m, 8.0);
    b.linear(s + QStringLiteral("mlp_down"), rows, m, d);
    b.pointwise(s + QStringLiteral("gated_residual2"), WorkloadOpKind::Elementwise, rows * d, 2.0);
}

// Merging the image tokens before a block's attention branch (see AttentionTokenMerging).
void mergeOps(OpBuilder &b, const AttentionTokenMerging &merging, double batch, double tokens, double d) {
    const double destinations = std::ceil(merging.destinationShare * tokens);
    const double sources = tokens - destinations;
    if (merging.matching) {
        WorkloadOp &similarity = b.add(QStringLiteral("match_similarity"), WorkloadOpKind::Matmul);
        similarity.rows = sources;
        similarity.flops = 2.0 * batch * sources * destinations * d;
        similarity.bytes = batch * (tokens * d + sources * destinations) * b.e;
        b.pointwise(QStringLiteral("match_select"), WorkloadOpKind::Elementwise, batch * sources * destinations, 8.0);
    }
    if (merging.keptTokens < tokens)
        b.pointwise(QStringLiteral("merge"), WorkloadOpKind::Elementwise, batch * tokens * d, 2.0);
}

}  // namespace

const std::vector<DiffusionBackbone> &diffusionBackbones() {
    static const std::vector<DiffusionBackbone> list = loadBuiltin();
    return list;
}

const DiffusionBackbone &diffusionBackbone(const QString &id) {
    QStringList known;
    for (const DiffusionBackbone &b : diffusionBackbones()) {
        if (b.id == id)
            return b;
        known << b.id;
    }
    throw InputError(QStringLiteral("unknown diffusion backbone '%1'; known: %2").arg(id, known.join(QStringLiteral(", "))));
}

std::vector<DiffusionBackbone> diffusionBackbonesFromJson(const QByteArray &json, const QString &fileName) {
    const JsonReader root = JsonReader::parseObject(json, fileName);
    root.rejectUnknownKeys({QStringLiteral("format"), QStringLiteral("fields"), QStringLiteral("backbones")});
    return parseEntries<DiffusionBackbone>(root, "backbones", QStringLiteral("backbone"), parseBackbone);
}

DiffusionTokens diffusionTokens(const DiffusionBackbone &b, const DiffusionWorkload &w) {
    const int cell = b.vaeSpatial * b.patch;
    if (w.height < cell || w.width < cell || w.height % cell || w.width % cell || w.batch < 1 || w.frames < 1 ||
        (!b.isVideo() && w.frames != 1) || (b.isVideo() && (w.frames - 1) % b.vaeTemporal))
        throw InputError(QStringLiteral("%1: a %2x%3 %4 does not fit; height and width must be positive multiples of "
                                        "%5 (VAE %6x, patch %7)%8, and batch at least 1")
                             .arg(b.name)
                             .arg(w.width)
                             .arg(w.height)
                             .arg(b.isVideo() ? QStringLiteral("video of %1 frames").arg(w.frames) : QStringLiteral("image"))
                             .arg(cell)
                             .arg(b.vaeSpatial)
                             .arg(b.patch)
                             .arg(b.isVideo() ? QStringLiteral(", frames 1 + a multiple of %1").arg(b.vaeTemporal)
                                              : QStringLiteral(", one frame")));
    RangeCheck(b.name).within("masked_fraction", w.maskedFraction, 0, 1);
    DiffusionTokens t;
    t.latentHeight = w.height / b.vaeSpatial;
    t.latentWidth = w.width / b.vaeSpatial;
    t.latentFrames = b.isVideo() ? 1 + (w.frames - 1) / b.vaeTemporal : 1;
    t.gridHeight = t.latentHeight / b.patch;
    t.gridWidth = t.latentWidth / b.patch;
    t.gridFrames = (t.latentFrames + b.temporalPatch - 1) / b.temporalPatch;
    t.maskedTokens = static_cast<int>(std::lround(w.maskedFraction * t.tokens()));
    return t;
}

std::vector<WorkloadOp> buildDenoisingStep(const DiffusionBackbone &bb, const DiffusionWorkload &w) {
    if (bb.kind == DiffusionBlockKind::NextScale)
        throw InputError(QStringLiteral("%1 generates scale by scale, not by denoising steps; its passes come from "
                                        "buildNextScalePass (nextscale.h)")
                             .arg(bb.name));
    const DiffusionTokens tokens = diffusionTokens(bb, w);
    OpBuilder b;
    b.e = w.bytesPerElement;
    const double batch = w.batch, d = bb.hidden, m = bb.mlpRatio * bb.hidden, heads = bb.heads;
    const double headDim = d / heads;
    const double image = batch * tokens.tokens();  // rows of image tokens
    const double text = batch * bb.textTokens;
    const double patchIn = double(bb.patch) * bb.patch * bb.temporalPatch * bb.latentChannels;
    const int outChannels = bb.outChannels > 0 ? bb.outChannels : bb.latentChannels;
    const double modIn = bb.modulationInput > 0 ? bb.modulationInput : d;

    // Embedding: patches, timestep (and class or text conditioning).
    b.linear(QStringLiteral("patch_embed"), image, patchIn, d);
    b.linear(QStringLiteral("time_mlp_in"), batch, kTimestepFrequencies, modIn);
    b.linear(QStringLiteral("time_mlp_out"), batch, modIn, modIn);
    if (bb.classes > 0) {
        WorkloadOp &label = b.add(QStringLiteral("label_embed"), WorkloadOpKind::Embedding);
        label.weightBytes = (bb.classes + 1.0) * d * b.e;
        label.bytes = batch * d * b.e;
    }
    if (bb.textTokens > 0)
        b.linear(QStringLiteral("text_proj"), text, bb.textHidden, d);
    if (bb.adaLnSingle)
        b.linear(QStringLiteral("adaln_single"), batch, d, 6 * d);

    const AttentionTokenMerging &merging = w.merging;
    if (merging.active() && (merging.keptTokens > tokens.tokens() || !(merging.destinationShare > 0 && merging.destinationShare <= 1)))
        throw InputError(QStringLiteral("%1: token merging keeps %2 of %3 image tokens with a destination share of %4; "
                                        "allowed: 1 to %3 tokens and a share in (0, 1]")
                             .arg(bb.name)
                             .arg(merging.keptTokens)
                             .arg(tokens.tokens())
                             .arg(merging.destinationShare));
    const double keptImage = merging.active() ? batch * merging.keptTokens : image;  // image rows in attention
    const double mergedAway = image - keptImage;
    const auto mergeAround = [&](double width) {
        if (merging.active())
            mergeOps(b, merging, batch, tokens.tokens(), width);
    };
    const auto unmerge = [&](double width) {
        if (merging.active() && mergedAway > 0)
            b.pointwise(QStringLiteral("unmerge"), WorkloadOpKind::Elementwise, image * width, 1.0);
    };
    const double jointRows = bb.jointText ? image + text : image;
    const double sequence = bb.jointText || bb.kind == DiffusionBlockKind::Mmdit ? tokens.tokens() + bb.textTokens
                                                                                 : tokens.tokens();
    const double keptSequence = sequence - mergedAway / batch;
    for (int block = 0; block < bb.blocks; ++block) {
        b.layer = block;
        mergeAround(d);
        if (bb.kind == DiffusionBlockKind::Mmdit) {
            streamPre(b, QStringLiteral("img_"), batch, image, d, modIn, 6, keptImage);
            streamPre(b, QStringLiteral("txt_"), batch, text, d, modIn, 6, text);
            b.attention(QStringLiteral("joint_attn"), batch, heads, keptSequence, keptSequence, headDim);
            streamPost(b, QStringLiteral("img_"), image, d, m, keptImage);
            unmerge(d);
            streamPost(b, QStringLiteral("txt_"), text, d, m, text);
            continue;
        }
        if (bb.adaLnSingle) {
            // A learned 6 × hidden table added to the shared modulation: no matmul per block.
            b.pointwise(QStringLiteral("adaln_table"), WorkloadOpKind::Elementwise, batch * 6 * d, 1.0, 6 * d);
            b.pointwise(QStringLiteral("norm1"), WorkloadOpKind::Norm, jointRows * d, 7.0);
            b.linear(QStringLiteral("qkv"), jointRows - mergedAway, d, 3 * d);
        } else {
            streamPre(b, QString(), batch, jointRows, d, modIn, 6 * bb.modulationSets, jointRows - mergedAway);
        }
        b.attention(QStringLiteral("self_attn"), batch, heads, keptSequence, keptSequence, headDim);
        if (bb.crossAttention) {
            b.linear(QStringLiteral("cross_q"), image, d, d);
            b.linear(QStringLiteral("cross_kv"), text, d, 2 * d);
            b.attention(QStringLiteral("cross_attn"), batch, heads, tokens.tokens(), bb.textTokens, headDim);
            b.linear(QStringLiteral("cross_out"), image, d, d);
        }
        streamPost(b, QString(), jointRows, d, m, jointRows - mergedAway);
        unmerge(d);
    }
    const double all = image + text;
    for (int block = 0; block < bb.singleBlocks; ++block) {
        b.layer = bb.blocks + block;
        // Flux-style single stream: modulation, one fused QKV + MLP-in projection, attention, one
        // fused output projection.
        b.linear(QStringLiteral("adaln"), batch, modIn, 3 * d);
        b.pointwise(QStringLiteral("norm"), WorkloadOpKind::Norm, all * d, 7.0);
        if (merging.active()) {
            // The fused projection splits: QKV on the merged rows, the MLP input on every row.
            mergeAround(d);
            b.linear(QStringLiteral("linear1_qkv"), all - mergedAway, d, 3 * d);
            b.linear(QStringLiteral("linear1_mlp"), all, d, m);
        } else {
            b.linear(QStringLiteral("linear1"), all, d, 3 * d + m);
        }
        b.attention(QStringLiteral("attn"), batch, heads, keptSequence, keptSequence, headDim);
        unmerge(d);
        b.pointwise(QStringLiteral("gelu"), WorkloadOpKind::Elementwise, all * m, 8.0);
        b.linear(QStringLiteral("linear2"), all, d + m, d);
        b.pointwise(QStringLiteral("gated_residual"), WorkloadOpKind::Elementwise, all * d, 2.0);
    }
    b.layer = -1;
    b.linear(QStringLiteral("final_adaln"), batch, modIn, 2 * d);
    b.pointwise(QStringLiteral("final_norm"), WorkloadOpKind::Norm, image * d, 7.0);
    b.linear(QStringLiteral("final_linear"), image, d, double(bb.patch) * bb.patch * bb.temporalPatch * outChannels);
    if (w.maskedFraction > 0) {
        // RePaint: the known region is re-noised from the source latent (√ᾱ·x_src + √(1−ᾱ)·ε, 3
        // FLOPs) and blended with the generated one under the mask (1 FLOP), over every latent value.
        const double latentValues = batch * tokens.latentFrames * tokens.latentHeight * tokens.latentWidth * bb.latentChannels;
        b.pointwise(QStringLiteral("inpaint_blend"), WorkloadOpKind::Elementwise, latentValues, 4.0);
    }
    return b.ops;
}

double diffusionParameterCount(const DiffusionBackbone &backbone) {
    if (backbone.kind == DiffusionBlockKind::NextScale)
        return nextScaleParameterCount(backbone);
    DiffusionWorkload w;
    w.height = w.width = backbone.vaeSpatial * backbone.patch;
    w.frames = 1;
    double bytes = 0;
    for (const WorkloadOp &op : buildDenoisingStep(backbone, w))
        bytes += op.weightBytes;
    return bytes / w.bytesPerElement;
}

}  // namespace accelscope
