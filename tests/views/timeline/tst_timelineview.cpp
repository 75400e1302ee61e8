// The timeline view: lanes per unit, cursor and selection by mouse, the selection's statistics,
// zoom keys, filters, hover tooltips, live growth, and what a 10 M-event trace looks like at any
// zoom (drawn per pixel column, busy where the trace is busy and blank in its idle gap).
#include <QtTest>

#include <QElapsedTimer>
#include <QLabel>

#include "tests/support/bigtrace.h"
#include "tests/support/dfxrun.h"
#include "views/common/format.h"
#include "views/common/theme.h"
#include "views/state/viewstate.h"
#include "views/timeline/timelinerows.h"
#include "views/timeline/timelineview.h"

using namespace accelscope;

namespace {

int colourDistance(QRgb a, QRgb b) {
    return std::abs(qRed(a) - qRed(b)) + std::abs(qGreen(a) - qGreen(b)) + std::abs(qBlue(a) - qBlue(b));
}

}  // namespace

class TestTimelineView : public QObject {
    Q_OBJECT
private:
    test::RecordedRun run_;

    void loadDfx(ViewState &state) { state.setRun(run_.record, run_.index()); }

private Q_SLOTS:
    void initTestCase() { run_ = test::shortDfxRun(2); }

    void showsOneLanePerUnitWithEvents() {
        ViewState state;
        TimelineView view(state);
        QVERIFY(view.laneUnits().empty());
        loadDfx(state);
        std::vector<UnitId> lanes = view.laneUnits();
        std::vector<UnitId> expected = state.index().unitsWithEvents();
        QVERIFY(!expected.empty());
        std::sort(lanes.begin(), lanes.end());
        QCOMPARE(lanes, expected);

        // Lanes come grouped: a core's units are next to each other.
        const Topology &topology = state.topology();
        const std::vector<UnitId> order = view.laneUnits();
        QSet<UnitId> finishedParents;
        for (std::size_t i = 0; i < order.size(); ++i) {
            const UnitId parent = topology.unit(order[i]).parent;
            if (i > 0 && topology.unit(order[i - 1]).parent != parent)
                finishedParents.insert(topology.unit(order[i - 1]).parent);
            QVERIFY2(!finishedParents.contains(parent), "a group's lanes are split");
        }

        // Collapsing a core hides its lanes; its summary row still shows activity.
        const UnitId core = topology.unit(order.front()).parent;
        view.setGroupCollapsed(core, true);
        for (UnitId unit : view.laneUnits())
            QVERIFY(topology.unit(unit).parent != core);
        view.setGroupCollapsed(core, false);
        QCOMPARE(view.laneUnits(), order);
    }

    void clickSetsCursorAndDragSelectsWithStats() {
        ViewState state;
        TimelineView view(state);
        view.resize(1400, 700);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        loadDfx(state);
        const TimePs end = state.endTime();
        const UnitId unit = view.laneUnits().front();
        const QRect lane = view.laneRect(unit);
        QVERIFY(!lane.isEmpty());
        const TimePs psPerPx = state.viewport().length() / 1000 + 1;  // the canvas is over 1000 px wide

        const TimePs target = end / 3;
        const QPoint at(static_cast<int>(std::lround(view.xOfTime(target))), lane.center().y());
        QTest::mouseClick(&view, Qt::LeftButton, {}, at);
        QVERIFY2(std::abs(state.cursor() - target) <= psPerPx,
                 qPrintable(QStringLiteral("cursor %1, wanted %2").arg(state.cursor()).arg(target)));

        const TimePs from = end / 4, to = end / 2;
        const QPoint a(static_cast<int>(std::lround(view.xOfTime(from))), lane.center().y());
        const QPoint b(static_cast<int>(std::lround(view.xOfTime(to))), lane.center().y());
        QTest::mousePress(&view, Qt::LeftButton, {}, a);
        QTest::mouseMove(&view, a + QPoint(40, 0));
        QTest::mouseMove(&view, b);
        QTest::mouseRelease(&view, Qt::LeftButton, {}, b);
        const TimeRange selection = state.selection();
        QVERIFY(std::abs(selection.begin - from) <= psPerPx);
        QVERIFY(std::abs(selection.end - to) <= psPerPx);
        QCOMPARE(state.cursor(), view.timeAtX(at.x()));  // a drag does not move the cursor

        // The stats strip shows what the index computes over the selection.
        const RangeStats all = state.index().statsAll(selection);
        const int units = static_cast<int>(state.index().unitsWithEvents().size());
        const QString text = view.statsText();
        QVERIFY2(text.contains(format::percent(all.utilization(selection, units))), qPrintable(text));
        QVERIFY2(text.contains(format::bytes(all.bytes)), qPrintable(text));
        QVERIFY2(text.contains(format::flops(all.flops)), qPrintable(text));
        QVERIFY2(text.contains(format::bandwidth(all.bytes, selection.length())), qPrintable(text));
        QVERIFY(text.contains(format::duration(selection.length())));
        QCOMPARE(view.findChild<QLabel *>(QStringLiteral("timelineStats"))->text(), text);

        // Double-click selects the lane's unit.
        QTest::mouseDClick(&view, Qt::LeftButton, {}, lane.center());
        QCOMPARE(state.selectedUnit(), unit);
    }

