#pragma once
// Memories and links: channels with bandwidth and latency, banked SRAM with ports, and
// point-to-point links with protocol efficiency. Value types; occupancy over time is a Resource.

#include <cstdint>
#include <vector>

#include "core/sim/timing/units.h"

namespace accelscope::timing {

// One DRAM/HBM/flash channel (or several ganged channels described by their total bandwidth).
struct MemoryChannel {
    double bytesPerSecond = 0;
    TimePs latencyPs = 0;

    TimePs transferPs(std::uint64_t bytes) const {
        return bytes == 0 ? 0 : latencyPs + bytesToPs(bytes, bytesPerSecond);
    }
};

// A point-to-point link. `efficiency` is the payload fraction after line coding and framing
// (Aurora 64b/66b ≈ 0.97).
struct LinkModel {
    double bytesPerSecond = 0;  // raw line rate, one direction
    TimePs latencyPs = 0;       // per message
    double efficiency = 1.0;

    double payloadBytesPerSecond() const { return bytesPerSecond * efficiency; }
    TimePs transferPs(std::uint64_t bytes) const {
        return bytes == 0 ? 0 : latencyPs + bytesToPs(bytes, payloadBytesPerSecond());
    }
};

// A ring all-gather among `participants`: each hop forwards one participant's block to the next
// neighbour, all links in parallel; participants - 1 hops.
TimePs ringAllGatherPs(const LinkModel &link, int participants, std::uint64_t bytesPerParticipant);
// A ring all-reduce: reduce-scatter then all-gather, 2 (p - 1) hops of 1/p of the data.
TimePs ringAllReducePs(const LinkModel &link, int participants, std::uint64_t bytesPerParticipant);

// Banked on-chip memory: capacity per bank, ports per bank per cycle. Tracks what is resident
// per bank and counts conflicts when more accesses hit one bank in a cycle than it has ports.
class SramBanks {
public:
    SramBanks(int banks, std::int64_t bankBytes, int portsPerBank = 1);

    int banks() const { return static_cast<int>(occupied_.size()); }
    std::int64_t bankBytes() const { return bankBytes_; }
    std::int64_t capacityBytes() const { return bankBytes_ * banks(); }
    std::int64_t occupiedBytes(int bank) const { return occupied_.at(static_cast<std::size_t>(bank)); }
    std::int64_t occupiedBytes() const;

    // Places `bytes` striped across banks starting at `firstBank`; returns false (and places
    // nothing) when it does not fit.
    bool allocate(std::int64_t bytes, int firstBank = 0);
    // Removes `bytes` striped the same way; clamps at zero.
    void release(std::int64_t bytes, int firstBank = 0);
    void clear();

    // Cycles to serve one access per entry of `bankOfAccess` issued together: the busiest bank
    // takes ceil(accesses / ports) cycles. Adds the extra cycles to the conflict count.
    std::int64_t accessCycles(const std::vector<int> &bankOfAccess);
    std::int64_t conflictCycles() const { return conflictCycles_; }

private:
    std::int64_t bankBytes_;
    int ports_;
    std::vector<std::int64_t> occupied_;
    std::int64_t conflictCycles_ = 0;
};

}  // namespace accelscope::timing
