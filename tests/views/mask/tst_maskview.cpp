// The Masks view on hand-built frames: name parsing into selectors, bit and heat colours, density,
// diffs against the previous frame, the step slider and the cursor, and the hints.
#include <QtTest>

#include <QComboBox>
#include <QSlider>
#include <QSpinBox>

#include "tests/views/mask/framerun.h"
#include "views/common/theme.h"
#include "views/mask/framenames.h"
#include "views/mask/framestepper.h"
#include "views/mask/maskcanvas.h"
#include "views/mask/maskview.h"
#include "views/state/viewstate.h"

using namespace accelscope;
using test::makeFrame;

namespace {
QStringList itemsOf(const QComboBox *combo) {
    QStringList items;
    for (int i = 0; i < combo->count(); ++i)
        items.append(combo->itemText(i));
    return items;
}

// A rows x cols bit mask, set where `bit(r, c)`.
template <typename F>
Frame bitMask(const QString &name, TimePs time, int rows, int cols, F bit) {
    std::vector<std::uint8_t> bits(static_cast<std::size_t>(rows * cols));
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c)
            bits[static_cast<std::size_t>(r * cols + c)] = bit(r, c) ? 1 : 0;
    return makeFrame(FrameKind::Mask, name, time, {rows, cols}, bits);
}
}  // namespace

class TestMaskView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void parsesLayerAndHeadFromNames() {
        const FrameNameParts a = parseFrameName(QStringLiteral("layer3/head0/attention"));
        QCOMPARE(a.keys, (QStringList{QStringLiteral("layer"), QStringLiteral("head")}));
        QCOMPARE(a.indices, (QList<int>{3, 0}));
        QCOMPARE(a.what, QStringLiteral("attention"));
        QCOMPARE(a.family(), QStringLiteral("layer/head"));

        const FrameNameParts b = parseFrameName(QStringLiteral("block_12/ffn_mask"));
        QCOMPARE(b.keys, QStringList{QStringLiteral("block")});
        QCOMPARE(b.indices, QList<int>{12});
        QCOMPARE(b.what, QStringLiteral("ffn_mask"));

