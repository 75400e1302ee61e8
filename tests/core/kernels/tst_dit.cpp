// The seeded DiT: attention probabilities are row-stochastic and match a naive per-element
// softmax; the block's stages compose to forward(); running a block through a merge plan that
// merges nothing gives the plain block exactly, and a real plan changes it; a merged branch
// equals the branch computed on the merged rows; weights and outputs follow the seed.

#include <QtTest>

#include <cmath>
#include <random>

#include "core/api/errors.h"
#include "core/kernels/dit.h"
#include "tests/support/errorof.h"
#include "tests/support/randommatrix.h"

using namespace accelscope;
using namespace accelscope::kernels;

namespace {

DitConfig smallConfig() {
    DitConfig c;
    c.hidden = 32;
    c.heads = 4;
    c.blocks = 2;
    c.patch = 2;
    c.channels = 4;
    return c;
}

}  // namespace

class TestDit : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void attentionRowsAreSoftmaxOfScaledDotProducts() {
        const DitNetwork net(smallConfig(), 5);
        const DitBlock &block = net.block(0);
        const MatrixF x = test::gaussianMatrix(24, 32, 1);
        BlockIntermediates seen;
        block.forward(x, block.modulation(net.conditioning(500)), {}, &seen);
        QCOMPARE(int(seen.attentionProbabilities.size()), 4);
        const MatrixF h = DitBlock::modulate(x, block.modulation(net.conditioning(500)).shiftAttention,
                                             block.modulation(net.conditioning(500)).scaleAttention);
        const DitBlock::Qkv qkv = block.qkv(h);
        for (int head = 0; head < 4; ++head) {
            const MatrixF &p = seen.attentionProbabilities[static_cast<std::size_t>(head)];
            for (int i = 0; i < p.rows(); ++i) {
                QVERIFY(std::abs(p.row(i).sum() - 1.0f) < 1e-5f);
                QVERIFY(p.row(i).minCoeff() >= 0);
            }
            // Entry (1, 7) by hand: exp(q·k / sqrt(8)) normalized over the row.
            double denominator = 0, numerator = 0;
            for (int j = 0; j < 24; ++j) {
                const double s = std::exp(double(qkv.q.row(1).segment(head * 8, 8).dot(qkv.k.row(j).segment(head * 8, 8))) / std::sqrt(8.0));
                denominator += s;
                if (j == 7)
                    numerator = s;
            }
            QVERIFY(std::abs(p(1, 7) - numerator / denominator) < 1e-5);
        }
    }

    void stagesComposeToForward() {
        const DitNetwork net(smallConfig(), 9);
        const DitBlock &block = net.block(1);
        const Modulation m = block.modulation(net.conditioning(120));
        const MatrixF x = test::gaussianMatrix(16, 32, 2);
        BlockIntermediates seen;
        const MatrixF out = block.forward(x, m, {}, &seen);
        const MatrixF afterAttention =
            DitBlock::gatedResidual(x, m.gateAttention, block.attention(DitBlock::modulate(x, m.shiftAttention, m.scaleAttention)));
        const MatrixF pre = block.mlpPreActivation(DitBlock::modulate(afterAttention, m.shiftMlp, m.scaleMlp));
        QVERIFY((pre - seen.mlpPreActivation).cwiseAbs().maxCoeff() < 1e-5f);
        QVERIFY((block.mlpFromPreActivation(pre) - seen.mlpOutput).cwiseAbs().maxCoeff() < 1e-5f);
        QVERIFY((DitBlock::gatedResidual(afterAttention, m.gateMlp, seen.mlpOutput) - out).cwiseAbs().maxCoeff() < 1e-5f);
        QCOMPARE(seen.output, out);
        // The gates are small but not zero: the block changes its input, but not wholesale.
        const double change = (out - x).norm() / x.norm();
        QVERIFY2(change > 0.05 && change < 2.0, qPrintable(QString::number(change)));
    }

    void mergingNothingIsThePlainBlock() {
        const DitNetwork net(smallConfig(), 3);
        const DitBlock &block = net.block(0);
        const Modulation m = block.modulation(net.conditioning(700));
        const MatrixF x = test::gaussianMatrix(36, 32, 4);
        const TokenMergePlan none(std::vector<int>(36, -1));
        BlockReduction reduction;
        reduction.attention = &none;
        reduction.mlp = &none;
        QCOMPARE(block.forward(x, m, reduction), block.forward(x, m));

        // A real plan: the merged attention branch is the branch on the merged rows, copied back.
        const TokenMergePlan plan = randomGridMatching(x, 6, 6, 2, 2, 12, 11);
        BlockReduction merged;
        merged.attention = &plan;
        merged.proportionalAttention = false;
        BlockIntermediates seen;
        const MatrixF out = block.forward(x, m, merged, &seen);
        QVERIFY((out - block.forward(x, m)).norm() > 1e-3f);
        const MatrixF h = DitBlock::modulate(x, m.shiftAttention, m.scaleAttention);
        QVERIFY((seen.attentionOutput - plan.unmerge(block.attention(plan.merge(h)))).cwiseAbs().maxCoeff() < 1e-5f);
        QCOMPARE(seen.attentionProbabilities.front().rows(), Eigen::Index(plan.reducedTokens()));
    }

    void proportionalAttentionAddsLogSizes() {
        const DitNetwork net(smallConfig(), 3);
        const DitBlock &block = net.block(0);
        const MatrixF h = test::gaussianMatrix(10, 32, 8);
        const DitBlock::Qkv qkv = block.qkv(h);
        std::vector<float> sizes(10, 1.0f);
        QCOMPARE(block.attentionScores(qkv, 2, sizes), block.attentionScores(qkv, 2));
        sizes[3] = 4.0f;
        const MatrixF diff = block.attentionScores(qkv, 2, sizes) - block.attentionScores(qkv, 2);
        QVERIFY(std::abs(diff(5, 3) - std::log(4.0f)) < 1e-5f && std::abs(diff(5, 4)) < 1e-6f);
    }

    void networkFollowsItsSeed() {
        const DitConfig config = smallConfig();
        const MatrixF patches = test::gaussianMatrix(3 * 4 * 4, 16, 6);
        const DitNetwork a(config, 42), b(config, 42), c(config, 43);
        const MatrixF outA = a.forward(patches, 3, 4, 4, 250);
        QCOMPARE(outA.rows(), Eigen::Index(48));
        QCOMPARE(outA.cols(), Eigen::Index(16));
        QCOMPARE(b.forward(patches, 3, 4, 4, 250), outA);
        QVERIFY((c.forward(patches, 3, 4, 4, 250) - outA).norm() > 1e-3f);
        // The timestep matters.
        QVERIFY((a.forward(patches, 3, 4, 4, 900) - outA).norm() > 1e-4f);
        // A runner sees every block in order and may replace it.
        std::vector<int> seen;
        const MatrixF viaRunner = a.forward(patches, 3, 4, 4, 250, 7, [&](const BlockCall &call) {
            seen.push_back(call.blockIndex);
            if (call.step != 7 || call.timestep != 250 || call.frames != 3 || call.gridHeight != 4)
                return MatrixF();
            return call.block->forward(*call.x, *call.modulation);
        });
        QCOMPARE(seen, (std::vector<int>{0, 1}));
        QCOMPARE(viaRunner, outA);
    }

    void badConfigIsNamed() {
        DitConfig c = smallConfig();
        c.heads = 5;
        QVERIFY(test::errorOf([&] { DitNetwork(c, 1); }).contains(QStringLiteral("heads = 5; must divide hidden (32)")));
        c = smallConfig();
        c.mlpRatio = 0;
        QVERIFY(test::errorOf([&] { DitNetwork(c, 1); }).contains(QStringLiteral("mlp_ratio = 0; allowed 0.25 to 16")));
    }
};

QTEST_APPLESS_MAIN(TestDit)
#include "tst_dit.moc"
