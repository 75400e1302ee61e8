// BlockAllocator: linked-list allocation of SRAM blocks with per-bank free lists.
#include <QtTest>

#include "core/sim/timing/blockallocator.h"
#include "tests/support/errorof.h"

using accelscope::timing::BlockAllocator;
using accelscope::timing::BlockChain;
using accelscope::timing::kNoBlock;

class TestBlockAllocator : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void chainsFillTheHomeBankThenSpill() {
        BlockAllocator a(4, 4096, 1024);  // 4 banks × 4 blocks
        QCOMPARE(a.freeBlocks(), 16);
        BlockChain c = a.allocate(3000, 1);  // 3 blocks in bank 1
        QCOMPARE(a.chainLength(c), 3);
        QCOMPARE(a.usedBlocks(1), 3);
        QVERIFY(a.extend(c, 2048, 1));  // 1 more in bank 1, then spills to bank 2
        QCOMPARE(a.chainLength(c), 5);
        QCOMPARE(a.usedBlocks(1), 4);
        QCOMPARE(a.usedBlocks(2), 1);
        QCOMPARE(a.usedBytes(2), 1024);
        BlockChain d = a.allocate(11 * 1024, 0);
        QCOMPARE(a.chainLength(d), 11);
        QCOMPARE(a.freeBlocks(), 0);
        QCOMPARE(a.allocate(1, 3), kNoBlock);  // full: nothing taken
        a.release(c);
        QCOMPARE(c, kNoBlock);
        QCOMPARE(a.freeBlocks(), 5);
        QCOMPARE(a.usedBlocks(1), 0);
        BlockChain e = a.allocate(5 * 1024, 3);
        QCOMPARE(a.chainLength(e), 5);
        a.release(d);
        a.release(e);
        for (int b = 0; b < 4; ++b)
            QCOMPARE(a.usedBlocks(b), 0);
        QCOMPARE(a.freeBlocks(), 16);
    }

    void failedGrowthTakesNothing() {
        BlockAllocator a(2, 2048, 1024);
        BlockChain c = a.allocate(1024, 0);
        QVERIFY(!a.extend(c, 4 * 1024, 0));
        QCOMPARE(a.chainLength(c), 1);
        QCOMPARE(a.freeBlocks(), 3);
    }

    void badGeometryIsNamed() {
        QVERIFY(accelscope::test::errorOf([] {
                    BlockAllocator(2, 512, 1024);
                }).contains(QStringLiteral("blocks of 1024 bytes")));
    }
};

QTEST_GUILESS_MAIN(TestBlockAllocator)
#include "tst_blockallocator.moc"
