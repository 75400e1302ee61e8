// The ViT encoder's op graph: SigLIP-L/16-384's parameters and FLOPs from its dimensions, linear
// in the frames, and bad sizes rejected with the field named.
#include <QtTest>

#include "core/workloads/textgeneration.h"
#include "core/workloads/visionencoder.h"
#include "tests/support/errorof.h"

using namespace accelscope;

class TestVisionEncoder : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void siglipLargeHasItsParametersAndFlops() {
        const VisionEncoderConfig c = VisionEncoderConfig::siglipLarge384();
        const std::vector<WorkloadOp> ops = buildVisionEncoder(c, 1, 2);
        const double d = 1024, f = 4096;
        // Per layer: QKV, output (with biases), MLP (with biases), two LayerNorms (scale and shift).
        const double layer = (3 * d * d + 3 * d) + (d * d + d) + (d * f + f) + (f * d + d) + 4 * d;
        const double encoder = 24 * layer + (768 * d + d) + 576 * d;
        const double connector = (d * 4096 + 4096) + (4096.0 * 4096 + 4096);
        QCOMPARE(residentWeightBytes(ops), 2.0 * (encoder + connector));
        QVERIFY(encoder > 300e6 && encoder < 310e6);  // SigLIP-L: about 0.3 B parameters
        double linearFlops = 0, attentionFlops = 0;
        for (const WorkloadOp &o : ops) {
            if (o.kind == WorkloadOpKind::Matmul && o.layer >= 0 && o.layer < 24)
                linearFlops += o.flops;
            if (o.kind == WorkloadOpKind::Attention)
                attentionFlops += o.flops;
        }
        QCOMPARE(linearFlops, 2.0 * 576 * 24 * (4 * d * d + 2 * d * f));
        QCOMPARE(attentionFlops, 24 * 2 * (2.0 * 16 * 576 * 576 * 64));
    }

    void workScalesWithFramesButWeightsDoNot() {
        const VisionEncoderConfig c = VisionEncoderConfig::siglipLarge384();
        const auto total = [](const std::vector<WorkloadOp> &ops) {
            double flops = 0;
            for (const WorkloadOp &o : ops)
                flops += o.flops;
            return flops;
        };
        const auto one = buildVisionEncoder(c, 1), four = buildVisionEncoder(c, 4);
        QCOMPARE(total(four), 4 * total(one));
        QCOMPARE(residentWeightBytes(four), residentWeightBytes(one));
    }

    void rejectsBadSizes() {
        VisionEncoderConfig c = VisionEncoderConfig::siglipLarge384();
        c.heads = 5;
        QVERIFY(test::errorOf([&] { buildVisionEncoder(c, 1); }).contains(QStringLiteral("heads")));
        QVERIFY(test::errorOf([&] {
                    buildVisionEncoder(VisionEncoderConfig::siglipLarge384(), 0);
                }).contains(QStringLiteral("frames")));
    }
};

QTEST_GUILESS_MAIN(TestVisionEncoder)
#include "tst_visionencoder.moc"
