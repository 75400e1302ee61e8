// Claims: point values with a relative tolerance, ranges, and non-finite model values.
#include <QtTest>

#include <cmath>
#include <limits>

#include "core/api/claim.h"

using namespace accelscope;

class TestClaim : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void pointValue_data() {
        QTest::addColumn<double>("model");
        QTest::addColumn<bool>("pass");
        QTest::addColumn<double>("error");
        QTest::newRow("exact") << 5.58 << true << 0.0;
        QTest::newRow("inside +20%") << 6.6 << true << (6.6 - 5.58) / 5.58;
        QTest::newRow("outside -20%") << 4.4 << false << (4.4 - 5.58) / 5.58;
        QTest::newRow("far") << 1.0 << false << (1.0 - 5.58) / 5.58;
    }
    void pointValue() {
        QFETCH(double, model);
        QFETCH(bool, pass);
        QFETCH(double, error);
        Claim claim;
        claim.paperValue = 5.58;
        const ClaimResult r = judge(claim, model);
        QCOMPARE(r.pass, pass);
        QVERIFY(std::fabs(r.relativeError - error) < 1e-12);
    }

    void range() {
        Claim claim;
        claim.rangeLow = 1.14;
        claim.rangeHigh = 1.38;
        QVERIFY(judge(claim, 1.2).pass);
        QCOMPARE(judge(claim, 1.2).relativeError, 0.0);
        QVERIFY(!judge(claim, 1.5).pass);
        QVERIFY(judge(claim, 1.5).relativeError > 0);
        QVERIFY(!judge(claim, 1.0).pass);
        QVERIFY(judge(claim, 1.0).relativeError < 0);
    }

    void nonFiniteNeverPasses() {
        Claim claim;
        claim.paperValue = 2;
        QVERIFY(!judge(claim, std::numeric_limits<double>::quiet_NaN()).pass);
        QVERIFY(!judge(claim, std::numeric_limits<double>::infinity()).pass);
    }
};

QTEST_GUILESS_MAIN(TestClaim)
#include "tst_claim.moc"
