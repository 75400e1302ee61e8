#include <QTest>

#include "core/api/errors.h"
#include "core/workloads/speculativepasses.h"
#include "core/workloads/textgeneration.h"

using namespace accelscope;

namespace {

const TransformerConfig &model(const QString &id) {
    return ModelZoo::builtin().transformer(id);
}

TextGenerationWorkload workload(int batch, int input) {
    TextGenerationWorkload w;
    w.batch = batch;
    w.inputTokens = input;
    w.outputTokens = 1;
    return w;
}

double sum(const std::vector<WorkloadOp> &ops, double WorkloadOp::*field, WorkloadOpKind kind) {
    double total = 0;
    for (const WorkloadOp &o : ops) {
        if (o.kind == kind)
            total += o.*field;
    }
    return total;
}

double totalFlops(const std::vector<WorkloadOp> &ops) {
    double total = 0;
    for (const WorkloadOp &o : ops)
        total += o.flops;
    return total;
}

const WorkloadOp &find(const std::vector<WorkloadOp> &ops, const char *name, int layer) {
    for (const WorkloadOp &o : ops) {
        if (o.name == QLatin1String(name) && o.layer == layer)
            return o;
    }
    qFatal("op %s not found", name);
}

}  // namespace

class TestTextGeneration : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void parameterCountMatchesNominalSize_data();
    void parameterCountMatchesNominalSize();
    void mixtralStreamsOnlyActiveExperts();
    void groupedQueryAttentionShrinksKvProjectionAndCache();
    void decodeFlopsAreTwoPerParameterPlusAttention_data();
    void decodeFlopsAreTwoPerParameterPlusAttention();
    void decodeAttentionReadsTheWholeCache();
    void quantizedKvCacheShrinksTheAttentionTraffic();
    void batchWavesFollowTheMemory();
    void tensorParallelDividesWeights_data();
    void tensorParallelDividesWeights();
    void megatronHasTwoAllReducesPerLayer();
    void prefillIsOneBigPassOverThePrompt();
    void multiTokenStepChecksSeveralPositionsAtOnce();
    void compressedWeightsShrinkOnlyLinearWeights();
    void unsplittableConfigurationsAreRejected();
};

void TestTextGeneration::parameterCountMatchesNominalSize_data() {
    QTest::addColumn<QString>("id");
    QTest::addColumn<double>("nominal");
    // The size in the model's name, or the published exact count where the name rounds by more
    // than 3% (noted).
    QTest::newRow("gpt2-345m") << "gpt2-345m" << 345e6;
    QTest::newRow("gpt2-774m") << "gpt2-774m" << 774e6;
    QTest::newRow("gpt2-1.5b (24 heads)") << "gpt2-1.5b" << 1.5e9;
    QTest::newRow("gpt2-xl") << "gpt2-xl" << 1.558e9;  // OpenAI's release: 1558M
    QTest::newRow("opt-1.3b") << "opt-1.3b" << 1.3e9;
    QTest::newRow("opt-6.7b") << "opt-6.7b" << 6.7e9;
    QTest::newRow("opt-13b") << "opt-13b" << 13e9;
    QTest::newRow("opt-30b") << "opt-30b" << 30e9;
    QTest::newRow("opt-66b") << "opt-66b" << 66e9;
    QTest::newRow("llama-2-7b") << "llama-2-7b" << 6.74e9;  // Hugging Face checkpoint: 6.74B
    QTest::newRow("llama-2-13b") << "llama-2-13b" << 13e9;
    QTest::newRow("llama-2-70b") << "llama-2-70b" << 70e9;
    QTest::newRow("mistral-7b") << "mistral-7b" << 7.3e9;       // Mistral AI announcement: 7.3B
    QTest::newRow("mixtral-8x7b") << "mixtral-8x7b" << 46.7e9;  // Mistral AI announcement: 46.7B total
    QTest::newRow("llama-3-8b") << "llama-3-8b" << 8e9;
    QTest::newRow("qwen3-8b") << "qwen3-8b" << 8.2e9;  // Qwen3 model card: 8.2B
    QTest::newRow("qwen3-4b") << "qwen3-4b" << 4.0e9;
}

