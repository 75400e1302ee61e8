#include "core/workloads/ffnpruning.h"

#include "core/api/errors.h"

namespace accelscope {

void pruneFfnChannels(std::vector<WorkloadOp> &ops, const TransformerConfig &config,
                      const TextGenerationWorkload &workload, int tensorParallel,
                      const FfnChannelShare &share) {
    if (config.experts > 1)
        throw InputError(
            QStringLiteral("%1 is a mixture of experts; FFN channel pruning is modelled for dense FFNs")
                .arg(config.id));
    for (const double s : {share.upGate, share.down})
        if (!(s > 0 && s <= 1))
            throw InputError(
                QStringLiteral("FFN channel share must be above 0 and at most 1 (got %1)").arg(s));
    const double e = workload.bytesPerElement, d = config.dModel;
    const double ffn = double(config.ffn) / tensorParallel;
    const double upOut = (config.activation == Activation::SwiGlu ? 2.0 : 1.0) * ffn;
    for (WorkloadOp &o : ops) {
        // The dense ops stream their weights once and read and write rows × widths activations
        // (textgeneration.cpp); the pruned ones stream the share's weights and write the share's
        // intermediate activations.
        if (o.name == QLatin1String("ffn_up")) {
            o.flops *= share.upGate;
            o.bytes = o.weightBytes * share.upGate + o.rows * (d + upOut * share.upGate) * e;
        } else if (o.name == QLatin1String("ffn_act")) {
            o.flops *= share.upGate;
            o.bytes *= share.upGate;
        } else if (o.name == QLatin1String("ffn_down")) {
            o.flops *= share.down;
            o.bytes = o.weightBytes * share.down + o.rows * (ffn * share.down + d) * e;
        }
    }
}

}  // namespace accelscope
