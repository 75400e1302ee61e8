#include "core/workloads/headtensors.h"

#include <stdexcept>

#include "core/api/errors.h"

namespace accelscope {

TensorSpec headTensorSpec(const QString &name, const QString &doc) {
    return TensorSpec{name,
                      doc,
                      {{QStringLiteral("layers?")},
                       {QStringLiteral("heads?")},
                       {QStringLiteral("tokens")},
                       {QStringLiteral("head_dim")}}};
}

HeadTensorNeeds HeadTensorNeeds::keysOrValues(const QString &modelId, const TransformerConfig &model, int layers,
                                              int tokens) {
    HeadTensorNeeds needs;
    needs.modelId = modelId;
    needs.layers = layers;
    needs.heads = model.kvHeads;
    needs.headDim = model.headDim;
    needs.tokens = tokens;
    return needs;
}

QString describeLoadedTensor(const io::LoadedTensor &tensor) {
    const io::TensorInfo &info = tensor.tensor->info;
    return QStringLiteral("%1%2, %3 %4, sha256 %5")
        .arg(tensor.path,
             tensor.tensorName.isEmpty() ? QString() : QStringLiteral(", tensor '%1'").arg(tensor.tensorName),
             io::toString(info.dtype), info.shapeText(), tensor.sha256);
}

HeadTensors HeadTensors::synthetic(SyntheticTensorKind kind, int headDim, std::uint64_t seed) {
    HeadTensors t;
    t.kind_ = kind;
    t.name_ = toString(kind);
    t.headDim_ = headDim;
    t.seed_ = seed;
    return t;
}

HeadTensors HeadTensors::imported(const QString &name, const io::LoadedTensor &tensor, const HeadTensorNeeds &needs) {
    const io::TensorInfo &info = tensor.tensor->info;
    const std::vector<std::int64_t> &shape = info.shape;
    const QString allowed = QStringLiteral("[tokens, %1], [%2, tokens, %1] or [layers, %2, tokens, %1] with tokens >= %3%4")
                                .arg(needs.headDim)
                                .arg(needs.heads)
                                .arg(needs.tokens)
                                .arg(needs.layers > 1 ? QStringLiteral(" and layers >= %1").arg(needs.layers) : QString());
    const auto refuse = [&](const QString &problem) {
        throw InputError(QStringLiteral("tensor '%1' from '%2': shape %3 %4; allowed for %5: %6")
                             .arg(name, tensor.path, info.shapeText(), problem, needs.modelId, allowed));
    };
    const std::size_t rank = shape.size();
    if (rank < 2 || rank > 4)
        refuse(QStringLiteral("has %1 dimension(s)").arg(rank));
    for (const std::int64_t d : shape)
        if (d < 1)
            refuse(QStringLiteral("has an empty dimension"));
    const std::int64_t headDim = shape[rank - 1], tokens = shape[rank - 2];
    if (headDim != needs.headDim)
        refuse(QStringLiteral("has head_dim %1, but %2 has head_dim %3").arg(headDim).arg(needs.modelId).arg(needs.headDim));
    if (rank >= 3 && shape[rank - 3] != needs.heads)
        refuse(QStringLiteral("has %1 heads, but %2 has %3 %4")
                   .arg(shape[rank - 3])
                   .arg(needs.modelId)
                   .arg(needs.heads)
                   .arg(needs.headsName));
    if (rank == 4 && shape[0] < needs.layers)
        refuse(QStringLiteral("has %1 layer(s), but the run computes %2 functional layers").arg(shape[0]).arg(needs.layers));
    if (tokens < needs.tokens)
        refuse(QStringLiteral("has %1 token rows, but the run reads %2 (%3)")
                   .arg(tokens)
                   .arg(needs.tokens)
                   .arg(needs.tokensName));
    HeadTensors t;
    t.name_ = name;
    t.headDim_ = needs.headDim;
    t.tensor_ = tensor.tensor;
    t.source_ = describeLoadedTensor(tensor);
    t.fileLayers_ = rank == 4 ? static_cast<int>(shape[0]) : 1;
    t.fileHeads_ = rank >= 3 ? static_cast<int>(shape[rank - 3]) : 1;
    t.tokens_ = static_cast<int>(tokens);
    return t;
}

std::optional<HeadTensors> HeadTensors::importedIfGiven(const ParamSet &params, const QString &name,
                                                        const HeadTensorNeeds &needs) {
    if (const io::LoadedTensor *tensor = params.tensor(name))
        return imported(name, *tensor, needs);
    return std::nullopt;
}

kernels::MatrixF HeadTensors::head(int layer, int head, int tokens) const {
    if (!tensor_)
        return syntheticTensor(SyntheticTensorSpec::forKind(kind_, tokens, headDim_), seed_, layer, head).values;
    return rows(layer, head, 0, tokens);
}

kernels::MatrixF HeadTensors::rows(int layer, int head, int first, int tokens) const {
    if (!tensor_ || first < 0 || tokens < 0 || first + tokens > tokens_ || layer < 0 || head < 0 ||
        (fileLayers_ > 1 && layer >= fileLayers_) || (fileHeads_ > 1 && head >= fileHeads_))
        throw std::logic_error("HeadTensors::rows outside the imported tensor");
    const std::int64_t l = fileLayers_ > 1 ? layer : 0, h = fileHeads_ > 1 ? head : 0;
    const std::int64_t offset = ((l * fileHeads_ + h) * tokens_ + first) * headDim_;
    kernels::MatrixF out(tokens, headDim_);
    const double *from = tensor_->values.data() + offset;
    for (Eigen::Index r = 0; r < out.rows(); ++r)
        for (Eigen::Index c = 0; c < out.cols(); ++c)
            out(r, c) = static_cast<float>(from[r * headDim_ + c]);
    return out;
}

QString HeadTensors::description() const {
    if (!tensor_)
        return QStringLiteral("synthetic %1 (seed %2)").arg(name_).arg(seed_);
    return QStringLiteral("%1 from %2").arg(name_, source_);
}

AttentionTensors AttentionTensors::fromParams(const ParamSet &params, const HeadTensorNeeds &kv, int queryTokens,
                                              const QString &queryTokensName, int queryHeads, const QString &why) {
    const QStringList names{QStringLiteral("keys"), QStringLiteral("values"), QStringLiteral("queries")};
    QStringList given, missing;
    for (const QString &name : names)
        (params.tensor(name) ? given : missing) << name;
    if (!given.isEmpty() && !missing.isEmpty())
        throw InputError(QStringLiteral("tensor(s) %1 given without %2; allowed: keys, values and queries together "
                                        "(%3), or none")
                             .arg(given.join(QStringLiteral(", ")), missing.join(QStringLiteral(", ")), why));
    AttentionTensors t;
    if (given.isEmpty())
        return t;
    t.keys = HeadTensors::importedIfGiven(params, names[0], kv);
    t.values = HeadTensors::importedIfGiven(params, names[1], kv);
    HeadTensorNeeds q = kv;
    q.heads = queryHeads;
    q.headsName = QStringLiteral("query heads");
    q.tokens = queryTokens;
    q.tokensName = queryTokensName;
    t.queries = HeadTensors::importedIfGiven(params, names[2], q);
    return t;
}

QString AttentionTensors::description() const {
    if (!given())
        return {};
    return QStringLiteral("%1; %2; %3").arg(keys->description(), values->description(), queries->description());
}

}  // namespace accelscope
