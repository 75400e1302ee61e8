// SimHash: signatures against explicit dot products bit by bit, Hamming distance and nearest
// signature against brute force, and the property SimHash rests on: two vectors at angle θ differ
// in a share θ/π of the bits.
#include <QtTest>

#include <cmath>
#include <numbers>

#include "core/kernels/random.h"
#include "core/kernels/simhash.h"

using namespace accelscope::kernels;

class TestSimHash : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void signaturesAreTheSignsOfExplicitDotProducts() {
        std::mt19937_64 g(7);
        const MatrixF planes = randomHyperplanes(16, 32, g);
        const MatrixF rows = randomNormalFp16(50, 16, g);
        const std::vector<HashBits> bits = simHash(rows, planes);
        for (int r = 0; r < rows.rows(); ++r) {
            HashBits expected = 0;
            for (int i = 0; i < 32; ++i) {
                double dot = 0;
                for (int k = 0; k < 16; ++k)
                    dot += double(rows(r, k)) * planes(k, i);
                if (dot > 0)
                    expected |= HashBits{1} << i;
            }
            QCOMPARE(bits[static_cast<std::size_t>(r)], expected);
            QCOMPARE(simHash(RowVectorF(rows.row(r)), planes), expected);
        }
        // The sign, not the size, decides: a scaled row hashes the same, a negated one to the complement.
        const RowVectorF row = rows.row(3);
        QCOMPARE(simHash(RowVectorF(row * 5.0f), planes), bits[3]);
        QCOMPARE(simHash(RowVectorF(-row), planes), ~bits[3] & 0xFFFFFFFFULL);
    }

    void hammingAndNearestMatchBruteForce() {
        std::mt19937_64 g(11);
        std::vector<HashBits> candidates;
        for (int i = 0; i < 200; ++i)
            candidates.push_back(g() & 0xFFFFFFFFULL);
        for (int q = 0; q < 50; ++q) {
            const HashBits query = g() & 0xFFFFFFFFULL;
            int bestIndex = -1, bestDistance = 1000;
            for (std::size_t i = 0; i < candidates.size(); ++i) {
                int d = 0;
                for (int b = 0; b < 64; ++b)
                    d += ((query >> b) & 1U) != ((candidates[i] >> b) & 1U);
                QCOMPARE(hammingDistance(query, candidates[i]), d);
                if (d < bestDistance) {
                    bestDistance = d;
                    bestIndex = static_cast<int>(i);
                }
            }
            const NearestSignature n = nearestSignature(query, candidates);
            QCOMPARE(n.index, bestIndex);
            QCOMPARE(n.distance, bestDistance);
        }
        QCOMPARE(nearestSignature(1, {}).index, -1);
    }

    void bitDisagreementEstimatesTheAngle() {
        std::mt19937_64 g(3);
        const int dim = 64;
        for (const double angle : {0.2, 0.8, 1.6, 2.6}) {
            RowVectorF a = RowVectorF::Zero(dim), b = RowVectorF::Zero(dim);
            a[0] = 1;
            b[0] = static_cast<float>(std::cos(angle));
            b[1] = static_cast<float>(std::sin(angle));
            double differing = 0;
            const int trials = 200;
            for (int t = 0; t < trials; ++t) {
                const MatrixF planes = randomHyperplanes(dim, 64, g);
                differing += hammingDistance(simHash(a, planes), simHash(b, planes));
            }
            const double share = differing / (trials * 64.0);
            QVERIFY2(std::abs(share - angle / std::numbers::pi) < 0.02,
                     qPrintable(QStringLiteral("angle %1: share %2").arg(angle).arg(share)));
        }
    }

    void rejectsBadShapes() {
        std::mt19937_64 g(1);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, randomHyperplanes(8, 65, g));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, randomHyperplanes(0, 8, g));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 simHash(MatrixF(MatrixF::Zero(2, 7)), randomHyperplanes(8, 8, g)));
    }
};

QTEST_GUILESS_MAIN(TestSimHash)
#include "tst_simhash.moc"
