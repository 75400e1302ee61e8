// The Engine: determinism across seeds and stepping patterns, pause, cancel and failure.
#include <QtTest>

#include "core/sim/engine.h"
#include "synthmodel.h"
#include "tracedump.h"

using namespace accelscope;

namespace {

std::unique_ptr<Engine> engineFor(std::uint64_t seed, std::int64_t ops, std::int64_t throwAt = -1) {
    return std::make_unique<Engine>(std::make_unique<test::SynthModel>(seed, ops, 10, throwAt));
}

QStringList dump(const TraceSnapshot &s) {
    return test::dumpTrace(s);
}

}  // namespace

class TestEngine : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sameSeedSameTrace() {
        auto a = engineFor(42, 500);
        auto b = engineFor(42, 500);
        a->runToEnd();
        b->runToEnd();
        QCOMPARE(a->waitForIdle(), Engine::State::Finished);
        QCOMPARE(b->waitForIdle(), Engine::State::Finished);
        const QStringList da = dump(a->snapshot());
        QCOMPARE(da.size(), 500 + 500 + 500 + 50);  // events, counters, op and block markers
        QCOMPARE(da, dump(b->snapshot()));
        QCOMPARE(a->progress(), 1.0);

        auto c = engineFor(43, 500);
        c->runToEnd();
        c->waitForIdle();
        QVERIFY(dump(c->snapshot()) != da);
    }

    void steppingPatternDoesNotChangeTheTrace() {
        auto whole = engineFor(9, 200);
        whole->runToEnd();
        whole->waitForIdle();

        auto stepped = engineFor(9, 200);
        for (int i = 0; i < 5; ++i)
            stepped->step(0);
        stepped->step(1);
        stepped->step(1);
        QCOMPARE(stepped->waitForIdle(), Engine::State::Idle);
        QCOMPARE(stepped->snapshot().eventCount(), std::size_t{20});  // 5 ops, then to block ends 10, 20
        stepped->run(0, 0);
        QCOMPARE(stepped->waitForIdle(), Engine::State::Finished);
        QCOMPARE(dump(stepped->snapshot()), dump(whole->snapshot()));
    }

    void pauseThenResume() {
        auto engine = engineFor(5, 400);
        engine->run(0, 2000);  // paced: 2000 steps per second
        QTest::qWait(30);
        engine->pause();
        QCOMPARE(engine->waitForIdle(), Engine::State::Paused);
        const std::size_t atPause = engine->snapshot().eventCount();
        QVERIFY(atPause < 400);
        engine->runToEnd();
        QCOMPARE(engine->waitForIdle(), Engine::State::Finished);
        QCOMPARE(engine->snapshot().eventCount(), std::size_t{400});

        auto reference = engineFor(5, 400);
        reference->runToEnd();
        reference->waitForIdle();
        QCOMPARE(dump(engine->snapshot()), dump(reference->snapshot()));
    }

    void pauseRightAfterRunApplies() {
        // The pause is issued before the worker has started the run: it still pauses it.
        auto engine = engineFor(4, 50'000'000);
        engine->runToEnd();
        engine->pause();
        QCOMPARE(engine->waitForIdle(), Engine::State::Paused);
        QVERIFY(engine->snapshot().eventCount() < 50'000'000);
        // A later command runs normally.
        engine->step(0);
        QCOMPARE(engine->waitForIdle(), Engine::State::Idle);
    }

    void cancelStopsARun() {
        auto engine = engineFor(1, 50'000'000);
        engine->runToEnd();
        engine->cancel();
        QCOMPARE(engine->waitForIdle(), Engine::State::Cancelled);
        const std::size_t events = engine->snapshot().eventCount();
        QVERIFY(events < 50'000'000);
        // Nothing runs after a cancel.
        engine->step(0);
        engine->runToEnd();
        QCOMPARE(engine->waitForIdle(), Engine::State::Cancelled);
        QCOMPARE(engine->snapshot().eventCount(), events);
    }

    void cancelWhileIdle() {
        auto engine = engineFor(1, 100);
        engine->step(0);
        engine->waitForIdle();
        engine->cancel();
        QCOMPARE(engine->waitForIdle(), Engine::State::Cancelled);
    }

    void modelFailureIsReported() {
        auto engine = engineFor(1, 100, 25);
        QSignalSpy failed(engine.get(), &Engine::failed);
        engine->runToEnd();
        QCOMPARE(engine->waitForIdle(), Engine::State::Failed);
        QVERIFY(engine->errorMessage().contains(QStringLiteral("synthetic failure at op 25")));
        QCOMPARE(engine->snapshot().eventCount(), std::size_t{25});  // what ran before is kept
        QVERIFY(failed.wait(1000) || failed.count() == 1);
        QCOMPARE(failed.count(), 1);
    }

    void signalsReachTheOwnerThread() {
        auto engine = engineFor(2, 30);
        QSignalSpy states(engine.get(), &Engine::stateChanged);
        QSignalSpy stepped(engine.get(), &Engine::stepped);
        engine->runToEnd();
        engine->waitForIdle();
        QTRY_VERIFY(!states.isEmpty() &&
                    states.last().at(0).value<Engine::State>() == Engine::State::Finished);
        QVERIFY(!stepped.isEmpty());
        QCOMPARE(stepped.last().at(0).value<TimePs>(), engine->model().now());
    }
};

QTEST_GUILESS_MAIN(TestEngine)
#include "tst_engine.moc"
