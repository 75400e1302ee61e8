// Synthetic latents have the structure real ones have (spatial correlation, edges, correlated
// channels, moving objects), and the denoising pipeline: the analytic part alone converges to
// the prior it is built on, a run is deterministic per seed, and ToMeSD merging inside the
// network costs quality that grows with the merge ratio.

#include <QtTest>

#include <cmath>

#include "core/api/errors.h"
#include "core/kernels/tokenmerge.h"
#include "core/workloads/denoisingpipeline.h"
#include "tests/support/errorof.h"

using namespace accelscope;
using namespace accelscope::kernels;

namespace {

// Correlation of channel c between positions (y, x) and (y, x + dx) over a frame.
double horizontalCorrelation(const Latent &l, int frame, int c, int dx) {
    double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
    int n = 0;
    for (int y = 0; y < l.height; ++y)
        for (int x = 0; x + dx < l.width; ++x) {
            const double a = l.values(l.row(frame, y, x), c), b = l.values(l.row(frame, y, x + dx), c);
            sa += a;
            sb += b;
            saa += a * a;
            sbb += b * b;
            sab += a * b;
            ++n;
        }
    const double cov = sab / n - sa / n * sb / n;
    return cov / std::sqrt((saa / n - sa / n * sa / n) * (sbb / n - sb / n * sb / n));
}

DenoisingSpec imageSpec() {
    DenoisingSpec spec;
    spec.content.height = spec.content.width = 32;  // 16 x 16 tokens (the README gives 32 x 32 timings)
    spec.network.blocks = 4;
    spec.steps = 20;
    return spec;
}

// ToMeSD in every block: metric = the block's input, one random destination per 2x2 cell, r = ratio · N.
BlockRunner tomeRunner(double ratio) {
    return [ratio](const BlockCall &call) {
        const int n = call.frames * call.gridHeight * call.gridWidth;
        const TokenMergePlan plan = randomGridMatching(*call.x, call.gridWidth, call.gridHeight, 2, 2,
                                                       static_cast<int>(n * ratio), 1000 * call.step + call.blockIndex);
        BlockReduction reduction;
        reduction.attention = &plan;
        return call.block->forward(*call.x, *call.modulation, reduction);
    };
}

}  // namespace

