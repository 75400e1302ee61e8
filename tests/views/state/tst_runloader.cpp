// Loading a recorded run from a session off the UI thread: the record and the indexed trace arrive
// intact, an unknown run or a file that is not a session fails with a message, and a newer request
// supersedes an older one.

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "tests/support/dfxrun.h"
#include "views/state/runloader.h"

using namespace accelscope;

class TestRunLoader : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void loadsTheRecordAndTheTrace() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("s.ascope"));
        const test::RecordedRun recorded = test::shortDfxRun(2);
        RunId id = 0;
        {
            RunStore store(path);
            id = test::storeRun(store, recorded);
        }
        RunLoader loader;
        QSignalSpy loaded(&loader, &RunLoader::loaded);
        loader.load(path, id);
        QVERIFY(loaded.wait(60000));
        QCOMPARE(loaded.at(0).at(0).value<RunId>(), id);
        LoadedRun run = loader.take();
        QVERIFY(run.record && run.index);
        QCOMPARE(run.record->info.id, id);
        QCOMPARE(run.record->info.pluginId, QStringLiteral("dfx"));
        QCOMPARE(run.index->eventCount(), recorded.trace->eventCount());
        QCOMPARE(run.index->endTime(), recorded.trace->snapshot().endTime());
        QCOMPARE(run.record->topology.units().size(), recorded.record->topology.units().size());
        // The run is handed over once.
        QVERIFY(!loader.take().record);
    }

    void unknownRunAndForeignFileFailWithAMessage() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("s.ascope"));
        { RunStore store(path); }
        RunLoader loader;
        QSignalSpy failed(&loader, &RunLoader::failed);
        loader.load(path, 42);
        QVERIFY(failed.wait(60000));
        QVERIFY2(failed.at(0).at(1).toString().contains(QStringLiteral("42")), qPrintable(failed.at(0).at(1).toString()));

        const QString notes = dir.filePath(QStringLiteral("notes.ascope"));
        QFile file(notes);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("not a session");
        file.close();
        loader.load(notes, 1);
        QVERIFY(failed.wait(60000));
        QVERIFY2(failed.at(1).at(1).toString().contains(notes), qPrintable(failed.at(1).at(1).toString()));
    }

    void loadsThePluginsCompletedRecords() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("s.ascope"));
        std::vector<RunId> complete;
        {
            RunStore store(path);
            complete.push_back(test::storeRun(store, test::shortDfxRun(2)));
            const test::RecordedRun partial = test::shortDfxRun(2, 5);  // stopped after 5 steps
            RunInfo info = partial.record->info;
            store.beginRun(info, partial.record->topology, partial.record->stepLevels);  // left running
            complete.push_back(test::storeRun(store, test::shortDfxRun(3)));
            complete.push_back(test::storeRun(store, test::shortDfxRun(4)));
        }
        RunLoader loader;
        QSignalSpy loaded(&loader, &RunLoader::recordsLoaded);
        loader.loadRecords(path, QStringLiteral("dfx"));
        QVERIFY(loaded.wait(60000));
        QCOMPARE(loaded.at(0).at(0).toString(), QStringLiteral("dfx"));
        std::vector<RunRecord> records = loader.takeRecords();
        QCOMPARE(records.size(), complete.size());
        for (std::size_t i = 0; i < records.size(); ++i) {
            QCOMPARE(records[i].info.id, complete[i]);
            QVERIFY(!records[i].metrics.empty());
        }
        // A limit keeps the newest; another plugin has none.
        loader.loadRecords(path, QStringLiteral("dfx"), 2);
        QVERIFY(loaded.wait(60000));
        records = loader.takeRecords();
        QCOMPARE(records.size(), std::size_t{2});
        QCOMPARE(records.front().info.id, complete[1]);
        loader.loadRecords(path, QStringLiteral("oaken"));
        QVERIFY(loaded.wait(60000));
        QVERIFY(loader.takeRecords().empty());
    }

    void newerRequestSupersedesOlder() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("s.ascope"));
        RunId first = 0;
        RunId second = 0;
        {
            RunStore store(path);
            first = test::storeRun(store, test::shortDfxRun(2));
            second = test::storeRun(store, test::shortDfxRun(3));
        }
        RunLoader loader;
        QSignalSpy loaded(&loader, &RunLoader::loaded);
        loader.load(path, first);
        loader.load(path, second);
        QVERIFY(loaded.wait(60000));
        QTest::qWait(200);  // the first load, if it was slower, must not arrive either
        QCOMPARE(loaded.size(), 1);
        QCOMPARE(loaded.at(0).at(0).value<RunId>(), second);

        loader.load(path, first);
        loader.cancel();
        QTest::qWait(500);
        QCOMPARE(loaded.size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestRunLoader)
#include "tst_runloader.moc"
