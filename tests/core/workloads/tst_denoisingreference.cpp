// DenoisingReference: the recorded unreduced run is the pipeline's own run, its block outputs
// chain into the next block, and token errors are each row's distance.

#include <QtTest>

#include <cmath>

#include "core/workloads/denoisingreference.h"
#include "tests/support/errorof.h"

using namespace accelscope;

class TestDenoisingReference : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void recordsTheUnreducedRun() {
        DenoisingSpec spec;
        spec.steps = 3;
        spec.content.frames = 2;
        spec.content.height = spec.content.width = 8;
        spec.network.blocks = 2;
        const DenoisingPipeline pipeline(spec, 5);
        const DenoisingReference reference(pipeline);
        QVERIFY(reference.result().values == pipeline.run().values);
        std::vector<kernels::Latent> latents;
        pipeline.run({}, [&](int, const kernels::Latent &x) { latents.push_back(x); });
        for (int s = 0; s < 3; ++s)
            QVERIFY(reference.latentAfter(s).values == latents[std::size_t(s)].values);
        // Block 1's output at step 2 is what block 1 makes of block 0's output (same modulation).
        const kernels::MatrixF &b0 = reference.blockOutput(2, 0);
        const kernels::MatrixF &b1 = reference.blockOutput(2, 1);
        QCOMPARE(b0.rows(), kernels::MatrixF::Index(pipeline.tokens()));
        const kernels::DitNetwork &net = pipeline.network();
        const kernels::Modulation m =
            net.block(1).modulation(net.conditioning(pipeline.sampler().timestep(2)));
        QVERIFY(net.block(1).forward(b0, m) == b1);
        QCOMPARE(reference.attentionOutput(2, 1).cols(), kernels::MatrixF::Index(spec.network.hidden));
        // The plain runner measures as identical; a perturbed one as worse at every step.
        const MeasuredRun same = reference.measure({});
        QCOMPARE(same.mse, 0.0);
        QVERIFY(std::isinf(same.psnrDb) && same.stepPsnrDb.size() == 3 && std::isinf(same.stepPsnrDb[2]));
        const MeasuredRun noisy = reference.measure([](const kernels::BlockCall &call) {
            return kernels::MatrixF(call.block->forward(*call.x, *call.modulation).array() + 0.01f);
        });
        QVERIFY(noisy.mse > 0 && std::isfinite(noisy.psnrDb));
        QCOMPARE(noisy.mse, kernels::meanSquaredError(noisy.result, reference.result()));
    }

    void tokenErrorsAreRowDistances() {
        kernels::MatrixF a(2, 2), b(2, 2);
        a << 3, 4, 1, 1;
        b << 0, 0, 1, 1;
        QCOMPARE(tokenErrors(a, b), (std::vector<float>{5.0f, 0.0f}));
        QVERIFY(test::errorOf([&] {
                    tokenErrors(a, kernels::MatrixF(3, 2));
                }).contains(QStringLiteral("shapes")));
    }
};

QTEST_GUILESS_MAIN(TestDenoisingReference)
#include "tst_denoisingreference.moc"
