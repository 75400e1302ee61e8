#pragma once
// Appends WorkloadOps with their FLOPs, bytes and resident weights: the arithmetic the op-graph
// builders of diffusion and next-scale generators share. A multiply-add is 2 FLOPs; bytes are
// what an op reads and writes at `bytesPerElement`.

#include <vector>

#include <QString>

#include "core/workloads/workloadop.h"

namespace accelscope {

struct OpBuilder {
    std::vector<WorkloadOp> ops;
    double e = 2;    // bytes per element
    int layer = -1;  // stamped on every op added

    WorkloadOp &add(const QString &name, WorkloadOpKind kind) {
        WorkloadOp o;
        o.name = name;
        o.kind = kind;
        o.layer = layer;
        ops.push_back(o);
        return ops.back();
    }
    // rows × in times in × out (+ bias).
    void linear(const QString &name, double rows, double in, double out, bool bias = true) {
        WorkloadOp &o = add(name, WorkloadOpKind::Matmul);
        o.rows = rows;
        o.flops = 2.0 * rows * in * out;
        o.weightBytes = (in * out + (bias ? out : 0.0)) * e;
        o.bytes = o.weightBytes + rows * (in + out) * e;
    }
    // `flopsPerElement` over `elements`, reading and writing each once (plus `weights` elements).
    void pointwise(const QString &name, WorkloadOpKind kind, double elements, double flopsPerElement, double weights = 0) {
        WorkloadOp &o = add(name, kind);
        o.flops = flopsPerElement * elements;
        o.weightBytes = weights * e;
        o.bytes = 2.0 * elements * e + o.weightBytes;
    }
    // Softmax attention of `queries` over `keys` per sequence and head (scores, softmax, context).
    // `keyHeads` (grouped-query attention) sets how many key/value heads are read; 0 means `heads`.
    void attention(const QString &prefix, double batch, double heads, double queries, double keys, double headDim,
                   double keyHeads = 0) {
        const double kvHeads = keyHeads > 0 ? keyHeads : heads;
        const double scores = batch * heads * queries * keys;
        WorkloadOp &score = add(prefix + QStringLiteral("_score"), WorkloadOpKind::Attention);
        score.rows = queries;
        score.flops = 2.0 * scores * headDim;
        score.bytes = (batch * (heads * queries + kvHeads * keys) * headDim + scores) * e;
        pointwise(prefix + QStringLiteral("_softmax"), WorkloadOpKind::Softmax, scores, 5.0);
        WorkloadOp &context = add(prefix + QStringLiteral("_context"), WorkloadOpKind::Attention);
        context.rows = queries;
        context.flops = 2.0 * scores * headDim;
        context.bytes = (scores + batch * (kvHeads * keys + heads * queries) * headDim) * e;
    }
};

}  // namespace accelscope
