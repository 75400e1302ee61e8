#pragma once
// Op graph of a ViT image encoder (SigLIP, CLIP) as a streaming video LLM runs it per frame: the
// patch embedding, `layers` pre-norm encoder blocks over every patch (full, non-causal attention,
// GELU MLP), then the frame's patches pooled to `outputTokens` and projected into the LLM's width
// by a two-layer MLP connector. The ops are per device, for the shared pricing models.

#include <vector>

#include <QString>

#include "core/workloads/workloadop.h"

namespace accelscope {

struct VisionEncoderConfig {
    QString name;
    int layers = 24;
    int dModel = 1024;
    int heads = 16;
    int ffn = 4096;
    int patches = 576;      // (image / patch)^2
    int patchPixels = 768;  // 3 × patch × patch: the patch-embedding input
    int outputTokens = 10;  // tokens handed to the LLM per frame
    int llmWidth = 4096;    // connector output width

    // SigLIP-ViT-L/16 at 384 px, pooled to 10 tokens (1 CLS-like + 3 × 3) for a 4096-wide LLM, as
    // VideoLLM-Online's live1+ variant uses it.
    static VisionEncoderConfig siglipLarge384();
    // Throws InputError naming the field, its value and what is allowed.
    void validate() const;
};

// One batch of `frames` frames through the encoder and connector (layer index = encoder layer;
// the patch embedding is -1, pooling and connector are `layers`).
std::vector<WorkloadOp> buildVisionEncoder(const VisionEncoderConfig &config, int frames,
                                           int bytesPerElement = 2);

}  // namespace accelscope
