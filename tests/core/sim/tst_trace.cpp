// The in-memory Trace: columnar storage across chunks, interning, snapshots and their isolation.
#include <QtTest>

#include <stdexcept>
#include <thread>

#include "core/sim/trace.h"

using namespace accelscope;

class TestTrace : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void emptySnapshotsHaveEmptyTables() {
        const TraceSnapshot unset;
        QVERIFY(unset.eventTypes().empty() && unset.series().empty() && unset.frames().empty() &&
                unset.markers().empty());
        const Trace trace;
        const TraceSnapshot unpublished = trace.snapshot();
        QCOMPARE(unpublished.eventCount(), std::size_t{0});
        QVERIFY(unpublished.eventTypes().empty() && unpublished.series().empty());
    }

    void appendsAcrossChunksAndReadsBack() {
        Trace trace;
        const EventTypeId a = trace.eventType(0, OpKind::Matrix, QStringLiteral("gemv"));
        const EventTypeId b = trace.eventType(1, OpKind::MemoryRead, QStringLiteral("load"));
        QCOMPARE(trace.eventType(0, OpKind::Matrix, QStringLiteral("gemv")), a);  // interned
        QVERIFY(a != b);
        const std::size_t n = 3 * detail::kChunkSize + 17;
        for (std::size_t i = 0; i < n; ++i) {
            trace.setStepIndex(static_cast<std::int64_t>(i / 100));
            trace.appendEvent(i % 3 ? a : b, static_cast<TimePs>(i * 10), static_cast<TimePs>(i * 10 + 7), i,
                              2 * i);
        }
        trace.publish();
        const TraceSnapshot s = trace.snapshot();
        QCOMPARE(s.eventCount(), n);
        for (std::size_t i : {std::size_t{0}, detail::kChunkSize - 1, detail::kChunkSize, n - 1}) {
            const UnitEvent e = s.event(i);
            QCOMPARE(e.begin, static_cast<TimePs>(i * 10));
            QCOMPARE(e.end, static_cast<TimePs>(i * 10 + 7));
            QCOMPARE(e.bytes, static_cast<std::uint64_t>(i));
            QCOMPARE(e.flops, static_cast<std::uint64_t>(2 * i));
            QCOMPARE(e.label, i % 3 ? QStringLiteral("gemv") : QStringLiteral("load"));
            QCOMPARE(s.eventStep(i), static_cast<std::uint32_t>(i / 100));
        }
        QCOMPARE(s.endTime(), static_cast<TimePs>((n - 1) * 10 + 7));
    }

    void undeclaredTypeOrSeriesIsRefused() {
        // A model that appends with an id it never declared would leave a trace no view or reload
        // can read; the append fails instead, so the engine reports the run as failed.
        Trace trace;
        const EventTypeId a = trace.eventType(0, OpKind::Matrix, QStringLiteral("gemv"));
        trace.appendEvent(a, 0, 10);
        try {
            trace.appendEvent(a + 1, 10, 20);
            QFAIL("an undeclared event type was accepted");
        } catch (const std::out_of_range &e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("event type 1")), e.what());
        }
        try {
            trace.counter(0, 5, 1.0);
            QFAIL("an undeclared counter series was accepted");
        } catch (const std::out_of_range &e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("counter series 0")), e.what());
        }
        trace.publish();
        QCOMPARE(trace.snapshot().eventCount(), std::size_t{1});
        QCOMPARE(trace.snapshot().counterCount(), std::size_t{0});
    }

    void fortyBytesPerEvent() {
        // The budget is 40 bytes per event in memory; chunked columns add no per-event overhead.
        QCOMPARE(sizeof(detail::EventChunk) / detail::kChunkSize, std::size_t{40});
        Trace trace;
        const EventTypeId t = trace.eventType(0, OpKind::Vector, QStringLiteral("add"));
        for (std::size_t i = 0; i < 4 * detail::kChunkSize; ++i)
            trace.appendEvent(t, 0, 1);
        trace.publish();
        QCOMPARE(trace.snapshot().columnBytes() / trace.snapshot().eventCount(), std::size_t{40});
    }

    void snapshotsSeeOnlyWhatWasPublished() {
        Trace trace;
        const EventTypeId t = trace.eventType(0, OpKind::Vector, QStringLiteral("add"));
        trace.appendEvent(t, 0, 5);
        trace.marker(Marker{5, 1, 0, QStringLiteral("first")});
        trace.publish();
        const TraceSnapshot before = trace.snapshot();
        trace.appendEvent(t, 5, 9);
        trace.marker(Marker{9, 1, 1, QStringLiteral("second")});
        QCOMPARE(trace.snapshot().eventCount(), std::size_t{1});  // not yet published
        trace.publish();
        QCOMPARE(before.eventCount(), std::size_t{1});  // old snapshots never change
        QCOMPARE(before.markers().size(), std::size_t{1});
        QCOMPARE(trace.snapshot().eventCount(), std::size_t{2});
        QCOMPARE(trace.snapshot().markers().back().text, QStringLiteral("second"));
    }

    void countersAndFrames() {
        Trace trace;
        const SeriesId occ = trace.counterSeries(QStringLiteral("fpga0/HBM/bank0"), QStringLiteral("bytes"));
        QCOMPARE(trace.counterSeries(QStringLiteral("fpga0/HBM/bank0"), QStringLiteral("bytes")), occ);
        trace.counter(occ, 10, 4096);
        trace.counter(occ, 20, 8192);
        Frame frame;
        frame.kind = FrameKind::Mask;
        frame.name = QStringLiteral("layer0/head0");
        frame.shape = {2, 3};
        frame.dtype = DType::U8;
        frame.data = QByteArray("\x01\x00\x01\x01\x01\x00", 6);
        trace.frame(frame);
        trace.publish();
        const TraceSnapshot s = trace.snapshot();
        QCOMPARE(s.counterCount(), std::size_t{2});
        QCOMPARE(s.counterValue(1), 8192.0);
        QCOMPARE(s.series()[occ].unit, QStringLiteral("bytes"));
        QCOMPARE(s.frames().size(), std::size_t{1});
        const Frame back = s.frames().front()->decompressed();
        QCOMPARE(back.data, frame.data);
        QCOMPARE(back.shape, frame.shape);
    }

    void readerThreadSeesConsistentPrefixes() {
        Trace trace;
        const EventTypeId t = trace.eventType(0, OpKind::Vector, QStringLiteral("add"));
        std::atomic<bool> done{false};
        std::atomic<bool> consistent{true};
        std::thread reader([&] {
            while (!done.load()) {
                const TraceSnapshot s = trace.snapshot();
                // Every published event i has begin == i; check the last one.
                if (s.eventCount() > 0 &&
                    s.eventBegin(s.eventCount() - 1) != static_cast<TimePs>(s.eventCount() - 1))
                    consistent = false;
            }
        });
        for (std::size_t i = 0; i < 2 * detail::kChunkSize; ++i) {
            trace.appendEvent(t, static_cast<TimePs>(i), static_cast<TimePs>(i + 1));
            if (i % 1000 == 0)
                trace.publish();
        }
        trace.publish();
        done = true;
        reader.join();
        QVERIFY(consistent.load());
        QCOMPARE(trace.snapshot().eventCount(), 2 * detail::kChunkSize);
    }
};

QTEST_GUILESS_MAIN(TestTrace)
#include "tst_trace.moc"
