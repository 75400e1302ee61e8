// Sparse attention kernels: top-k masks (exact counts, ties to the lower column), recall of a
// prediction against exact scores, softmax thresholding, and softmax over kept entries against the dense softmax.
#include <QtTest>

#include <random>

#include "core/kernels/normalization.h"
#include "core/kernels/sparseattention.h"
#include "tests/support/randommatrix.h"

using namespace accelscope;
using namespace accelscope::kernels;

class TestSparseAttention : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void topKKeepsTheLargestWithTiesToTheLowerColumn() {
        MatrixF s(2, 4);
        s << 1, 3, 3, 2,  //
            0, 0, 0, 0;
        const MaskU8 m = topKPerRow(s, 2);
        QCOMPARE(int(m(0, 1)) + int(m(0, 2)), 2);
        QCOMPARE(int(m(1, 0)) + int(m(1, 1)), 2);
        QCOMPARE(int(m.cast<int>().sum()), 4);
        QCOMPARE(int(topKPerRow(s, 9).cast<int>().sum()), 8);  // clamped to the row
        // Every row of a random matrix: exactly k kept, and each kept entry beats each dropped one.
        const MatrixF r = test::gaussianMatrix(16, 32, 5);
        const MaskU8 k = topKPerRow(r, 7);
        for (int i = 0; i < 16; ++i) {
            QCOMPARE(int(k.row(i).cast<int>().sum()), 7);
            float lowestKept = 1e9f, highestDropped = -1e9f;
            for (int j = 0; j < 32; ++j)
                (k(i, j) ? lowestKept : highestDropped) =
                    k(i, j) ? std::min(lowestKept, r(i, j)) : std::max(highestDropped, r(i, j));
            QVERIFY(lowestKept >= highestDropped);
        }
    }

    void recallIsOneForTheExactMaskAndAboutKOverNForARandomOne() {
        const MatrixF exact = test::gaussianMatrix(64, 64, 6);
        QCOMPARE(topKRecall(topKPerRow(exact, 16), exact, 16), 1.0);
        const double random = topKRecall(topKPerRow(test::gaussianMatrix(64, 64, 7), 16), exact, 16);
        QVERIFY2(random > 0.15 && random < 0.35, qPrintable(QString::number(random)));
    }

    void maskedSoftmaxMatchesTheDenseOneAndZeroesTheRest() {
        const MatrixF s = test::gaussianMatrix(8, 12, 8);
        const MatrixF dense = softmaxRows(s);
        QVERIFY((maskedSoftmaxRows(s, MaskU8::Ones(8, 12)) - dense).cwiseAbs().maxCoeff() < 1e-6f);
        const MaskU8 mask = topKPerRow(s, 3);
        const MatrixF p = maskedSoftmaxRows(s, mask);
        for (int i = 0; i < 8; ++i) {
            QVERIFY(std::abs(p.row(i).sum() - 1.0f) < 1e-6f);
            for (int j = 0; j < 12; ++j)
                if (!mask(i, j))
                    QCOMPARE(p(i, j), 0.0f);
        }
        QCOMPARE(maskedSoftmaxRows(s, MaskU8::Zero(8, 12)).cwiseAbs().sum(), 0.0f);
    }

    void thresholdMaskKeepsExactlyTheProbabilitiesAtOrAboveIt() {
        const MatrixF p = softmaxRows(test::gaussianMatrix(10, 16, 3) * 2.0f);
        QVERIFY(probabilityThresholdMask(p, 0.0) == MaskU8::Ones(10, 16));
        for (const double threshold : {0.01, 1.0 / 16, 0.2}) {
            const MaskU8 m = probabilityThresholdMask(p, threshold);
            for (int i = 0; i < 10; ++i) {
                int kept = 0;
                for (int j = 0; j < 16; ++j) {
                    QCOMPARE(m(i, j) == 1, double(p(i, j)) >= float(threshold));
                    kept += m(i, j);
                }
                if (threshold <= 1.0 / 16)  // the row's largest probability is at least 1/16
                    QVERIFY(kept >= 1);
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestSparseAttention)
#include "tst_sparseattention.moc"
