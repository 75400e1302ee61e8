// DataflowView on a short DFX run: a unit's tile takes its op kind's colour at the cursor, clicks
// filter the other views to a unit's subtree, and a view with no run says so.
#include <QtTest>

#include <map>

#include "tests/support/dfxrun.h"
#include "views/common/theme.h"
#include "views/dataflow/dataflowview.h"

using namespace accelscope;

namespace {

// The colour most pixels inside `box` have: the tile's fill, whatever text is drawn on it.
QColor dominantColour(const QImage &image, const QRectF &box) {
    std::map<QRgb, int> counts;
    const QRect inner = box.adjusted(3, 3, -3, -3).toRect();
    for (int y = inner.top(); y <= inner.bottom(); ++y)
        for (int x = inner.left(); x <= inner.right(); ++x)
            ++counts[image.pixel(x, y)];
    const auto best = std::max_element(counts.begin(), counts.end(),
                                       [](const auto &a, const auto &b) { return a.second < b.second; });
    return QColor::fromRgb(best->first);
}

// The first event of `kind` on `unit`, and a time inside it.
std::optional<UnitEvent> firstEvent(const TraceIndex &index, UnitId unit, OpKind kind) {
    const TraceIndex::Lane *lane = index.lane(unit);
    if (!lane)
        return std::nullopt;
    for (const std::uint32_t e : lane->events) {
        const UnitEvent event = index.snapshot().event(e);
        if (event.kind == kind && event.end > event.begin)
            return event;
    }
    return std::nullopt;
}

}  // namespace

class TestDataflowView : public QObject {
    Q_OBJECT
private:
    test::RecordedRun run_ = test::shortDfxRun(2);
    ViewState state_;

private Q_SLOTS:
    void initTestCase() { state_.setRun(run_.record, run_.index()); }

    void tileTakesTheColourOfWhatTheUnitRuns() {
        DataflowView view(state_);
        view.resize(1000, 600);
        const Topology &topology = state_.topology();
        const UnitId mpu = topology.find(QStringLiteral("fpga1/core/MPU"));
        QVERIFY(mpu != kNoUnit);
        const auto matrix = firstEvent(state_.index(), mpu, OpKind::Matrix);
        QVERIFY(matrix);
        const TimePs during = (matrix->begin + matrix->end) / 2;
        state_.setCursor(during);
        QVERIFY(state_.index().eventAt(mpu, during).has_value());
        const QRectF tile = view.unitRect(mpu);
        QVERIFY(!tile.isNull());
        const QImage busy = view.grab().toImage();
        QCOMPARE(dominantColour(busy, tile).name(), theme::opKindColor(OpKind::Matrix).name());
        QCOMPARE(view.unitFill(mpu).name(), theme::opKindColor(OpKind::Matrix).name());

        // Before the run starts every unit is idle: the tile loses the Matrix colour.
        state_.setCursor(0);
        if (!state_.index().eventAt(mpu, 0)) {
            const QImage idle = view.grab().toImage();
            QVERIFY(dominantColour(idle, tile).name() != theme::opKindColor(OpKind::Matrix).name());
        }
    }

    void clickingAUnitFiltersToItsSubtree() {
        DataflowView view(state_);
        view.resize(1000, 600);
        const Topology &topology = state_.topology();
        const UnitId core = topology.find(QStringLiteral("fpga2/core"));
        const QRectF box = view.unitRect(core);
        // The core's header band holds no tile: a click there is a click on the core.
        const QPoint header = (box.topLeft() + QPointF(box.width() / 2, 6)).toPoint();
        QCOMPARE(view.dataflowLayout().unitAt(header), core);
        QTest::mouseClick(&view, Qt::LeftButton, {}, header);
        QSet<UnitId> expected{core};
        for (const UnitId child : topology.children(core))
            expected.insert(child);
        QCOMPARE(state_.unitFilter(), expected);
        QCOMPARE(state_.selectedUnit(), core);

        const UnitId vpu = topology.find(QStringLiteral("fpga2/core/VPU"));
        QTest::mouseClick(&view, Qt::LeftButton, {}, view.unitRect(vpu).center().toPoint());
        QCOMPARE(state_.unitFilter(), QSet<UnitId>{vpu});
        QCOMPARE(state_.selectedUnit(), vpu);

        // The background clears the filter.
        QTest::mouseClick(&view, Qt::LeftButton, {}, QPoint(2, 2));
        QVERIFY(state_.unitFilter().isEmpty());
        QCOMPARE(state_.selectedUnit(), kNoUnit);
    }

    void selectedUnitIsOutlined() {
        DataflowView view(state_);
        view.resize(1000, 600);
        const UnitId sfu = state_.topology().find(QStringLiteral("fpga0/core/SFU"));
        const QRectF box = view.unitRect(sfu);
        const QPoint edge = QPointF(box.left() - 1, box.center().y()).toPoint();
        const QColor before = view.grab().toImage().pixelColor(edge);
        state_.setSelectedUnit(sfu);
        const QColor after = view.grab().toImage().pixelColor(edge);
        state_.setSelectedUnit(kNoUnit);
        QVERIFY(before != after);
        const QColor highlight = view.palette().color(QPalette::Highlight);
        QVERIFY(std::abs(after.hue() - highlight.hue()) < 20);
    }

    void utilizationWindowHoldsTheCursor() {
        DataflowView view(state_);
        const TimePs t = state_.endTime() / 3;
        state_.setCursor(t);
        const TimeRange window = view.utilizationWindow();
        QVERIFY(!window.isEmpty());
        QVERIFY(window.begin <= t && t <= window.end);
        QVERIFY(window.length() < state_.endTime());
    }

    void withoutARunShowsAHint() {
        ViewState empty;
        DataflowView view(empty);
        view.resize(700, 450);
        const QImage image = view.grab().toImage();
        const QColor background = view.palette().color(QPalette::Base);
        int text = 0;
        for (int x = 0; x < image.width(); ++x)
            text += image.pixelColor(x, image.height() / 2 - 8) != background ||
                    image.pixelColor(x, image.height() / 2 + 8) != background;
        QVERIFY(text > 0);
        QTest::mouseClick(&view, Qt::LeftButton, {}, QPoint(350, 225));  // nothing to click: no crash
    }
};

QTEST_MAIN(TestDataflowView)
#include "tst_dataflowview.moc"