        // No numbered segment: the whole name is the only thing to pick.
        const FrameNameParts c = parseFrameName(QStringLiteral("step/ffn_mask"));
        QVERIFY(!c.isIndexed());
        QCOMPARE(c.what, QStringLiteral("step/ffn_mask"));
    }

    void catalogPicksTheClosestExistingName() {
        FrameNameCatalog catalog;
        catalog.setNames({QStringLiteral("layer0/head0/attention"), QStringLiteral("layer0/head1/attention"),
                          QStringLiteral("layer1/head0/attention"), QStringLiteral("layer1/head0/scores"),
                          QStringLiteral("step/ffn_mask")});
        QCOMPARE(catalog.families(), (QStringList{QStringLiteral("layer/head"), QString()}));
        QCOMPARE(catalog.indices(QStringLiteral("layer/head"), 0), (QList<int>{0, 1}));
        QCOMPARE(catalog.indices(QStringLiteral("layer/head"), 1), (QList<int>{0, 1}));
        QCOMPARE(catalog.whats(QStringLiteral("layer/head")),
                 (QStringList{QStringLiteral("attention"), QStringLiteral("scores")}));
        // Layer 1 has no head 1: moving the layer selector keeps the layer and drops the head.
        QCOMPARE(catalog.closestName(QStringLiteral("layer/head"), {1, 1}, QStringLiteral("attention"), 0),
                 QStringLiteral("layer1/head0/attention"));
        QCOMPARE(catalog.nameFor(QStringLiteral("layer/head"), {0, 1}, QStringLiteral("attention")),
                 QStringLiteral("layer0/head1/attention"));
        QVERIFY(catalog.nameFor(QStringLiteral("layer/head"), {1, 1}, QStringLiteral("attention")).isEmpty());
    }

    void selectorsFollowTheNames() {
        ViewState state;
        const auto m = [](int r, int c) { return r == c; };
        test::showFrames(state, {bitMask(QStringLiteral("layer0/head0/attention"), 10, 4, 4, m),
                                 bitMask(QStringLiteral("layer0/head1/attention"), 10, 4, 4, m),
                                 bitMask(QStringLiteral("layer1/head0/attention"), 10, 4, 4, m),
                                 bitMask(QStringLiteral("step/ffn_mask"), 10, 2, 8, m)});
        MaskView view(state);
        QCOMPARE(view.currentName(), QStringLiteral("layer0/head0/attention"));
        QCOMPARE(itemsOf(view.selector(QStringLiteral("layer"))),
                 (QStringList{QStringLiteral("0"), QStringLiteral("1")}));
        QCOMPARE(itemsOf(view.selector(QStringLiteral("head"))),
                 (QStringList{QStringLiteral("0"), QStringLiteral("1")}));
        QCOMPARE(itemsOf(view.selector(QStringLiteral("what"))), QStringList{QStringLiteral("attention")});

        view.selector(QStringLiteral("head"))->setCurrentIndex(1);
        QCOMPARE(view.currentName(), QStringLiteral("layer0/head1/attention"));
        view.selector(QStringLiteral("layer"))->setCurrentIndex(1);  // layer 1 has head 0 only
        QCOMPARE(view.currentName(), QStringLiteral("layer1/head0/attention"));
        QCOMPARE(view.selector(QStringLiteral("head"))->currentText(), QStringLiteral("0"));

        // The unindexed name sits in its own family with a plain name selector.
        QComboBox *family = view.selector(QStringLiteral("family"));
        QCOMPARE(itemsOf(family), (QStringList{QStringLiteral("layer · head"), QStringLiteral("name")}));
        family->setCurrentIndex(1);
        QCOMPARE(view.currentName(), QStringLiteral("step/ffn_mask"));
        QVERIFY(view.selector(QStringLiteral("layer")) == nullptr);
        QCOMPARE(view.image().size(), QSize(8, 2));
    }

    void setAndUnsetBitsHaveTheirColours() {
        ViewState state;
        // Lower-triangular (causal) 6x6 mask.
        test::showFrames(state,
                         {bitMask(QStringLiteral("mask"), 5, 6, 6, [](int r, int c) { return c <= r; })});
        MaskView view(state);
        QVERIFY(view.hint().isEmpty());
        const QImage &image = view.image();
        QCOMPARE(image.size(), QSize(6, 6));
        QCOMPARE(image.pixel(1, 4), maskcolor::set().rgb());    // row 4, col 1: set
        QCOMPARE(image.pixel(4, 1), maskcolor::unset().rgb());  // row 1, col 4: unset
        QVERIFY(maskcolor::set() != maskcolor::unset());
        QCOMPARE(view.scale().kind, MatrixScale::Kind::Bits);
    }

    void densityIsTheFractionSet() {
        ViewState state;
        // 16 of 64 set.
        test::showFrames(state, {bitMask(QStringLiteral("mask"), 5, 8, 8,
                                         [](int r, int c) { return r % 2 == 0 && c % 2 == 0; })});
        MaskView view(state);
        QCOMPARE(view.stats().density, 0.25);
        QVERIFY2(view.statusText().contains(QStringLiteral("density 25")), qPrintable(view.statusText()));

        // I32 masks count non-zero entries the same way.
        ViewState other;
        test::showFrames(other, {makeFrame(FrameKind::Mask, QStringLiteral("m"), 1, {2, 2},
                                           std::vector<std::int32_t>{0, 7, 0, 0})});
        MaskView view2(other);
        QCOMPARE(view2.stats().density, 0.25);

        // Floats: entries at least a tenth of the largest magnitude.
        ViewState heat;
        test::showFrames(heat, {makeFrame(FrameKind::Heat, QStringLiteral("h"), 1, {1, 5},
                                          std::vector<float>{0.f, 0.05f, 0.1f, 0.5f, 1.f})});
        MaskView view3(heat);
        QCOMPARE(view3.stats().density, 0.6);
    }

    void diffShowsAddedAndRemoved() {
        ViewState state;
        // Before: column 0 set. After: row 0 set. (0,0) stays, (1..3,0) removed, (0,1..3) added.
        test::showFrames(state, {bitMask(QStringLiteral("mask"), 10, 4, 4, [](int, int c) { return c == 0; }),
                                 bitMask(QStringLiteral("mask"), 20, 4, 4, [](int r, int) { return r == 0; }),
                                 bitMask(QStringLiteral("mask"), 30, 3, 5, [](int, int) { return true; })});
        MaskView view(state);
        state.setCursor(20);
        view.setDiffEnabled(true);
        QVERIFY(view.notice().isEmpty());
        QCOMPARE(view.scale().kind, MatrixScale::Kind::BitDiff);
        const QImage &image = view.image();
        QCOMPARE(image.pixel(0, 0), maskcolor::unchanged().rgb());
        QCOMPARE(image.pixel(2, 0), maskcolor::added().rgb());    // row 0, col 2
        QCOMPARE(image.pixel(0, 2), maskcolor::removed().rgb());  // row 2, col 0
        QCOMPARE(image.pixel(2, 2), maskcolor::unset().rgb());
        QVERIFY(maskcolor::added() != maskcolor::removed());
        QVERIFY2(view.statusText().contains(QStringLiteral("+3 added, −3 removed, 1 in both")),
                 qPrintable(view.statusText()));

        // The first frame has nothing before it; a differently shaped one cannot be diffed.
        state.setCursor(10);
        QVERIFY2(view.notice().contains(QStringLiteral("No previous")), qPrintable(view.notice()));
        QCOMPARE(view.image().pixel(0, 1), maskcolor::set().rgb());  // the frame itself
        state.setCursor(30);
        QVERIFY2(view.notice().contains(QStringLiteral("shapes differ")), qPrintable(view.notice()));
        QCOMPARE(view.image().size(), QSize(5, 3));
    }

    void floatDiffUsesTheDivergingScale() {
        ViewState state;
        test::showFrames(
            state,
            {makeFrame(FrameKind::Heat, QStringLiteral("h"), 10, {1, 3}, std::vector<float>{1, 1, 1}),
             makeFrame(FrameKind::Heat, QStringLiteral("h"), 20, {1, 3}, std::vector<float>{3, 1, 0})});
        MaskView view(state);
        view.setDiffEnabled(true);
        QCOMPARE(view.scale().kind, MatrixScale::Kind::Diverging);
        QCOMPARE(view.scale().high, 2.0);
        QCOMPARE(view.image().pixel(0, 0), theme::diverging(1.0).rgb());
        QCOMPARE(view.image().pixel(1, 0), theme::diverging(0.0).rgb());
        QCOMPARE(view.image().pixel(2, 0), theme::diverging(-0.5).rgb());
    }

    void heatScaleEndpoints() {
        ViewState state;
        test::showFrames(state, {makeFrame(FrameKind::Heat, QStringLiteral("pos"), 1, {2, 2},
                                           std::vector<float>{0.5f, 2.f, 1.f, 4.5f}),
                                 makeFrame(FrameKind::Heat, QStringLiteral("mixed"), 1, {1, 3},
                                           std::vector<float>{-2.f, 0.f, 1.f})});
        MaskView view(state);
        view.showName(QStringLiteral("pos"));
        QCOMPARE(view.scale().kind, MatrixScale::Kind::Sequential);
        QCOMPARE(view.scale().low, 0.5);
        QCOMPARE(view.scale().high, 4.5);
        QCOMPARE(view.image().pixel(0, 0), theme::sequential(0.0).rgb());  // the minimum
        QCOMPARE(view.image().pixel(1, 1), theme::sequential(1.0).rgb());  // the maximum

        // Both signs: symmetric around zero, so zero is the neutral colour.
        view.showName(QStringLiteral("mixed"));
        QCOMPARE(view.scale().kind, MatrixScale::Kind::Diverging);
        QCOMPARE(view.scale().low, -2.0);
        QCOMPARE(view.scale().high, 2.0);
        QCOMPARE(view.image().pixel(0, 0), theme::diverging(-1.0).rgb());
        QCOMPARE(view.image().pixel(1, 0), theme::diverging(0.0).rgb());
        QCOMPARE(view.image().pixel(2, 0), theme::diverging(0.5).rgb());
    }

    void stepSelectorFollowsAndMovesTheCursor() {
        ViewState state;
        const auto all = [](int, int) { return true; };
        test::showFrames(state, {bitMask(QStringLiteral("mask"), 100, 2, 2, all),
                                 bitMask(QStringLiteral("mask"), 200, 2, 3, all),
                                 bitMask(QStringLiteral("mask"), 300, 2, 4, all)});
        MaskView view(state);
        QSlider *slider = view.stepper()->slider();
        QCOMPARE(slider->maximum(), 2);
        QCOMPARE(slider->value(), 2);  // the cursor starts at the end
        QCOMPARE(view.image().width(), 4);

        state.setCursor(250);  // between frames: the latest one at or before the cursor
        QCOMPARE(slider->value(), 1);
        QCOMPARE(view.image().width(), 3);

        slider->setValue(0);  // the user drags the slider
        QCOMPARE(state.cursor(), TimePs{100});
        QCOMPARE(view.image().width(), 2);

        state.setCursor(50);  // before the first frame
        QCOMPARE(view.stepper()->currentIndex(), -1);
        QVERIFY2(view.hint().contains(QStringLiteral("yet at the cursor")), qPrintable(view.hint()));
        QVERIFY2(view.hint().contains(QStringLiteral("100 ps")), qPrintable(view.hint()));
    }

    void framesAtOneTimeCanEachBeShown() {
        ViewState state;
        const auto all = [](int, int) { return true; };
        test::showFrames(state, {bitMask(QStringLiteral("mask"), 100, 1, 1, all),
                                 bitMask(QStringLiteral("mask"), 100, 1, 2, all)});
        MaskView view(state);
        QCOMPARE(view.stepper()->slider()->value(), 1);
        view.stepper()->slider()->setValue(0);
        QCOMPARE(view.stepper()->currentIndex(), 0);
        QCOMPARE(view.image().width(), 1);
    }

    void higherDimensionsAndSingleRows() {
        ViewState state;
        std::vector<float> cube(2 * 3 * 4);
        for (std::size_t i = 0; i < cube.size(); ++i)
            cube[i] = static_cast<float>(i);
        test::showFrames(state, {makeFrame(FrameKind::Heat, QStringLiteral("cube"), 1, {2, 3, 4}, cube),
                                 makeFrame(FrameKind::Mask, QStringLiteral("row"), 1, {5},
                                           std::vector<std::uint8_t>{1, 0, 1, 0, 0})});
        MaskView view(state);
        view.showName(QStringLiteral("cube"));
        QCOMPARE(view.image().size(), QSize(4, 3));
        QCOMPARE(view.sliceSelector()->maximum(), 1);
        QCOMPARE(view.stats().maximum, 11.0);
        view.sliceSelector()->setValue(1);
        QCOMPARE(view.stats().minimum, 12.0);
        QCOMPARE(view.stats().maximum, 23.0);

        view.showName(QStringLiteral("row"));
        QCOMPARE(view.image().size(), QSize(5, 1));
        QCOMPARE(view.stats().density, 0.4);
    }

    void hoverFindsTheCell() {
        ViewState state;
        test::showFrames(state, {bitMask(QStringLiteral("mask"), 5, 16, 32,
                                         [](int r, int c) { return (r + c) % 3 == 0; })});
        MaskView view(state);
        view.resize(900, 600);
        view.show();
        QCoreApplication::processEvents();
        MaskCanvas *canvas = view.canvas();
        const QRectF image = canvas->imageRect();
        QVERIFY(image.width() > 32 * 4);  // fitted to the widget
        const double cellW = image.width() / 32, cellH = image.height() / 16;
        const QPointF at(image.left() + 7.5 * cellW, image.top() + 3.5 * cellH);
        QCOMPARE(canvas->cellAt(at), std::optional<QPoint>(QPoint(7, 3)));
        // Zooming around a point keeps the cell under it.
        canvas->zoomBy(2.0, at);
        QCOMPARE(canvas->cellAt(at), std::optional<QPoint>(QPoint(7, 3)));
        QVERIFY(!canvas->isFitted());
        canvas->fit();
        QCOMPARE(canvas->imageRect(), image);
    }

    void wideShortMatricesGetReadableRows() {
        // A few decode steps × hundreds of channels: rows grow taller than the cells are wide.
        ViewState state;
        test::showFrames(state, {bitMask(QStringLiteral("history"), 5, 8, 640, [](int r, int c) { return (r + c) % 2 == 0; })});
        MaskView view(state);
        view.resize(900, 600);
        view.show();
        QCoreApplication::processEvents();
        MaskCanvas *canvas = view.canvas();
        const QRectF image = canvas->imageRect();
        QVERIFY(image.height() / 8 >= 8.0);
        QVERIFY(image.height() / 8 > image.width() / 640);
        const double cellW = image.width() / 640, cellH = image.height() / 8;
        QCOMPARE(canvas->cellAt(QPointF(image.left() + 100.5 * cellW, image.top() + 5.5 * cellH)),
                 std::optional<QPoint>(QPoint(100, 5)));
    }

    void liveRunGrows() {
        // A live run: new frames extend the slider and the cursor follows the end; a new name
        // joins the selectors without losing the current one.
        ViewState state;
        Trace trace;
        const auto all = [](int, int) { return true; };
        trace.frame(bitMask(QStringLiteral("layer0/mask"), 10, 2, 2, all));
        trace.publish();
        auto record = std::make_shared<RunRecord>();
        record->topology.addUnit(QStringLiteral("chip"), UnitKind::Device);
        state.setRun(record, std::make_unique<TraceIndex>(trace.snapshot()), true);
        MaskView view(state);
        QCOMPARE(view.stepper()->frameCount(), 1);
        trace.frame(bitMask(QStringLiteral("layer0/mask"), 20, 3, 3, all));
        trace.frame(bitMask(QStringLiteral("layer1/mask"), 20, 4, 4, all));
        trace.publish();
        state.updateTrace(trace.snapshot());
        QCOMPARE(view.currentName(), QStringLiteral("layer0/mask"));
        QCOMPARE(view.stepper()->frameCount(), 2);
        QCOMPARE(view.stepper()->slider()->value(), 1);
        QCOMPARE(view.image().width(), 3);
        QCOMPARE(view.selector(QStringLiteral("layer"))->count(), 2);
    }

    void hints() {
        ViewState state;
        MaskView view(state);
        QVERIFY2(view.hint().contains(QStringLiteral("No run")), qPrintable(view.hint()));
        test::showFrames(state, {makeFrame(FrameKind::Tokens, QStringLiteral("tokens"), 1, {4},
                                           std::vector<std::int32_t>{0, 0, 1, 1})});
        QVERIFY2(view.hint().contains(QStringLiteral("no mask or heat frames")), qPrintable(view.hint()));
        state.clearRun();
        QVERIFY2(view.hint().contains(QStringLiteral("No run")), qPrintable(view.hint()));
    }

    void malformedFrameIsReported() {
        ViewState state;
        Frame bad = makeFrame(FrameKind::Heat, QStringLiteral("bad"), 1, {4, 4}, std::vector<float>{1, 2, 3});
        test::showFrames(state, {bad});
        MaskView view(state);
        QVERIFY2(view.hint().contains(QStringLiteral("12 bytes where its shape needs 64")),
                 qPrintable(view.hint()));
    }
};

QTEST_MAIN(TestMaskView)
#include "tst_maskview.moc"
