// LutGelu: the piece-wise linear GELU of DFX's special function unit.
#include <cmath>
#include <limits>

#include <QtTest>

#include "core/kernels/gelu.h"

using accelscope::kernels::LutGelu;

namespace {
// Independent double-precision GELU (tanh form) for reference.
double gelu(double x) {
    return 0.5 * x * (1.0 + std::tanh(std::sqrt(2.0 / M_PI) * (x + 0.044715 * x * x * x)));
}
double secondDerivative(double x) {
    const double h = 1e-4;
    return (gelu(x + h) - 2.0 * gelu(x) + gelu(x - h)) / (h * h);
}
}  // namespace

class TestLutGelu : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void errorInsideTableIsBoundedByInterpolationTheory() {
        const LutGelu lut;  // 2048 points over [-8, 8]
        QCOMPARE(lut.points(), 2048);
        const double h = 16.0 / 2047.0;
        QCOMPARE(lut.spacing(), h);
        double maxCurvature = 0;
        for (double x = -8.0; x <= 8.0; x += 1e-3)
            maxCurvature = std::max(maxCurvature, std::fabs(secondDerivative(x)));
        QVERIFY(maxCurvature > 0.75 && maxCurvature < 0.85);  // GELU'' peaks near 0.8 at x = 0
        // Linear interpolation between exact samples errs by at most h²/8 · max|f''|; the FP32
        // table and arithmetic add a few float ulps of the value.
        const double interpolationBound = h * h / 8.0 * maxCurvature;
        const double eps = std::numeric_limits<float>::epsilon();
        double maxError = 0;
        for (int i = 0; i <= 400000; ++i) {
            const double x = -8.0 + 16.0 * i / 400000.0;
            const double error = std::fabs(lut(static_cast<float>(x)) - gelu(static_cast<float>(x)));
            QVERIFY2(error <= interpolationBound + 8.0 * eps * std::max(1.0, std::fabs(x)),
                     qPrintable(QStringLiteral("x = %1, error %2").arg(x).arg(error)));
            maxError = std::max(maxError, error);
        }
        // The bound is nearly reached near x = 0, where the curvature is largest: the table
        // really has 2048 points, not more.
        QVERIFY(maxError > 0.5 * interpolationBound);
        QVERIFY(maxError < 1e-5);
    }

    void outsideTableFollowsAsymptotes() {
        const LutGelu lut;
        QCOMPARE(lut(-8.5f), 0.0f);
        QCOMPARE(lut(-1000.0f), 0.0f);
        QCOMPARE(lut(8.5f), 8.5f);
        QCOMPARE(lut(300.0f), 300.0f);
        // Continuous at the table's ends to within GELU's own distance from its asymptotes.
        QVERIFY(std::fabs(lut(7.9999f) - 7.9999f) < 1e-5);
        QVERIFY(std::fabs(lut(-7.9999f)) < 1e-5);
    }
};

QTEST_GUILESS_MAIN(TestLutGelu)
#include "tst_lutgelu.moc"
