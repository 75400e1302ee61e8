// Narration: breadcrumbs and marker texts of every level at the cursor for a DFX run, following
// the cursor and the previous/next buttons.
#include <QtTest>

#include "tests/support/dfxrun.h"
#include "views/narration/narrationview.h"
#include "views/narration/stepnarration.h"
#include "views/state/viewstate.h"

using namespace accelscope;

class TestNarrationView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { run_ = test::shortDfxRun(3); }

    void crumbsNameTheStepOfEveryLevel() {
        const auto index = run_.index();
        QCOMPARE(index->levelCount(), 3);  // instruction, layer, token
        const auto &markers = index->snapshot().markers();
        const auto &tokens = index->markersOf(2);
        const auto &layers = index->markersOf(1);
        QCOMPARE(tokens.size(), std::size_t{3});
        // A layer boundary inside the second token.
        const auto layersInFirstToken =
            static_cast<std::size_t>(index->completedAt(1, markers[tokens[0]].time));
        const std::size_t k = layersInFirstToken + 4;
        const TimePs cursor = markers[layers[k]].time;
        const StepNarration n = narrationAt(*run_.record, *index, cursor, true);
        QCOMPARE(n.crumbs.size(), std::size_t{3});
        QCOMPARE(n.crumbs[0].levelName, QStringLiteral("token"));
        QCOMPARE(n.crumbs[0].position, std::int64_t{2});
        QCOMPARE(n.crumbs[0].total.value_or(-1), std::int64_t{3});
        QCOMPARE(n.crumbs[0].text, markers[tokens[1]].text);  // the token the cursor is in
        QCOMPARE(n.crumbs[1].position, std::int64_t{5});
        QCOMPARE(n.crumbs[1].total.value_or(-1), index->completedAt(1, markers[tokens[1]].time) -
                                                     static_cast<std::int64_t>(layersInFirstToken));
        QCOMPARE(n.crumbs[1].text, index->markerAt(1, cursor)->text);  // on a boundary: markerAt
        QVERIFY(n.crumbs[1].finished);
        QVERIFY(n.crumbs[2].text.isEmpty());  // instruction markers carry no text
        QCOMPARE(n.paragraphLevel, 1);
        QVERIFY(n.breadcrumbs().startsWith(QStringLiteral("token 2 of 3 · layer 5 of ")));
    }

    void viewFollowsTheCursorAndSteps() {
        ViewState state;
        NarrationView view(state);
        QVERIFY(view.text().contains(QStringLiteral("No run")));
        state.setRun(run_.record, run_.index());
        const TraceIndex &index = state.index();
        const auto &markers = index.snapshot().markers();
        const auto &layers = index.markersOf(1);
        state.setCursor(markers[layers[7]].time);
        const QString before = view.text();
        QVERIFY(before.contains(markers[layers[7]].text));
        QVERIFY(before.contains(markers[index.markersOf(2)[0]].text));  // the coarser level's text
        QVERIFY(before.contains(QStringLiteral("layer 8 of")));
        QVERIFY(before.contains(QStringLiteral("ynthetic")));  // the data source is said to be synthetic

        view.setStepLevel(1);
        view.nextStep();
        QCOMPARE(state.cursor(), markers[layers[8]].time);
        QVERIFY(view.text().contains(markers[layers[8]].text));
        QVERIFY(view.text().contains(QStringLiteral("layer 9 of")));
        view.previousStep();
        QCOMPARE(state.cursor(), markers[layers[7]].time);
        QCOMPARE(view.text(), before);
    }

    void syntheticSourcesAreRecognised() {
        QVERIFY(looksSynthetic(QStringLiteral("seeded synthetic GPT-2 weights")));
        QVERIFY(!looksSynthetic(QStringLiteral("imported weights from model.safetensors")));
    }

private:
    test::RecordedRun run_;
};

QTEST_MAIN(TestNarrationView)
#include "tst_narrationview.moc"
