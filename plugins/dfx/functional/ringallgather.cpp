#include "ringallgather.h"

#include <optional>
#include <stdexcept>

namespace accelscope::dfx {

using kernels::MatrixF;

RingAllGather::RingAllGather(int devices) : devices_(devices) {
    if (devices < 1)
        throw std::invalid_argument("RingAllGather needs at least one device");
}

std::vector<MatrixF> RingAllGather::run(const std::vector<MatrixF> &parts) {
    if (static_cast<int>(parts.size()) != devices_)
        throw std::invalid_argument("RingAllGather::run: one part per device expected");
    const auto d = static_cast<std::size_t>(devices_);
    // received[core][origin]: what each core's buffer holds.
    std::vector<std::vector<std::optional<MatrixF>>> received(d, std::vector<std::optional<MatrixF>>(d));
    for (std::size_t core = 0; core < d; ++core)
        received[core][core] = parts[core];

    hops_.clear();
    // In hop h a core forwards the segment that started h - 1 cores behind it.
    for (int hop = 1; hop < devices_; ++hop) {
        std::vector<RingHop> sends;
        for (int from = 0; from < devices_; ++from) {
            const int origin = ((from - (hop - 1)) % devices_ + devices_) % devices_;
            sends.push_back(RingHop{hop, from, (from + 1) % devices_, origin, 0});
        }
        // All links transfer at once: read every outgoing segment before any core stores.
        std::vector<MatrixF> payloads;
        for (RingHop &send : sends) {
            const auto &segment =
                received[static_cast<std::size_t>(send.from)][static_cast<std::size_t>(send.origin)];
            if (!segment)
                throw std::logic_error("RingAllGather: a core forwarded a segment it never received");
            send.elements = segment->size();
            payloads.push_back(*segment);
        }
        for (std::size_t i = 0; i < sends.size(); ++i) {
            received[static_cast<std::size_t>(sends[i].to)][static_cast<std::size_t>(sends[i].origin)] =
                std::move(payloads[i]);
            hops_.push_back(sends[i]);
        }
    }

    std::vector<MatrixF> assembled;
    for (std::size_t core = 0; core < d; ++core) {
        Eigen::Index cols = 0;
        for (std::size_t origin = 0; origin < d; ++origin) {
            if (!received[core][origin])
                throw std::logic_error("RingAllGather: a core is missing a sub-vector after D-1 hops");
            cols += received[core][origin]->cols();
        }
        MatrixF full(parts.front().rows(), cols);
        Eigen::Index at = 0;
        for (std::size_t origin = 0; origin < d; ++origin) {
            const MatrixF &segment = *received[core][origin];
            full.middleCols(at, segment.cols()) = segment;
            at += segment.cols();
        }
        assembled.push_back(std::move(full));
    }
    return assembled;
}

}  // namespace accelscope::dfx