    void zoomAndPanKeys() {
        ViewState state;
        TimelineView view(state);
        view.resize(1400, 700);
        loadDfx(state);
        const TimePs end = state.endTime();
        QCOMPARE(state.viewport(), (TimeRange{0, end}));

        QTest::keyClick(&view, Qt::Key_W);  // zoom in: half the window, same centre
        TimeRange v = state.viewport();
        QVERIFY(std::abs(v.length() - end / 2) <= 1);
        QVERIFY(std::abs((v.begin + v.end) - end) <= 2);
        QTest::keyClick(&view, Qt::Key_Plus);
        QVERIFY(std::abs(state.viewport().length() - end / 4) <= 2);
        QVERIFY(std::abs((state.viewport().begin + state.viewport().end) - end) <= 4);

        const TimeRange before = state.viewport();
        QTest::keyClick(&view, Qt::Key_D);  // pan right by a fifth of the window
        QVERIFY(std::abs(state.viewport().begin - (before.begin + before.length() / 5)) <= 1);
        QCOMPARE(state.viewport().length(), before.length());
        QTest::keyClick(&view, Qt::Key_Left);
        QVERIFY(std::abs(state.viewport().begin - before.begin) <= 2);

        QTest::keyClick(&view, Qt::Key_S);  // zoom out: double
        QVERIFY(std::abs(state.viewport().length() - end / 2) <= 4);

        QTest::keyClick(&view, Qt::Key_Home);
        QCOMPARE(state.viewport(), (TimeRange{0, end}));
        QTest::keyClick(&view, Qt::Key_S);  // never wider than the run
        QCOMPARE(state.viewport(), (TimeRange{0, end}));

        state.setSelection({end / 10, end / 5});
        QTest::keyClick(&view, Qt::Key_F);
        QCOMPARE(state.viewport(), (TimeRange{end / 10, end / 5}));

        // The wheel zooms around the mouse: the time under it stays put.
        const QPoint mouse(900, 200);
        const TimePs under = view.timeAtX(mouse.x());
        QWheelEvent wheel(QPointF(mouse), QPointF(view.mapToGlobal(mouse)), {}, QPoint(0, 120), Qt::NoButton,
                          Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(&view, &wheel);
        QVERIFY(state.viewport().length() < end / 10);
        QVERIFY(std::abs(view.timeAtX(mouse.x()) - under) <= state.viewport().length() / 1000 + 1);
    }

    void filtersHideLanesAndKinds() {
        ViewState state;
        TimelineView view(state);
        view.resize(1400, 700);
        loadDfx(state);
        const std::vector<UnitId> all = view.laneUnits();
        QVERIFY(all.size() > 3);
        state.setUnitFilter({all[0], all[2]});
        QCOMPARE(view.laneUnits(), (std::vector<UnitId>{all[0], all[2]}));
        state.setUnitFilter({});
        QCOMPARE(view.laneUnits(), all);

        // Masking a kind hides its events: no hit, and the lane's pixels there are background.
        const TraceIndex &index = state.index();
        const UnitId unit = all.front();
        const std::size_t e = index.lane(unit)->events[index.lane(unit)->events.size() / 2];
        const UnitEvent event = index.snapshot().event(e);
        state.setViewport({event.begin - (event.end - event.begin), event.end + (event.end - event.begin)});
        const QRect lane = view.laneRect(unit);
        const QPoint middle(static_cast<int>(view.xOfTime((event.begin + event.end) / 2)), lane.center().y());
        QCOMPARE(view.eventAtPosition(middle), std::optional<std::size_t>(e));
        QImage image = view.renderToImage(view.size());
        QVERIFY(colourDistance(image.pixel(middle), theme::opKindColor(event.kind).rgb()) < 12);
        state.setOpKindMask(ViewState::kAllOpKinds & ~(1u << static_cast<int>(event.kind)));
        QVERIFY(!view.eventAtPosition(middle).has_value());
        image = view.renderToImage(view.size());
        QVERIFY(colourDistance(image.pixel(middle), theme::opKindColor(event.kind).rgb()) > 60);
    }

    void hoverTooltipDescribesTheEvent() {
        ViewState state;
        TimelineView view(state);
        view.resize(1400, 700);
        loadDfx(state);
        const UnitId unit = view.laneUnits().front();
        const TraceIndex &index = state.index();
        const std::size_t e = index.lane(unit)->events.front();
        const UnitEvent event = index.snapshot().event(e);
        state.setViewport({event.begin, event.end + (event.end - event.begin)});
        const QPoint at(static_cast<int>(view.xOfTime(event.begin + (event.end - event.begin) / 3)),
                        view.laneRect(unit).center().y());
        const QString tip = view.toolTipAt(at);
        QVERIFY2(tip.contains(event.label.toHtmlEscaped()), qPrintable(tip));
        QVERIFY(tip.contains(theme::opKindLabel(event.kind)));
        QVERIFY(tip.contains(state.topology().path(unit)));
        QVERIFY(tip.contains(format::duration(event.begin)));
        QVERIFY(tip.contains(format::duration(event.end)));
        QVERIFY(tip.contains(format::duration(event.end - event.begin)));
        if (event.bytes > 0)
            QVERIFY(tip.contains(format::bytes(static_cast<double>(event.bytes))));
        if (event.flops > 0)
            QVERIFY(tip.contains(format::flops(static_cast<double>(event.flops))));

        // Over the label column: the unit's path and its documentation.
        const QString labelTip = view.toolTipAt(QPoint(20, view.laneRect(unit).center().y()));
        QVERIFY(labelTip.contains(state.topology().path(unit)));
        QVERIFY(labelTip.contains(state.topology().unit(unit).doc.toHtmlEscaped()));
    }

    void bankSeriesAreLimitedToSixteen() {
        ViewState state;
        loadDfx(state);
        const auto rows = TimelineRows::build(state.topology(), state.index(), {});
        int banks = 0, others = 0, declaredBanks = 0, declaredOthers = 0;
        QString more;
        for (const auto &row : rows) {
            if (row.type == TimelineRow::Type::Counter)
                (TimelineRows::isBankSeries(state.topology(), row.label) ? banks : others)++;
            if (row.type == TimelineRow::Type::MoreCounters)
                more = row.label;
        }
        for (SeriesId id = 0; id < state.index().snapshot().series().size(); ++id)
            if (const auto *series = state.index().series(id))
                (TimelineRows::isBankSeries(state.topology(), series->name) ? declaredBanks
                                                                            : declaredOthers)++;
        QVERIFY(declaredBanks > 16);
        QCOMPARE(banks, 16);
        QCOMPARE(others, declaredOthers);
        QVERIFY2(more.startsWith(QStringLiteral("+%1 more").arg(declaredBanks - 16)), qPrintable(more));
    }

    void noRunShowsAHintAndLiveRunsGrow() {
        ViewState state;
        TimelineView view(state);
        const QImage empty = view.renderToImage(QSize(600, 300));
        const QRgb background = theme::viewBackground().rgb();
        int inkedMiddle = 0, inkedTop = 0;
        for (int y = 0; y < 100; ++y)
            for (int x = 0; x < empty.width(); ++x) {
                inkedTop += colourDistance(empty.pixel(x, y), background) > 100;
                inkedMiddle += colourDistance(empty.pixel(x, y + 90), background) > 100;
            }
        QVERIFY2(inkedMiddle > 100 && inkedTop == 0, "the no-run hint is drawn in the middle");

        // A live run: lanes appear as units start recording.
        auto record = std::make_shared<RunRecord>();
        const UnitId core = record->topology.addUnit(QStringLiteral("core"), UnitKind::Core);
        const UnitId a = record->topology.addUnit(QStringLiteral("a"), UnitKind::Compute, core);
        const UnitId b = record->topology.addUnit(QStringLiteral("b"), UnitKind::Compute, core);
        Trace trace;
        trace.appendEvent(trace.eventType(a, OpKind::Matrix, QStringLiteral("mm")), 0, 100);
        trace.publish();
        state.setRun(record, std::make_unique<TraceIndex>(trace.snapshot()), true);
        QCOMPARE(view.laneUnits(), std::vector<UnitId>{a});
        trace.appendEvent(trace.eventType(b, OpKind::Vector, QStringLiteral("add")), 100, 250);
        trace.publish();
        state.updateTrace(trace.snapshot());
        QCOMPARE(view.laneUnits(), (std::vector<UnitId>{a, b}));
        QCOMPARE(state.viewport(), (TimeRange{0, 250}));
    }

    void timeOffsetShiftsTheDrawing() {
        ViewState state;
        TimelineView view(state);
        view.resize(1000, 400);
        loadDfx(state);
        const double x = view.xOfTime(state.endTime() / 2);
        view.setTimeOffset(state.endTime() / 10);
        QVERIFY(view.xOfTime(state.endTime() / 2) > x + 50);
        QCOMPARE(view.timeAtX(view.xOfTime(1234567)), TimePs{1234567});
    }

    void tenMillionEventsAtAnyZoom() {
        test::BigTrace big;
        QCOMPARE(big.trace->eventCount(), std::size_t{10000000});
        ViewState state;
        TimelineView view(state);
        state.setRun(big.record, std::make_unique<TraceIndex>(big.trace->snapshot()));
        const QSize size(1600, 500);
        view.renderToImage(size);
        const QRect busyLane = view.laneRect(big.busy), readerLane = view.laneRect(big.reader);
        QVERIFY(!busyLane.isEmpty() && !readerLane.isEmpty());
        const QRgb matrix = theme::opKindColor(OpKind::Matrix).rgb();
        const QRgb read = theme::opKindColor(OpKind::MemoryRead).rgb();
        const QRgb background = theme::viewBackground().rgb();
        const int y = busyLane.bottom() - 3;  // bars grow from the lane's bottom

        struct Zoom {
            TimeRange window;
            TimePs busyAt;
        };
        const TimePs gapMiddle = (test::BigTrace::kGapBegin + test::BigTrace::kGapEnd) / 2;
        const Zoom zooms[] = {
            {{0, state.endTime()}, 250 * kPsPerUs},              // everything
            {{400 * kPsPerUs, 700 * kPsPerUs}, 450 * kPsPerUs},  // around the gap
            {{test::BigTrace::kGapBegin - 2 * kPsPerUs, test::BigTrace::kGapBegin + 3 * kPsPerUs},
             test::BigTrace::kGapBegin - kPsPerUs},  // the gap's edge
            {{test::BigTrace::kGapBegin - 20000, test::BigTrace::kGapBegin + 30000},
             test::BigTrace::kGapBegin - 10050},  // single events
        };
        for (const Zoom &zoom : zooms) {
            state.setViewport(zoom.window);
            QElapsedTimer timer;
            timer.start();
            const QImage image = view.renderToImage(size);
            qInfo("window %s: painted in %lld ms", qPrintable(format::duration(zoom.window.length())),
                  static_cast<long long>(timer.elapsed()));
            const int busyX = static_cast<int>(view.xOfTime(zoom.busyAt));
            QVERIFY2(
                colourDistance(image.pixel(busyX, y), matrix) < 12,
                qPrintable(
                    QStringLiteral("busy pixel at %1 is %2").arg(busyX).arg(image.pixel(busyX, y), 0, 16)));
            const TimePs idleAt =
                std::clamp(gapMiddle, zoom.window.begin + zoom.window.length() * 3 / 4, zoom.window.end - 1);
            if (idleAt >= test::BigTrace::kGapBegin && idleAt < test::BigTrace::kGapEnd) {
                const int idleX = static_cast<int>(view.xOfTime(idleAt));
                QVERIFY2(colourDistance(image.pixel(idleX, y), background) < 60,
                         qPrintable(QStringLiteral("idle pixel at %1 is %2")
                                        .arg(idleX)
                                        .arg(image.pixel(idleX, y), 0, 16)));
                QVERIFY(colourDistance(image.pixel(idleX, busyLane.center().y()), background) < 60);
            }
            // The reader is busy a fifth of the time: zoomed out its bar is about a fifth as tall.
            if (zoom.window.length() >= 100 * kPsPerUs) {
                const int x = static_cast<int>(view.xOfTime(zoom.busyAt));
                int coloured = 0;
                for (int row = readerLane.top(); row <= readerLane.bottom(); ++row)
                    coloured += colourDistance(image.pixel(x, row), read) < 12;
                QVERIFY2(coloured >= 2 && coloured <= readerLane.height() / 2,
                         qPrintable(QString::number(coloured)));
            }
        }
    }
};

QTEST_MAIN(TestTimelineView)
#include "tst_timelineview.moc"
