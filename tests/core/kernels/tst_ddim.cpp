// Noise schedules against their closed forms and published values, timestep spacings against
// their definitions, and DDIM against its invariant: fed the true x0, every step lands exactly on
// the forward process's x_t with the same noise, and the last step returns x0.

#include <QtTest>

#include <cmath>
#include <random>

#include "core/api/errors.h"
#include "core/kernels/ddim.h"
#include "tests/support/errorof.h"
#include "tests/support/randommatrix.h"

using namespace accelscope;
using namespace accelscope::kernels;

class TestDdim : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void schedulesMatchTheirClosedForms() {
        const NoiseSchedule linear = NoiseSchedule::standard(BetaSchedule::Linear);
        const NoiseSchedule scaled = NoiseSchedule::standard(BetaSchedule::ScaledLinear);
        QCOMPARE(linear.trainSteps(), 1000);
        QVERIFY(std::abs(linear.beta(0) - 1e-4) < 1e-15 && std::abs(linear.beta(999) - 0.02) < 1e-15);
        QVERIFY(std::abs(std::sqrt(scaled.beta(500)) -
                         (std::sqrt(0.00085) + 500.0 / 999 * (std::sqrt(0.012) - std::sqrt(0.00085)))) < 1e-12);
        // ᾱ_t by a log-sum, independently of the running product.
        for (int t : {0, 1, 250, 999}) {
            double logSum = 0;
            for (int s = 0; s <= t; ++s)
                logSum += std::log1p(-linear.beta(s));
            QVERIFY(std::abs(linear.alphaBar(t) / std::exp(logSum) - 1) < 1e-9);
        }
        // Published end points: DDPM's linear schedule ends at ᾱ ≈ 4.04e-5, Stable Diffusion's
        // scaled-linear at ≈ 4.68e-3.
        QVERIFY2(std::abs(linear.alphaBar(999) / 4.04e-5 - 1) < 0.01, qPrintable(QString::number(linear.alphaBar(999))));
        QVERIFY2(std::abs(scaled.alphaBar(999) / 4.68e-3 - 1) < 0.01, qPrintable(QString::number(scaled.alphaBar(999))));
    }

    void timestepSpacings() {
        const NoiseSchedule s = NoiseSchedule::standard(BetaSchedule::ScaledLinear);
        QCOMPARE(s.timesteps(4, TimestepSpacing::Leading), (std::vector<int>{750, 500, 250, 0}));
        QCOMPARE(s.timesteps(4, TimestepSpacing::Trailing), (std::vector<int>{999, 749, 499, 249}));
        QCOMPARE(s.timesteps(4, TimestepSpacing::Linspace), (std::vector<int>{999, 666, 333, 0}));
        for (TimestepSpacing spacing : {TimestepSpacing::Leading, TimestepSpacing::Trailing, TimestepSpacing::Linspace}) {
            const std::vector<int> t = s.timesteps(50, spacing);
            QCOMPARE(int(t.size()), 50);
            QVERIFY(std::is_sorted(t.rbegin(), t.rend()) && std::adjacent_find(t.begin(), t.end()) == t.end());
        }
        QVERIFY(test::errorOf([&] { s.timesteps(0, TimestepSpacing::Leading); }).contains(QStringLiteral("steps = 0; allowed 1 to 1000")));
        QVERIFY(test::errorOf([] { NoiseSchedule(BetaSchedule::Linear, 1000, 0.0, 0.02); }).contains(QStringLiteral("beta_start")));
    }

    void exactPredictorRecoversX0() {
        const NoiseSchedule schedule = NoiseSchedule::standard(BetaSchedule::Linear);
        const MatrixF x0 = test::gaussianMatrix(64, 4, 1), noise = test::gaussianMatrix(64, 4, 2);
        for (TimestepSpacing spacing : {TimestepSpacing::Leading, TimestepSpacing::Trailing}) {
            const DdimSampler sampler(schedule, 25, spacing);
            MatrixF x = schedule.addNoise(x0, noise, sampler.timestep(0));
            for (int i = 0; i < sampler.steps(); ++i) {
                // The implied noise is the true noise, and the next x is the forward process's.
                QVERIFY((sampler.impliedNoise(i, x, x0) - noise).cwiseAbs().maxCoeff() < 2e-3f);
                x = sampler.step(i, x, x0);
                if (i + 1 < sampler.steps())
                    QVERIFY((x - schedule.addNoise(x0, noise, sampler.timestep(i + 1))).cwiseAbs().maxCoeff() < 1e-5f);
            }
            QCOMPARE(x, x0);
            // sample() runs the same loop.
            const MatrixF sampled = sampler.sample(schedule.addNoise(x0, noise, sampler.timestep(0)),
                                                   [&](int, int, const MatrixF &) { return x0; });
            QCOMPARE(sampled, x0);
        }
    }
};

QTEST_APPLESS_MAIN(TestDdim)
#include "tst_ddim.moc"
