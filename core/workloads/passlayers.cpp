#include "core/workloads/passlayers.h"

namespace accelscope {

OpKind traceOpKind(const WorkloadOp &op) {
    switch (op.kind) {
        case WorkloadOpKind::Matmul:
        case WorkloadOpKind::Attention:
            return OpKind::Matrix;
        case WorkloadOpKind::Softmax:
            return OpKind::Special;
        case WorkloadOpKind::Collective:
            return OpKind::Transfer;
        case WorkloadOpKind::Embedding:
            return OpKind::MemoryRead;
        case WorkloadOpKind::Norm:
        case WorkloadOpKind::Elementwise:
            return OpKind::Vector;
    }
    return OpKind::Other;
}

std::vector<WorkloadOp> opsOfLayer(const std::vector<WorkloadOp> &pass, int layer, int lastLayer) {
    std::vector<WorkloadOp> ops;
    bool seenLayer = false;
    for (const WorkloadOp &op : pass) {
        seenLayer = seenLayer || op.layer >= 0;
        const bool head = op.layer < 0 && !seenLayer, tail = op.layer < 0 && seenLayer;
        if (op.layer == layer || (head && layer == 0) || (tail && layer == lastLayer))
            ops.push_back(op);
    }
    return ops;
}

}  // namespace accelscope