void TestTextGeneration::parameterCountMatchesNominalSize() {
    QFETCH(QString, id);
    QFETCH(double, nominal);
    // From the op graph: resident weight bytes of a single-device pass at one byte per element.
    const double parameters = parameterCount(model(id));
    QVERIFY2(
        qAbs(parameters / nominal - 1.0) < 0.03,
        qPrintable(QStringLiteral("%1: %2 parameters vs nominal %3").arg(id).arg(parameters).arg(nominal)));
    // The same count at FP16 is twice the bytes.
    const double fp16 = residentWeightBytes(buildDecodeStep(model(id), workload(1, 8), 8, 1));
    QCOMPARE(fp16, 2 * parameters);
}

void TestTextGeneration::mixtralStreamsOnlyActiveExperts() {
    const TransformerConfig &mixtral = model(QStringLiteral("mixtral-8x7b"));
    const std::vector<WorkloadOp> step = buildDecodeStep(mixtral, workload(1, 8), 8, 1);
    // Batch 1 streams 2 of 8 experts: matmul traffic ≈ the 12.9B active parameters at 2 bytes each
    // (less the input embedding table, which is gathered, not streamed).
    const double streamedParameters = sum(step, &WorkloadOp::bytes, WorkloadOpKind::Matmul) / 2;
    QVERIFY2(qAbs(streamedParameters / 12.9e9 - 1.0) < 0.03, qPrintable(QString::number(streamedParameters)));
    // A long prompt routes to every expert.
    const std::vector<WorkloadOp> prefill = buildPrefill(mixtral, workload(1, 2048), 1);
    const WorkloadOp &up = find(prefill, "ffn_up", 0);
    QVERIFY(up.bytes > 0.99 * up.weightBytes);
}

void TestTextGeneration::groupedQueryAttentionShrinksKvProjectionAndCache() {
    const TransformerConfig &llama = model(QStringLiteral("llama-2-70b"));
    const std::vector<WorkloadOp> step = buildDecodeStep(llama, workload(1, 8), 8, 1);
    QCOMPARE(find(step, "qkv", 0).weightBytes, 8192.0 * (8192 + 2 * 1024) * 2);
    QCOMPARE(kvCacheBytesPerToken(model(QStringLiteral("llama-3-8b")), 2), 131072.0);  // 128 KiB
    QCOMPARE(kvCacheBytesPerToken(model(QStringLiteral("llama-2-7b")), 2), 524288.0);  // 512 KiB without GQA
}

void TestTextGeneration::decodeFlopsAreTwoPerParameterPlusAttention_data() {
    QTest::addColumn<QString>("id");
    QTest::addColumn<int>("context");
    QTest::newRow("gpt2-1.5b") << "gpt2-1.5b" << 300;
    QTest::newRow("opt-6.7b") << "opt-6.7b" << 1024;
    QTest::newRow("llama-2-7b") << "llama-2-7b" << 4000;
    QTest::newRow("llama-3-8b") << "llama-3-8b" << 2048;
    QTest::newRow("qwen3-4b") << "qwen3-4b" << 512;
}

void TestTextGeneration::decodeFlopsAreTwoPerParameterPlusAttention() {
    QFETCH(QString, id);
    QFETCH(int, context);
    const TransformerConfig &c = model(id);
    const double flops = totalFlops(buildDecodeStep(c, workload(1, 8), context, 1));
    // Every parameter that multiplies the token's activations costs 2 FLOPs: all of them but the
    // embedding tables, which are looked up (a tied table is counted again as the LM head).
    double multiplied = parameterCount(c);
    if (!c.tiedEmbeddings)
        multiplied -= double(c.vocab) * c.dModel;
    if (c.learnedPositions)
        multiplied -= double(c.maxPositions) * c.dModel;
    // Attention: score and context, 2 FLOPs per (head dim × cached token) each, per layer.
    const double attention = 4.0 * c.layers * context * c.attentionWidth();
    const double expected = 2 * multiplied + attention;
    QVERIFY2(qAbs(flops / expected - 1.0) < 0.02,
             qPrintable(QStringLiteral("%1 vs %2").arg(flops).arg(expected)));
    QVERIFY(flops > 2 * multiplied);
}

