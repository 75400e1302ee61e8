// ConMerge-style compaction: every nonzero keeps its position (scatter-back rebuilds the mask,
// nothing is lost or doubled), merged rows never collide or exceed the merge depth, utilization
// never drops, and hand-built cases give the counts their definition says.
#include <QtTest>

#include <random>
#include <set>
#include <stdexcept>

#include "core/kernels/sparsecompaction.h"

using namespace accelscope::kernels;

namespace {

MaskU8 randomMask(int rows, int cols, double density, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::bernoulli_distribution keep(density);
    MaskU8 m(rows, cols);
    for (Eigen::Index i = 0; i < m.size(); ++i)
        m.data()[i] = keep(rng) ? 1 : 0;
    return m;
}

}  // namespace

class TestSparseCompaction : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void preservesEveryNonzeroAndItsPosition() {
        for (const double density : {0.02, 0.1, 0.3, 0.7}) {
            const MaskU8 mask = randomMask(100, 70, density, std::uint64_t(density * 1000));
            CompactionSettings s;
            s.tileRows = 16;
            s.tileCols = 32;
            s.mergeDepth = 3;
            const Compaction c = compactSparseRows(mask, s);
            QVERIFY(c.scatter() == mask);  // a duplicate would show as 2
            QCOMPARE(c.nonzeros, std::int64_t(mask.cast<int>().sum()));
            for (const CompactedGroup &g : c.groups)
                for (const std::vector<int> &slot : g.slots) {
                    std::set<int> sources;
                    for (const int r : slot)
                        if (r >= 0)
                            sources.insert(r);
                    QVERIFY(int(sources.size()) <= s.mergeDepth);
                }
            QVERIFY(c.utilizationAfter() >= c.utilizationBefore());
            QVERIFY(c.tilesAfter <= c.tilesBefore);
            QVERIFY(c.rowShare() <= 1.0);
            QCOMPARE(c.denseTiles, std::int64_t(7 * 3));
        }
    }

    void mergesDisjointRowsIntoOne() {
        MaskU8 m = MaskU8::Zero(4, 4);
        for (int i = 0; i < 4; ++i)
            m(i, i) = 1;  // a diagonal: four rows, no column shared
        CompactionSettings s;
        s.tileRows = 2;
        s.tileCols = 4;
        s.mergeDepth = 4;
        const Compaction c = compactSparseRows(m, s);
        QCOMPARE(c.mergedRows, std::int64_t(1));
        QCOMPARE(c.tilesBefore, std::int64_t(2));
        QCOMPARE(c.tilesAfter, std::int64_t(1));
        QCOMPARE(c.utilizationBefore(), 4.0 / 16);
        QCOMPARE(c.utilizationAfter(), 1.0);
        QCOMPARE(c.rowShare(), 0.25);
        QCOMPARE(c.groups.front().slots.front(), (std::vector<int>{0, 1, 2, 3}));
        s.mergeDepth = 2;  // two rows per merged row at most
        QCOMPARE(compactSparseRows(m, s).mergedRows, std::int64_t(2));
    }

    void entriesOfACollidingRowSplitAcrossMergedRows() {
        MaskU8 m = MaskU8::Zero(4, 4);
        m(0, 0) = m(0, 1) = 1;
        m(1, 1) = m(1, 2) = 1;  // collides with row 0 in column 1
        m(3, 3) = 1;            // row 2 is empty
        CompactionSettings s;
        s.tileRows = 4;
        s.tileCols = 4;
        s.mergeDepth = 2;
        const Compaction c = compactSparseRows(m, s);
        // Row 1's column 1 opens a second merged row, its column 2 joins row 0's; row 3 cannot
        // join the first (two sources already) and takes the second.
        QCOMPARE(c.groups.front().slots, (std::vector<std::vector<int>>{{0, 0, 1, -1}, {-1, 1, -1, 3}}));
        QCOMPARE(c.condensedRows, std::int64_t(3));
        QCOMPARE(c.rowShare(), 0.5);
        QCOMPARE(c.utilizationAfter(), 5.0 / 8);
        QVERIFY(c.scatter() == m);
    }

    void eitherAxisCanBeMerged() {
        // Column 0 is needed by every row: merging rows cannot go below 32 row passes, merging
        // columns packs the transpose into a few.
        MaskU8 m = randomMask(32, 32, 0.1, 11);
        m.col(0).setOnes();
        CompactionSettings s;
        s.tileRows = s.tileCols = 8;
        const Compaction byRows = compactSparseRows(m, s), best = compactSparseMask(m, s);
        QVERIFY(best.transposed);
        QVERIFY(best.mergedRows < byRows.mergedRows);
        QVERIFY(best.scatter() == m);
        QCOMPARE(best.nonzeros, byRows.nonzeros);
    }

    void condensingDropsEmptyRowsAndDenseMasksStayDense() {
        MaskU8 m = MaskU8::Zero(8, 4);
        m.row(5).setOnes();
        CompactionSettings s;
        s.tileRows = 4;
        s.tileCols = 4;
        const Compaction c = compactSparseRows(m, s);
        QCOMPARE(c.condensedRows, std::int64_t(1));
        QCOMPARE(c.tilesBefore, std::int64_t(1));  // the empty row block is skipped even before
        QCOMPARE(c.tilesAfter, std::int64_t(1));
        const Compaction dense = compactSparseRows(MaskU8::Ones(8, 4), s);
        QCOMPARE(dense.tilesAfter, dense.denseTiles);
        QCOMPARE(dense.utilizationAfter(), 1.0);
        QCOMPARE(compactSparseRows(MaskU8::Zero(8, 4), s).tilesAfter, std::int64_t(0));
        s.mergeDepth = 0;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, compactSparseRows(m, s));
    }
};

QTEST_GUILESS_MAIN(TestSparseCompaction)
#include "tst_sparsecompaction.moc"
