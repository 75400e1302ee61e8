// ViewState: the cursor, markers, filters, viewport and session state every view shares, on a
// small hand-built trace (exact times) and on a short DFX run.
#include <QtTest>

#include <set>

#include <QJsonArray>
#include <QJsonDocument>

#include "tests/support/dfxrun.h"
#include "views/state/viewstate.h"

using namespace accelscope;

namespace {

// host > {fpga0 > core0 > {mpu, hbm}, fpga1 > core1 > mpu}
struct SmallRun {
    std::shared_ptr<RunRecord> record = std::make_shared<RunRecord>();
    Trace trace;
    UnitId host, fpga0, core0, mpu0, hbm0, fpga1, core1, mpu1;
    EventTypeId work0 = 0, work1 = 0;

    explicit SmallRun(TimePs offset = 0) {
        Topology &t = record->topology;
        host = t.addUnit(QStringLiteral("host"), UnitKind::Host);
        fpga0 = t.addUnit(QStringLiteral("fpga0"), UnitKind::Device, host);
        core0 = t.addUnit(QStringLiteral("core"), UnitKind::Core, fpga0);
        mpu0 = t.addUnit(QStringLiteral("MPU"), UnitKind::Compute, core0);
        hbm0 = t.addMemory(QStringLiteral("HBM"), core0, 4, 1024, 1e9);
        fpga1 = t.addUnit(QStringLiteral("fpga1"), UnitKind::Device, host);
        core1 = t.addUnit(QStringLiteral("core"), UnitKind::Core, fpga1);
        mpu1 = t.addUnit(QStringLiteral("MPU"), UnitKind::Compute, core1);
        record->info.id = 7;
        record->info.pluginId = QStringLiteral("small");
        work0 = trace.eventType(mpu0, OpKind::Matrix, QStringLiteral("gemv"));
        work1 = trace.eventType(mpu1, OpKind::Matrix, QStringLiteral("gemv"));
        // Level 0 steps end at 100, 250, 600; level 1 at 600. The trace ends at 1000.
        trace.appendEvent(work0, offset + 0, offset + 100);
        trace.marker(Marker{offset + 100, 0, 0, QStringLiteral("step 0")});
        trace.appendEvent(work1, offset + 100, offset + 250);
        trace.marker(Marker{offset + 250, 0, 1, QStringLiteral("step 1")});
        trace.appendEvent(work0, offset + 250, offset + 600);
        trace.marker(Marker{offset + 600, 0, 2, QStringLiteral("step 2")});
        trace.marker(Marker{offset + 600, 1, 0, QStringLiteral("block 0")});
        trace.appendEvent(work1, offset + 600, offset + 1000);
        trace.publish();
    }
    std::unique_ptr<TraceIndex> index() const { return std::make_unique<TraceIndex>(trace.snapshot()); }
};

QString text(TimeRange r) {
    return QStringLiteral("[%1, %2)").arg(r.begin).arg(r.end);
}

}  // namespace

