#include "bankdistribution.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace accelscope::kernels {

namespace {

bool powerOfTwo(int n) {
    return n > 0 && (n & (n - 1)) == 0;
}

int log2Of(int powerOfTwoValue) {
    int bits = 0;
    while ((1 << bits) < powerOfTwoValue)
        ++bits;
    return bits;
}

}  // namespace

QString toString(BankHash hash) {
    switch (hash) {
        case BankHash::Blocked:
            return QStringLiteral("blocked");
        case BankHash::Modulo:
            return QStringLiteral("modulo");
        case BankHash::XorFold:
            return QStringLiteral("xor");
    }
    return {};
}

BankHash bankHashFromString(const QString &text) {
    for (BankHash h : {BankHash::Blocked, BankHash::Modulo, BankHash::XorFold})
        if (text == toString(h))
            return h;
    throw std::invalid_argument("bank hash '" + text.toStdString() + "' is unknown; allowed: blocked, modulo, xor");
}

void BankSettings::validate() const {
    const auto fail = [](const char *field, int value, const char *allowed) {
        throw std::invalid_argument(std::string(field) + " = " + std::to_string(value) + "; allowed: " + allowed);
    };
    if (banks < 1 || banks > 4096)
        fail("banks", banks, "1 to 4096");
    if (hash == BankHash::XorFold && !powerOfTwo(banks))
        fail("banks", banks, "a power of two for the xor hash");
    if (issueWidth < 1 || issueWidth > 4096)
        fail("issue_width", issueWidth, "1 to 4096");
    if (ports < 1 || ports > 64)
        fail("ports", ports, "1 to 64");
    if (queueDepth < 1 || queueDepth > 1 << 20)
        fail("queue_depth", queueDepth, "1 to 1048576");
}

int bankOf(std::int64_t index, std::int64_t space, const BankSettings &s) {
    switch (s.hash) {
        case BankHash::Blocked:
            return static_cast<int>(std::min<std::int64_t>(s.banks - 1, index * s.banks / std::max<std::int64_t>(1, space)));
        case BankHash::Modulo:
            return static_cast<int>(index % s.banks);
        case BankHash::XorFold: {
            const int bits = log2Of(s.banks);
            if (bits == 0)
                return 0;
            // Chunk c is rotated left by c bits before it joins the fold: without the rotation a
            // row chunk and an equal column chunk cancel, and a mask's diagonal lands in one bank.
            const std::uint64_t all = std::uint64_t(s.banks - 1);
            std::uint64_t rest = static_cast<std::uint64_t>(index), fold = 0;
            for (int chunk = 0; rest; ++chunk, rest >>= bits) {
                const std::uint64_t c = rest & all;
                const int r = chunk % bits;
                fold ^= r == 0 ? c : ((c << r) | (c >> (bits - r))) & all;
            }
            return static_cast<int>(fold);
        }
    }
    return 0;
}

double BankDistribution::maxOverMean() const {
    if (items == 0 || loads.empty())
        return 1.0;
    const double mean = double(items) / double(loads.size());
    return double(*std::max_element(loads.begin(), loads.end())) / mean;
}

BankDistribution &BankDistribution::operator+=(const BankDistribution &o) {
    if (loads.empty()) {
        loads.assign(o.loads.size(), 0);
        conflicts.assign(o.conflicts.size(), 0);
    }
    if (o.loads.size() != loads.size())
        throw std::invalid_argument("bank distributions over different bank counts cannot be added");
    for (std::size_t b = 0; b < loads.size(); ++b) {
        loads[b] += o.loads[b];
        conflicts[b] += o.conflicts[b];
    }
    const std::int64_t total = items + o.items;
    windowImbalance =
        total > 0 ? (windowImbalance * double(items) + o.windowImbalance * double(o.items)) / double(total) : 1.0;
    items = total;
    if (queueSnapshots.empty())
        queueSnapshots = o.queueSnapshots;
    cycles += o.cycles;
    idealCycles += o.idealCycles;
    stallCycles += o.stallCycles;
    return *this;
}

