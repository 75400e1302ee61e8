#pragma once
// A discrete-event list scheduler for accelerator programs. Resources are in-order units (an
// MPU, a DMA engine, a link direction); tasks are issued in program order, each on one resource,
// with dependencies on earlier tasks. A task starts when its resource is free and its
// dependencies allow; the scheduler records it as a UnitEvent on the resource's unit.
//
// Two kinds of dependency model what accelerators do:
//   - after-end: the consumer starts once the producer has finished (plus a lag);
//   - chained:   the consumer starts a lag after the producer *starts* and cannot finish before
//                the producer finishes plus that lag — DFX's instruction chaining, where a
//                vector op consumes the MAC trees' results as they stream out.

#include <cstdint>
#include <vector>

#include <QString>

#include "core/api/trace.h"

namespace accelscope::timing {

// An in-order unit's busy timeline.
class Resource {
public:
    Resource() = default;
    explicit Resource(UnitId unit) : unit_(unit) {}

    // Reserves `duration` at the earliest time >= ready when the unit is free; returns the start.
    TimePs reserve(TimePs ready, TimePs duration);
    TimePs freeAt() const { return freeAt_; }
    TimePs busyPs() const { return busyPs_; }
    UnitId unit() const { return unit_; }

private:
    UnitId unit_ = kNoUnit;
    TimePs freeAt_ = 0;
    TimePs busyPs_ = 0;
};

using ResourceId = std::int32_t;
using TaskId = std::int64_t;

struct Dependency {
    enum class Kind { AfterEnd, Chained };
    TaskId task = -1;
    Kind kind = Kind::AfterEnd;
    TimePs lagPs = 0;

    static Dependency after(TaskId task, TimePs lagPs = 0) { return {task, Kind::AfterEnd, lagPs}; }
    static Dependency chained(TaskId task, TimePs lagPs) { return {task, Kind::Chained, lagPs}; }
};

struct TaskSpec {
    ResourceId resource = 0;
    TimePs durationPs = 0;
    std::vector<Dependency> deps;
    TimePs notBeforePs = 0;  // e.g. the start of the current step
    OpKind kind = OpKind::Other;
    QString label;
    std::uint64_t bytes = 0;
    std::uint64_t flops = 0;
    bool record = true;  // false: occupies the resource but writes no event
};

class Scheduler {
public:
    explicit Scheduler(TraceSink &sink) : sink_(sink) {}

    ResourceId addResource(UnitId unit);
    const Resource &resource(ResourceId id) const { return resources_.at(static_cast<std::size_t>(id)); }

    // Schedules the task now (program order) and records it. Returns its id.
    TaskId add(const TaskSpec &task);
    TimePs start(TaskId task) const { return times(task).start; }
    TimePs end(TaskId task) const { return times(task).end; }
    // The latest end of any task so far.
    TimePs makespan() const { return makespan_; }

    // Forgets task times older than the last `keep` tasks so long runs use bounded memory;
    // depending on a forgotten task is a logic error.
    void forgetBefore(TaskId firstKept);

private:
    struct Times {
        TimePs start = 0;
        TimePs end = 0;
    };
    const Times &times(TaskId task) const;

    TraceSink &sink_;
    std::vector<Resource> resources_;
    std::vector<Times> tasks_;
    TaskId firstTask_ = 0;  // id of tasks_[0]
    TimePs makespan_ = 0;
};

}  // namespace accelscope::timing
