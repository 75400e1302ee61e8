// Masked diffusion (inpainting): seeded masks reach their target share with every shape kind,
// the RePaint-style loop ends with the known region exactly equal to the source while the masked
// region is generated, and the op graph adds the per-step blend and counts the masked tokens.

#include <QtTest>

#include <cmath>

#include "core/api/errors.h"
#include "core/workloads/denoisingpipeline.h"
#include "core/workloads/diffusion.h"
#include "core/workloads/inpaintingmask.h"
#include "tests/support/errorof.h"

using namespace accelscope;
using namespace accelscope::kernels;

namespace {

DenoisingSpec smallSpec() {
    DenoisingSpec spec;
    spec.content.height = spec.content.width = 32;
    spec.network.blocks = 2;
    spec.steps = 10;
    return spec;
}

}  // namespace

class TestInpainting : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void masksReachTheirShare() {
        for (MaskShape shape : {MaskShape::Rectangle, MaskShape::Ellipse, MaskShape::Brush})
            for (double target : {0.1, 0.3, 0.6})
                for (std::uint64_t seed : {1u, 2u, 3u}) {
                    InpaintingMaskSpec spec;
                    spec.shapes = {shape};
                    spec.maskedFraction = target;
                    const InpaintingMask mask = inpaintingMask(spec, seed);
                    QVERIFY2(mask.fraction() >= target && mask.fraction() <= target + spec.tolerance + 1e-12,
                             qPrintable(QStringLiteral("%1 %2: %3").arg(toString(shape)).arg(target).arg(mask.fraction())));
                    QCOMPARE(inpaintingMask(spec, seed).masked, mask.masked);
                }
        InpaintingMaskSpec spec;
        const InpaintingMask mask = inpaintingMask(spec, 9);
        // A token is masked when any of its 2x2 positions is.
        const std::vector<bool> tokens = mask.tokens(2);
        for (int ty = 0; ty < 32; ++ty)
            for (int tx = 0; tx < 32; ++tx)
                QCOMPARE(bool(tokens[static_cast<std::size_t>(ty * 32 + tx)]),
                         mask.at(2 * ty, 2 * tx) || mask.at(2 * ty + 1, 2 * tx) || mask.at(2 * ty, 2 * tx + 1) ||
                             mask.at(2 * ty + 1, 2 * tx + 1));
        spec.maskedFraction = 1.5;
        QVERIFY(test::errorOf([&] { inpaintingMask(spec, 1); }).contains(QStringLiteral("masked_fraction = 1.5; allowed 0 to 1")));
    }

    void knownRegionEndsAsTheSource() {
        const DenoisingPipeline pipeline(smallSpec(), 4);
        SyntheticLatentSpec sourceSpec = smallSpec().content;
        const Latent source = syntheticLatent(sourceSpec, 99);
        InpaintingMaskSpec maskSpec;
        maskSpec.height = maskSpec.width = 32;
        const InpaintingMask mask = inpaintingMask(maskSpec, 5);
        for (int repeats : {1, 2}) {
            const Latent out = pipeline.inpaint(source, mask, {}, repeats);
            double maskedChange = 0;
            for (int y = 0; y < 32; ++y)
                for (int x = 0; x < 32; ++x) {
                    const int row = out.row(0, y, x);
                    if (mask.at(y, x))
                        maskedChange += (out.values.row(row) - source.values.row(row)).squaredNorm();
                    else
                        QCOMPARE(out.values.row(row), source.values.row(row));
                }
            QVERIFY(out.values.allFinite());
            QVERIFY2(maskedChange > 1, qPrintable(QString::number(maskedChange)));  // generated, not copied
        }
        // Nothing masked: the source comes back.
        maskSpec.maskedFraction = 0;
        QCOMPARE(pipeline.inpaint(source, inpaintingMask(maskSpec, 5)).values, source.values);
        QVERIFY(test::errorOf([&] { pipeline.inpaint(syntheticLatent(SyntheticLatentSpec(), 1), mask); }).contains(QStringLiteral("source")));
    }

    void opGraphOfInpainting() {
        const DiffusionBackbone &dit = diffusionBackbone(QStringLiteral("dit-xl-2"));
        DiffusionWorkload plain;
        plain.height = plain.width = 512;
        DiffusionWorkload masked = plain;
        masked.maskedFraction = 0.3;
        const std::vector<WorkloadOp> a = buildDenoisingStep(dit, plain), b = buildDenoisingStep(dit, masked);
        // The backbone is unchanged: every op of the plain step, then the blend over 64x64x4 values.
        QCOMPARE(b.size(), a.size() + 1);
        for (std::size_t i = 0; i < a.size(); ++i)
            QVERIFY(a[i].name == b[i].name && a[i].flops == b[i].flops);
        QCOMPARE(b.back().name, QStringLiteral("inpaint_blend"));
        QCOMPARE(b.back().flops, 4.0 * 64 * 64 * 4);
        QCOMPARE(diffusionTokens(dit, masked).maskedTokens, 307);  // round(0.3 x 1024)
        masked.maskedFraction = -0.1;
        QVERIFY(test::errorOf([&] { diffusionTokens(dit, masked); }).contains(QStringLiteral("masked_fraction = -0.1")));
    }
};

QTEST_APPLESS_MAIN(TestInpainting)
#include "tst_inpainting.moc"
