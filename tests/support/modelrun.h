#pragma once
// A plugin model run to its end straight into a Trace (no engine, no store), and a metric of it
// (or of any metric list, e.g. a baseline's) by name, and a preset's parameters, for model and
// baseline tests.

#include <memory>

#include <QtGlobal>

#include "core/api/model.h"
#include "core/api/param.h"
#include "core/sim/trace.h"

namespace accelscope::test {

// A plugin's preset `preset` with `assignments` ("KEY=VALUE") on top: what a run's parameters are.
inline ParamSet presetParams(const ParamSchema &schema, const std::vector<Preset> &presets, const QString &preset,
                             const QStringList &assignments = {}) {
    ParamSet params = ParamSet::fromPreset(schema, *findPreset(presets, preset));
    for (const QString &a : assignments)
        params.assign(a);
    return params;
}

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

// The value of metric `name` in `metrics` (a model's or a baseline's), NaN when absent.
inline double metricValue(const std::vector<Metric> &metrics, const char *name) {
    const Metric *m = findMetric(metrics, QString::fromLatin1(name));
    return m ? m->value : qQNaN();
}

// The value of the model's metric `name`, NaN when it reports none.
inline double metricValue(const Model &model, const char *name) {
    return metricValue(model.metrics(), name);
}

}  // namespace accelscope::test
