// Two recorded runs side by side: both load from the session, the metrics table compares them,
// and the time offset lines run B up against run A on one axis, with the cursor and zoom shared.

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "tests/support/dfxrun.h"
#include "views/compare/comparewindow.h"
#include "views/compare/metricscomparemodel.h"
#include "views/compare/metricscompareview.h"
#include "views/state/viewstate.h"
#include "views/timeline/timelineview.h"

using namespace accelscope;

class TestCompareWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        const QString path = dir_.filePath(QStringLiteral("s.ascope"));
        RunStore store(path);
        shortRun_ = test::storeRun(store, test::shortDfxRun(2));
        longRun_ = test::storeRun(store, test::shortDfxRun(4));
    }

    void loadsBothRunsAndSharesTheAxis() {
        CompareWindow window(dir_.filePath(QStringLiteral("s.ascope")), shortRun_, longRun_);
        QSignalSpy loaded(&window, &CompareWindow::loaded);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(loaded.wait(60000));
        QVERIFY(window.isLoaded());
        QCOMPARE(window.first().record()->info.id, shortRun_);
        QCOMPARE(window.second().record()->info.id, longRun_);
        QVERIFY(window.second().endTime() > window.first().endTime());
        // The shared axis is long enough for the longer run.
        QVERIFY(window.first().viewport().end >= window.second().endTime());
        QCOMPARE(window.second().viewport(), window.first().viewport());

        // Zooming one timeline zooms the other.
        const TimeRange zoom{window.first().endTime() / 4, window.first().endTime() / 2};
        window.first().setViewport(zoom);
        QCOMPARE(window.second().viewport(), zoom);
    }

    void offsetShiftsRunBAndItsCursor() {
        CompareWindow window(dir_.filePath(QStringLiteral("s.ascope")), shortRun_, longRun_);
        QSignalSpy loaded(&window, &CompareWindow::loaded);
        window.resize(1200, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(loaded.wait(60000));
        const TimePs offset = window.first().endTime() - window.second().endTime();  // align the ends
        window.setOffset(offset);
        QCOMPARE(window.secondTimeline().timeOffset(), offset);

        // Run B's time t is drawn where run A's time t + offset is, also in pixels on screen (the
        // label columns are equally wide).
        const TimePs t = window.second().endTime() / 2;
        QCOMPARE(window.secondTimeline().labelColumnWidth(), window.firstTimeline().labelColumnWidth());
        QCOMPARE(window.secondTimeline().xOfTime(t), window.firstTimeline().xOfTime(t + offset));

        // The cursor moves both runs: B sits at A's time minus the offset, and back.
        const TimePs cursor = window.first().endTime() * 3 / 4;
        window.first().setCursor(cursor);
        QCOMPARE(window.second().cursor(), cursor - offset);
        window.second().setCursor(window.second().endTime());
        QCOMPARE(window.first().cursor(), window.second().endTime() + offset);
    }

    void metricsTableComparesTheRuns() {
        CompareWindow window(dir_.filePath(QStringLiteral("s.ascope")), shortRun_, longRun_);
        QSignalSpy loaded(&window, &CompareWindow::loaded);
        QVERIFY(loaded.wait(60000));
        MetricsCompareModel *model = window.metrics().model();
        QVERIFY(model != nullptr);
        QVERIFY(model->rowCount() > 0);
        QVERIFY(model->headerData(MetricsCompareModel::RunA, Qt::Horizontal).toString().contains(QString::number(shortRun_)));
    }

    void missingRunIsReported() {
        CompareWindow window(dir_.filePath(QStringLiteral("s.ascope")), shortRun_, 999);
        QSignalSpy failed(&window, &CompareWindow::failed);
        QVERIFY(failed.wait(60000));
        QVERIFY2(failed.at(0).at(0).toString().contains(QStringLiteral("999")), qPrintable(failed.at(0).at(0).toString()));
        QVERIFY(!window.isLoaded());
    }

private:
    QTemporaryDir dir_;
    RunId shortRun_ = 0;
    RunId longRun_ = 0;
};

QTEST_MAIN(TestCompareWindow)
#include "tst_comparewindow.moc"
