#include "core/workloads/workloadop.h"

namespace accelscope {

QString workloadOpKindName(WorkloadOpKind kind) {
    switch (kind) {
        case WorkloadOpKind::Matmul:
            return QStringLiteral("matmul");
        case WorkloadOpKind::Elementwise:
            return QStringLiteral("elementwise");
        case WorkloadOpKind::Norm:
            return QStringLiteral("norm");
        case WorkloadOpKind::Softmax:
            return QStringLiteral("softmax");
        case WorkloadOpKind::Attention:
            return QStringLiteral("attention");
        case WorkloadOpKind::Embedding:
            return QStringLiteral("embedding");
        case WorkloadOpKind::Collective:
            return QStringLiteral("collective");
    }
    return QStringLiteral("unknown");
}

}  // namespace accelscope
