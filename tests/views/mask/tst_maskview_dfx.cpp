// The Masks view on a short DFX run: its attention heat maps reach the selectors and draw.
#include <QtTest>

#include <QComboBox>
#include <QSlider>

#include "tests/support/dfxrun.h"
#include "views/mask/framestepper.h"
#include "views/mask/maskview.h"
#include "views/state/viewstate.h"

using namespace accelscope;

class TestMaskViewDfx : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void attentionFramesAppearInTheSelectors() {
        const test::RecordedRun run = test::shortDfxRun();
        ViewState state;
        state.setRun(run.record, run.index());
        MaskView view(state);
        QVERIFY(view.catalog().names().contains(QStringLiteral("layer0/head0/attention")));
        QVERIFY(view.catalog().names().contains(QStringLiteral("layer1/head0/attention")));
        QComboBox *layer = view.selector(QStringLiteral("layer"));
        QVERIFY(layer != nullptr);
        QCOMPARE(layer->count(), 2);
        QCOMPARE(layer->itemText(1), QStringLiteral("1"));
        QCOMPARE(view.selector(QStringLiteral("what"))->currentText(), QStringLiteral("attention"));

        layer->setCurrentIndex(1);
        QCOMPARE(view.currentName(), QStringLiteral("layer1/head0/attention"));
        QVERIFY2(view.hint().isEmpty(), qPrintable(view.hint()));
        QVERIFY(!view.image().isNull());
        QVERIFY(view.stepper()->frameCount() >= 2);  // one frame per generated token
        // Stepping back to the first frame moves the cursor to when it was recorded.
        view.stepper()->slider()->setValue(0);
        QCOMPARE(state.cursor(), view.stepper()->currentFrame()->time);
        QVERIFY(!view.image().isNull());
    }
};

QTEST_MAIN(TestMaskViewDfx)
#include "tst_maskview_dfx.moc"
