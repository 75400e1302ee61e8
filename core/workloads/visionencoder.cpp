#include "core/workloads/visionencoder.h"

#include "core/api/rangecheck.h"
#include "core/workloads/opbuilder.h"

namespace accelscope {

VisionEncoderConfig VisionEncoderConfig::siglipLarge384() {
    VisionEncoderConfig c;
    c.name = QStringLiteral("SigLIP-ViT-L/16-384");
    return c;
}

void VisionEncoderConfig::validate() const {
    RangeCheck(QStringLiteral("vision encoder ") + name)
        .within("layers", layers, 1, 256)
        .within("d_model", dModel, 1, 1 << 16)
        .within("heads", heads, 1, dModel)
        .that(dModel % heads == 0, "heads", QString::number(heads), QStringLiteral("must divide d_model"))
        .within("ffn", ffn, 1, 1 << 18)
        .within("patches", patches, 1, 1 << 16)
        .within("patch_pixels", patchPixels, 1, 1 << 16)
        .within("output_tokens", outputTokens, 1, patches)
        .within("llm_width", llmWidth, 1, 1 << 17);
}

std::vector<WorkloadOp> buildVisionEncoder(const VisionEncoderConfig &c, int frames, int bytesPerElement) {
    c.validate();
    RangeCheck(QStringLiteral("vision encoder")).within("frames", frames, 1, 1 << 20);
    OpBuilder b;
    b.e = bytesPerElement;
    const double rows = double(frames) * c.patches, d = c.dModel;
    b.linear(QStringLiteral("patch_embed"), rows, c.patchPixels, d);
    b.pointwise(QStringLiteral("position_add"), WorkloadOpKind::Elementwise, rows * d, 1.0,
                double(c.patches) * d);
    for (int l = 0; l < c.layers; ++l) {
        b.layer = l;
        b.pointwise(QStringLiteral("ln1"), WorkloadOpKind::Norm, rows * d, 5.0, 2.0 * d);
        b.linear(QStringLiteral("qkv"), rows, d, 3.0 * d);
        b.attention(QStringLiteral("attn"), frames, c.heads, c.patches, c.patches, d / c.heads);
        b.linear(QStringLiteral("attn_out"), rows, d, d);
        b.pointwise(QStringLiteral("residual1"), WorkloadOpKind::Elementwise, rows * d, 1.0);
        b.pointwise(QStringLiteral("ln2"), WorkloadOpKind::Norm, rows * d, 5.0, 2.0 * d);
        b.linear(QStringLiteral("mlp_fc1"), rows, d, c.ffn);
        b.pointwise(QStringLiteral("gelu"), WorkloadOpKind::Elementwise, rows * c.ffn, 8.0);
        b.linear(QStringLiteral("mlp_fc2"), rows, c.ffn, d);
        b.pointwise(QStringLiteral("residual2"), WorkloadOpKind::Elementwise, rows * d, 1.0);
    }
    b.layer = c.layers;
    const double pooled = double(frames) * c.outputTokens;
    b.pointwise(QStringLiteral("pool"), WorkloadOpKind::Elementwise, rows * d, 1.0);
    b.linear(QStringLiteral("connector_fc1"), pooled, d, c.llmWidth);
    b.pointwise(QStringLiteral("connector_gelu"), WorkloadOpKind::Elementwise, pooled * c.llmWidth, 8.0);
    b.linear(QStringLiteral("connector_fc2"), pooled, c.llmWidth, c.llmWidth);
    return b.ops;
}

}  // namespace accelscope
