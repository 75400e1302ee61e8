#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include "core/api/errors.h"
#include "core/workloads/transformer.h"

#include "tests/support/errorof.h"

using namespace accelscope;
using test::errorOf;

namespace {

QJsonObject validEntry() {
    return QJsonObject{{QStringLiteral("id"), QStringLiteral("tiny")},
                       {QStringLiteral("name"), QStringLiteral("Tiny")},
                       {QStringLiteral("layers"), 2},
                       {QStringLiteral("d_model"), 64},
                       {QStringLiteral("heads"), 4},
                       {QStringLiteral("kv_heads"), 2},
                       {QStringLiteral("head_dim"), 16},
                       {QStringLiteral("ffn"), 256},
                       {QStringLiteral("vocab"), 1000},
                       {QStringLiteral("max_positions"), 128},
                       {QStringLiteral("experts"), 1},
                       {QStringLiteral("active_experts"), 1},
                       {QStringLiteral("activation"), QStringLiteral("swiglu")},
                       {QStringLiteral("norm"), QStringLiteral("rmsnorm")},
                       {QStringLiteral("tied_embeddings"), false},
                       {QStringLiteral("learned_positions"), false},
                       {QStringLiteral("biases"), false},
                       {QStringLiteral("source"), QStringLiteral("[I] test")}};
}

QByteArray zooWith(const QJsonObject &entry) {
    return QJsonDocument(QJsonObject{{QStringLiteral("models"), QJsonArray{entry}}}).toJson();
}

}  // namespace

class TestModelZoo : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void builtinHasEveryModel_data();
    void builtinHasEveryModel();
    void dfxGpt2VariantHasNarrowerAttention();
    void groupedQueryAttentionNarrowsKv();
    void mixtralIsTopTwoOfEight();
    void unknownIdListsKnownIds();
    void malformedEntryNamesFileEntryAndField_data();
    void malformedEntryNamesFileEntryAndField();
    void invalidJsonNamesLine();
};

void TestModelZoo::builtinHasEveryModel_data() {
    QTest::addColumn<QString>("id");
    QTest::addColumn<int>("layers");
    QTest::addColumn<int>("dModel");
    QTest::addColumn<int>("vocab");
    QTest::newRow("gpt2-345m") << "gpt2-345m" << 24 << 1024 << 50257;
    QTest::newRow("gpt2-774m") << "gpt2-774m" << 36 << 1280 << 50257;
    QTest::newRow("gpt2-1.5b") << "gpt2-1.5b" << 48 << 1600 << 50257;
    QTest::newRow("gpt2-xl") << "gpt2-xl" << 48 << 1600 << 50257;
    QTest::newRow("opt-1.3b") << "opt-1.3b" << 24 << 2048 << 50272;
    QTest::newRow("opt-6.7b") << "opt-6.7b" << 32 << 4096 << 50272;
    QTest::newRow("opt-13b") << "opt-13b" << 40 << 5120 << 50272;
    QTest::newRow("opt-30b") << "opt-30b" << 48 << 7168 << 50272;
    QTest::newRow("opt-66b") << "opt-66b" << 64 << 9216 << 50272;
    QTest::newRow("llama-2-7b") << "llama-2-7b" << 32 << 4096 << 32000;
    QTest::newRow("llama-2-13b") << "llama-2-13b" << 40 << 5120 << 32000;
    QTest::newRow("llama-2-70b") << "llama-2-70b" << 80 << 8192 << 32000;
    QTest::newRow("mistral-7b") << "mistral-7b" << 32 << 4096 << 32000;
    QTest::newRow("mixtral-8x7b") << "mixtral-8x7b" << 32 << 4096 << 32000;
    QTest::newRow("llama-3-8b") << "llama-3-8b" << 32 << 4096 << 128256;
    QTest::newRow("qwen3-8b") << "qwen3-8b" << 36 << 4096 << 151936;
    QTest::newRow("qwen3-4b") << "qwen3-4b" << 36 << 2560 << 151936;
}

void TestModelZoo::builtinHasEveryModel() {
    QFETCH(QString, id);
    QFETCH(int, layers);
    QFETCH(int, dModel);
    QFETCH(int, vocab);
    const TransformerConfig &c = ModelZoo::builtin().transformer(id);
    QCOMPARE(c.layers, layers);
    QCOMPARE(c.dModel, dModel);
    QCOMPARE(c.vocab, vocab);
    QVERIFY2(c.source.contains(QLatin1Char('[')), "every entry's source carries its tag");
    QCOMPARE(ModelZoo::builtin().transformers().size(), std::size_t(17));
}

