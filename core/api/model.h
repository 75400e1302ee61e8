#pragma once
// A run of one accelerator model: created by a plugin with a validated ParamSet and a seed,
// deterministic for the same inputs. It advances in steps of named granularities and writes what
// happens to a TraceSink.

#include <cstdint>
#include <vector>

#include <QString>

#include "core/api/metric.h"
#include "core/api/topology.h"
#include "core/api/trace.h"

namespace accelscope {

struct StepLevel {
    QString name;  // "instruction", "layer", "token"
    QString doc;
};

// Where a run's data came from, shown by every front end ("seeded synthetic GPT-2 weights").
struct DataSource {
    QString description;
    bool synthetic = true;
};

class Model {
public:
    virtual ~Model() = default;

    virtual Topology topology() const = 0;
    // Finest first. Level 0 is the unit `advance` executes.
    virtual std::vector<StepLevel> stepLevels() const = 0;
    virtual bool finished() const = 0;
    // Fraction of the run done, 0..1; used for progress bars.
    virtual double progress() const = 0;
    // Valid once finished(); a model may report partial values before.
    virtual std::vector<Metric> metrics() const = 0;
    virtual std::vector<BaselineResult> baselines() const = 0;
    // One or two sentences on what the machine does in unit `index` of `level` (teaching).
    virtual QString narration(int level, std::int64_t index) const = 0;
    virtual DataSource dataSource() const = 0;
    // Simulated time reached so far.
    virtual TimePs now() const = 0;

    // Advances to the end of the next unit of `level` (or to the end of the run), writing events,
    // and a Marker for every level whose unit ended. Returns false when already finished.
    bool step(int level, TraceSink &sink);

protected:
    // Executes the next finest unit. Returns the coarsest level whose current unit ended with it
    // (0 when only the finest unit ended; stepLevels().size() - 1 at the end of the coarsest).
    virtual int advance(TraceSink &sink) = 0;

private:
    std::vector<std::int64_t> completed_;  // units completed per level
};

}  // namespace accelscope
