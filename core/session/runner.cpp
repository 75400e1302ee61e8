#include "core/session/runner.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <memory>
#include <mutex>

#include <QThread>
#include <QThreadPool>

#include "core/api/errors.h"
#include "core/registry/pluginerror.h"
#include "core/sim/engine.h"
#include "core/store/runrecorder.h"

namespace accelscope {

namespace {

// Opens and closes the session once in the caller's thread, so an unwritable, corrupt or newer
// file is reported as bad input before a model is built (the recorder reopens it in the engine
// thread, where a failure would only show as a failed run).
void checkSessionWritable(const QString &path) {
    RunStore store(path, RunStore::Mode::ReadWrite);
}

std::unique_ptr<Model> createModel(const PluginInfo &info, const AcceleratorPlugin &plugin,
                                   const ParamSet &params, std::uint64_t seed) {
    std::unique_ptr<Model> model;
    try {
        model = plugin.createModel(params, seed);
    } catch (const InputError &) {
        throw;  // a parameter combination the schema cannot express: the user's to fix
    } catch (const std::exception &e) {
        throw PluginError(info.id,
                          QStringLiteral("failed to create a model: ") + QString::fromUtf8(e.what()));
    } catch (...) {
        throw PluginError(info.id, QStringLiteral("failed to create a model (unknown exception)"));
    }
    if (!model)
        throw PluginError(info.id, QStringLiteral("returned no model"));
    return model;
}

}  // namespace

QString RunOutcome::failureMessage() const {
    RunRequest request;
    request.pluginId = pluginId;
    request.preset = preset;
    request.assignments = assignments;
    return request.describe() + QStringLiteral(": ") + error;
}

namespace {

// Runs the request to the end, recording it through a RunRecorder when `record` (and the request
// names a session file). What runToCompletion and computeRun share.
ComputedRun execute(const PluginInfo &info, const AcceleratorPlugin &plugin, const RunRequest &request,
                    bool record, bool keepTrace, const ProgressCallback &progress) {
    ComputedRun computed;
    RunOutcome &outcome = computed.outcome;
    outcome.pluginId = info.id;
    outcome.preset = request.preset;
    outcome.seed = request.seed;
    outcome.assignments = request.assignments;
    outcome.params = request.resolve(plugin);
    record = record && !request.sessionPath.isEmpty();
    if (record)
        outcome.sessionPath = request.sessionPath;
    if (request.stop && request.stop->load()) {
        outcome.status = RunStatus::Cancelled;
        outcome.error = QStringLiteral("cancelled before it started");
        return computed;
    }
    if (record)
        checkSessionWritable(request.sessionPath);

    std::unique_ptr<Model> model = createModel(info, plugin, outcome.params, request.seed);
    try {
        const DataSource source = model->dataSource();
        outcome.dataSource = source.description;
        outcome.syntheticData = source.synthetic;
    } catch (const std::exception &e) {
        throw PluginError(info.id, QStringLiteral("dataSource() threw: ") + QString::fromUtf8(e.what()));
    }
    if (!record) {
        // Kept for whoever records the run later (a recorder reads them itself, in the engine).
        try {
            computed.topology = model->topology();
            computed.stepLevels = model->stepLevels();
        } catch (const std::exception &e) {
            throw PluginError(info.id, QStringLiteral("describing the model's topology threw: ") +
                                           QString::fromUtf8(e.what()));
        }
    }

    std::unique_ptr<RunRecorder> recorder;
    RunRecorder *recorderView = nullptr;
    if (record) {
        RunInfo runInfo;
        runInfo.pluginId = info.id;
        runInfo.pluginVersion = info.version;
        runInfo.preset = request.preset;
        runInfo.params = outcome.params.toJson();
        runInfo.seed = request.seed;
        runInfo.dataSource = outcome.dataSource;
        recorder = std::make_unique<RunRecorder>(request.sessionPath, runInfo);
        recorderView = recorder.get();
    }

    // A run that is neither recorded nor kept only counts its trace: no memory, no time spent on it.
    std::unique_ptr<Engine> engineOwner =
        recorder || keepTrace ? std::make_unique<Engine>(std::move(model), std::move(recorder))
                              : std::make_unique<Engine>(std::move(model), Engine::TraceMode::CountOnly);
    Engine &engine = *engineOwner;
    if (progress || request.stop) {
        // The engine emits from its worker thread after each published batch of steps; a direct
        // connection calls back right there, since the caller's thread is blocked in
        // waitForIdle() and runs no event loop. It is also where a stop request is noticed.
        QObject::connect(
            &engine, &Engine::progressChanged, &engine,
            [&progress, &engine, stop = request.stop, cancelled = false](double fraction) mutable {
                if (progress)
                    progress(fraction);
                if (stop && stop->load() && !cancelled) {
                    cancelled = true;
                    engine.cancel();
                }
            },
            Qt::DirectConnection);
    }
    // Finest steps, so that progress and a stop request are seen between them even when the
    // coarsest level is the whole run.
    engine.run(0);
    const Engine::State state = engine.waitForIdle();

    const Engine::Totals totals = engine.totals();
    outcome.eventCount = static_cast<std::int64_t>(totals.events);
    outcome.simulatedEndPs = totals.endTime;
    if (keepTrace)
        computed.trace = engine.snapshot();
    if (recorderView)
        outcome.runId = recorderView->runId();

    if (state != Engine::State::Finished) {
        outcome.status = state == Engine::State::Cancelled ? RunStatus::Cancelled : RunStatus::Failed;
        const QString why = engine.errorMessage();
        if (!why.isEmpty())
            outcome.error = why;
        else if (state == Engine::State::Cancelled)
            outcome.error = QStringLiteral("cancelled");
        else
            outcome.error = QStringLiteral("the run did not finish");
        return computed;
    }
    try {
        outcome.metrics = engine.model().metrics();
        outcome.baselines = engine.model().baselines();
    } catch (const std::exception &e) {
        throw PluginError(info.id,
                          QStringLiteral("reading the run's metrics failed: ") + QString::fromUtf8(e.what()));
    }
    outcome.status = RunStatus::Complete;
    if (progress)
        progress(1.0);
    return computed;
}

}  // namespace

RunOutcome runToCompletion(const PluginInfo &info, const AcceleratorPlugin &plugin, const RunRequest &request,
                           const ProgressCallback &progress) {
    return execute(info, plugin, request, true, false, progress).outcome;
}

ComputedRun computeRun(const PluginInfo &info, const AcceleratorPlugin &plugin, const RunRequest &request,
                       bool keepTrace, const ProgressCallback &progress) {
    return execute(info, plugin, request, false, keepTrace, progress);
}

std::vector<RunOutcome> runBatch(const PluginInfo &info, const AcceleratorPlugin &plugin,
                                 const std::vector<RunRequest> &requests, const ProgressCallback &progress,
                                 int maxThreads) {
    for (const RunRequest &request : requests)
        request.resolve(plugin);  // bad input fails before anything runs

    std::vector<RunOutcome> outcomes(requests.size());
    std::vector<std::exception_ptr> errors(requests.size());
    std::vector<double> fractions(requests.size(), 0.0);
    std::mutex progressMutex;
    const auto report = [&](std::size_t index, double fraction) {
        if (!progress)
            return;
        std::lock_guard lock(progressMutex);
        fractions[index] = fraction;
        double sum = 0;
        for (const double f : fractions)
            sum += f;
        progress(sum / static_cast<double>(fractions.size()));
    };

    // A point the plugin refuses (a combination only createModel can check) fails the whole
    // batch, so points not started yet are not run and recorded for a command that reports an error.
    std::atomic<bool> refused{false};
    QThreadPool pool;
    pool.setMaxThreadCount(maxThreads > 0 ? maxThreads : std::max(1, QThread::idealThreadCount()));
    for (std::size_t i = 0; i < requests.size(); ++i) {
        pool.start([&, i] {
            if (refused.load())
                return;
            try {
                outcomes[i] = runToCompletion(info, plugin, requests[i],
                                              [&report, i](double fraction) { report(i, fraction); });
            } catch (const InputError &e) {
                refused = true;
                // Name the point: the plugin's message alone does not say which one it refused.
                RunRequest named = requests[i];
                named.pluginId = info.id;
                errors[i] = std::make_exception_ptr(InputError(named.describe() + QStringLiteral(": ") + e.message()));
            } catch (...) {
                errors[i] = std::current_exception();
            }
        });
    }
    pool.waitForDone();
    for (const std::exception_ptr &error : errors) {
        if (error)
            std::rethrow_exception(error);
    }
    return outcomes;
}

}  // namespace accelscope
