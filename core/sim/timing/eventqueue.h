#pragma once
// A discrete-event queue for models whose behaviour is driven by events rather than a static
// program (queues, arbitration, retries). Callbacks run in time order; ties run in the order
// they were scheduled, so runs are deterministic.

#include <cstdint>
#include <functional>
#include <queue>
#include <vector>

#include "core/api/trace.h"

namespace accelscope::timing {

class EventQueue {
public:
    using Callback = std::function<void(TimePs now)>;

    void schedule(TimePs time, Callback callback);
    // Runs the earliest event; false when empty.
    bool runNext();
    // Runs every event with time <= `until`.
    void runUntil(TimePs until);
    void runAll();

    TimePs now() const { return now_; }
    bool empty() const { return queue_.empty(); }
    std::size_t pending() const { return queue_.size(); }

private:
    struct Entry {
        TimePs time;
        std::uint64_t sequence;
        Callback callback;
    };
    struct Later {
        bool operator()(const Entry &a, const Entry &b) const {
            return a.time != b.time ? a.time > b.time : a.sequence > b.sequence;
        }
    };
    std::priority_queue<Entry, std::vector<Entry>, Later> queue_;
    std::uint64_t sequence_ = 0;
    TimePs now_ = 0;
};

}  // namespace accelscope::timing
