// EXION's functional track on a small seeded pipeline: with no sparse iterations and no
// prediction the run is the dense run bit for bit; FFN-Reuse and prediction cost quality in
// proportion to what they skip; the predictor finds the exact top-k far better than chance; and
// ConMerge never lowers utilization.
#include <QtTest>

#include <cmath>

#include "functional/exionfunctional.h"

using namespace accelscope;
using namespace accelscope::exion;

namespace {

FunctionalSettings small() {
    FunctionalSettings s;
    s.latentSize = 16;  // 8 x 8 tokens
    s.steps = 8;
    return s;
}

ExionAlgorithm algorithm(bool ffnReuse, int interval, double threshold, bool prediction, double keep) {
    ExionAlgorithm a;
    a.ffnReuse = ffnReuse;
    a.denseInterval = interval;
    a.ffnThreshold = threshold;
    a.prediction = prediction;
    a.attentionKeep = keep;
    a.compaction.tileRows = a.compaction.tileCols = 16;
    return a;
}

}  // namespace

class TestExionFunctional : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void noSparseIterationIsTheDenseRunBitForBit() {
        const ExionFunctional f(small(), algorithm(true, 1, 0.5, false, 1.0), 3);
        QCOMPARE(f.mse(), 0.0);
        QVERIFY(std::isinf(f.psnrDb()));
        QVERIFY(f.result().values == f.reference().values);
        for (const StepRecord &r : f.steps()) {
            QVERIFY(r.dense);
            QCOMPARE(r.ffn().density(), 1.0);
            QCOMPARE(r.attention().density(), 1.0);
        }
        // Keeping every key needs no prediction: the attention stays dense.
        const ExionFunctional all(small(), algorithm(false, 1, 0.5, true, 1.0), 3);
        QVERIFY(all.psnrDb() > 100);
    }

    void ffnReuseSkipsMostEntriesAndAHigherThresholdSkipsMore() {
        const ExionFunctional low(small(), algorithm(true, 4, 0.3, false, 1.0), 3);
        const ExionFunctional high(small(), algorithm(true, 4, 1.0, false, 1.0), 3);
        QVERIFY(low.steps()[0].dense && !low.steps()[1].dense && low.steps()[4].dense);
        const double lowDensity = low.steps()[1].ffn().density(),
                     highDensity = high.steps()[1].ffn().density();
        QVERIFY2(highDensity < lowDensity,
                 qPrintable(QStringLiteral("%1 %2").arg(highDensity).arg(lowDensity)));
        QVERIFY(highDensity < 0.4);  // most GELU outputs are small
        QVERIFY(low.mse() > 0);
        QVERIFY2(low.psnrDb() > high.psnrDb(),
                 qPrintable(QStringLiteral("%1 %2").arg(low.psnrDb()).arg(high.psnrDb())));
        QVERIFY(high.psnrDb() > 20);
        // The mask is set by the dense iteration and held through its sparse ones.
        QVERIFY(low.views()[1].ffnMask[0] == low.views()[3].ffnMask[0]);
        QVERIFY(!(low.views()[3].ffnMask[0] == low.views()[4].ffnMask[0]));
    }

    void predictionFindsTheExactTopKAndLessKeptCostsMore() {
        const ExionFunctional half(small(), algorithm(false, 1, 0.5, true, 0.5), 5);
        const ExionFunctional quarter(small(), algorithm(false, 1, 0.5, true, 0.25), 5);
        const double recall = quarter.steps()[2].recall();
        QVERIFY2(recall > 0.6, qPrintable(QString::number(recall)));  // chance would be 0.25
        QVERIFY(std::abs(quarter.steps()[2].attention().density() - 0.25) < 1e-9);
        QVERIFY(half.psnrDb() > quarter.psnrDb());
        QVERIFY(quarter.psnrDb() > 20);
        // One leading one predicts worse than two.
        ExionAlgorithm one = algorithm(false, 1, 0.5, true, 0.25);
        one.predictorTerms = 1;
        QVERIFY(ExionFunctional(small(), one, 5).steps()[2].recall() < recall);
        QVERIFY(quarter.steps()[2].blocks[0].scoreAdds > 0);
    }

    void conMergeNeverLowersUtilization() {
        const ExionFunctional f(small(), algorithm(true, 4, 0.7, true, 0.25), 7);
        const StepRecord &sparse = f.steps()[2];
        for (const CompactionCounts &c : {sparse.ffn(), sparse.attention()}) {
            QVERIFY(c.utilizationAfter() >= c.utilizationBefore());
            QVERIFY(c.passShare(true) <= c.passShare(false));
            QVERIFY(c.passShare(true) < 1.0);
        }
        QVERIFY(!f.views()[2].ffnConMerge.group.slots.empty());
        QCOMPARE(f.views()[2].attentionCheck.size(), std::size_t(64 * 64));
    }
};

QTEST_GUILESS_MAIN(TestExionFunctional)
#include "tst_exionfunctional.moc"