class TestDenoisingPipeline : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void syntheticLatentsAreStructured() {
        SyntheticLatentSpec spec;
        spec.frames = 4;
        spec.maxSpeed = 1.5;
        const Latent l = syntheticLatent(spec, 3);
        QCOMPARE(l.values.rows(), Eigen::Index(4 * 64 * 64));
        QCOMPARE(syntheticLatent(spec, 3).values, l.values);
        QVERIFY((syntheticLatent(spec, 4).values - l.values).norm() > 1);
        for (int c = 0; c < spec.channels; ++c) {
            // Unit scale, strong correlation between neighbours that fades with distance.
            QVERIFY(std::abs(l.values.col(c).norm() / std::sqrt(double(l.values.rows())) - 1) < 0.05);
            const double near = horizontalCorrelation(l, 0, c, 1), far = horizontalCorrelation(l, 0, c, 24);
            QVERIFY2(near > 0.9 && far < near - 0.2, qPrintable(QStringLiteral("%1 %2").arg(near).arg(far)));
        }
        // Edges: a small share of neighbour steps is far larger than the typical one.
        std::vector<float> steps;
        for (int y = 0; y < 64; ++y)
            for (int x = 0; x + 1 < 64; ++x)
                steps.push_back(std::abs(l.values(l.row(0, y, x + 1), 0) - l.values(l.row(0, y, x), 0)));
        std::sort(steps.begin(), steps.end());
        QVERIFY2(steps[steps.size() * 999 / 1000] > 8 * steps[steps.size() / 2], qPrintable(QString::number(steps.back())));
        // Channels are mixtures of one scene: some pairs strongly correlated.
        const MatrixF centred = l.values.rowwise() - l.values.colwise().mean();
        const MatrixF cov = centred.transpose() * centred / float(l.values.rows());
        double strongest = 0;
        for (int a = 0; a < 4; ++a)
            for (int b = a + 1; b < 4; ++b)
                strongest = std::max(strongest, std::abs(double(cov(a, b)) / std::sqrt(double(cov(a, a) * cov(b, b)))));
        QVERIFY2(strongest > 0.3, qPrintable(QString::number(strongest)));
        // Motion: neighbouring frames are similar but not equal, and drift apart over time.
        const auto frameDistance = [&](int a, int b) {
            return (l.values.middleRows(a * 4096, 4096) - l.values.middleRows(b * 4096, 4096)).norm() / 64.0;
        };
        QVERIFY2(frameDistance(0, 1) > 0.02 && frameDistance(0, 1) < 0.5 && frameDistance(0, 3) > frameDistance(0, 1),
                 qPrintable(QStringLiteral("%1 %2").arg(frameDistance(0, 1)).arg(frameDistance(0, 3))));
    }

    void analyticDenoiserConvergesToThePrior() {
        DenoisingSpec spec = imageSpec();
        spec.residualScale = 0;
        spec.priorStd = 0.05;
        const DenoisingPipeline pipeline(spec, 5);
        const Latent out = pipeline.run();
        // x0 ~ N(content, 0.05²): the sample stays within a few prior deviations of the content.
        const double rms = std::sqrt(meanSquaredError(out, pipeline.content()));
        QVERIFY2(rms < 0.1, qPrintable(QString::number(rms)));
        QVERIFY(psnrDb(out, pipeline.content()) > 30);
        QVERIFY(pipeline.dataSource().contains(QStringLiteral("synthetic")));
    }

    void runIsDeterministicPerSeed() {
        DenoisingSpec spec = imageSpec();
        spec.content.height = spec.content.width = 16;
        spec.steps = 5;
        const Latent a = DenoisingPipeline(spec, 1).run();
        QCOMPARE(DenoisingPipeline(spec, 1).run().values, a.values);
        QVERIFY((DenoisingPipeline(spec, 2).run().values - a.values).norm() > 1);
        // The network's residual is measurable against the analytic part alone.
        spec.residualScale = 0;
        const double share = std::sqrt(meanSquaredError(DenoisingPipeline(spec, 1).run(), a));
        QVERIFY2(share > 0.01, qPrintable(QString::number(share)));
    }

    void mergingCostsQualityThatGrowsWithTheRatio() {
        const DenoisingPipeline pipeline(imageSpec(), 7);
        const Latent reference = pipeline.run();
        QCOMPARE(pipeline.run(tomeRunner(0.0)).values, reference.values);  // nothing merged: identical
        double previous = std::numeric_limits<double>::infinity();
        QStringList seen;
        for (double ratio : {0.25, 0.5, 0.75}) {
            const double psnr = psnrDb(pipeline.run(tomeRunner(ratio)), reference);
            seen << QString::number(psnr, 'f', 2);
            QVERIFY2(std::isfinite(psnr) && psnr < previous - 0.5, qPrintable(seen.join(QStringLiteral(", "))));
            previous = psnr;
        }
        qInfo("ToMeSD PSNR at 25/50/75 %% merged: %s dB", qPrintable(seen.join(QStringLiteral(", "))));
    }

    void badSpecIsNamed() {
        DenoisingSpec spec = imageSpec();
        spec.content.width = 63;
        QVERIFY(test::errorOf([&] { DenoisingPipeline(spec, 1); }).contains(QStringLiteral("patch = 2; must divide")));
        spec = imageSpec();
        spec.steps = 0;
        QVERIFY(test::errorOf([&] { DenoisingPipeline(spec, 1); }).contains(QStringLiteral("steps = 0")));
        spec = imageSpec();
        spec.content.objects = -1;
        QVERIFY(test::errorOf([&] { DenoisingPipeline(spec, 1); }).contains(QStringLiteral("synthetic latent: objects = -1")));
    }
};

QTEST_APPLESS_MAIN(TestDenoisingPipeline)
#include "tst_denoisingpipeline.moc"
