// The list scheduler: contention on in-order units, after-end and chained dependencies, and the
// events it records.
#include <QtTest>

#include "core/sim/timing/eventqueue.h"
#include "core/sim/timing/scheduler.h"
#include "core/sim/trace.h"

using namespace accelscope;
using namespace accelscope::timing;

class TestScheduler : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void inOrderUnitSerializes() {
        Trace trace;
        Scheduler s(trace);
        const ResourceId mpu = s.addResource(3);
        const TaskId a = s.add({mpu, 100, {}, 0, OpKind::Matrix, QStringLiteral("a")});
        const TaskId b = s.add({mpu, 50, {}, 0, OpKind::Matrix, QStringLiteral("b")});
        QCOMPARE(s.start(a), TimePs{0});
        QCOMPARE(s.start(b), TimePs{100});  // waits for the unit
        QCOMPARE(s.end(b), TimePs{150});
        QCOMPARE(s.resource(mpu).busyPs(), TimePs{150});
        trace.publish();
        const TraceSnapshot snap = trace.snapshot();
        QCOMPARE(snap.eventCount(), std::size_t{2});
        QCOMPARE(snap.event(1).unit, UnitId{3});
        QCOMPARE(snap.event(1).begin, TimePs{100});
    }

    void independentUnitsOverlap() {
        Trace trace;
        Scheduler s(trace);
        const ResourceId dma = s.addResource(0);
        const ResourceId mpu = s.addResource(1);
        const TaskId load = s.add({dma, 80});
        const TaskId compute = s.add({mpu, 60});
        QCOMPARE(s.start(load), s.start(compute));
        QCOMPARE(s.makespan(), TimePs{80});
    }

    void afterEndDependency() {
        Trace trace;
        Scheduler s(trace);
        const ResourceId dma = s.addResource(0);
        const ResourceId mpu = s.addResource(1);
        const TaskId load = s.add({dma, 80});
        const TaskId use = s.add({mpu, 60, {Dependency::after(load, 5)}});
        QCOMPARE(s.start(use), TimePs{85});
        QCOMPARE(s.end(use), TimePs{145});
    }

    void chainedConsumerStreamsBehindProducer() {
        Trace trace;
        Scheduler s(trace);
        const ResourceId mpu = s.addResource(0);
        const ResourceId vpu = s.addResource(1);
        const TaskId gemv = s.add({mpu, 1000});
        // A short consumer starting 20 ps after the producer cannot finish before the producer's
        // last result arrives (+20): it stalls on its unit.
        const TaskId add = s.add({vpu, 100, {Dependency::chained(gemv, 20)}});
        QCOMPARE(s.start(add), TimePs{20});
        QCOMPARE(s.end(add), TimePs{1020});
        // A long consumer is limited by its own work.
        const ResourceId sfu = s.addResource(2);
        const TaskId gelu = s.add({sfu, 5000, {Dependency::chained(gemv, 20)}});
        QCOMPARE(s.end(gelu), TimePs{5020});
        // Without chaining the consumer would wait for the end.
        const ResourceId spare = s.addResource(3);
        const TaskId late = s.add({spare, 100, {Dependency::after(gemv)}});
        QCOMPARE(s.start(late), TimePs{1000});
    }

    void notBeforeAndUnrecordedTasks() {
        Trace trace;
        Scheduler s(trace);
        const ResourceId r = s.addResource(0);
        TaskSpec quiet{r, 10};
        quiet.notBeforePs = 500;
        quiet.record = false;
        const TaskId t = s.add(quiet);
        QCOMPARE(s.start(t), TimePs{500});
        trace.publish();
        QCOMPARE(trace.snapshot().eventCount(), std::size_t{0});
    }

    void forgottenTasksCannotBeDependedOn() {
        Trace trace;
        Scheduler s(trace);
        const ResourceId r = s.addResource(0);
        const TaskId a = s.add({r, 10});
        const TaskId b = s.add({r, 10});
        s.forgetBefore(b);
        QCOMPARE(s.end(b), TimePs{20});
        QVERIFY_THROWS_EXCEPTION(std::logic_error, s.end(a));
        QVERIFY_THROWS_EXCEPTION(std::logic_error, s.add({r, 1, {Dependency::after(a)}}));
    }

    void eventQueueOrdersByTimeThenSchedule() {
        EventQueue q;
        QStringList order;
        q.schedule(20, [&](TimePs) { order << QStringLiteral("b"); });
        q.schedule(10, [&](TimePs now) {
            order << QStringLiteral("a");
            q.schedule(now + 10, [&](TimePs) { order << QStringLiteral("c"); });  // ties: after b
        });
        q.runUntil(15);
        QCOMPARE(order, QStringList{QStringLiteral("a")});
        q.runAll();
        QCOMPARE(order, (QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}));
        QCOMPARE(q.now(), TimePs{20});
        QVERIFY_THROWS_EXCEPTION(std::logic_error, q.schedule(5, [](TimePs) {}));
    }
};

QTEST_GUILESS_MAIN(TestScheduler)
#include "tst_scheduler.moc"
