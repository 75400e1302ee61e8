// MemoryBankView: banks fill to counter / capacity at the cursor (DFX run and a hand-built trace),
// owners stack in their own colours, and a bank whose conflict count grows in a step is outlined.
#include <QtTest>

#include "core/sim/trace.h"
#include "tests/support/dfxrun.h"
#include "views/memory/memorybankview.h"

using namespace accelscope;

namespace {

bool near(const QColor &a, const QColor &b, int tolerance = 6) {
    return std::abs(a.red() - b.red()) <= tolerance && std::abs(a.green() - b.green()) <= tolerance &&
           std::abs(a.blue() - b.blue()) <= tolerance;
}

// How many pixel rows of `cell` (in a column clear of text) have `colour`.
int filledRows(const QImage &image, const QRectF &cell, const QColor &colour) {
    const int x = qRound(cell.left() + 5);
    int rows = 0;
    for (int y = qCeil(cell.top()); y < qFloor(cell.bottom()); ++y)
        rows += near(image.pixelColor(x, y), colour, 30) ? 1 : 0;
    return rows;
}

// A chip with one two-bank SRAM of 1000 bytes per bank; owners "kv" and "weights"; conflicts on
// both banks; step markers every 100 ps.
struct SyntheticRun {
    std::shared_ptr<RunRecord> record = std::make_shared<RunRecord>();
    Trace trace;
    SyntheticRun() {
        Topology &t = record->topology;
        const UnitId chip = t.addUnit(QStringLiteral("chip"), UnitKind::Device);
        t.addMemory(QStringLiteral("sram"), chip, 2, 1000, 1e9);
        record->info.id = 7;
        record->stepLevels = {{QStringLiteral("cycle"), {}}};
        const auto series = [&](const char *name) {
            return trace.counterSeries(QStringLiteral("chip/sram/") + QLatin1String(name),
                                       QStringLiteral("B"));
        };
        const SeriesId bank0 = series("bank0"), kv0 = series("bank0/kv"), weights0 = series("bank0/weights");
        const SeriesId conflicts0 = series("bank0/conflicts");
        const SeriesId bank1 = series("bank1"), weights1 = series("bank1/weights");
        const SeriesId conflicts1 = series("bank1/conflicts");
        trace.counter(bank0, 0, 500);
        trace.counter(kv0, 0, 200);
        trace.counter(weights0, 0, 300);
        trace.counter(conflicts0, 0, 0);
        trace.counter(bank1, 0, 250);
        trace.counter(weights1, 0, 250);
        trace.counter(conflicts1, 0, 0);
        trace.counter(bank0, 150, 800);
        trace.counter(kv0, 150, 500);
        trace.counter(conflicts0, 150, 3);
        trace.counter(bank1, 250, 750);
        trace.counter(weights1, 250, 750);
        trace.counter(conflicts1, 350, 1);
        for (int i = 1; i <= 4; ++i)
            trace.marker({i * 100, 0, i - 1, {}});
        trace.publish();
    }
};

}  // namespace

