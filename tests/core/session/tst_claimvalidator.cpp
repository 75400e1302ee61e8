#include <cmath>

#include <QTemporaryDir>
#include <QTest>

#include "core/registry/pluginerror.h"
#include "core/registry/pluginregistry.h"
#include "core/session/claimvalidator.h"
#include "core/store/runstore.h"

using namespace accelscope;

class TestClaimValidator : public QObject {
    Q_OBJECT

private:
    PluginRegistry registry_{QStringList{QStringLiteral(ACCELSCOPE_FIXTURE_PLUGIN_DIR)}};

private Q_SLOTS:
    void aggregates_data() {
        QTest::addColumn<int>("how");
        QTest::addColumn<std::vector<double>>("values");
        QTest::addColumn<double>("expected");  // NaN: no meaningful value
        const double nan = std::numeric_limits<double>::quiet_NaN();
        QTest::newRow("single") << int(Aggregate::Single) << std::vector<double>{3.5} << 3.5;
        QTest::newRow("single of two") << int(Aggregate::Single) << std::vector<double>{1, 2} << nan;
        QTest::newRow("mean") << int(Aggregate::Mean) << std::vector<double>{1, 2, 6} << 3.0;
        QTest::newRow("geomean") << int(Aggregate::GeoMean) << std::vector<double>{2, 8} << 4.0;
        QTest::newRow("geomean of zero") << int(Aggregate::GeoMean) << std::vector<double>{0, 8} << nan;
        QTest::newRow("max") << int(Aggregate::Max) << std::vector<double>{1, 7, 3} << 7.0;
        QTest::newRow("min") << int(Aggregate::Min) << std::vector<double>{4, 7, 3} << 3.0;
        QTest::newRow("empty") << int(Aggregate::Mean) << std::vector<double>{} << nan;
    }

    void aggregates() {
        QFETCH(int, how);
        QFETCH(std::vector<double>, values);
        QFETCH(double, expected);
        const double value = aggregate(static_cast<Aggregate>(how), values);
        if (std::isnan(expected))
            QVERIFY(std::isnan(value));
        else
            QCOMPARE(value, expected);
    }

    void passesAndHonestlyFails() {
        const QString id = QStringLiteral("testaccel");
        const ClaimValidation v = validateClaims(registry_.info(id), registry_.plugin(id));
        QCOMPARE(v.results.size(), std::size_t{2});
        QCOMPARE(v.runs.size(), std::size_t{2});  // paper and small, each run once
        QVERIFY(!v.allPass());

        const ClaimResult &tiles = v.results[0];
        QCOMPARE(tiles.claim.id, QStringLiteral("tile_count"));
        QCOMPARE(tiles.modelValue, 64.0);
        QVERIFY(tiles.pass);

        // Per tile: 8 KiB of operands over 25.6 GB/s (320 ns), 78 cycles at 200 MHz (390 ns),
        // 512 B written back (20 ns): the array is busy 390/730 of the paper run; the small
        // run: 1 KiB (40 ns), 22 cycles (110 ns), 128 B (5 ns): 110/155.
        const ClaimResult &busy = v.results[1];
        QCOMPARE(busy.claim.id, QStringLiteral("array_busy"));
        const double expected = (100.0 * 390 / 730 + 100.0 * 110 / 155) / 2;
        QVERIFY2(std::fabs(busy.modelValue - expected) < 1e-6, qPrintable(QString::number(busy.modelValue)));
        QVERIFY(!busy.pass);
        QVERIFY(busy.relativeError < 0);
        QVERIFY2(busy.detail.startsWith(QStringLiteral("mean of paper: ")), qPrintable(busy.detail));
        QVERIFY2(busy.detail.contains(QStringLiteral("small: ")), qPrintable(busy.detail));
    }

    void recordsRunsAndClaimsWhenAsked() {
        QTemporaryDir dir;
        ValidationOptions options;
        options.sessionPath = dir.filePath(QStringLiteral("claims.ascope"));
        const QString id = QStringLiteral("testaccel");
        const ClaimValidation v = validateClaims(registry_.info(id), registry_.plugin(id), options);
        const RunStore store(options.sessionPath, RunStore::Mode::ReadOnly);
        QCOMPARE(store.runs().size(), std::size_t{2});
        // Both claims start from the paper preset, so both are stored with its run.
        QCOMPARE(v.runs[0].preset, QStringLiteral("paper"));
        const RunRecord paper = store.loadRun(v.runs[0].runId);
        QCOMPARE(paper.claims.size(), std::size_t{2});
        QCOMPARE(paper.claims[0].claim.id, QStringLiteral("tile_count"));
        QVERIFY(paper.claims[0].pass);
        QCOMPARE(paper.claims[1].modelValue, v.results[1].modelValue);
        QVERIFY(!paper.claims[1].pass);
        QVERIFY(store.loadRun(v.runs[1].runId).claims.empty());
    }

    void failingRunNamesThePlugin() {
        const QString id = QStringLiteral("throwing");
        try {
            validateClaims(registry_.info(id), registry_.plugin(id));
            QFAIL("a failing run must throw PluginError");
        } catch (const PluginError &e) {
            QCOMPARE(e.pluginId(), id);
            QVERIFY2(e.message().contains(QStringLiteral("simulated fault")), qPrintable(e.message()));
            QVERIFY2(e.message().contains(QStringLiteral("preset 'paper'")), qPrintable(e.message()));
        }
    }
};

QTEST_GUILESS_MAIN(TestClaimValidator)
#include "tst_claimvalidator.moc"
