#pragma once
// Drives the live run the user steps: creates the model off the UI thread, owns the Engine (which
// records into the session), and feeds the ViewState with the trace as it grows, at most about
// 30 times a second however fast the engine steps, so the UI thread never blocks.

#include <memory>
#include <optional>

#include <QObject>
#include <QTimer>

#include "core/api/param.h"
#include "core/api/plugin.h"
#include "core/sim/engine.h"
#include "core/store/runstore.h"

namespace accelscope {

class ViewState;

// What a new run is made of.
struct LiveRunSpec {
    PluginInfo plugin;
    const AcceleratorPlugin *instance = nullptr;
    ParamSet params;
    QString preset;
    std::uint64_t seed = 1;
    QString sessionPath;  // "" = not recorded
};

class RunController : public QObject {
    Q_OBJECT
public:
    enum class Command { Step, Run, RunToEnd };

    explicit RunController(ViewState &state, QObject *parent = nullptr);
    ~RunController() override;

    // Starts preparing a new run (the previous one is cancelled if still going). The model is
    // created in a worker thread; a command given before it is ready runs as soon as it is.
    void prepare(LiveRunSpec spec);
    bool hasRun() const { return engine_ != nullptr || preparing_; }
    bool isPreparing() const { return preparing_; }
    // True when the run can take another step (not finished, failed or cancelled).
    bool canStep() const;

    void step(int level);
    void run(int level, double stepsPerSecond);
    void runToEnd();
    void pause();
    void cancel();
    // Drops the run (cancelling it if still going); the next command starts a new one.
    void reset();

    // The engine's state as the UI thread has been told it: consistent with the trace, the run id
    // and the record this controller has pushed to the ViewState (the engine itself may be ahead).
    Engine::State state() const;
    double progress() const;
    const std::vector<StepLevel> &stepLevels() const { return levels_; }
    RunId runId() const;
    const LiveRunSpec &spec() const { return spec_; }
    // For tests: blocks until the model exists and the engine is idle (not for the UI thread).
    Engine *engine() const { return engine_.get(); }

Q_SIGNALS:
    void prepared(const std::vector<accelscope::StepLevel> &levels);
    void stateChanged(accelscope::Engine::State state);
    void progressChanged(double fraction);
    // The run ended (finished, failed or cancelled); the record holds its final state.
    void runEnded(accelscope::RunId run, accelscope::RunStatus status);
    // The run got its id in the session (after its first step).
    void runRecorded(accelscope::RunId run);
    void failed(const QString &message);

private:
    struct PendingCommand {
        Command command;
        int level = 0;
        double stepsPerSecond = 0;
    };
    void modelReady(std::unique_ptr<Model> model, const QString &error);
    void issue(const PendingCommand &command);
    void pushTrace();
    void onEngineState(Engine::State state);
    std::shared_ptr<RunRecord> liveRecord(const Model &model, RunStatus status) const;
    Topology topology_;

    ViewState &state_;
    LiveRunSpec spec_;
    std::unique_ptr<Engine> engine_;
    std::vector<StepLevel> levels_;
    bool preparing_ = false;
    int generation_ = 0;  // tells a stale model creation from the current one
    std::optional<PendingCommand> pending_;
    QTimer refresh_;
    bool dirty_ = false;
    Engine::State shownState_ = Engine::State::Idle;
    bool announcedRunId_ = false;
    QDateTime startedAt_;
};

}  // namespace accelscope
