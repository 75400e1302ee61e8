#pragma once
// The ring all-gather DFX's routers perform after every partitioned matmul: each of D cores holds
// one sub-matrix (its columns of the result); in each hop every core forwards the sub-matrix it
// received last to its clockwise neighbour, which places it by the originating core's ID (the
// core-ID reorder module). After D - 1 hops every core holds the full matrix.
//
// Simulated hop by hop with real buffers: a core that misses a segment throws instead of
// assembling, so the partitioned forward pass is only right if the ring really delivered.

#include <vector>

#include "core/kernels/tensor.h"

namespace accelscope::dfx {

struct RingHop {
    int hop = 0;     // 1 .. D-1
    int from = 0;    // sending core
    int to = 0;      // receiving core, (from + 1) mod D
    int origin = 0;  // core whose sub-matrix travels
    std::int64_t elements = 0;
};

class RingAllGather {
public:
    explicit RingAllGather(int devices);

    // parts[d] is core d's sub-matrix (same row count for all). Returns every core's assembled
    // matrix, sub-matrices side by side in core-ID order. Records the hops it made.
    std::vector<kernels::MatrixF> run(const std::vector<kernels::MatrixF> &parts);

    int devices() const { return devices_; }
    // Hops of the last run(), in order.
    const std::vector<RingHop> &hops() const { return hops_; }
    int hopRounds() const { return devices_ - 1; }

private:
    int devices_;
    std::vector<RingHop> hops_;
};

}  // namespace accelscope::dfx