void TestTextGeneration::decodeAttentionReadsTheWholeCache() {
    const TransformerConfig &c = model(QStringLiteral("llama-3-8b"));
    const WorkloadOp shortScore = find(buildDecodeStep(c, workload(1, 8), 1024, 1), "attn_score", 5);
    const WorkloadOp longScore = find(buildDecodeStep(c, workload(1, 8), 2048, 1), "attn_score", 5);
    // 1024 more cached keys of kvWidth FP16 elements, plus 1024 more scores per head.
    QCOMPARE(longScore.bytes - shortScore.bytes, 1024.0 * c.kvWidth() * 2 + 1024.0 * c.heads * 2);
    QCOMPARE(longScore.rows, 1.0);
}

void TestTextGeneration::quantizedKvCacheShrinksTheAttentionTraffic() {
    const TransformerConfig &c = model(QStringLiteral("llama-2-7b"));
    TextGenerationWorkload fp16 = workload(4, 8);
    TextGenerationWorkload q4 = fp16;
    q4.kvBitsPerElement = 4.4;
    QCOMPARE(q4.kvBytesPerElement(), 0.55);
    QCOMPARE(kvCacheBytesPerToken(c, q4), 2.0 * 32 * 32 * 128 * 0.55);
    QCOMPARE(kvCacheBytesPerToken(c, fp16), kvCacheBytesPerToken(c, 2));
    const auto full = buildDecodeStep(c, fp16, 1000, 1);
    const auto quant = buildDecodeStep(c, q4, 1000, 1);
    // The cached K (score) and V (context) reads shrink by exactly the width ratio ...
    for (const char *name : {"attn_score", "attn_context"})
        QCOMPARE(find(full, name, 3).bytes - find(quant, name, 3).bytes, 4.0 * 1000 * c.kvWidth() * (2 - 0.55));
    // ... the new token's K and V are written at the cache's width ...
    QCOMPARE(find(full, "qkv", 3).bytes - find(quant, "qkv", 3).bytes, 4.0 * 2 * c.kvWidth() * (2 - 0.55));
    // ... and nothing else changes: weights, FLOPs and the other ops are as before.
    QCOMPARE(totalFlops(full), totalFlops(quant));
    QCOMPARE(residentWeightBytes(full), residentWeightBytes(quant));
    QCOMPARE(find(full, "ffn_up", 3).bytes, find(quant, "ffn_up", 3).bytes);
    TextGenerationWorkload bad = fp16;
    bad.kvBitsPerElement = -1;
    bool threw = false;
    try {
        buildDecodeStep(c, bad, 10, 1);
    } catch (const InputError &e) {
        threw = QString::fromUtf8(e.what()).contains(QStringLiteral("KV bits"));
    }
    QVERIFY(threw);
}

void TestTextGeneration::batchWavesFollowTheMemory() {
    // 100 bytes of budget, 30 of weights, 20 per sequence: 3 sequences at a time.
    const BatchWaves w = BatchWaves::plan(10, 100, 30, 20);
    QCOMPARE(w.maxBatch, 3);
    QCOMPARE(w.fullWaves, 3);
    QCOMPARE(w.remainder, 1);
    QCOMPARE(w.waves, 4);
    QCOMPARE(w.waveBatch(0) + w.waveBatch(1) + w.waveBatch(2) + w.waveBatch(3), 10);
    const BatchWaves small = BatchWaves::plan(2, 100, 30, 20);
    QCOMPARE(small.maxBatch, 2);
    QCOMPARE(small.waves, 1);
    QCOMPARE(small.remainder, 0);
    QCOMPARE(BatchWaves::plan(4, 100, 90, 20).maxBatch, 0);  // no room for one sequence
    QCOMPARE(BatchWaves::plan(4, 100, 90, 20).waves, 0);
}

