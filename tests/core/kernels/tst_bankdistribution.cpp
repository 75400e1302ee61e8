// Bank distribution of sparse work: loads conserve the items, the cycle simulation agrees with a
// naive per-cycle conflict count (queue depth 1), the XOR fold hits every bank once per aligned
// block, and on structured masks (a diagonal band with idle rows, a 2-D local window) the XOR
// hash balances better than the contiguous mapping and, on the window, than modulo.
#include <QtTest>

#include <random>
#include <set>
#include <stdexcept>

#include "core/kernels/bankdistribution.h"

using namespace accelscope::kernels;

namespace {

BankSettings settings(BankHash hash, int banks = 16, int depth = 1) {
    BankSettings s;
    s.banks = banks;
    s.hash = hash;
    s.issueWidth = banks;
    s.queueDepth = depth;
    return s;
}

// |row - col| <= width, with every fourth block of 8 rows idle (tokens that reuse their cache).
MaskU8 bandMask(int n, int width, std::vector<std::uint8_t> &active) {
    MaskU8 m = MaskU8::Zero(n, n);
    active.assign(static_cast<std::size_t>(n), 1);
    for (int i = 0; i < n; ++i) {
        active[static_cast<std::size_t>(i)] = (i / 8) % 4 != 3;
        for (int j = std::max(0, i - width); j <= std::min(n - 1, i + width); ++j)
            m(i, j) = 1;
    }
    return m;
}

// Queries on a side × side token grid attend to the keys within `radius` on the grid.
MaskU8 windowMask(int side, int radius) {
    const int n = side * side;
    MaskU8 m = MaskU8::Zero(n, n);
    for (int y = 0; y < side; ++y)
        for (int x = 0; x < side; ++x)
            for (int dy = -radius; dy <= radius; ++dy)
                for (int dx = -radius; dx <= radius; ++dx) {
                    const int ky = y + dy, kx = x + dx;
                    if (ky >= 0 && ky < side && kx >= 0 && kx < side)
                        m(y * side + x, ky * side + kx) = 1;
                }
    return m;
}

// Independent count for queue depth 1, one port: a cycle issues the longest run of at most
// `width` items with no bank repeated.
std::int64_t naiveCycles(const std::vector<int> &banks, int width) {
    std::int64_t cycles = 0;
    std::size_t i = 0;
    while (i < banks.size()) {
        ++cycles;
        std::set<int> used;
        while (i < banks.size() && int(used.size()) < width && !used.count(banks[i]))
            used.insert(banks[i++]);
    }
    return cycles;
}

}  // namespace

