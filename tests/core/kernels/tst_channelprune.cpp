// Channel pruning helpers: Wanda-style importance against a direct formula, exact top-k with
// ties to the lower index, and the retained / candidate / pruned partition at the budget's edges.
#include <QtTest>

#include <cmath>

#include "core/kernels/channelprune.h"
#include "tests/support/randommatrix.h"

using namespace accelscope;
using namespace accelscope::kernels;

class TestChannelPrune : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void importanceIsInputNormTimesAggregatedWeight() {
        MatrixF x(2, 3);
        x << 3, 0, 1, 4, 2, -1;
        MatrixF w(2, 3);  // 2 outputs × 3 input channels
        w << 1, -2, 0.5, -3, 1, 0.25;
        const std::vector<double> sum = channelImportance(x, w, ChannelAggregation::Sum);
        QCOMPARE(sum, (std::vector<double>{5.0 * 4, 2.0 * 3, std::sqrt(2.0) * 0.75}));
        const std::vector<double> max = channelImportance(x, w, ChannelAggregation::Max);
        QCOMPARE(max, (std::vector<double>{5.0 * 3, 2.0 * 2, std::sqrt(2.0) * 0.5}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, channelImportance(MatrixF::Zero(1, 2), w));
    }

    void topChannelsKeepExactlyKTiesToTheLowerIndex() {
        const std::vector<double> s{1, 7, 3, 7, 0, 3};
        QCOMPARE(topChannels(s, 3), (Channels{1, 2, 3}));
        QCOMPARE(topChannels(s, 0), Channels{});
        QCOMPARE(topChannels(s, 6).size(), std::size_t{6});
        QCOMPARE(topChannels(s, 2, {0, 4, 5}), (Channels{0, 5}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, topChannels(s, 4, {0, 4, 5}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, topChannels(s, 1, {6}));
    }

    void topChannelsAgreeWithSortingOnRandomScores() {
        const MatrixF r = test::gaussianMatrix(1, 500, 9);
        std::vector<double> s(r.data(), r.data() + r.size());
        const Channels kept = topChannels(s, 123);
        QCOMPARE(kept.size(), std::size_t{123});
        std::vector<double> sorted = s;
        std::sort(sorted.begin(), sorted.end(), std::greater<>());
        for (const int c : kept)
            QVERIFY(s[static_cast<std::size_t>(c)] >= sorted[122]);
    }

    void partitionSplitsAroundTheBudget() {
        std::vector<double> s(100);
        for (int i = 0; i < 100; ++i)
            s[static_cast<std::size_t>(i)] = 100 - i;  // channel 0 the most important
        const ChannelPartition p = partitionChannels(s, 70, 10);
        QCOMPARE(p.retained.size(), std::size_t{65});
        QCOMPARE(p.candidates.size(), std::size_t{10});
        QCOMPARE(p.pruned.size(), std::size_t{25});
        QCOMPARE(p.retained.back(), 64);
        QCOMPARE(p.candidates.front(), 65);
        QCOMPARE(p.candidatesToKeep(), 5);
        QCOMPARE(p.computed().size(), std::size_t{75});
        // Full budget: nothing pruned, every candidate selected.
        const ChannelPartition full = partitionChannels(s, 100, 10);
        QVERIFY(full.pruned.empty());
        QCOMPARE(full.candidatesToKeep(), int(full.candidates.size()));
        // A budget below half the band: nothing retained, the band still covers it.
        const ChannelPartition tiny = partitionChannels(s, 3, 10);
        QVERIFY(tiny.retained.empty());
        QCOMPARE(tiny.candidates.size(), std::size_t{10});
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, partitionChannels(s, 101, 10));
    }

    void mergeIsASortedUnion() { QCOMPARE(mergeChannels({1, 4, 9}, {2, 4, 10}), (Channels{1, 2, 4, 9, 10})); }
};

QTEST_GUILESS_MAIN(TestChannelPrune)
#include "tst_channelprune.moc"