void TestTextGeneration::tensorParallelDividesWeights_data() {
    QTest::addColumn<QString>("id");
    QTest::addColumn<int>("devices");
    QTest::newRow("gpt2-1.5b x4") << "gpt2-1.5b" << 4;
    QTest::newRow("gpt2-345m x4") << "gpt2-345m" << 4;
    QTest::newRow("llama-2-7b x2") << "llama-2-7b" << 2;
    QTest::newRow("llama-2-70b x8") << "llama-2-70b" << 8;
    QTest::newRow("opt-66b x8") << "opt-66b" << 8;
}

void TestTextGeneration::tensorParallelDividesWeights() {
    QFETCH(QString, id);
    QFETCH(int, devices);
    const TransformerConfig &c = model(id);
    const double whole = residentWeightBytes(buildDecodeStep(c, workload(1, 8), 8, 1));
    const double share = residentWeightBytes(buildDecodeStep(c, workload(1, 8), 8, devices));
    // Only the small norm vectors are replicated on every device.
    QVERIFY2(qAbs(share * devices / whole - 1.0) < 0.005,
             qPrintable(QString::number(share * devices / whole)));
}

void TestTextGeneration::megatronHasTwoAllReducesPerLayer() {
    const TransformerConfig &c = model(QStringLiteral("gpt2-1.5b"));
    const std::vector<WorkloadOp> step = buildDecodeStep(c, workload(1, 64), 64, 4);
    int allReduces = 0;
    int allGathers = 0;
    for (const WorkloadOp &o : step) {
        if (o.kind != WorkloadOpKind::Collective)
            continue;
        QCOMPARE(o.participants, 4);
        if (o.collective == CollectivePattern::AllReduce) {
            ++allReduces;
            QCOMPARE(o.collectiveBytes, 1600.0 * 2);  // one d_model FP16 vector per token
        } else if (o.collective == CollectivePattern::AllGather) {
            ++allGathers;
        }
    }
    QCOMPARE(allReduces, 2 * c.layers + 1);  // + the vocabulary-parallel embedding
    QCOMPARE(allGathers, 1);                 // the logits
    for (const WorkloadOp &o : buildDecodeStep(c, workload(1, 64), 64, 1))
        QVERIFY(o.kind != WorkloadOpKind::Collective);
}

void TestTextGeneration::prefillIsOneBigPassOverThePrompt() {
    const TransformerConfig &c = model(QStringLiteral("opt-1.3b"));
    const std::vector<WorkloadOp> prefill = buildPrefill(c, workload(2, 128), 1);
    const WorkloadOp &qkv = find(prefill, "qkv", 3);
    QCOMPARE(qkv.rows, 256.0);
    QCOMPARE(qkv.flops, 2.0 * 256 * 2048 * 3 * 2048);
    // Logits only for the last position of each sequence.
    QCOMPARE(find(prefill, "lm_head", -1).rows, 2.0);
    // The prompt's score matrix is prompt × prompt per head.
    QCOMPARE(find(prefill, "attn_score", 0).flops, 2.0 * 2 * 32 * 128 * 128 * 64);
}

