// Pruning masks: Wanda's score and per-output grouping against a direct computation, exact
// counts, and per-row top-k magnitude groups.
#include <QtTest>

#include <algorithm>
#include <random>

#include "core/kernels/pruning.h"
#include "core/kernels/random.h"

using namespace accelscope::kernels;

class TestPruning : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void wandaKeepsTheHighestScoresOfEachOutput() {
        std::mt19937_64 generator(2);
        const MatrixF w = randomNormalFp16(40, 12, generator, 0.02f);
        const MatrixF x = randomNormalFp16(16, 40, generator, 1.0f);
        VectorF norms = columnL2Norms(x);
        norms(3) *= 50.0f;  // an outlier feature: its weights survive even when small
        const MaskU8 mask = wandaMask(w, norms, 0.4);
        for (Eigen::Index out = 0; out < w.cols(); ++out) {
            QCOMPARE(int(mask.col(out).cast<int>().sum()), 24);
            float lowestKept = 1e30f, highestPruned = -1.0f;
            for (Eigen::Index in = 0; in < w.rows(); ++in) {
                // Direct score: |W| · ||X_j||_2 with the norm recomputed by a loop.
                double sq = 0;
                for (Eigen::Index t = 0; t < x.rows(); ++t)
                    sq += double(x(t, in)) * x(t, in);
                const float score = std::abs(w(in, out)) * float(std::sqrt(sq)) * (in == 3 ? 50.0f : 1.0f);
                if (mask(in, out))
                    lowestKept = std::min(lowestKept, score);
                else
                    highestPruned = std::max(highestPruned, score);
            }
            QVERIFY(lowestKept >= highestPruned * (1.0f - 1e-5f));
            QVERIFY(w(3, out) == 0.0f || mask(3, out));
        }
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, wandaMask(w, VectorF::Ones(5), 0.4));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, wandaMask(w, norms, 1.5));
    }

    void topMagnitudePerRowAndGroup() {
        MatrixF v(2, 6);
        v << 0.1f, -5.0f, 0.2f, 3.0f, -0.5f, 0.5f,  //
            1.0f, 1.0f, 1.0f, 0.0f, 0.0f, -2.0f;
        const MaskU8 mask = topMagnitudeMask(v, 3, 1.0 / 3.0);  // keep 2 of every 3
        MaskU8 expected(2, 6);
        expected << 0, 1, 1, 1, 1, 0,  // ties (-0.5, 0.5) go to the lower index
            1, 1, 0, 1, 0, 1;
        QVERIFY(mask == expected);
        const MatrixF kept = applyMask(v, mask);
        QCOMPARE(kept(0, 0), 0.0f);
        QCOMPARE(kept(0, 1), -5.0f);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, applyMask(v, MaskU8::Ones(1, 6)));
    }
};

QTEST_GUILESS_MAIN(TestPruning)
#include "tst_pruning.moc"
