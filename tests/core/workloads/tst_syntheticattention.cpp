// Synthetic attention layers: shapes, determinism, and the properties eviction relies on (a
// sink that draws attention with a small value, heads that differ in concentration).
#include <QtTest>

#include "core/api/errors.h"
#include "core/kernels/attention.h"
#include "core/workloads/syntheticattention.h"
#include "tests/support/errorof.h"

using namespace accelscope;
using kernels::MatrixF;

class TestSyntheticAttention : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void shapesAndDeterminism() {
        SyntheticAttentionSpec spec;
        spec.tokens = 64;
        spec.heads = 8;
        spec.kvHeads = 2;
        spec.headDim = 16;
        spec.outputWidth = 24;
        const SyntheticAttentionLayer a = syntheticAttentionLayer(spec, 1, 3), b = syntheticAttentionLayer(spec, 1, 3);
        QCOMPARE(a.keys.size(), std::size_t{2});
        QCOMPARE(a.windowQueries.size(), std::size_t{8});
        QCOMPARE(a.outputProjection[5].rows(), 16);
        QCOMPARE(a.outputProjection[5].cols(), 24);
        QCOMPARE(a.laterQueries[0].rows(), spec.laterQueries);
        QVERIFY(a.keys[1] == b.keys[1] && a.windowQueries[7] == b.windowQueries[7]);
        QVERIFY(a.keys[1] != syntheticAttentionLayer(spec, 1, 4).keys[1]);
        QCOMPARE(spec.kvHeadOf(3), 0);
        QCOMPARE(spec.kvHeadOf(4), 1);
    }

    void theSinkDrawsAttentionAndCarriesLittleValue() {
        SyntheticAttentionSpec spec;
        spec.tokens = 256;
        const SyntheticAttentionLayer layer = syntheticAttentionLayer(spec, 2, 0);
        double sinkMass = 0, sinkValue = 0, typicalValue = 0;
        for (int h = 0; h < spec.heads; ++h) {
            MatrixF p;
            const auto g = static_cast<std::size_t>(spec.kvHeadOf(h));
            kernels::attentionHead(layer.laterQueries[static_cast<std::size_t>(h)], layer.keys[g], layer.values[g], -1, &p);
            sinkMass += p.col(0).mean() / spec.heads;
        }
        for (const MatrixF &v : layer.values) {
            sinkValue += v.row(0).norm();
            typicalValue += v.rowwise().norm().mean();
        }
        QVERIFY2(sinkMass > 20.0 / spec.tokens, qPrintable(QString::number(sinkMass)));  // far above uniform
        QVERIFY(sinkValue < 0.3 * typicalValue);
    }

    void badSpecIsNamed() {
        SyntheticAttentionSpec spec;
        spec.kvHeads = 5;
        QVERIFY(test::errorOf([&] { spec.validate(); }).contains(QStringLiteral("kv_heads")));
    }
};

QTEST_GUILESS_MAIN(TestSyntheticAttention)
#include "tst_syntheticattention.moc"
