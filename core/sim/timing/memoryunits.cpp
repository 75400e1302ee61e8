#include "core/sim/timing/memoryunits.h"

#include <algorithm>
#include <numeric>
#include <stdexcept>

namespace accelscope::timing {

TimePs ringAllGatherPs(const LinkModel &link, int participants, std::uint64_t bytesPerParticipant) {
    if (participants <= 1)
        return 0;
    return static_cast<TimePs>(participants - 1) * link.transferPs(bytesPerParticipant);
}

TimePs ringAllReducePs(const LinkModel &link, int participants, std::uint64_t bytesPerParticipant) {
    if (participants <= 1)
        return 0;
    const auto p = static_cast<std::uint64_t>(participants);
    const std::uint64_t block = (bytesPerParticipant + p - 1) / p;
    return 2 * static_cast<TimePs>(participants - 1) * link.transferPs(block);
}

SramBanks::SramBanks(int banks, std::int64_t bankBytes, int portsPerBank)
    : bankBytes_(bankBytes), ports_(portsPerBank), occupied_(static_cast<std::size_t>(banks), 0) {
    if (banks <= 0 || bankBytes <= 0 || portsPerBank <= 0)
        throw std::invalid_argument("SramBanks: banks, bank size and ports must be positive");
}

std::int64_t SramBanks::occupiedBytes() const {
    return std::accumulate(occupied_.begin(), occupied_.end(), std::int64_t{0});
}

namespace {
// Splits `bytes` over n banks starting at `first`: equal shares, the remainder to the first ones.
template <typename F>
void striped(std::int64_t bytes, int first, int n, F &&apply) {
    const std::int64_t share = bytes / n;
    const std::int64_t rest = bytes % n;
    for (int i = 0; i < n; ++i)
        apply((first + i) % n, share + (i < rest ? 1 : 0));
}
}  // namespace

bool SramBanks::allocate(std::int64_t bytes, int firstBank) {
    bool fits = true;
    striped(bytes, firstBank, banks(), [&](int bank, std::int64_t part) {
        if (occupied_[static_cast<std::size_t>(bank)] + part > bankBytes_)
            fits = false;
    });
    if (!fits)
        return false;
    striped(bytes, firstBank, banks(),
            [&](int bank, std::int64_t part) { occupied_[static_cast<std::size_t>(bank)] += part; });
    return true;
}

void SramBanks::release(std::int64_t bytes, int firstBank) {
    striped(bytes, firstBank, banks(), [&](int bank, std::int64_t part) {
        auto &slot = occupied_[static_cast<std::size_t>(bank)];
        slot = std::max<std::int64_t>(0, slot - part);
    });
}

void SramBanks::clear() {
    std::fill(occupied_.begin(), occupied_.end(), 0);
}

std::int64_t SramBanks::accessCycles(const std::vector<int> &bankOfAccess) {
    if (bankOfAccess.empty())
        return 0;
    std::vector<std::int64_t> hits(occupied_.size(), 0);
    for (int bank : bankOfAccess)
        ++hits.at(static_cast<std::size_t>(bank));
    const std::int64_t busiest = *std::max_element(hits.begin(), hits.end());
    const std::int64_t cycles = ceilDiv(busiest, ports_);
    conflictCycles_ += cycles - 1;
    return cycles;
}

}  // namespace accelscope::timing
