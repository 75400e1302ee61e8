// Latent helpers: patchify against a direct index formula and its exact inverse; resampling
// keeps constants and means (area) and interpolates linear ramps exactly (bilinear); MSE and
// PSNR against their definitions.

#include <QtTest>

#include <cmath>
#include <random>

#include "core/api/errors.h"
#include "core/kernels/latent.h"
#include "tests/support/errorof.h"
#include "tests/support/randommatrix.h"

using namespace accelscope;
using namespace accelscope::kernels;

namespace {

Latent randomLatent(int frames, int h, int w, int c, std::uint64_t seed) {
    Latent l = Latent::zeros(frames, h, w, c);
    l.values = test::gaussianMatrix(l.values.rows(), c, seed);
    return l;
}

}  // namespace

class TestLatent : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void patchifyRoundTripIsExact() {
        const Latent l = randomLatent(3, 8, 12, 4, 7);
        const MatrixF tokens = patchify(l, 2);
        QCOMPARE(tokens.rows(), Eigen::Index(3 * 4 * 6));
        QCOMPARE(tokens.cols(), Eigen::Index(2 * 2 * 4));
        // Token (f, ty, tx), feature (py, px, c) is position (f, 2ty + py, 2tx + px), channel c.
        for (int f = 0; f < 3; ++f)
            for (int y = 0; y < 8; ++y)
                for (int x = 0; x < 12; ++x)
                    for (int c = 0; c < 4; ++c)
                        QCOMPARE(tokens((f * 4 + y / 2) * 6 + x / 2, ((y % 2) * 2 + x % 2) * 4 + c),
                                 l.values(l.row(f, y, x), c));
        const Latent back = unpatchify(tokens, 3, 8, 12, 4, 2);
        QVERIFY(back.sameShape(l));
        QCOMPARE(back.values, l.values);
        QVERIFY(test::errorOf([&] { patchify(l, 5); }).contains(QStringLiteral("patch = 5")));
    }

    void resampling() {
        const Latent l = randomLatent(2, 12, 12, 3, 3);
        // Area down by an integer factor: block means.
        const Latent small = resampleArea(l, 4, 6);
        double mean = 0;
        for (int y = 0; y < 3; ++y)
            for (int x = 0; x < 2; ++x)
                mean += l.values(l.row(1, 3 + y, 8 + x), 2);
        QVERIFY(std::abs(small.values(small.row(1, 1, 4), 2) - mean / 6) < 1e-5);
        // Fractional cells keep the overall mean.
        const Latent odd = resampleArea(l, 5, 7);
        QVERIFY(std::abs(odd.values.mean() - l.values.mean()) < 1e-5);
        // Bilinear up reproduces a linear ramp inside the grid.
        Latent ramp = Latent::zeros(1, 4, 4, 1);
        for (int y = 0; y < 4; ++y)
            for (int x = 0; x < 4; ++x)
                ramp.values(ramp.row(0, y, x), 0) = float(2 * x + 3 * y);
        const Latent up = resampleBilinear(ramp, 8, 8);
        // Output (y, x) sits at input (y / 2 − 0.25, x / 2 − 0.25); away from the clamped edges the ramp holds.
        for (int y = 1; y < 7; ++y)
            for (int x = 1; x < 7; ++x)
                QVERIFY(std::abs(up.values(up.row(0, y, x), 0) - (2 * (x / 2.0 - 0.25) + 3 * (y / 2.0 - 0.25))) < 1e-5);
        QCOMPARE(resample(l, 12, 12).values, l.values);
    }

    void msePsnr() {
        const Latent ref = randomLatent(1, 6, 6, 2, 1);
        Latent other = ref;
        QCOMPARE(meanSquaredError(other, ref), 0.0);
        QVERIFY(std::isinf(psnrDb(other, ref)));
        other.values.array() += 0.1f;
        QVERIFY(std::abs(meanSquaredError(other, ref) - 0.01) < 1e-7);
        const double range = double(ref.values.maxCoeff()) - ref.values.minCoeff();
        QVERIFY(std::abs(psnrDb(other, ref) - 10 * std::log10(range * range / meanSquaredError(other, ref))) < 1e-9);
        QVERIFY(test::errorOf([&] { meanSquaredError(randomLatent(1, 6, 5, 2, 1), ref); }).contains(QStringLiteral("must match")));
        // Reported: identical reads 100 dB, a finite value below it is kept.
        QCOMPARE(reportedPsnrDb(psnrDb(ref, ref)), 100.0);
        QCOMPARE(reportedPsnrDb(psnrDb(other, ref)), psnrDb(other, ref));
        QCOMPARE(reportedPsnrDb(140.0), 100.0);
    }
};

QTEST_APPLESS_MAIN(TestLatent)
#include "tst_latent.moc"