class TestViewState : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void noRunIsHarmless() {
        ViewState state;
        QVERIFY(!state.hasRun());
        QCOMPARE(state.endTime(), TimePs{0});
        state.setCursor(500);
        QCOMPARE(state.cursor(), TimePs{0});
        state.cursorToNextMarker(0);
        state.filterToSubtree(3);
        QVERIFY(state.unitFilter().isEmpty());
        QVERIFY(state.topology().units().empty());
    }

    void setRunMovesCursorToEndAndFits() {
        SmallRun run;
        ViewState state;
        state.setSelection({1, 2});
        QSignalSpy runChanged(&state, &ViewState::runChanged);
        QSignalSpy cursorChanged(&state, &ViewState::cursorChanged);
        QSignalSpy viewportChanged(&state, &ViewState::viewportChanged);
        state.setRun(run.record, run.index());
        QVERIFY(state.hasRun());
        QCOMPARE(runChanged.count(), 1);
        QCOMPARE(state.cursor(), TimePs{1000});
        QCOMPARE(cursorChanged.count(), 1);
        QCOMPARE(cursorChanged.at(0).at(0).value<TimePs>(), TimePs{1000});
        QCOMPARE(text(state.viewport()), text({0, 1000}));
        QCOMPARE(viewportChanged.count(), 1);
        QVERIFY(state.selection().isEmpty());
        QCOMPARE(state.stepAtCursor(0), std::int64_t{3});
        QCOMPARE(state.stepAtCursor(1), std::int64_t{1});

        // A new run clears the filters and the selected unit.
        state.setSelectedUnit(run.mpu0);
        state.filterToSubtree(run.fpga0);
        state.setOpKindMask(1);
        SmallRun other;
        state.setRun(other.record, other.index());
        QCOMPARE(state.selectedUnit(), kNoUnit);
        QVERIFY(state.unitFilter().isEmpty());
        QCOMPARE(state.opKindMask(), ViewState::kAllOpKinds);
        state.clearRun();
        QVERIFY(!state.hasRun());
        QCOMPARE(state.cursor(), TimePs{0});
    }

    void setCursorClampsAndEmitsOnce() {
        SmallRun run;
        ViewState state;
        state.setRun(run.record, run.index());
        QSignalSpy spy(&state, &ViewState::cursorChanged);
        state.setCursor(400);
        QCOMPARE(state.cursor(), TimePs{400});
        QCOMPARE(spy.count(), 1);
        state.setCursor(400);
        QCOMPARE(spy.count(), 1);  // no change, no signal
        state.setCursor(-50);
        QCOMPARE(state.cursor(), TimePs{0});
        QCOMPARE(spy.count(), 2);
        state.setCursor(std::numeric_limits<TimePs>::max());
        QCOMPARE(state.cursor(), TimePs{1000});
        QCOMPARE(spy.count(), 3);
        QCOMPARE(spy.at(2).at(0).value<TimePs>(), TimePs{1000});
        state.setCursor(5000);
        QCOMPARE(spy.count(), 3);
    }

    void markerNavigationLandsOnMarkerTimes() {
        SmallRun run;
        ViewState state;
        state.setRun(run.record, run.index());
        state.setCursor(0);
        std::vector<TimePs> forward;
        for (int i = 0; i < 4; ++i) {
            state.cursorToNextMarker(0);
            forward.push_back(state.cursor());
        }
        QCOMPARE(forward, (std::vector<TimePs>{100, 250, 600, 1000}));  // the last: past the last marker
        std::vector<TimePs> back;
        for (int i = 0; i < 4; ++i) {
            state.cursorToPreviousMarker(0);
            back.push_back(state.cursor());
        }
        QCOMPARE(back, (std::vector<TimePs>{600, 250, 100, 0}));
        state.setCursor(300);  // between markers
        state.cursorToPreviousMarker(0);
        QCOMPARE(state.cursor(), TimePs{250});
        state.cursorToNextMarker(1);  // a coarser level skips the finer markers
        QCOMPARE(state.cursor(), TimePs{600});
        state.cursorToNextMarker(7);  // a level with no markers goes to the end
        QCOMPARE(state.cursor(), TimePs{1000});
    }

    void markerNavigationOnADfxRun() {
        const test::RecordedRun run = test::shortDfxRun(2);
        ViewState state;
        state.setRun(run.record, run.index());
        QVERIFY(state.index().levelCount() > 0);
        const auto &markers = state.index().snapshot().markers();
        // Stepping forward at every level visits exactly that level's distinct marker times.
        for (int level = 0; level < state.index().levelCount(); ++level) {
            std::set<TimePs> expected;
            for (const std::uint32_t m : state.index().markersOf(level))
                expected.insert(markers[m].time);
            QVERIFY(!expected.empty());
            state.setCursor(0);
            std::set<TimePs> visited;
            for (std::size_t i = 0; i < expected.size(); ++i) {
                const TimePs before = state.cursor();
                state.cursorToNextMarker(level);
                QVERIFY(state.cursor() > before);
                visited.insert(state.cursor());
            }
            visited.erase(state.endTime());
            expected.erase(state.endTime());
            QCOMPARE(visited, expected);
            // And each step's count at the cursor goes up by one unit of that level.
            state.setCursor(0);
            state.cursorToNextMarker(level);
            QVERIFY(state.stepAtCursor(level) >= 1);
        }
    }

    void filterToSubtreeIncludesAllDescendants() {
        SmallRun run;
        ViewState state;
        state.setRun(run.record, run.index());
        QSignalSpy spy(&state, &ViewState::filterChanged);
        state.filterToSubtree(run.fpga0);
        QCOMPARE(state.unitFilter(), (QSet<UnitId>{run.fpga0, run.core0, run.mpu0, run.hbm0}));
        QCOMPARE(spy.count(), 1);
        QVERIFY(state.unitVisible(run.hbm0));
        QVERIFY(!state.unitVisible(run.mpu1));
        QVERIFY(!state.unitVisible(run.host));
        state.filterToSubtree(run.host);
        QCOMPARE(state.unitFilter().size(), static_cast<qsizetype>(run.record->topology.units().size()));
        state.filterToSubtree(kNoUnit);
        QVERIFY(state.unitFilter().isEmpty());
        QVERIFY(state.unitVisible(run.mpu1));
        QCOMPARE(spy.count(), 3);
    }

    void saveRestoreRoundTripsAboveTwoToThe53() {
        // Times past 2^53 ps (2.5 hours) are not exact as JSON doubles; the state keeps them exact.
        const TimePs big = (TimePs{1} << 53) + 1;
        SmallRun run(big);
        ViewState state;
        state.setRun(run.record, run.index());
        QCOMPARE(state.endTime(), big + 1000);
        state.setCursor(big + 251);
        state.setSelection({big + 101, big + 599});
        state.setViewport({big + 3, big + 777});
        state.setSelectedUnit(run.hbm0);
        state.filterToSubtree(run.core1);
        state.setOpKindMask((1u << static_cast<int>(OpKind::Matrix)) | 1u);

        // Through a session file's JSON text.
        const QJsonObject saved =
            QJsonDocument::fromJson(QJsonDocument(state.saveState()).toJson(QJsonDocument::Compact)).object();
        ViewState restored;
        restored.setRun(run.record, run.index());
        QSignalSpy cursorSpy(&restored, &ViewState::cursorChanged);
        restored.restoreState(saved);
        QCOMPARE(restored.cursor(), big + 251);
        QCOMPARE(cursorSpy.count(), 1);
        QCOMPARE(text(restored.selection()), text({big + 101, big + 599}));
        QCOMPARE(text(restored.viewport()), text({big + 3, big + 777}));
        QCOMPARE(restored.selectedUnit(), run.hbm0);
        QCOMPARE(restored.unitFilter(), (QSet<UnitId>{run.core1, run.mpu1}));
        QCOMPARE(restored.opKindMask(), state.opKindMask());
        QCOMPARE(restored.saveState(), state.saveState());
    }

    void restoreIgnoresWhatTheRunCannotHave() {
        SmallRun run;
        ViewState state;
        state.setRun(run.record, run.index());
        QJsonObject saved = state.saveState();
        saved[QStringLiteral("cursor_ps")] = QStringLiteral("999999");
        saved[QStringLiteral("selected_unit")] = 99;
        saved[QStringLiteral("unit_filter")] = QJsonArray{run.mpu0, 42, -1};
        state.restoreState(saved);
        QCOMPARE(state.cursor(), TimePs{1000});
        QCOMPARE(state.selectedUnit(), kNoUnit);
        QCOMPARE(state.unitFilter(), QSet<UnitId>{run.mpu0});
    }

    void liveRunGrowsTheIndexAndFollowsTheEnd() {
        SmallRun run;  // events up to 1000, published
        ViewState state;
        state.setRun(run.record, run.index(), true);
        QVERIFY(state.isLive());
        const std::size_t before = state.index().eventCount();
        QSignalSpy traceSpy(&state, &ViewState::traceChanged);
        QSignalSpy cursorSpy(&state, &ViewState::cursorChanged);
        QSignalSpy viewportSpy(&state, &ViewState::viewportChanged);

        run.trace.appendEvent(run.work0, 1000, 1800);
        run.trace.marker(Marker{1800, 0, 3, QStringLiteral("step 3")});
        run.trace.publish();
        state.updateTrace(run.trace.snapshot());
        QCOMPARE(traceSpy.count(), 1);
        QCOMPARE(state.index().eventCount(), before + 1);
        QCOMPARE(state.endTime(), TimePs{1800});
        QCOMPARE(state.cursor(), TimePs{1800});
        QCOMPARE(cursorSpy.count(), 1);
        QCOMPARE(state.stepAtCursor(0), std::int64_t{4});
        // A viewport that showed everything keeps showing everything.
        QCOMPARE(text(state.viewport()), text({0, 1800}));
        QCOMPARE(viewportSpy.count(), 1);

        // A zoomed viewport stays where the user put it.
        state.setViewport({200, 700});
        run.trace.appendEvent(run.work1, 1800, 2500);
        run.trace.publish();
        state.updateTrace(run.trace.snapshot());
        QCOMPARE(text(state.viewport()), text({200, 700}));
        QCOMPARE(state.cursor(), TimePs{2500});

        // Fitting again resumes following the growth.
        state.fitViewport();
        run.trace.appendEvent(run.work1, 2500, 3000);
        run.trace.publish();
        state.updateTrace(run.trace.snapshot());
        QCOMPARE(text(state.viewport()), text({0, 3000}));

        // A snapshot with nothing new: nothing moves, no spurious viewport signal.
        viewportSpy.clear();
        cursorSpy.clear();
        state.updateTrace(run.trace.snapshot());
        QCOMPARE(cursorSpy.count(), 0);
        QCOMPARE(viewportSpy.count(), 0);
    }

    void liveRunStartingEmptyFitsAsItGrows() {
        auto record = std::make_shared<RunRecord>();
        Trace trace;
        const UnitId unit = record->topology.addUnit(QStringLiteral("pe"), UnitKind::Compute);
        ViewState state;
        state.setRun(record, std::make_unique<TraceIndex>(trace.snapshot()), true);
        QCOMPARE(state.endTime(), TimePs{0});
        trace.appendEvent(trace.eventType(unit, OpKind::Vector, QStringLiteral("add")), 0, 40);
        trace.publish();
        state.updateTrace(trace.snapshot());
        QCOMPARE(text(state.viewport()), text({0, 40}));
        QCOMPARE(state.cursor(), TimePs{40});
    }
};

QTEST_MAIN(TestViewState)
#include "tst_viewstate.moc"