class TestMemoryBankView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void dfxBanksFollowTheCursor() {
        const test::RecordedRun run = test::shortDfxRun(2);
        ViewState state;
        state.setRun(run.record, run.index());
        MemoryBankView view(state);
        view.resize(1000, 600);
        const Topology &topology = state.topology();
        QCOMPARE(view.memoryCount(), static_cast<int>(topology.memories().size()));
        const MemoryInfo &hbm = topology.memories().front();
        const auto series = state.index().findSeries(topology.path(hbm.unit) + QStringLiteral("/bank0"));
        QVERIFY(series);
        const TraceIndex::Series *samples = state.index().series(*series);
        QVERIFY(samples && samples->time.size() >= 2);
        // Two cursors with different occupancies: the first sample and the end of the run.
        const TimePs early = samples->time.front(), late = state.endTime();
        const double capacity = static_cast<double>(hbm.bankCapacityBytes);
        state.setCursor(early);
        const double earlyFill = view.bankFill(0, 0);
        QCOMPARE(earlyFill, state.index().counterAt(*series, early) / capacity);
        const QRectF cell = view.bankRect(0, 0);
        QVERIFY(!cell.isNull());
        const int earlyRows = filledRows(view.grab().toImage(), cell, view.fillColor());
        state.setCursor(late);
        const double lateFill = view.bankFill(0, 0);
        QCOMPARE(lateFill, state.index().counterAt(*series, late) / capacity);
        QVERIFY(lateFill > earlyFill);
        const int lateRows = filledRows(view.grab().toImage(), cell, view.fillColor());
        // What is drawn matches the fraction to within a pixel row, and never shrinks as it grows.
        QVERIFY2(std::abs(lateRows - lateFill * cell.height()) <= 2,
                 qPrintable(QStringLiteral("%1 rows for %2").arg(lateRows).arg(lateFill)));
        QVERIFY(lateRows >= earlyRows);
        // The history sparkline covers the run and is never above the capacity.
        const auto history = view.historyColumns(0, 100);
        QCOMPARE(history.size(), std::size_t{100});
        for (const auto &[low, high] : history)
            QVERIFY(low <= high && high <= capacity * hbm.banks);
    }

    void ownersStackAndConflictsLightUp() {
        SyntheticRun run;
        ViewState state;
        state.setRun(run.record, std::make_unique<TraceIndex>(run.trace.snapshot()));
        MemoryBankView view(state);
        view.resize(700, 450);
        QCOMPARE(view.owners(), (QStringList{QStringLiteral("kv"), QStringLiteral("weights")}));

        state.setCursor(180);
        QCOMPARE(view.bankFill(0, 0), 0.8);
        QCOMPARE(view.bankFill(0, 1), 0.25);
        QCOMPARE(view.ownerBytes(0, 0), (std::vector<double>{500, 300}));
        QVERIFY(view.conflictHighlighted(0, 0));  // 0 -> 3 since the step began at 100
        QVERIFY(!view.conflictHighlighted(0, 1));
        QCOMPARE(view.conflictCount(0, 0), 3.0);

        QImage image = view.grab().toImage();
        const QRectF cell = view.bankRect(0, 0);
        const auto at = [&](const QImage &img, const QRectF &c, double fromBottom) {
            return img.pixelColor(qRound(c.left() + 6), qRound(c.bottom() - fromBottom * c.height()));
        };
        QVERIFY(near(at(image, cell, 0.25), view.ownerColor(0)));  // kv: the bottom half
        QVERIFY(near(at(image, cell, 0.65), view.ownerColor(1)));  // weights: the next 30 %
        QVERIFY(!near(at(image, cell, 0.92), view.ownerColor(1)));
        QVERIFY(!near(at(image, cell, 0.92), view.ownerColor(0)));
        const auto redEdge = [&](const QImage &img, const QRectF &c) {
            for (int dx = 0; dx <= 3; ++dx) {
                const QColor p = img.pixelColor(qFloor(c.left()) + dx, qRound(c.center().y()));
                if (p.red() > 170 && p.green() < 110 && p.blue() < 110)
                    return true;
            }
            return false;
        };
        QVERIFY(redEdge(image, cell));
        QVERIFY(!redEdge(image, view.bankRect(0, 1)));

        // A step later: the count stays at 3, so no highlight; bank 1 has grown to 75 %.
        state.setCursor(280);
        QVERIFY(!view.conflictHighlighted(0, 0));
        QCOMPARE(view.bankFill(0, 1), 0.75);
        image = view.grab().toImage();
        QVERIFY(!redEdge(image, cell));
        const QRectF cell1 = view.bankRect(0, 1);
        QVERIFY(near(at(image, cell1, 0.6), view.ownerColor(1)));
        QVERIFY(!near(at(image, cell1, 0.9), view.ownerColor(1)));

        state.setCursor(380);
        QVERIFY(view.conflictHighlighted(0, 1));
        QVERIFY(redEdge(view.grab().toImage(), cell1));
    }

    void hintsWithoutRunOrMemories() {
        ViewState state;
        MemoryBankView view(state);
        view.resize(600, 400);
        QCOMPARE(view.memoryCount(), 0);
        view.grab();
        auto record = std::make_shared<RunRecord>();
        record->topology.addUnit(QStringLiteral("cpu"), UnitKind::Device);
        state.setRun(record, std::make_unique<TraceIndex>());
        QCOMPARE(view.memoryCount(), 0);
        QVERIFY(view.bankRect(0, 0).isNull());
        view.grab();
    }
};

QTEST_MAIN(TestMemoryBankView)
#include "tst_memorybankview.moc"
