// Unit models of the timing kit against hand calculations.
#include <QtTest>

#include "core/sim/timing/computeunits.h"
#include "core/sim/timing/memoryunits.h"

using namespace accelscope;
using namespace accelscope::timing;

class TestUnitModels : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void conversions() {
        QCOMPARE(cyclesToPs(1, 200e6), TimePs{5000});
        QCOMPARE(cyclesToPs(3, 800e6), TimePs{3750});
        QCOMPARE(cyclesToPs(1, 220e6), TimePs{4545});  // nearest picosecond
        QCOMPARE(bytesToPs(4096, 409.6e9), TimePs{10000});
        QCOMPARE(ceilDiv(65, 64), std::int64_t{2});
    }

    void macTreeArray() {
        // DFX's MPU: 16 lanes of 64-input trees, FP16 multiply 6 cycles, add 11 cycles.
        const MacTreeArray mpu{16, 64, 6, 11, 200e6};
        QCOMPARE(mpu.treeDepth(), 6);
        QCOMPARE(mpu.pipelineLatencyCycles(), 6 + 6 * 11);
        QCOMPARE(mpu.macsPerCycle(), std::int64_t{1024});
        QCOMPARE(mpu.peakFlops(), 2.0 * 1024 * 200e6);
        // 1024 x 3072 weights = 16 x 192 tiles.
        QCOMPARE(mpu.matVecCycles(1024, 3072), std::int64_t{16 * 192 + 72});
        QCOMPARE(mpu.matMatCycles(32, 1024, 3072), std::int64_t{16 * 192 * 32 + 72});
        // Partial tiles round up.
        QCOMPARE(mpu.tiles(65, 17), std::int64_t{4});
    }

    void systolicAndVector() {
        const SystolicArray sa{4, 4, 1e9};
        // k=8, n=4: 2 tiles, each 4 (load) + m + 4 + 4 - 1.
        QCOMPARE(sa.gemmCycles(10, 4, 8), std::int64_t{2 * (4 + 10 + 4 + 4 - 1)});
        const VectorUnit vpu{64, 200e6};
        QCOMPARE(vpu.cycles(1600, 11), std::int64_t{25 + 11});
        QCOMPARE(vpu.reduceCycles(1600, 11), std::int64_t{25 + 6 * 11});
    }

    void memoryAndLinks() {
        const MemoryChannel hbm{409.6e9, 100'000};
        QCOMPARE(hbm.transferPs(0), TimePs{0});
        QCOMPARE(hbm.transferPs(4096), TimePs{110'000});
        // 100 Gb/s with 64b/66b coding.
        const LinkModel qsfp{12.5e9, 500'000, 64.0 / 66.0};
        const std::uint64_t block = 400 * 2;  // 400 FP16 values per device
        const TimePs hop = qsfp.transferPs(block);
        QCOMPARE(hop, TimePs{500'000} + bytesToPs(block, 12.5e9 * 64.0 / 66.0));
        QCOMPARE(ringAllGatherPs(qsfp, 4, block), 3 * hop);
        QCOMPARE(ringAllGatherPs(qsfp, 1, block), TimePs{0});
        QCOMPARE(ringAllReducePs(qsfp, 4, 4 * block), 6 * qsfp.transferPs(block));
    }

    void sramBanks() {
        SramBanks banks(4, 100, 2);
        QVERIFY(banks.allocate(250));
        QCOMPARE(banks.occupiedBytes(0), std::int64_t{63});
        QCOMPARE(banks.occupiedBytes(3), std::int64_t{62});
        QCOMPARE(banks.occupiedBytes(), std::int64_t{250});
        QVERIFY(!banks.allocate(200));  // would overflow: nothing placed
        QCOMPARE(banks.occupiedBytes(), std::int64_t{250});
        banks.release(250);
        QCOMPARE(banks.occupiedBytes(), std::int64_t{0});
        // 5 accesses on bank 1 with 2 ports take 3 cycles: 2 extra conflict cycles.
        QCOMPARE(banks.accessCycles({1, 1, 1, 1, 1, 0}), std::int64_t{3});
        QCOMPARE(banks.conflictCycles(), std::int64_t{2});
    }
};

QTEST_GUILESS_MAIN(TestUnitModels)
#include "tst_unitmodels.moc"
