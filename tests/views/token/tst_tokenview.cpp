// The Tokens view on hand-built frames: 1-D, 2-D and 3-D grids coloured by state, merge links to
// the right destination, the legend's counts, the step slider and the cursor, and the hints.
#include <QtTest>

#include <QComboBox>
#include <QSlider>

#include "tests/views/mask/framerun.h"
#include "views/common/theme.h"
#include "views/mask/framestepper.h"
#include "views/state/viewstate.h"
#include "views/token/tokencanvas.h"
#include "views/token/tokenview.h"

using namespace accelscope;
using namespace accelscope::token_state;
using test::makeFrame;

namespace {
Frame tokens(const QString &name, TimePs time, std::vector<std::int64_t> shape,
             const std::vector<std::int32_t> &states) {
    return makeFrame(FrameKind::Tokens, name, time, std::move(shape), states);
}

// The colour drawn near a token's top-left corner, clear of any merge line through its centre.
QRgb cellColour(const QImage &image, const TokenCanvas &canvas, int token) {
    const QRectF r = canvas.cellRect(token);
    return image.pixel(QPoint(static_cast<int>(r.left() + 1.5), static_cast<int>(r.top() + 1.5)));
}

struct Shown {
    ViewState state;
    TokenView view{state};
    explicit Shown(const std::vector<Frame> &frames) {
        test::showFrames(state, frames);
        view.resize(900, 600);
        view.show();
        QCoreApplication::processEvents();
    }
    QImage grab() const { return view.canvas()->grab().toImage(); }
};
}  // namespace

