#pragma once
// The Engine runs one Model in a worker thread. Commands (step, run, runToEnd, pause, cancel)
// return at once; the worker steps the model, appends to the Trace, publishes snapshots and,
// when recording, writes batches to the RunStore from the worker thread. Signals arrive on the
// thread that owns the Engine.

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>

#include <QObject>
#include <QString>
#include <QThread>

#include "core/api/model.h"
#include "core/sim/trace.h"

namespace accelscope {

class CountingSink;
class RunRecorder;

class Engine : public QObject {
    Q_OBJECT
public:
    enum class State { Idle, Stepping, Running, Paused, Finished, Failed, Cancelled };
    Q_ENUM(State)
    // Keep: the model writes to the Trace. CountOnly: it writes to a CountingSink, so only the
    // totals (totals()) are kept and snapshots stay empty; for results without a trace.
    enum class TraceMode { Keep, CountOnly };

    // What the model recorded so far, in either mode (read once the engine is idle).
    struct Totals {
        std::size_t events = 0;
        TimePs endTime = 0;
    };

    // Takes the model; nothing is recorded.
    explicit Engine(std::unique_ptr<Model> model, QObject *parent = nullptr);
    // Takes the model and records through `recorder` (core/store/runrecorder.h), which the
    // Engine owns and uses only from the worker thread.
    Engine(std::unique_ptr<Model> model, std::unique_ptr<RunRecorder> recorder, QObject *parent = nullptr);
    // Takes the model; nothing is recorded, and with TraceMode::CountOnly nothing is kept.
    Engine(std::unique_ptr<Model> model, TraceMode mode, QObject *parent = nullptr);
    ~Engine() override;

    // Never blocks: each posts a command to the worker.
    void step(int level);
    // Steps at `level` repeatedly; `stepsPerSecond` <= 0 means as fast as possible.
    void run(int level, double stepsPerSecond = 0);
    void runToEnd();
    void pause();
    void cancel();

    // Blocks the calling thread (not for the UI thread) until the engine is idle, paused,
    // finished, failed or cancelled. Returns the state.
    State waitForIdle();

    State state() const { return state_.load(); }
    double progress() const { return progress_.load(); }
    TraceSnapshot snapshot() const { return trace_->snapshot(); }
    const Trace &trace() const { return *trace_; }
    Totals totals() const;
    // Access for the owner once the engine is idle (metrics, baselines, narration).
    const Model &model() const { return *model_; }
    QString errorMessage() const;
    // The id the run got in its session once recording began (after the first command); 0 while
    // not recording.
    std::int64_t recordedRunId() const { return recordedRunId_.load(); }

Q_SIGNALS:
    void stepped(accelscope::TimePs now);
    void progressChanged(double fraction);
    void stateChanged(accelscope::Engine::State state);
    void failed(const QString &message);

private:
    class Worker;
    void setState(State state);

    std::unique_ptr<Model> model_;
    std::unique_ptr<Trace> trace_;
    std::unique_ptr<RunRecorder> recorder_;
    std::unique_ptr<CountingSink> counting_;  // set in CountOnly mode
    TraceSink *sink_ = nullptr;               // what the model writes to: trace_ or counting_
    QThread thread_;
    Worker *worker_ = nullptr;  // lives in thread_
    int coarsestLevel_ = 0;
    std::atomic<State> state_{State::Idle};
    std::atomic<double> progress_{0};
    std::atomic<std::int64_t> recordedRunId_{0};
    std::atomic<bool> stopRequested_{false};
    std::atomic<bool> cancelRequested_{false};
    mutable std::mutex mutex_;
    std::condition_variable idle_;
    QString error_;
};

}  // namespace accelscope
