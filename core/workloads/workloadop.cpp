#include "core/workloads/workloadop.h"

namespace accelscope {

QString opKindName(OpKind kind) {
    switch (kind) {
    case OpKind::Matmul: return QStringLiteral("matmul");
    case OpKind::Elementwise: return QStringLiteral("elementwise");
    case OpKind::Norm: return QStringLiteral("norm");
    case OpKind::Softmax: return QStringLiteral("softmax");
    case OpKind::Attention: return QStringLiteral("attention");
    case OpKind::Embedding: return QStringLiteral("embedding");
    case OpKind::Collective: return QStringLiteral("collective");
    }
    return QStringLiteral("unknown");
}

}  // namespace accelscope