class TestBankDistribution : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void loadsConserveTheItemsAndMatchABruteForceCount() {
        std::mt19937_64 rng(5);
        std::vector<std::int64_t> indices;
        std::uniform_int_distribution<std::int64_t> pick(0, 4095);
        for (int i = 0; i < 3000; ++i)
            indices.push_back(pick(rng));
        for (BankHash hash : {BankHash::Blocked, BankHash::Modulo, BankHash::XorFold}) {
            const BankSettings s = settings(hash, 8, 3);
            const BankDistribution d = distributeItems(indices, 4096, s);
            std::vector<std::int64_t> expected(8, 0);
            for (std::int64_t index : indices)
                ++expected[static_cast<std::size_t>(bankOf(index, 4096, s))];
            QVERIFY(d.loads == expected);
            std::int64_t sum = 0;
            for (std::int64_t l : d.loads)
                sum += l;
            QCOMPARE(sum, std::int64_t(indices.size()));
            QCOMPARE(d.items, std::int64_t(indices.size()));
            QVERIFY(d.cycles >= d.idealCycles);
            QVERIFY(d.efficiency() <= 1.0);
        }
    }

    void depthOneMatchesTheNaivePerCycleConflictCount() {
        std::mt19937_64 rng(11);
        std::uniform_int_distribution<std::int64_t> pick(0, 1023);
        for (BankHash hash : {BankHash::Blocked, BankHash::Modulo, BankHash::XorFold}) {
            std::vector<std::int64_t> indices;
            for (int i = 0; i < 500; ++i)
                indices.push_back(pick(rng));
            const BankSettings s = settings(hash, 8, 1);
            std::vector<int> banks;
            for (std::int64_t index : indices)
                banks.push_back(bankOf(index, 1024, s));
            const BankDistribution d = distributeItems(indices, 1024, s);
            QCOMPARE(d.cycles, naiveCycles(banks, s.issueWidth));
        }
    }

    void deepQueuesApproachTheBusiestBank() {
        std::vector<std::uint8_t> active;
        const MaskU8 band = bandMask(128, 6, active);
        BankSettings s = settings(BankHash::Blocked, 16, 1 << 16);
        const BankDistribution d = distributeMask(band, s, &active);
        const std::int64_t busiest = *std::max_element(d.loads.begin(), d.loads.end());
        // Never faster than the busiest bank; never slower than issuing everything, then draining it.
        QVERIFY(d.cycles >= busiest);
        QVERIFY(d.cycles <= d.idealCycles + busiest);
        QCOMPARE(d.stallCycles, std::int64_t(0));  // the queues never fill
    }

    void xorFoldHitsEveryBankOncePerAlignedBlock() {
        for (int banks : {2, 8, 32}) {
            const BankSettings s = settings(BankHash::XorFold, banks);
            for (std::int64_t base : {std::int64_t(0), std::int64_t(banks) * 37, std::int64_t(banks) * 1000})
            {
                std::set<int> hit;
                for (int i = 0; i < banks; ++i)
                    hit.insert(bankOf(base + i, 1 << 20, s));
                QCOMPARE(int(hit.size()), banks);
            }
        }
    }

    void xorBalancesABandedMaskBetterThanContiguousBanks() {
        std::vector<std::uint8_t> active;
        const MaskU8 band = bandMask(256, 8, active);
        const BankDistribution naive = distributeMask(band, settings(BankHash::Blocked), &active);
        const BankDistribution hashed = distributeMask(band, settings(BankHash::XorFold), &active);
        QCOMPARE(naive.items, hashed.items);
        QVERIFY(hashed.maxOverMean() < naive.maxOverMean());
        QVERIFY(hashed.maxOverMean() < 1.1);
        QVERIFY(naive.maxOverMean() > 1.2);  // idle rows leave some contiguous banks short
        QVERIFY(hashed.windowImbalance < naive.windowImbalance);
        QVERIFY(hashed.cycles < naive.cycles);
        QVERIFY(hashed.stallCycles < naive.stallCycles);
    }

    void queueSnapshotsShowWhereTheWorkWaits() {
        std::vector<std::uint8_t> active;
        const MaskU8 band = bandMask(256, 8, active);
        for (BankHash hash : {BankHash::Blocked, BankHash::XorFold}) {
            const BankSettings s = settings(hash, 16, 4);
            const BankDistribution d = distributeMask(band, s, &active, 8);
            QCOMPARE(d.cycles, distributeMask(band, s, &active).cycles);  // the second pass is the same run
            QCOMPARE(int(d.queueSnapshots.size()), 8);
            for (const std::vector<int> &queue : d.queueSnapshots) {
                int busy = 0;
                for (int q : queue) {
                    QVERIFY(q >= 0 && q <= s.queueDepth);
                    busy += q > 0 ? 1 : 0;
                }
                // Contiguous banks: the stream waits on one bank (two at a boundary); the hash spreads it.
                if (hash == BankHash::Blocked)
                    QVERIFY(busy <= 2);
                else
                    QVERIFY(busy >= 4);
            }
        }
    }

    void xorAvoidsTheGridStrideConflictsOfModulo() {
        // Keys one grid row apart are 16 indices apart: modulo 16 puts a window's column in one bank.
        const MaskU8 window = windowMask(16, 2);
        const BankDistribution modulo = distributeMask(window, settings(BankHash::Modulo));
        const BankDistribution hashed = distributeMask(window, settings(BankHash::XorFold));
        QVERIFY(hashed.windowImbalance < modulo.windowImbalance);
        QVERIFY(hashed.cycles < modulo.cycles);
    }

    void rejectsBadSettingsByName() {
        BankSettings s = settings(BankHash::XorFold, 12);
        try {
            s.validate();
            QFAIL("12 banks with the xor hash were accepted");
        } catch (const std::invalid_argument &e) {
            QVERIFY(QString::fromStdString(e.what()).contains(QStringLiteral("power of two")));
        }
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, bankHashFromString(QStringLiteral("crc")));
        QVERIFY(bankHashFromString(QStringLiteral("modulo")) == BankHash::Modulo);
    }
};

QTEST_GUILESS_MAIN(TestBankDistribution)
#include "tst_bankdistribution.moc"