void TestModelZoo::dfxGpt2VariantHasNarrowerAttention() {
    const TransformerConfig &dfx = ModelZoo::builtin().transformer(QStringLiteral("gpt2-1.5b"));
    QCOMPARE(dfx.heads, 24);
    QCOMPARE(dfx.headDim, 64);
    QCOMPARE(dfx.attentionWidth(), 1536);
    QVERIFY(dfx.attentionWidth() != dfx.dModel);
    QVERIFY(dfx.notes.contains(QStringLiteral("1536")));
    const TransformerConfig &original = ModelZoo::builtin().transformer(QStringLiteral("gpt2-xl"));
    QCOMPARE(original.heads, 25);
    QCOMPARE(original.attentionWidth(), 1600);
}

void TestModelZoo::groupedQueryAttentionNarrowsKv() {
    const ModelZoo &zoo = ModelZoo::builtin();
    QCOMPARE(zoo.transformer(QStringLiteral("llama-2-70b")).kvWidth(), 8 * 128);
    QCOMPARE(zoo.transformer(QStringLiteral("llama-2-70b")).attentionWidth(), 8192);
    QCOMPARE(zoo.transformer(QStringLiteral("llama-3-8b")).kvWidth(), 1024);
    QCOMPARE(zoo.transformer(QStringLiteral("llama-2-7b")).kvWidth(), 4096);       // no GQA
    QCOMPARE(zoo.transformer(QStringLiteral("qwen3-4b")).attentionWidth(), 4096);  // wider than d_model 2560
}

void TestModelZoo::mixtralIsTopTwoOfEight() {
    const TransformerConfig &c = ModelZoo::builtin().transformer(QStringLiteral("mixtral-8x7b"));
    QCOMPARE(c.experts, 8);
    QCOMPARE(c.activeExperts, 2);
    QCOMPARE(c.activation, Activation::SwiGlu);
    QCOMPARE(c.norm, Norm::RmsNorm);
}

void TestModelZoo::unknownIdListsKnownIds() {
    const QString message = errorOf([] { ModelZoo::builtin().transformer(QStringLiteral("gpt-5")); });
    QVERIFY2(message.contains(QStringLiteral("'gpt-5'")), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("gpt2-345m")) && message.contains(QStringLiteral("qwen3-4b")),
             qPrintable(message));
}

void TestModelZoo::malformedEntryNamesFileEntryAndField_data() {
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("expected");

    QTest::newRow("valid") << zooWith(validEntry()) << QString();

    QJsonObject missing = validEntry();
    missing.remove(QStringLiteral("layers"));
    QTest::newRow("missing") << zooWith(missing) << "zoo.json, models[0] (tiny): field 'layers' is missing";

    QJsonObject fractional = validEntry();
    fractional.insert(QStringLiteral("heads"), 4.5);
    QTest::newRow("fractional") << zooWith(fractional)
                                << "field 'heads' must be a whole number of at least 1 (got 4.5)";

    QJsonObject gqa = validEntry();
    gqa.insert(QStringLiteral("kv_heads"), 3);
    QTest::newRow("gqa") << zooWith(gqa) << "field 'kv_heads' must divide heads (4)";

    QJsonObject activation = validEntry();
    activation.insert(QStringLiteral("activation"), QStringLiteral("tanh"));
    QTest::newRow("activation") << zooWith(activation)
                                << "field 'activation' must be one of gelu, swiglu, relu";

    QJsonObject experts = validEntry();
    experts.insert(QStringLiteral("active_experts"), 2);
    QTest::newRow("experts") << zooWith(experts) << "field 'active_experts' must be at most experts (1)";

    QTest::newRow("empty") << QJsonDocument(QJsonObject{{QStringLiteral("models"), QJsonArray()}}).toJson()
                           << "zoo.json: field 'models' must list at least one model";
}

void TestModelZoo::malformedEntryNamesFileEntryAndField() {
    QFETCH(QByteArray, json);
    QFETCH(QString, expected);
    const QString message = errorOf([&] { ModelZoo::fromJson(json, QStringLiteral("zoo.json")); });
    if (expected.isEmpty()) {
        QVERIFY2(message.isEmpty(), qPrintable(message));
        QCOMPARE(ModelZoo::fromJson(json, QStringLiteral("zoo.json"))
                     .transformer(QStringLiteral("tiny"))
                     .kvWidth(),
                 32);
    } else {
        QVERIFY2(message.contains(expected), qPrintable(message));
    }
}

void TestModelZoo::invalidJsonNamesLine() {
    const QString message =
        errorOf([] { ModelZoo::fromJson("{\n\"models\": [\n}", QStringLiteral("zoo.json")); });
    QVERIFY2(message.startsWith(QStringLiteral("zoo.json: invalid JSON at line 3")), qPrintable(message));
}

QTEST_GUILESS_MAIN(TestModelZoo)
#include "tst_modelzoo.moc"
