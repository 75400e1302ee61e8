#include "core/workloads/transformer.h"

#include <QFile>
#include <QSet>

#include "core/api/errors.h"
#include "core/json/jsonreader.h"

namespace accelscope {

namespace {

const QString kBuiltinZoo = QStringLiteral(":/accelscope/workloads/transformers.json");

TransformerConfig parseTransformer(const JsonReader &entry) {
    entry.rejectUnknownKeys(
        {QStringLiteral("id"), QStringLiteral("name"), QStringLiteral("layers"), QStringLiteral("d_model"),
         QStringLiteral("heads"), QStringLiteral("kv_heads"), QStringLiteral("head_dim"),
         QStringLiteral("ffn"), QStringLiteral("vocab"), QStringLiteral("max_positions"),
         QStringLiteral("experts"), QStringLiteral("active_experts"), QStringLiteral("activation"),
         QStringLiteral("norm"), QStringLiteral("tied_embeddings"), QStringLiteral("learned_positions"),
         QStringLiteral("biases"), QStringLiteral("source"), QStringLiteral("notes")});
    TransformerConfig c;
    c.id = entry.string("id");
    c.name = entry.string("name");
    c.layers = entry.positiveInt("layers");
    c.dModel = entry.positiveInt("d_model");
    c.heads = entry.positiveInt("heads");
    c.kvHeads = entry.positiveInt("kv_heads");
    c.headDim = entry.positiveInt("head_dim");
    c.ffn = entry.positiveInt("ffn");
    c.vocab = entry.positiveInt("vocab");
    c.maxPositions = entry.positiveInt("max_positions");
    c.experts = entry.positiveInt("experts");
    c.activeExperts = entry.positiveInt("active_experts");
    const QString activation = entry.choice(
        "activation", {QStringLiteral("gelu"), QStringLiteral("swiglu"), QStringLiteral("relu")});
    c.activation = activation == QLatin1String("gelu")     ? Activation::Gelu
                   : activation == QLatin1String("swiglu") ? Activation::SwiGlu
                                                           : Activation::Relu;
    c.norm = entry.choice("norm", {QStringLiteral("layernorm"), QStringLiteral("rmsnorm")}) ==
                     QLatin1String("layernorm")
                 ? Norm::LayerNorm
                 : Norm::RmsNorm;
    c.tiedEmbeddings = entry.boolean("tied_embeddings");
    c.learnedPositions = entry.boolean("learned_positions");
    c.biases = entry.boolean("biases");
    c.source = entry.string("source");
    c.notes = entry.optionalString("notes");

    if (c.heads % c.kvHeads != 0)
        entry.fail("kv_heads", QStringLiteral("must divide heads (%1) for grouped-query attention (got %2)")
                                   .arg(c.heads)
                                   .arg(c.kvHeads));
    if (c.activeExperts > c.experts)
        entry.fail(
            "active_experts",
            QStringLiteral("must be at most experts (%1) (got %2)").arg(c.experts).arg(c.activeExperts));
    return c;
}

}  // namespace

const ModelZoo &ModelZoo::builtin() {
    static const ModelZoo zoo = [] {
        QFile file(kBuiltinZoo);
        if (!file.open(QIODevice::ReadOnly))
            throw InputError(
                QStringLiteral("%1: the built-in model zoo is missing from this build").arg(kBuiltinZoo));
        return fromJson(file.readAll(), QStringLiteral("transformers.json"));
    }();
    return zoo;
}

const TransformerConfig &ModelZoo::transformer(const QString &id) const {
    for (const TransformerConfig &c : transformers_) {
        if (c.id == id)
            return c;
    }
    QStringList known;
    for (const TransformerConfig &c : transformers_)
        known << c.id;
    throw InputError(QStringLiteral("unknown transformer model '%1' (known: %2)")
                         .arg(id, known.join(QStringLiteral(", "))));
}

ModelZoo ModelZoo::fromJson(const QByteArray &json, const QString &fileName) {
    const JsonReader root = JsonReader::parseObject(json, fileName);
    root.rejectUnknownKeys({QStringLiteral("format"), QStringLiteral("fields"), QStringLiteral("models")});
    ModelZoo zoo;
    zoo.transformers_ = parseEntries<TransformerConfig>(root, "models", QStringLiteral("model"), parseTransformer);
    return zoo;
}

}  // namespace accelscope
