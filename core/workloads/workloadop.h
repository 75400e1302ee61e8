#pragma once
// One operation of a workload as seen by a single device: the unit the shared baseline model
// (core/hw/baselinemodel.h) prices with its roofline. Op-graph builders (textgeneration.h, ...)
// produce lists of these.

#include <QString>

namespace accelscope {

enum class WorkloadOpKind { Matmul, Elementwise, Norm, Softmax, Attention, Embedding, Collective };

// How a collective moves data between the participating devices.
enum class CollectivePattern { None, AllReduce, AllGather };

struct WorkloadOp {
    QString name;  // "qkv", "ffn_down", "attn_allreduce": what the op is within its layer
    WorkloadOpKind kind = WorkloadOpKind::Elementwise;
    int layer = -1;          // decoder layer, -1 for ops outside the layer stack
    double flops = 0;        // floating-point operations on this device (a multiply-add counts 2)
    double bytes = 0;        // bytes read from and written to device memory on this device
    double weightBytes = 0;  // parameter bytes this op keeps resident on this device
    double rows = 0;         // matmul/attention M dimension (tokens per weight pass); 1 means GEMV
    // Collectives only: the size of the buffer every participant ends up holding (all-reduce: the
    // reduced tensor; all-gather: the gathered tensor), and how many devices take part.
    CollectivePattern collective = CollectivePattern::None;
    double collectiveBytes = 0;
    int participants = 1;
};

QString workloadOpKindName(
    WorkloadOpKind kind);  // "matmul", "elementwise", ... (stable: used in JSON and views)

}  // namespace accelscope
