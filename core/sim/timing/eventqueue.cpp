#include "core/sim/timing/eventqueue.h"

#include <stdexcept>

namespace accelscope::timing {

void EventQueue::schedule(TimePs time, Callback callback) {
    if (time < now_)
        throw std::logic_error("EventQueue: cannot schedule an event in the past");
    queue_.push(Entry{time, sequence_++, std::move(callback)});
}

bool EventQueue::runNext() {
    if (queue_.empty())
        return false;
    Entry entry = queue_.top();
    queue_.pop();
    now_ = entry.time;
    entry.callback(now_);
    return true;
}

void EventQueue::runUntil(TimePs until) {
    while (!queue_.empty() && queue_.top().time <= until)
        runNext();
}

void EventQueue::runAll() {
    while (runNext()) {
    }
}

}  // namespace accelscope::timing
