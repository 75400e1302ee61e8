#include "core/sim/timing/scheduler.h"

#include <algorithm>
#include <stdexcept>

namespace accelscope::timing {

TimePs Resource::reserve(TimePs ready, TimePs duration) {
    const TimePs start = std::max(ready, freeAt_);
    freeAt_ = start + duration;
    busyPs_ += duration;
    return start;
}

ResourceId Scheduler::addResource(UnitId unit) {
    resources_.emplace_back(unit);
    return static_cast<ResourceId>(resources_.size() - 1);
}

const Scheduler::Times &Scheduler::times(TaskId task) const {
    if (task < firstTask_ || task >= firstTask_ + static_cast<TaskId>(tasks_.size()))
        throw std::logic_error("Scheduler: unknown or forgotten task");
    return tasks_[static_cast<std::size_t>(task - firstTask_)];
}

TaskId Scheduler::add(const TaskSpec &task) {
    Resource &resource = resources_.at(static_cast<std::size_t>(task.resource));
    TimePs ready = task.notBeforePs;
    TimePs earliestEnd = 0;
    for (const Dependency &dep : task.deps) {
        const Times &producer = times(dep.task);
        if (dep.kind == Dependency::Kind::AfterEnd) {
            ready = std::max(ready, producer.end + dep.lagPs);
        } else {
            ready = std::max(ready, producer.start + dep.lagPs);
            earliestEnd = std::max(earliestEnd, producer.end + dep.lagPs);
        }
    }
    // A chained consumer that would outrun its producer stalls: it holds its unit until the
    // producer's last result arrives.
    const TimePs provisionalStart = std::max(ready, resource.freeAt());
    const TimePs duration = std::max(task.durationPs, earliestEnd - provisionalStart);
    const TimePs start = resource.reserve(ready, duration);
    const TimePs end = start + duration;
    tasks_.push_back(Times{start, end});
    makespan_ = std::max(makespan_, end);
    if (task.record) {
        sink_.appendEvent(sink_.eventType(resource.unit(), task.kind, task.label), start, end, task.bytes,
                          task.flops);
    }
    return firstTask_ + static_cast<TaskId>(tasks_.size()) - 1;
}

void Scheduler::forgetBefore(TaskId firstKept) {
    if (firstKept <= firstTask_)
        return;
    const auto drop = static_cast<std::size_t>(
        std::min<TaskId>(firstKept - firstTask_, static_cast<TaskId>(tasks_.size())));
    tasks_.erase(tasks_.begin(), tasks_.begin() + static_cast<std::ptrdiff_t>(drop));
    firstTask_ += static_cast<TaskId>(drop);
}

}  // namespace accelscope::timing