class TestTokenView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sequenceIsWrappedIntoRows() {
        std::vector<std::int32_t> states(100, kKept);
        states[3] = kPruned;
        states[40] = kEvicted;
        states[99] = kReused;
        Shown s({tokens(QStringLiteral("tokens"), 10, {100}, states)});
        const TokenCanvas &canvas = *s.view.canvas();
        QVERIFY(canvas.grid()->wrapped);
        QCOMPARE(canvas.grid()->cols, 16);
        QCOMPARE(canvas.grid()->rows, 7);
        // Token 16 starts the second row.
        QCOMPARE(canvas.cellRect(16).left(), canvas.cellRect(0).left());
        QVERIFY(canvas.cellRect(16).top() > canvas.cellRect(0).top());
        const QImage image = s.grab();
        QCOMPARE(cellColour(image, canvas, 0), theme::tokenStateColor(kKept).rgb());
        QCOMPARE(cellColour(image, canvas, 3), theme::tokenStateColor(kPruned).rgb());
        QCOMPARE(cellColour(image, canvas, 40), theme::tokenStateColor(kEvicted).rgb());
        QCOMPARE(cellColour(image, canvas, 99), theme::tokenStateColor(kReused).rgb());
        QVERIFY(theme::tokenStateColor(kKept) != theme::tokenStateColor(kPruned));
        // A short sequence stays on one row.
        QCOMPARE(wrapWidth(16), 16);
    }

    void gridCellsAreColouredByState() {
        // 4 x 6: token (h 2, w 5) is index 17.
        std::vector<std::int32_t> states(24, kKept);
        states[17] = kPrecisionBase + 4;
        states[6] = kPruned;
        Shown s({tokens(QStringLiteral("tokens"), 10, {4, 6}, states)});
        const TokenCanvas &canvas = *s.view.canvas();
        QCOMPARE(canvas.tokenAt(canvas.cellRect(17).center()), 17);
        QCOMPARE(canvas.cellRect(17).top(), canvas.cellRect(12).top());
        QCOMPARE(canvas.cellRect(17).left(), canvas.cellRect(5).left());
        const QImage image = s.grab();
        QCOMPARE(cellColour(image, canvas, 17), theme::tokenStateColor(kPrecisionBase + 4).rgb());
        QCOMPARE(cellColour(image, canvas, 6), theme::tokenStateColor(kPruned).rgb());
        QCOMPARE(cellColour(image, canvas, 0), theme::tokenStateColor(kKept).rgb());
        QVERIFY2(canvas.tooltipFor(17).contains(QStringLiteral("token 17 (h 2, w 5)")),
                 qPrintable(canvas.tooltipFor(17)));
        QVERIFY2(canvas.tooltipFor(17).contains(QStringLiteral("4-bit")), qPrintable(canvas.tooltipFor(17)));
    }

    void videoFramesArePanels() {
        // 3 frames of 4 x 4; frame 1's first token is index 16.
        std::vector<std::int32_t> states(48, kKept);
        states[16] = kPruned;
        states[47] = kEvicted;
        Shown s({tokens(QStringLiteral("video"), 10, {3, 4, 4}, states)});
        const TokenCanvas &canvas = *s.view.canvas();
        QCOMPARE(canvas.grid()->frames, 3);
        // Panels side by side on a wide view, never overlapping.
        QVERIFY(canvas.cellRect(16).left() > canvas.cellRect(3).right());
        QVERIFY(canvas.cellRect(32).left() > canvas.cellRect(19).right());
        const QImage image = s.grab();
        QCOMPARE(cellColour(image, canvas, 16), theme::tokenStateColor(kPruned).rgb());
        QCOMPARE(cellColour(image, canvas, 47), theme::tokenStateColor(kEvicted).rgb());
        QCOMPARE(cellColour(image, canvas, 15), theme::tokenStateColor(kKept).rgb());
        QVERIFY2(canvas.tooltipFor(47).contains(QStringLiteral("(f 2, h 3, w 3)")),
                 qPrintable(canvas.tooltipFor(47)));
    }

    void mergesLinkToTheirDestination() {
        // 2 x 8: tokens 1 and 2 merge into 0, token 5 into 4, token 9 names a token that does not exist.
        std::vector<std::int32_t> states(16, kKept);
        states[1] = kMergedBase + 0;
        states[2] = kMergedBase + 0;
        states[5] = kMergedBase + 4;
        states[9] = kMergedBase + 99;
        states[12] = kPruned;
        Shown s({tokens(QStringLiteral("tokens"), 10, {2, 8}, states)});
        TokenCanvas &canvas = *s.view.canvas();
        QCOMPARE(canvas.links().size(), std::size_t{3});
        QCOMPARE(canvas.links()[0], (TokenLink{1, 0}));
        QCOMPARE(canvas.links()[1], (TokenLink{2, 0}));
        QCOMPARE(canvas.links()[2], (TokenLink{5, 4}));
        QVERIFY2(canvas.tooltipFor(5).contains(QStringLiteral("merged into token 4")),
                 qPrintable(canvas.tooltipFor(5)));
        QVERIFY2(canvas.tooltipFor(0).contains(QStringLiteral("2 tokens merged into it")),
                 qPrintable(canvas.tooltipFor(0)));

        // The line from 5 to 4 crosses the gap between the two cells; nothing crosses 6 | 7.
        const auto between = [&canvas](int a, int b, double at = 0.5) {
            const QPointF m = canvas.cellRect(a).center() +
                              (canvas.cellRect(b).center() - canvas.cellRect(a).center()) * at;
            return QPoint(static_cast<int>(m.x()), static_cast<int>(m.y()));
        };
        QImage image = s.grab();
        const QRgb plainGap = image.pixel(between(6, 7));
        QVERIFY(image.pixel(between(5, 4)) != plainGap);
        QVERIFY(image.pixel(between(5, 4)) != theme::tokenStateColor(kKept).rgb());
        // Hovering the destination highlights its incoming links (seen inside the merged cell).
        canvas.setHoveredToken(4);
        image = s.grab();
        QCOMPARE(image.pixel(between(5, 4, 0.3)), theme::cursorLine().rgb());
        QVERIFY(image.pixel(between(2, 0, 0.3)) != theme::cursorLine().rgb());
    }

    void legendCountsEveryState() {
        std::vector<std::int32_t> states(20, kKept);  // 10 kept in the end
        states[0] = states[1] = states[2] = kPruned;
        states[3] = kMergedBase + 10;
        states[4] = kMergedBase + 11;
        states[5] = kReused;
        states[6] = kEvicted;
        states[7] = states[8] = kPrecisionBase + 4;
        states[9] = kPrecisionBase + 8;
        Shown s({tokens(QStringLiteral("tokens"), 10, {4, 5}, states)});
        const TokenCanvas &canvas = *s.view.canvas();
        const TokenCounts &c = canvas.counts();
        QCOMPARE(c.total, 20);
        QCOMPARE(c.kept, 10);
        QCOMPARE(c.pruned, 3);
        QCOMPARE(c.merged, 2);
        QCOMPARE(c.reused, 1);
        QCOMPARE(c.evicted, 1);
        QCOMPARE(c.precision(), 3);
        QCOMPARE(c.precisionByBits.at(4), 2);
        QCOMPARE(c.keptFraction(), 0.5);
        QCOMPARE(canvas.legendEntries(), (QStringList{QStringLiteral("kept 10"), QStringLiteral("reused 1"),
                                                      QStringLiteral("4-bit 2"), QStringLiteral("8-bit 1"),
                                                      QStringLiteral("merged 2"), QStringLiteral("pruned 3"),
                                                      QStringLiteral("evicted 1")}));
    }

    void stepSliderFollowsAndMovesTheCursor() {
        Shown s({tokens(QStringLiteral("a"), 100, {4}, {0, 0, 0, 0}),
                 tokens(QStringLiteral("a"), 200, {4}, {0, 1, 1, 1}),
                 tokens(QStringLiteral("b"), 150, {2, 2}, {0, 1, 0, 1})});
        TokenView &view = s.view;
        QCOMPARE(view.currentName(), QStringLiteral("a"));
        QVERIFY(!view.nameSelector()->isHidden());  // two names
        QSlider *slider = view.stepper()->slider();
        QCOMPARE(slider->value(), 1);
        QCOMPARE(view.canvas()->counts().pruned, 3);
        s.state.setCursor(120);
        QCOMPARE(slider->value(), 0);
        QCOMPARE(view.canvas()->counts().pruned, 0);
        slider->setValue(1);
        QCOMPARE(s.state.cursor(), TimePs{200});
        QCOMPARE(view.canvas()->counts().pruned, 3);

        view.nameSelector()->setCurrentIndex(1);
        QCOMPARE(view.currentName(), QStringLiteral("b"));
        QCOMPARE(view.canvas()->grid()->shape, (std::vector<std::int64_t>{2, 2}));
        s.state.setCursor(120);
        QVERIFY2(view.hint().contains(QStringLiteral("yet at the cursor")), qPrintable(view.hint()));
    }

    void hints() {
        ViewState state;
        TokenView view(state);
        QVERIFY2(view.hint().contains(QStringLiteral("No run")), qPrintable(view.hint()));
        test::showFrames(state,
                         {makeFrame(FrameKind::Heat, QStringLiteral("h"), 1, {1, 1}, std::vector<float>{1})});
        QVERIFY2(view.hint().contains(QStringLiteral("no token frames")), qPrintable(view.hint()));
        test::showFrames(
            state, {makeFrame(FrameKind::Tokens, QStringLiteral("t"), 1, {2}, std::vector<float>{1, 2})});
        QVERIFY2(view.hint().contains(QStringLiteral("integers")), qPrintable(view.hint()));
    }
};

QTEST_MAIN(TestTokenView)
#include "tst_tokenview.moc"
