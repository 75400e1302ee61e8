// Model::step: advancing at each level, and the markers it leaves for the views.
#include <QtTest>

#include <stdexcept>

#include "core/sim/trace.h"
#include "synthmodel.h"

using namespace accelscope;

namespace {
// A model that forgot to declare its step levels.
class NoLevelsModel : public test::SynthModel {
public:
    NoLevelsModel() : SynthModel(1, 5) {}
    std::vector<StepLevel> stepLevels() const override { return {}; }
};
}  // namespace

class TestModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void stepAtEachLevel() {
        test::SynthModel model(7, 35, 10);
        Trace trace;
        QVERIFY(model.step(0, trace));
        trace.publish();
        QCOMPARE(trace.snapshot().eventCount(), std::size_t{1});

        QVERIFY(model.step(1, trace));  // to the end of block 0: ops 1..9
        trace.publish();
        TraceSnapshot s = trace.snapshot();
        QCOMPARE(s.eventCount(), std::size_t{10});
        const Marker &blockEnd = s.markers().back();
        QCOMPARE(blockEnd.level, 1);
        QCOMPARE(blockEnd.index, std::int64_t{0});
        QCOMPARE(blockEnd.text, QStringLiteral("block 0 done"));
        QCOMPARE(blockEnd.time, model.now());

        // Level-0 markers carry no text; one per op.
        int opMarkers = 0;
        for (const Marker &m : s.markers())
            opMarkers += m.level == 0 ? (m.text.isEmpty() ? 1 : 1000) : 0;
        QCOMPARE(opMarkers, 10);

        while (model.step(1, trace)) {
        }
        trace.publish();
        s = trace.snapshot();
        QVERIFY(model.finished());
        QCOMPARE(s.eventCount(), std::size_t{35});  // the last, partial block ends with the run
        QVERIFY(!model.step(0, trace));
    }

    void modelWithoutStepLevelsFailsClearly() {
        NoLevelsModel model;
        Trace trace;
        try {
            model.step(0, trace);
            QFAIL("a model without step levels was stepped");
        } catch (const std::logic_error &e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("no step levels")), e.what());
        }
        trace.publish();
        QCOMPARE(trace.snapshot().eventCount(), std::size_t{0});
    }

    void eventsCarryTheirStepIndex() {
        test::SynthModel model(3, 12, 4);
        Trace trace;
        while (model.step(1, trace)) {
        }
        trace.publish();
        const TraceSnapshot s = trace.snapshot();
        for (std::size_t i = 0; i < s.eventCount(); ++i)
            QCOMPARE(s.eventStep(i), static_cast<std::uint32_t>(i));
    }
};

QTEST_GUILESS_MAIN(TestModel)
#include "tst_model.moc"
