// RingAllGather: every core ends with every sub-vector, in core-ID order, after D - 1 hops.
#include <QtTest>

#include "functional/ringallgather.h"

using namespace accelscope;
using accelscope::kernels::MatrixF;

class TestRingAllGather : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void deliversEverySubVectorInDMinusOneHops_data() {
        QTest::addColumn<int>("devices");
        for (int d : {1, 2, 3, 4, 5, 8})
            QTest::addRow("D=%d", d) << d;
    }
    void deliversEverySubVectorInDMinusOneHops() {
        QFETCH(int, devices);
        const int rows = 3, width = 5;
        std::vector<MatrixF> parts;
        for (int d = 0; d < devices; ++d)
            parts.push_back(MatrixF::Constant(rows, width, static_cast<float>(d + 1)));
        dfx::RingAllGather ring(devices);
        const std::vector<MatrixF> full = ring.run(parts);

        QCOMPARE(static_cast<int>(full.size()), devices);
        for (const MatrixF &copy : full) {
            QCOMPARE(copy.cols(), Eigen::Index(devices * width));
            for (int origin = 0; origin < devices; ++origin)
                QVERIFY(copy.middleCols(origin * width, width).isApproxToConstant(float(origin + 1)));
        }
        // D - 1 rounds; in each, every core sends one sub-vector to its clockwise neighbour.
        QCOMPARE(ring.hopRounds(), devices - 1);
        QCOMPARE(static_cast<int>(ring.hops().size()), devices * (devices - 1));
        for (const dfx::RingHop &hop : ring.hops()) {
            QCOMPARE(hop.to, (hop.from + 1) % devices);
            QVERIFY(hop.hop >= 1 && hop.hop <= devices - 1);
            QCOMPARE(hop.elements, qint64(rows * width));
            QVERIFY(hop.origin != hop.to);  // nobody is sent its own sub-vector back
        }
    }

    void eachCoreReceivesEachForeignSegmentOnce() {
        const int devices = 4;
        dfx::RingAllGather ring(devices);
        ring.run(std::vector<MatrixF>(devices, MatrixF::Zero(1, 2)));
        for (int core = 0; core < devices; ++core)
            for (int origin = 0; origin < devices; ++origin) {
                const auto count =
                    std::count_if(ring.hops().begin(), ring.hops().end(),
                                  [&](const dfx::RingHop &h) { return h.to == core && h.origin == origin; });
                QCOMPARE(int(count), core == origin ? 0 : 1);
            }
    }
};

QTEST_GUILESS_MAIN(TestRingAllGather)
#include "tst_ringallgather.moc"