BankDistribution distributeItems(const std::vector<std::int64_t> &indices, std::int64_t space,
                                 const BankSettings &s, int snapshots) {
    s.validate();
    const int banks = s.banks;
    BankDistribution d;
    d.loads.assign(static_cast<std::size_t>(banks), 0);
    d.conflicts.assign(static_cast<std::size_t>(banks), 0);
    d.items = static_cast<std::int64_t>(indices.size());
    std::vector<int> bank(indices.size());
    for (std::size_t i = 0; i < indices.size(); ++i) {
        bank[i] = bankOf(indices[i], space, s);
        ++d.loads[static_cast<std::size_t>(bank[i])];
    }
    const std::int64_t perCycle = std::min<std::int64_t>(s.issueWidth, std::int64_t(banks) * s.ports);
    d.idealCycles = (d.items + perCycle - 1) / perCycle;

    // Load balance of every issue window.
    std::vector<int> window(static_cast<std::size_t>(banks), 0);
    double weighted = 0;
    for (std::size_t begin = 0; begin < bank.size(); begin += static_cast<std::size_t>(s.issueWidth)) {
        const std::size_t end = std::min(bank.size(), begin + static_cast<std::size_t>(s.issueWidth));
        std::fill(window.begin(), window.end(), 0);
        int busiest = 0;
        for (std::size_t i = begin; i < end; ++i)
            busiest = std::max(busiest, ++window[static_cast<std::size_t>(bank[i])]);
        const double count = double(end - begin);
        weighted += double(busiest) * banks / count * count;  // (busiest / mean) · items
    }
    d.windowImbalance = d.items > 0 ? weighted / double(d.items) : 1.0;

    // Cycle by cycle: issue in order until a full queue, then every bank serves. A second pass,
    // when snapshots are asked for, takes them at cycles spread over the first pass's count.
    const auto simulate = [&](const std::vector<std::int64_t> &snapshotCycles) {
        std::vector<int> queue(static_cast<std::size_t>(banks), 0);
        std::size_t next = 0, snapshot = 0;
        std::int64_t queued = 0;
        d.cycles = d.stallCycles = 0;
        std::fill(d.conflicts.begin(), d.conflicts.end(), 0);
        while (next < bank.size() || queued > 0) {
            int issued = 0;
            while (issued < s.issueWidth && next < bank.size()) {
                int &q = queue[static_cast<std::size_t>(bank[next])];
                if (q >= s.queueDepth) {
                    ++d.stallCycles;
                    ++d.conflicts[static_cast<std::size_t>(bank[next])];
                    break;
                }
                ++q;
                ++queued;
                ++next;
                ++issued;
            }
            while (snapshot < snapshotCycles.size() && snapshotCycles[snapshot] == d.cycles) {
                d.queueSnapshots.push_back(queue);
                ++snapshot;
            }
            ++d.cycles;
            for (int &q : queue) {
                const int served = std::min(q, s.ports);
                q -= served;
                queued -= served;
            }
        }
    };
    simulate({});
    if (snapshots > 0 && d.cycles > 0) {
        std::vector<std::int64_t> at;
        for (int k = 0; k < snapshots; ++k)
            at.push_back(static_cast<std::int64_t>((k + 0.5) * double(d.cycles) / snapshots));
        simulate(at);
    }
    return d;
}

BankDistribution distributeMask(const MaskU8 &mask, const BankSettings &s, const std::vector<std::uint8_t> *activeRows,
                                int snapshots) {
    if (activeRows && static_cast<Eigen::Index>(activeRows->size()) != mask.rows())
        throw std::invalid_argument("active rows: " + std::to_string(activeRows->size()) + " entries for a mask of " +
                                    std::to_string(mask.rows()) + " rows");
    std::vector<std::int64_t> indices;
    const std::int64_t cols = mask.cols();
    for (Eigen::Index r = 0; r < mask.rows(); ++r) {
        if (activeRows && !(*activeRows)[static_cast<std::size_t>(r)])
            continue;
        for (Eigen::Index c = 0; c < cols; ++c)
            if (mask(r, c))
                indices.push_back(std::int64_t(r) * cols + c);
    }
    return distributeItems(indices, std::int64_t(mask.rows()) * cols, s, snapshots);
}

}  // namespace accelscope::kernels
