#pragma once
// Diffusion-transformer backbones and the op graph of one denoising step, for the diffusion
// plugins' timing and for the shared GPU baseline: DiT/PixArt-style blocks (adaLN modulation,
// self-attention, optional cross-attention to text, MLP), MMDiT double-stream blocks (separate
// text and image weights, joint attention) and single-stream blocks, over image or
// spatio-temporal video tokens.

#include <vector>

#include <QString>

#include "core/workloads/workloadop.h"

namespace accelscope {

// Dit: DiT/PixArt-style blocks; Mmdit: double- (and single-) stream blocks; NextScale: an
// InfinityStar-style next-scale generator (plain pre-norm blocks over all scales' tokens, see
// nextscale.h; buildDenoisingStep does not apply to it).
enum class DiffusionBlockKind { Dit, Mmdit, NextScale };

// A next-scale generator's scale pyramid and inference settings (InfinityStar).
struct NextScaleSettings {
    std::vector<int> scales;             // side lengths s of the pyramid at a square aspect (grid ≈ s·sqrt(h/w) × s/sqrt(h/w))
    std::vector<int> imageRepetitions;   // transformer passes per scale in the first (image) clip
    std::vector<int> videoRepetitions;   // ... in every later clip
    int clipLatentFrames = 0;            // latent frames per clip after the first
    int semanticScales = 0;              // scales (from the coarsest) predicted by the semantic head
    int semanticChannels = 0;            // bits per position at those scales (the detail scales use latentChannels)
    int guidanceBatch = 1;               // sequences per pass (2: conditional and unconditional for guidance)
};

struct DiffusionBackbone {
    QString id;
    QString name;
    DiffusionBlockKind kind = DiffusionBlockKind::Dit;
    int blocks = 28;        // DiT blocks, or MMDiT double-stream blocks
    int singleBlocks = 0;   // MMDiT single-stream blocks (Flux, HunyuanVideo)
    int hidden = 1152;
    int heads = 16;
    double mlpRatio = 4.0;
    int patch = 2;          // spatial patch (p × p)
    int temporalPatch = 1;  // video: latent frames per token
    int latentChannels = 4;
    int vaeSpatial = 8;     // pixels per latent position, each axis
    int vaeTemporal = 0;    // video: frames per latent frame after the first (0 for images)
    bool crossAttention = false;  // PixArt: text through cross-attention
    int textTokens = 0;           // conditioning tokens (cross-attention keys, or MMDiT's text stream)
    int textHidden = 0;           // width of the text encoder's output (projected to `hidden`)
    int classes = 0;              // class-conditional (DiT): label classes (plus one null class)
    bool adaLnSingle = false;     // PixArt: one shared modulation projection, a 6 × hidden table per block
    bool jointText = false;       // CogVideoX: text tokens join the sequence and share its weights
    int modulationInput = 0;      // width the per-block modulation is computed from (0: hidden)
    int modulationSets = 1;       // CogVideoX: separate modulation for text and video (2)
    int outChannels = 0;          // per latent position out of the final layer (0: latentChannels)
    int kvHeads = 0;              // grouped-query attention: key/value heads (0: heads)
    bool gatedMlp = false;        // SwiGLU MLP (gate, up, down) instead of GELU (up, down)
    NextScaleSettings nextScale;  // NextScale only
    QString source;               // where the dimensions come from, with its tag

    bool isVideo() const { return vaeTemporal > 0; }
};

// Token merging of the image tokens around each block's self-attention branch (ToMeSD and the
// methods built on it): the branch (QKV, attention, output projection; the QKV and attention
// part of a single-stream block's fused projections) runs on `keptTokens` merged image tokens;
// the MLP, norms and residuals stay on every token. Text tokens are never merged.
struct AttentionTokenMerging {
    int keptTokens = 0;              // image tokens after merging, per sequence; 0: no merging
    bool matching = false;           // this step computes source × destination similarities
    double destinationShare = 0.25;  // destinations per token (ToMeSD's one per 2 × 2 cell)
    bool active() const { return keptTokens > 0; }
};

struct DiffusionWorkload {
    int height = 256;  // pixels
    int width = 256;
    int frames = 1;    // video frames (1 for an image)
    int batch = 1;
    int bytesPerElement = 2;
    // Inpainting: the share of latent positions to generate (0: plain generation). The backbone
    // still processes every token each step; each step adds re-noising the known region from the
    // source and blending it in (RePaint), and the masked tokens are counted in DiffusionTokens.
    double maskedFraction = 0.0;
    AttentionTokenMerging merging;
};

// The backbones of the diffusion papers (DiT-XL/2, PixArt-Σ, SD3-medium, Flux.1, CogVideoX-2B/5B,
// HunyuanVideo), from the compiled-in resources/workloads/diffusion.json. Throws InputError for
// an unknown id, listing the known ones.
const std::vector<DiffusionBackbone> &diffusionBackbones();
const DiffusionBackbone &diffusionBackbone(const QString &id);

// Latent positions per frame and latent frames, and the tokens the transformer sees.
struct DiffusionTokens {
    int latentHeight = 0, latentWidth = 0, latentFrames = 1;
    int gridHeight = 0, gridWidth = 0, gridFrames = 1;  // after patching
    int maskedTokens = 0;  // inpainting: round(maskedFraction · tokens)
    int tokens() const { return gridHeight * gridWidth * gridFrames; }
};
// Throws InputError when the size does not divide into whole latent positions and patches.
DiffusionTokens diffusionTokens(const DiffusionBackbone &backbone, const DiffusionWorkload &workload);
// Parses a backbone file; throws InputError naming the file, the entry and the field.
std::vector<DiffusionBackbone> diffusionBackbonesFromJson(const QByteArray &json, const QString &fileName);

// One denoising step (a forward pass of the transformer) on one device. A multiply-add is 2 FLOPs.
// With `merging` active every block that merges adds `merge` (the size-weighted scatter of every
// image token into its row) and `unmerge` (the gather back), and, in a matching step, `match_similarity`
// (cosine of every source with every destination over the hidden width) and `match_select`
// (normalizing, the best destination per source and the ranking, 8 FLOPs per score [I]).
// Throws InputError for a NextScale backbone (see nextscale.h).
std::vector<WorkloadOp> buildDenoisingStep(const DiffusionBackbone &backbone, const DiffusionWorkload &workload);

// Parameters of the transformer (text encoder and VAE excluded).
double diffusionParameterCount(const DiffusionBackbone &backbone);

}  // namespace accelscope
