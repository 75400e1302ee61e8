#include "core/workloads/textgeneration.h"
#include "core/workloads/speculativepasses.h"

#include <algorithm>
#include <cmath>

#include "core/api/errors.h"

namespace accelscope {

namespace {

// Per-device widths of one tensor-parallel shard.
struct Shard {
    int devices = 1;
    double dModel = 0;
    double heads = 0;    // query heads on this device
    double kvHeads = 0;  // key/value heads on this device (replicated when kvHeads < devices)
    double headDim = 0;
    double attentionWidth = 0;
    double kvWidth = 0;
    double ffn = 0;  // per expert
    double vocab = 0;
};

Shard shardOf(const TransformerConfig &c, int devices) {
    Shard s;
    s.devices = devices;
    s.dModel = c.dModel;
    s.heads = double(c.heads) / devices;
    s.kvHeads = c.kvHeads >= devices ? double(c.kvHeads) / devices : 1.0;
    s.headDim = c.headDim;
    s.attentionWidth = s.heads * c.headDim;
    s.kvWidth = s.kvHeads * c.headDim;
    s.ffn = double(c.ffn) / devices;
    s.vocab = double(c.vocab) / devices;
    return s;
}

// One forward pass: `batch` sequences, `queryTokens` new tokens each, attending to `contextTokens`.
struct Pass {
    double batch = 1;
    double queryTokens = 1;
    double contextTokens = 1;
    double bytesPerElement = 2;
    double kvBytesPerElement = 2;  // cached K and V, which a quantized cache stores narrower
    double weightBytesPerElement = 2;  // linear-layer weights, which a compressed model stores narrower
    bool logitsForEveryToken = false;  // the LM head runs for every new position, not only the last
    double rows() const { return batch * queryTokens; }
};

double normFlopsPerElement(Norm norm) {
    // LayerNorm: mean, variance, subtract, scale, shift; RMSNorm skips the mean and the shift.
    return norm == Norm::LayerNorm ? 5.0 : 4.0;
}

double normParams(const TransformerConfig &c) {
    return c.norm == Norm::LayerNorm ? 2.0 * c.dModel : double(c.dModel);
}

double activationFlopsPerElement(Activation a) {
    switch (a) {
        case Activation::Gelu:
            return 8.0;  // tanh approximation
        case Activation::SwiGlu:
            return 5.0;  // SiLU (exp, add, divide, multiply) and the gate product
        case Activation::Relu:
            return 1.0;
    }
    return 1.0;
}

// Expected number of distinct experts a set of `tokens` routes to, with uniform top-k routing.
double expertsTouched(const TransformerConfig &c, double tokens) {
    if (c.experts <= 1)
        return 1.0;
    const double missOne = 1.0 - double(c.activeExperts) / c.experts;
    return c.experts * (1.0 - std::pow(missOne, tokens));
}

WorkloadOp op(const QString &name, WorkloadOpKind kind, int layer) {
    WorkloadOp o;
    o.name = name;
    o.kind = kind;
    o.layer = layer;
    return o;
}

WorkloadOp normOp(const QString &name, const TransformerConfig &c, const Pass &p, int layer) {
    WorkloadOp o = op(name, WorkloadOpKind::Norm, layer);
    const double e = p.bytesPerElement;
    o.flops = normFlopsPerElement(c.norm) * p.rows() * c.dModel;
    o.weightBytes = normParams(c) * e;
    o.bytes = 2.0 * p.rows() * c.dModel * e + o.weightBytes;
    return o;
}

// A dense linear layer `in` → `out` on this device, with its weights streamed once per pass.
WorkloadOp matmulOp(const QString &name, const Pass &p, double in, double out, double biasElements,
                    int layer) {
    WorkloadOp o = op(name, WorkloadOpKind::Matmul, layer);
    const double e = p.bytesPerElement;
    o.rows = p.rows();
    o.flops = 2.0 * p.rows() * in * out;
    o.weightBytes = in * out * p.weightBytesPerElement + biasElements * e;
    o.bytes = o.weightBytes + p.rows() * (in + out) * e;
    return o;
}

WorkloadOp residualOp(const QString &name, const TransformerConfig &c, const Pass &p, int layer) {
    WorkloadOp o = op(name, WorkloadOpKind::Elementwise, layer);
    o.flops = p.rows() * c.dModel;
    o.bytes = 3.0 * p.rows() * c.dModel * p.bytesPerElement;
    return o;
}

WorkloadOp collectiveOp(const QString &name, CollectivePattern pattern, double bytes, int devices,
                        int layer) {
    WorkloadOp o = op(name, WorkloadOpKind::Collective, layer);
    o.collective = pattern;
    o.collectiveBytes = bytes;
    o.participants = devices;
    return o;
}

void appendLayer(std::vector<WorkloadOp> &ops, const TransformerConfig &c, const Shard &s, const Pass &p,
                 int layer) {
    const double e = p.bytesPerElement;
    const double rows = p.rows();
    const double d = c.dModel;
    // Row-parallel biases are added once after the reduction; spreading them over the devices
    // keeps the per-device weight bytes an exact 1/N share.
    const double rowParallelBias = c.biases ? d / s.devices : 0.0;

    ops.push_back(normOp(QStringLiteral("attn_norm"), c, p, layer));

    const double qkvOut = s.attentionWidth + 2.0 * s.kvWidth;
    // The Q, K and V outputs are written straight into the KV cache, so the cache append is part
    // of this op's traffic (at the cache's width: the K and V rows are stored as the cache holds them).
    {
        WorkloadOp o = matmulOp(QStringLiteral("qkv"), p, d, qkvOut, c.biases ? qkvOut : 0.0, layer);
        o.bytes -= rows * 2.0 * s.kvWidth * (e - p.kvBytesPerElement);
        ops.push_back(o);
    }

    const double scores = p.batch * s.heads * p.queryTokens * p.contextTokens;
    const double cachedKv = p.batch * p.contextTokens * s.kvWidth * p.kvBytesPerElement;
    {
        WorkloadOp o = op(QStringLiteral("attn_score"), WorkloadOpKind::Attention, layer);
        o.rows = p.queryTokens;
        o.flops = 2.0 * scores * s.headDim;
        o.bytes = cachedKv + rows * s.attentionWidth * e + scores * e;
        ops.push_back(o);
    }
    {
        WorkloadOp o = op(QStringLiteral("softmax"), WorkloadOpKind::Softmax, layer);
        o.flops = 5.0 * scores;  // max, subtract, exp, sum, divide
        o.bytes = 2.0 * scores * e;
        ops.push_back(o);
    }
    {
        WorkloadOp o = op(QStringLiteral("attn_context"), WorkloadOpKind::Attention, layer);
        o.rows = p.queryTokens;
        o.flops = 2.0 * scores * s.headDim;
        o.bytes = cachedKv + scores * e + rows * s.attentionWidth * e;
        ops.push_back(o);
    }
    ops.push_back(matmulOp(QStringLiteral("attn_out"), p, s.attentionWidth, d, rowParallelBias, layer));
    if (s.devices > 1)
        ops.push_back(collectiveOp(QStringLiteral("attn_allreduce"), CollectivePattern::AllReduce,
                                   rows * d * e, s.devices, layer));
    ops.push_back(residualOp(QStringLiteral("attn_residual"), c, p, layer));

    ops.push_back(normOp(QStringLiteral("ffn_norm"), c, p, layer));

    const double upOut = (c.activation == Activation::SwiGlu ? 2.0 : 1.0) * s.ffn;
    const double k = c.activeExperts;
    if (c.experts > 1) {
        // The router is small and replicated; its share is spread like the row-parallel bias.
        WorkloadOp router = matmulOp(QStringLiteral("router"), p, d, c.experts, 0.0, layer);
        router.weightBytes /= s.devices;
        ops.push_back(router);
    }
    // With experts, every expert's weights are resident but a pass only streams the experts its
    // tokens were routed to.
    const double touched = expertsTouched(c, rows);
    {
        WorkloadOp o = matmulOp(QStringLiteral("ffn_up"), p, d, upOut, c.biases ? upOut : 0.0, layer);
        const double perExpert = o.weightBytes;
        o.flops *= k;
        o.weightBytes = perExpert * c.experts;
        o.bytes = perExpert * touched + rows * (d + k * upOut) * e;
        o.rows = c.experts > 1 ? rows * k / touched : rows;
        ops.push_back(o);
    }
    {
        WorkloadOp o = op(QStringLiteral("ffn_act"), WorkloadOpKind::Elementwise, layer);
        o.flops = activationFlopsPerElement(c.activation) * rows * k * s.ffn;
        o.bytes = rows * k * (upOut + s.ffn) * e;
        ops.push_back(o);
    }
    {
        WorkloadOp o = matmulOp(QStringLiteral("ffn_down"), p, s.ffn, d, rowParallelBias, layer);
        const double perExpert = o.weightBytes;
        o.flops *= k;
        o.weightBytes = perExpert * c.experts;
        o.bytes = perExpert * touched + rows * (k * s.ffn + d) * e;
        o.rows = c.experts > 1 ? rows * k / touched : rows;
        ops.push_back(o);
    }
    if (s.devices > 1)
        ops.push_back(collectiveOp(QStringLiteral("ffn_allreduce"), CollectivePattern::AllReduce,
                                   rows * d * e, s.devices, layer));
    ops.push_back(residualOp(QStringLiteral("ffn_residual"), c, p, layer));
}

std::vector<WorkloadOp> buildPass(const TransformerConfig &c, const Pass &p, int tensorParallel) {
    const Shard s = shardOf(c, tensorParallel);
    const double e = p.bytesPerElement;
    const double rows = p.rows();
    const double d = c.dModel;

    std::vector<WorkloadOp> ops;
    ops.reserve(std::size_t(c.layers) * 16 + 8);
    {
        // Vocabulary-parallel embedding: each device owns vocab/N rows of the table, looks up the
        // tokens that fall in its range (1/N of them on average) and an all-reduce assembles the
        // full vectors. The small learned position table is counted as a 1/N share too, so the
        // per-device weights stay an exact split.
        WorkloadOp o = op(QStringLiteral("embedding"), WorkloadOpKind::Embedding, -1);
        const double tables = c.learnedPositions ? 2.0 : 1.0;
        o.weightBytes =
            s.vocab * d * e + (c.learnedPositions ? double(c.maxPositions) * d * e / s.devices : 0.0);
        o.flops = c.learnedPositions ? rows * d : 0.0;
        o.bytes = rows * d * e * (tables / s.devices) + rows * d * e;
        ops.push_back(o);
        if (s.devices > 1)
            ops.push_back(collectiveOp(QStringLiteral("embedding_allreduce"), CollectivePattern::AllReduce,
                                       rows * d * e, s.devices, -1));
    }
    for (int layer = 0; layer < c.layers; ++layer)
        appendLayer(ops, c, s, p, layer);

    ops.push_back(normOp(QStringLiteral("final_norm"), c, p, -1));
    {
        // Only the last position of each sequence needs logits.
        Pass last = p;
        if (!p.logitsForEveryToken)
            last.queryTokens = 1;
        WorkloadOp o = matmulOp(QStringLiteral("lm_head"), last, d, s.vocab, 0.0, -1);
        if (c.tiedEmbeddings)
            o.weightBytes = 0;  // the table is resident once, under "embedding"; it is still streamed here
        ops.push_back(o);
        if (s.devices > 1)
            ops.push_back(collectiveOp(QStringLiteral("logits_allgather"), CollectivePattern::AllGather,
                                       p.batch * c.vocab * e, s.devices, -1));
    }
    return ops;
}

}  // namespace

void checkTextGeneration(const TransformerConfig &config, const TextGenerationWorkload &workload,
                         int tensorParallel) {
    if (tensorParallel < 1)
        throw InputError(
            QStringLiteral("tensor-parallel device count must be at least 1 (got %1)").arg(tensorParallel));
    if (config.heads % tensorParallel != 0)
        throw InputError(QStringLiteral("%1 has %2 attention heads, which cannot be split over %3 devices "
                                        "(the device count must divide the head count)")
                             .arg(config.id)
                             .arg(config.heads)
                             .arg(tensorParallel));
    if (config.kvHeads % tensorParallel != 0 && tensorParallel % config.kvHeads != 0)
        throw InputError(
            QStringLiteral("%1 has %2 key/value heads, which cannot be split or replicated over %3 "
                           "devices (one must divide the other)")
                .arg(config.id)
                .arg(config.kvHeads)
                .arg(tensorParallel));
    if (workload.batch < 1)
        throw InputError(QStringLiteral("batch must be at least 1 (got %1)").arg(workload.batch));
    if (workload.inputTokens < 1)
        throw InputError(
            QStringLiteral("input tokens must be at least 1 (got %1)").arg(workload.inputTokens));
    if (workload.outputTokens < 0)
        throw InputError(
            QStringLiteral("output tokens must be 0 or more (got %1)").arg(workload.outputTokens));
    if (workload.bytesPerElement < 1)
        throw InputError(
            QStringLiteral("bytes per element must be at least 1 (got %1)").arg(workload.bytesPerElement));
    if (!(workload.kvBitsPerElement >= 0 && workload.kvBitsPerElement <= 64))
        throw InputError(QStringLiteral("KV bits per element must be 0 (the activation width) or up to 64 (got %1)")
                             .arg(workload.kvBitsPerElement));
}

std::vector<WorkloadOp> buildPrefill(const TransformerConfig &config, const TextGenerationWorkload &workload,
                                     int tensorParallel) {
    checkTextGeneration(config, workload, tensorParallel);
    Pass p;
    p.batch = workload.batch;
    p.queryTokens = workload.inputTokens;
    p.contextTokens = workload.inputTokens;
    p.bytesPerElement = workload.bytesPerElement;
    p.kvBytesPerElement = workload.kvBytesPerElement();
    p.weightBytesPerElement = workload.bytesPerElement;
    return buildPass(config, p, tensorParallel);
}

std::vector<WorkloadOp> buildDecodeStep(const TransformerConfig &config,
                                        const TextGenerationWorkload &workload, int contextTokens,
                                        int tensorParallel) {
    checkTextGeneration(config, workload, tensorParallel);
    if (contextTokens < 1)
        throw InputError(
            QStringLiteral("decode context must be at least 1 token (got %1)").arg(contextTokens));
    Pass p;
    p.batch = workload.batch;
    p.queryTokens = 1;
    p.contextTokens = contextTokens;
    p.bytesPerElement = workload.bytesPerElement;
    p.kvBytesPerElement = workload.kvBytesPerElement();
    p.weightBytesPerElement = workload.bytesPerElement;
    return buildPass(config, p, tensorParallel);
}

namespace {

void checkWeightBits(double weightBitsPerElement) {
    if (!(weightBitsPerElement >= 0 && weightBitsPerElement <= 64))
        throw InputError(QStringLiteral("weight bits per element must be 0 (the activation width) or up to 64 (got %1)")
                             .arg(weightBitsPerElement));
}

double weightBytesOf(const TextGenerationWorkload &workload, double weightBitsPerElement) {
    return weightBitsPerElement > 0 ? weightBitsPerElement / 8.0 : workload.bytesPerElement;
}

}  // namespace

std::vector<WorkloadOp> buildPrefill(const TransformerConfig &config, const TextGenerationWorkload &workload,
                                     int tensorParallel, double weightBitsPerElement) {
    checkTextGeneration(config, workload, tensorParallel);
    checkWeightBits(weightBitsPerElement);
    Pass p;
    p.batch = workload.batch;
    p.queryTokens = workload.inputTokens;
    p.contextTokens = workload.inputTokens;
    p.bytesPerElement = workload.bytesPerElement;
    p.kvBytesPerElement = workload.kvBytesPerElement();
    p.weightBytesPerElement = weightBytesOf(workload, weightBitsPerElement);
    return buildPass(config, p, tensorParallel);
}

std::vector<WorkloadOp> buildDecodeStep(const TransformerConfig &config, const TextGenerationWorkload &workload,
                                        int contextTokens, int tensorParallel, double weightBitsPerElement) {
    return buildMultiTokenStep(config, workload, 1, contextTokens, tensorParallel, weightBitsPerElement);
}

std::vector<WorkloadOp> buildMultiTokenStep(const TransformerConfig &config, const TextGenerationWorkload &workload,
                                            int newTokens, int contextTokens, int tensorParallel,
                                            double weightBitsPerElement) {
    checkTextGeneration(config, workload, tensorParallel);
    checkWeightBits(weightBitsPerElement);
    if (newTokens < 1 || contextTokens < newTokens)
        throw InputError(QStringLiteral("a pass needs at least 1 new token and a context that holds them (got %1 new "
                                        "tokens, context %2)")
                             .arg(newTokens)
                             .arg(contextTokens));
    Pass p;
    p.batch = workload.batch;
    p.queryTokens = newTokens;
    p.contextTokens = contextTokens;
    p.bytesPerElement = workload.bytesPerElement;
    p.kvBytesPerElement = workload.kvBytesPerElement();
    p.weightBytesPerElement = weightBytesOf(workload, weightBitsPerElement);
    p.logitsForEveryToken = newTokens > 1;
    return buildPass(config, p, tensorParallel);
}

double parameterCount(const TransformerConfig &config) {
    TextGenerationWorkload one;
    one.inputTokens = 1;
    one.bytesPerElement = 1;
    return residentWeightBytes(buildPrefill(config, one, 1));
}

double kvCacheBytesPerToken(const TransformerConfig &config, int bytesPerElement) {
    return 2.0 * config.layers * config.kvHeads * config.headDim * bytesPerElement;
}

double kvCacheBytesPerToken(const TransformerConfig &config, const TextGenerationWorkload &workload) {
    return 2.0 * config.layers * config.kvHeads * config.headDim * workload.kvBytesPerElement();
}

BatchWaves BatchWaves::plan(int batch, double budgetBytes, double weightBytes, double kvBytesPerSequence) {
    BatchWaves w;
    const double room = budgetBytes - weightBytes;
    if (batch < 1 || room <= 0 || !(kvBytesPerSequence > 0))
        return w;
    w.maxBatch = static_cast<int>(std::min<double>(batch, std::floor(room / kvBytesPerSequence)));
    if (w.maxBatch < 1) {
        w.maxBatch = 0;
        return w;
    }
    w.fullWaves = batch / w.maxBatch;
    w.remainder = batch - w.fullWaves * w.maxBatch;
    w.waves = w.fullWaves + (w.remainder > 0 ? 1 : 0);
    return w;
}

double residentWeightBytes(const std::vector<WorkloadOp> &ops) {
    double total = 0;
    for (const WorkloadOp &o : ops)
        total += o.weightBytes;
    return total;
}

}  // namespace accelscope
