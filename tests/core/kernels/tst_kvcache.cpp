// KvCache + causalAttention: incremental decoding with a cache equals recomputing from scratch.
#include <random>

#include <QtTest>

#include "core/kernels/random.h"

#include "core/kernels/attention.h"

using namespace accelscope::kernels;

class TestKvCache : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void cachedDecodingEqualsRecomputation() {
        const int heads = 3, headDim = 16, prompt = 7, generated = 5, total = prompt + generated;
        std::mt19937_64 generator(42);
        const MatrixF q = randomNormalFp16(total, heads * headDim, generator);
        const MatrixF k = randomNormalFp16(total, heads * headDim, generator);
        const MatrixF v = randomNormalFp16(total, heads * headDim, generator);

        KvCache full(heads, headDim);
        full.append(k, v);
        const MatrixF reference = causalAttention(q, full);

        KvCache cache(heads, headDim);
        cache.append(k.topRows(prompt), v.topRows(prompt));
        MatrixF incremental(total, heads * headDim);
        incremental.topRows(prompt) = causalAttention(q.topRows(prompt), cache);
        for (int t = prompt; t < total; ++t) {
            cache.append(k.middleRows(t, 1), v.middleRows(t, 1));
            incremental.middleRows(t, 1) = causalAttention(q.middleRows(t, 1), cache);
        }
        QCOMPARE(cache.length(), total);
        QCOMPARE(cache.bytes(), qint64(2) * heads * total * headDim * 2);
        QVERIFY((incremental - reference).cwiseAbs().maxCoeff() <= 1e-6f);
    }

    void causalMaskHidesTheFuture() {
        const int headDim = 8, tokens = 6;
        std::mt19937_64 generator(7);
        const MatrixF q = randomNormalFp16(tokens, headDim, generator);
        const MatrixF k = randomNormalFp16(tokens, headDim, generator);
        const MatrixF v = randomNormalFp16(tokens, headDim, generator);
        KvCache cache(1, headDim);
        cache.append(k, v);
        MatrixF scores;
        causalAttentionHead(q, cache, 0, &scores);
        for (int i = 0; i < tokens; ++i) {
            QVERIFY(std::fabs(scores.row(i).sum() - 1.0f) < 4e-3f);  // FP16-rounded probabilities
            for (int j = i + 1; j < tokens; ++j)
                QCOMPARE(scores(i, j), 0.0f);
        }
        QCOMPARE(scores(0, 0), 1.0f);  // the first token sees only itself
    }
};

QTEST_GUILESS_MAIN(TestKvCache)
#include "tst_kvcache.moc"
