// ModelParallelDecoder: DFX's head-wise / column-wise split over D cores with ring all-gathers
// computes the same decoder layers as the single-device reference.
#include <QtTest>

#include "tests/support/tinygpt2.h"

#include "core/kernels/random.h"

#include "core/kernels/gpt2.h"
#include "functional/modelparalleldecoder.h"

using namespace accelscope;
using namespace accelscope::kernels;

namespace {
TransformerConfig tinyGpt2() {
    return test::tinyGpt2(64);
}

}  // namespace

class TestModelParallelDecoder : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void partitionedEqualsSingleDevice_data() {
        QTest::addColumn<int>("devices");
        for (int d : {1, 2, 4, 8})
            QTest::addRow("D=%d", d) << d;
    }

    // Both versions round to FP16 at the same points and use the same LUT GELU; they differ
    // only in float32 summation order inside the matmuls (a column block is a different GEMM),
    // which can flip an FP16 rounding of an intermediate by one ulp (2^-11 relative). Through two
    // layers (LayerNorm renormalises, residuals add) that stays within a few output ulps, so the
    // bound is 8 FP16 ulps of the largest output: 8 · 2^-11 · max|ref|, about 0.4 %.
    // (With this Eigen build the split happens to be bit-identical: measured error 0.)
    void partitionedEqualsSingleDevice() {
        QFETCH(int, devices);
        const TransformerConfig config = tinyGpt2();
        const Gpt2Weights weights = Gpt2Weights::random(config, 2, 2024);
        std::mt19937_64 generator(99);

        std::vector<Gpt2DecoderLayer> reference;
        std::vector<KvCache> caches;
        std::vector<dfx::ModelParallelDecoder> partitioned;
        for (const Gpt2LayerWeights &layer : weights.layers) {
            reference.emplace_back(layer, config, GeluMode::Lut);
            caches.push_back(reference.back().emptyCache());
            partitioned.emplace_back(layer, config, devices, GeluMode::Lut);
        }

        const int prompt = 12, generated = 6;
        for (int step = 0; step <= generated; ++step) {
            MatrixF x = randomNormalFp16(step == 0 ? prompt : 1, config.dModel, generator);
            MatrixF y = x;
            MatrixF refScores, parScores;
            for (std::size_t l = 0; l < reference.size(); ++l) {
                x = reference[l].forward(x, caches[l], l == 0 ? &refScores : nullptr);
                y = partitioned[l].forward(y, l == 0 ? &parScores : nullptr);
            }
            const float bound = 8.0f * std::ldexp(1.0f, -11) * x.cwiseAbs().maxCoeff();
            const float error = (x - y).cwiseAbs().maxCoeff();
            QVERIFY2(
                error <= bound,
                qPrintable(QStringLiteral("step %1: error %2 > bound %3").arg(step).arg(error).arg(bound)));
            // Head 0 lives on core 0, so its attention map is the reference's.
            QVERIFY((refScores - parScores).cwiseAbs().maxCoeff() <= 2e-3f);
        }
        for (const dfx::ModelParallelDecoder &layer : partitioned) {
            QCOMPARE(layer.replicaMismatch(), 0.0f);
            QCOMPARE(layer.synchronizations(),
                     dfx::ModelParallelDecoder::kSynchronizationsPerLayer * (generated + 1));
            QCOMPARE(layer.hops(), qint64(layer.synchronizations()) * devices * (devices - 1));
            // Each core caches only its own heads.
            QCOMPARE(layer.cache(devices - 1).heads(), config.heads / devices);
            QCOMPARE(layer.cache(0).length(), prompt + generated);
        }
    }

    void allowedDeviceCountsFollowDivisibility() {
        TransformerConfig c = tinyGpt2();
        QCOMPARE(dfx::ModelParallelDecoder::allowedDeviceCounts(c, 8), (std::vector<int>{1, 2, 4, 8}));
        c.heads = 20;
        c.dModel = 1280;
        c.ffn = 5120;  // GPT-2 774M
        QCOMPARE(dfx::ModelParallelDecoder::allowedDeviceCounts(c, 8), (std::vector<int>{1, 2, 4, 5}));
    }
};

QTEST_GUILESS_MAIN(TestModelParallelDecoder)
#include "tst_modelparalleldecoder.moc"
