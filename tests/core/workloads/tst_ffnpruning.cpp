// FFN channel pruning in a text-generation op graph, and a pass split into its layers.
#include <QtTest>

#include <algorithm>

#include "core/api/errors.h"
#include "core/workloads/ffnpruning.h"
#include "core/workloads/passlayers.h"
#include "core/workloads/textgeneration.h"
#include "tests/support/errorof.h"

using namespace accelscope;

namespace {

const TransformerConfig &model(const char *id) {
    return ModelZoo::builtin().transformer(QLatin1String(id));
}

TextGenerationWorkload workload(int batch, int input) {
    TextGenerationWorkload w;
    w.batch = batch;
    w.inputTokens = input;
    w.outputTokens = 1;
    return w;
}

const WorkloadOp &find(const std::vector<WorkloadOp> &ops, const char *name, int layer) {
    for (const WorkloadOp &o : ops)
        if (o.name == QLatin1String(name) && o.layer == layer)
            return o;
    qFatal("op %s not found", name);
}

}  // namespace

class TestFfnPruning : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void prunedChannelsShrinkOnlyTheFfnTraffic() {
        const TransformerConfig &c = model("llama-2-7b");
        const TextGenerationWorkload w = workload(2, 8);
        const auto full = buildDecodeStep(c, w, 100, 1);
        auto part = full;
        pruneFfnChannels(part, c, w, 1, {0.75, 0.5});
        const double d = c.dModel, n = c.ffn;
        // Gate and up stream 3/4 of their rows and write 3/4 of the intermediate activations ...
        QCOMPARE(find(full, "ffn_up", 3).bytes - find(part, "ffn_up", 3).bytes,
                 0.25 * (2 * n * d + 2.0 * 2 * n) * 2);
        QCOMPARE(find(part, "ffn_up", 3).flops, 0.75 * find(full, "ffn_up", 3).flops);
        QCOMPARE(find(part, "ffn_act", 3).flops, 0.75 * find(full, "ffn_act", 3).flops);
        // ... the down projection half its columns ...
        QCOMPARE(find(full, "ffn_down", 3).bytes - find(part, "ffn_down", 3).bytes,
                 0.5 * (n * d + 2.0 * n) * 2);
        QCOMPARE(find(part, "ffn_down", 3).flops, 0.5 * find(full, "ffn_down", 3).flops);
        // ... every weight stays resident and attention is untouched.
        QCOMPARE(residentWeightBytes(full), residentWeightBytes(part));
        QCOMPARE(find(full, "qkv", 3).bytes, find(part, "qkv", 3).bytes);
        QCOMPARE(find(full, "attn_context", 3).bytes, find(part, "attn_context", 3).bytes);
        // A share of 1 leaves the pass as built, with tensor parallelism too.
        const auto split = buildDecodeStep(c, w, 100, 4);
        auto same = split;
        pruneFfnChannels(same, c, w, 4, {});
        for (std::size_t i = 0; i < split.size(); ++i)
            QCOMPARE(same[i].bytes, split[i].bytes);
    }

    void badSharesAndExpertsAreRejected() {
        const TextGenerationWorkload w = workload(1, 4);
        auto ops = buildDecodeStep(model("llama-2-7b"), w, 10, 1);
        QVERIFY(test::errorOf([&] {
                    pruneFfnChannels(ops, model("llama-2-7b"), w, 1, {1.0, 0.0});
                }).contains(QStringLiteral("FFN channel share")));
        auto moe = buildDecodeStep(model("mixtral-8x7b"), w, 10, 1);
        QVERIFY(test::errorOf([&] {
                    pruneFfnChannels(moe, model("mixtral-8x7b"), w, 1, {0.5, 0.5});
                }).contains(QStringLiteral("mixture of experts")));
    }

    void layerByLayerCoversThePassOnce() {
        const TransformerConfig &c = model("llama-2-7b");
        const auto pass = buildDecodeStep(c, workload(1, 4), 10, 2);
        std::size_t count = 0;
        for (int layer = 0; layer < c.layers; ++layer) {
            const auto ops = opsOfLayer(pass, layer, c.layers - 1);
            count += ops.size();
            if (layer == 0)
                QCOMPARE(ops.front().name, QStringLiteral("embedding"));
            if (layer == c.layers - 1)
                QCOMPARE(ops.back().name, QStringLiteral("logits_allgather"));
            if (layer == 5)
                QVERIFY(
                    std::all_of(ops.begin(), ops.end(), [](const WorkloadOp &o) { return o.layer == 5; }));
        }
        QCOMPARE(count, pass.size());
        QVERIFY(traceOpKind(find(pass, "ffn_up", 0)) == OpKind::Matrix);
        QVERIFY(traceOpKind(find(pass, "softmax", 0)) == OpKind::Special);
        QVERIFY(traceOpKind(find(pass, "ffn_allreduce", 0)) == OpKind::Transfer);
        QVERIFY(traceOpKind(find(pass, "ffn_norm", 0)) == OpKind::Vector);
    }
};

QTEST_GUILESS_MAIN(TestFfnPruning)
#include "tst_ffnpruning.moc"