void TestTextGeneration::multiTokenStepChecksSeveralPositionsAtOnce() {
    const TransformerConfig &c = model(QStringLiteral("llama-3-8b"));
    const std::vector<WorkloadOp> one = buildDecodeStep(c, workload(1, 64), 100, 1);
    const std::vector<WorkloadOp> six = buildMultiTokenStep(c, workload(1, 64), 6, 100, 1);
    // The weights stream once for all six positions; matmul FLOPs grow sixfold.
    QCOMPARE(residentWeightBytes(six), residentWeightBytes(one));
    QCOMPARE(find(six, "ffn_up", 5).flops, 6 * find(one, "ffn_up", 5).flops);
    QCOMPARE(find(six, "ffn_up", 5).bytes - find(one, "ffn_up", 5).bytes, 5.0 * (4096 + 2 * 14336) * 2);
    // Every new position gets logits (speculative verification needs them all).
    QCOMPARE(find(six, "lm_head", -1).rows, 6.0);
    QCOMPARE(find(six, "attn_score", 0).flops, 6 * find(one, "attn_score", 0).flops);
    QVERIFY_THROWS_EXCEPTION(InputError, buildMultiTokenStep(c, workload(1, 64), 6, 5, 1));
}

void TestTextGeneration::compressedWeightsShrinkOnlyLinearWeights() {
    const TransformerConfig &c = model(QStringLiteral("llama-3-8b"));
    const std::vector<WorkloadOp> full = buildDecodeStep(c, workload(1, 64), 100, 1);
    const std::vector<WorkloadOp> small = buildDecodeStep(c, workload(1, 64), 100, 1, 4.0);
    // At the activation width (16 bits) the compressed builders give the plain passes.
    QCOMPARE(residentWeightBytes(buildDecodeStep(c, workload(1, 64), 100, 1, 16.0)), residentWeightBytes(full));
    QCOMPARE(find(buildPrefill(c, workload(1, 64), 1, 16.0), "attn_out", 2).bytes, find(buildPrefill(c, workload(1, 64), 1), "attn_out", 2).bytes);
    QCOMPARE(find(small, "qkv", 0).weightBytes, find(full, "qkv", 0).weightBytes / 4);
    QCOMPARE(find(small, "lm_head", -1).weightBytes, find(full, "lm_head", -1).weightBytes / 4);
    QCOMPARE(find(small, "embedding", -1).weightBytes, find(full, "embedding", -1).weightBytes);
    QCOMPARE(find(small, "attn_score", 3).bytes, find(full, "attn_score", 3).bytes);
    QCOMPARE(find(full, "qkv", 0).bytes - find(small, "qkv", 0).bytes,
             find(full, "qkv", 0).weightBytes - find(small, "qkv", 0).weightBytes);
    QVERIFY_THROWS_EXCEPTION(InputError, buildDecodeStep(c, workload(1, 64), 100, 1, 65.0));
}

void TestTextGeneration::unsplittableConfigurationsAreRejected() {
    QVERIFY_THROWS_EXCEPTION(InputError,
                             buildDecodeStep(model(QStringLiteral("gpt2-xl")), workload(1, 8), 8, 4));
    QVERIFY_THROWS_EXCEPTION(InputError,
                             buildPrefill(model(QStringLiteral("llama-2-7b")), workload(1, 8), 0));
    QVERIFY_THROWS_EXCEPTION(InputError,
                             buildPrefill(model(QStringLiteral("llama-2-7b")), workload(0, 8), 1));
    QVERIFY_THROWS_EXCEPTION(InputError,
                             buildDecodeStep(model(QStringLiteral("llama-2-7b")), workload(1, 8), 0, 1));
    // Llama-2-70B's 8 KV heads are replicated, not split, across 16 devices.
    const std::vector<WorkloadOp> wide =
        buildDecodeStep(model(QStringLiteral("llama-2-70b")), workload(1, 8), 8, 16);
    QCOMPARE(find(wide, "qkv", 0).weightBytes, 8192.0 * (512 + 2 * 128) * 2);
    QVERIFY_THROWS_EXCEPTION(InputError,
                             buildDecodeStep(model(QStringLiteral("mistral-7b")), workload(1, 8), 8, 32 * 3));
}

QTEST_GUILESS_MAIN(TestTextGeneration)
#include "tst_textgeneration.moc"
