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
    QString what = QStringLiteral("plugin '%1', preset '%2'").arg(pluginId, preset);
    if (!assignments.isEmpty())
        what += QStringLiteral(" with ") + assignments.join(QLatin1Char(' '));
    return what + QStringLiteral(": ") + error;
}

RunOutcome runToCompletion(const PluginInfo &info, const AcceleratorPlugin &plugin, const RunRequest &request,
                           const ProgressCallback &progress) {
    RunOutcome outcome;
    outcome.pluginId = info.id;
    outcome.preset = request.preset;
    outcome.seed = request.seed;
    outcome.assignments = request.assignments;
    outcome.params = request.resolve(plugin);
    outcome.sessionPath = request.sessionPath;
    if (request.stop && request.stop->load()) {
        outcome.status = RunStatus::Cancelled;
        outcome.error = QStringLiteral("cancelled before it started");
        return outcome;
    }
    if (!request.sessionPath.isEmpty())
        checkSessionWritable(request.sessionPath);

    std::unique_ptr<Model> model = createModel(info, plugin, outcome.params, request.seed);
    try {
        const DataSource source = model->dataSource();
        outcome.dataSource = source.description;
        outcome.syntheticData = source.synthetic;
    } catch (const std::exception &e) {
        throw PluginError(info.id, QStringLiteral("dataSource() threw: ") + QString::fromUtf8(e.what()));
    }

    std::unique_ptr<RunRecorder> recorder;
    RunRecorder *recorderView = nullptr;
    if (!request.sessionPath.isEmpty()) {
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

    Engine engine(std::move(model), std::move(recorder));
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

    const TraceSnapshot snapshot = engine.snapshot();
    outcome.eventCount = static_cast<std::int64_t>(snapshot.eventCount());
    outcome.simulatedEndPs = snapshot.endTime();
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
        return outcome;
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
    return outcome;
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
                QString what = QStringLiteral("plugin '%1', preset '%2'").arg(info.id, requests[i].preset);
                if (!requests[i].assignments.isEmpty())
                    what += QStringLiteral(" with ") + requests[i].assignments.join(QLatin1Char(' '));
                errors[i] = std::make_exception_ptr(InputError(what + QStringLiteral(": ") + e.message()));
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
