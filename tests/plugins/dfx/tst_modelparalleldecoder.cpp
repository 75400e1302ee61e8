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

    // The check above is only meaningful if a wrong partition fails it. Each fault is injected
    // into a copy of the weights as its exact equivalent, so the production decoder runs it:
    //  - sync 1 assembling the heads in the wrong core order: the context's column blocks are
    //    rotated, i.e. the projection's row blocks are;
    //  - sync 3 assembling the FFN hidden vector in the wrong order: FC2's row blocks rotated;
    //  - a wrong head split: each core pairs its queries with the next core's keys and values.
    void wrongPartitionIsCaught_data() {
        QTest::addColumn<QString>("fault");
        for (const char *fault : {"sync1 order", "sync3 order", "head split"})
            QTest::newRow(fault) << QString::fromLatin1(fault);
    }
    void wrongPartitionIsCaught() {
        QFETCH(QString, fault);
        const int devices = 4;
        const TransformerConfig config = tinyGpt2();
        const Gpt2Weights weights = Gpt2Weights::random(config, 1, 2024);
        Gpt2LayerWeights faulty = weights.layers[0];
        const auto rotateRowBlocks = [&](MatrixF &m) {
            const Eigen::Index block = m.rows() / devices;
            MatrixF rotated(m.rows(), m.cols());
            for (int d = 0; d < devices; ++d)
                rotated.middleRows(d * block, block) = m.middleRows(((d + 1) % devices) * block, block);
            m = rotated;
        };
        const auto rotateColumnBlocks = [&](MatrixF &m, RowVectorF &bias) {
            const Eigen::Index block = m.cols() / devices;
            MatrixF rotated(m.rows(), m.cols());
            RowVectorF rotatedBias(bias.size());
            for (int d = 0; d < devices; ++d) {
                rotated.middleCols(d * block, block) = m.middleCols(((d + 1) % devices) * block, block);
                rotatedBias.segment(d * block, block) = bias.segment(((d + 1) % devices) * block, block);
            }
            m = rotated;
            bias = rotatedBias;
        };
        if (fault == QStringLiteral("sync1 order")) {
            rotateRowBlocks(faulty.projection);
        } else if (fault == QStringLiteral("sync3 order")) {
            rotateRowBlocks(faulty.fc2);
        } else {
            rotateColumnBlocks(faulty.key, faulty.keyBias);
            rotateColumnBlocks(faulty.value, faulty.valueBias);
        }
        Gpt2DecoderLayer reference(weights.layers[0], config, GeluMode::Lut);
        KvCache cache = reference.emptyCache();
        dfx::ModelParallelDecoder wrong(faulty, config, devices, GeluMode::Lut);
        std::mt19937_64 generator(99);
        float worstRatio = 0;
        for (int step = 0; step < 3; ++step) {
            const MatrixF x = randomNormalFp16(step == 0 ? 12 : 1, config.dModel, generator);
            const MatrixF expected = reference.forward(x, cache);
            const MatrixF got = wrong.forward(x);
            const float bound = 8.0f * std::ldexp(1.0f, -11) * expected.cwiseAbs().maxCoeff();
            worstRatio = std::max(worstRatio, (expected - got).cwiseAbs().maxCoeff() / bound);
        }
        // Far outside the rounding bound the correct split must meet.
        QVERIFY2(worstRatio > 10.0f, qPrintable(QString::number(worstRatio)));
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
