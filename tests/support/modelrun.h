#pragma once
// A plugin model run to its end straight into a Trace (no engine, no store), and a metric of it
// by name, for the plugin model tests.

#include <memory>

#include <QtGlobal>

#include "core/api/model.h"
#include "core/sim/trace.h"

namespace accelscope::test {

template <class M>
struct ModelRun {
    std::unique_ptr<M> model;
    std::unique_ptr<Trace> trace = std::make_unique<Trace>();
};

// Steps at the coarsest level until the model finishes, then publishes the trace.
template <class M>
ModelRun<M> runModelToEnd(std::unique_ptr<M> model) {
    ModelRun<M> run;
    run.model = std::move(model);
    const int coarsest = static_cast<int>(run.model->stepLevels().size()) - 1;
    while (run.model->step(coarsest, *run.trace)) {
    }
    run.trace->publish();
    return run;
}

// The value of the model's metric `name`, NaN when it reports none.
inline double metricValue(const Model &model, const char *name) {
    const std::vector<Metric> metrics = model.metrics();
    const Metric *m = findMetric(metrics, QString::fromLatin1(name));
    return m ? m->value : qQNaN();
}

}  // namespace accelscope::test
