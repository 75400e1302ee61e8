#include "core/sim/engine.h"

#include <algorithm>
#include <chrono>
#include <exception>

#include "core/sim/countingsink.h"
#include "core/store/runrecorder.h"

namespace accelscope {

namespace {
using Clock = std::chrono::steady_clock;
constexpr auto kPublishInterval = std::chrono::milliseconds(30);

bool isBusy(Engine::State s) {
    return s == Engine::State::Stepping || s == Engine::State::Running;
}
}  // namespace

// Lives in the worker thread; every slot runs there.
class Engine::Worker : public QObject {
public:
    explicit Worker(Engine &engine) : engine_(engine) {}

    void doStep(int level) {
        if (!prepare())
            return;
        engine_.setState(State::Stepping);
        if (!stepOnce(level) || !publish(true))
            return;
        settle(State::Idle);
    }

    void doRun(int level, double stepsPerSecond) {
        if (!prepare())
            return;
        engine_.setState(State::Running);
        Clock::time_point lastPublish = Clock::now();
        const auto period = stepsPerSecond > 0 ? std::chrono::duration_cast<Clock::duration>(
                                                     std::chrono::duration<double>(1.0 / stepsPerSecond))
                                               : Clock::duration::zero();
        Clock::time_point nextStep = Clock::now();
        while (!engine_.model_->finished()) {
            if (engine_.cancelRequested_.load() || engine_.stopRequested_.load())
                break;
            if (period > Clock::duration::zero()) {
                // Sleep in short slices so pause and cancel stay responsive at slow speeds.
                while (Clock::now() < nextStep && !engine_.stopRequested_.load() &&
                       !engine_.cancelRequested_.load())
                    QThread::msleep(5);
                nextStep += period;
                if (engine_.stopRequested_.load() || engine_.cancelRequested_.load())
                    break;
            }
            if (!stepOnce(level))
                return;
            const Clock::time_point now = Clock::now();
            if (period > Clock::duration::zero() || now - lastPublish >= kPublishInterval) {
                // A failed write ends the run: stepping on would only produce what is not recorded.
                if (!publish(false))
                    return;
                lastPublish = now;
            }
        }
        if (!publish(true))
            return;
        settle(engine_.stopRequested_.load() ? State::Paused : State::Idle);
    }

private:
    // Starts recording on first use; handles a cancel that arrived while idle.
    bool prepare() {
        const State s = engine_.state();
        if (s == State::Finished || s == State::Failed || s == State::Cancelled)
            return false;
        if (engine_.cancelRequested_.load()) {
            finishAs(State::Cancelled, RunStatus::Cancelled, {});
            return false;
        }
        if (!started_) {
            started_ = true;
            try {
                if (engine_.recorder_) {
                    engine_.recorder_->begin(*engine_.model_);
                    engine_.recordedRunId_ = engine_.recorder_->runId();
                }
            } catch (const std::exception &e) {
                fail(QString::fromUtf8(e.what()));
                return false;
            }
        }
        return true;
    }

    bool stepOnce(int level) {
        try {
            engine_.model_->step(level, *engine_.sink_);
            engine_.progress_ = engine_.model_->progress();
        } catch (const std::exception &e) {
            fail(QStringLiteral("the model failed during a step: ") + QString::fromUtf8(e.what()));
            return false;
        } catch (...) {
            fail(QStringLiteral("the model failed during a step with an unknown exception"));
            return false;
        }
        return true;
    }

    // False when recording failed (the run is then finalized as failed).
    bool publish(bool forceFlush) {
        engine_.trace_->publish();
        const TraceSnapshot snap = engine_.trace_->snapshot();
        try {
            if (engine_.recorder_)
                engine_.recorder_->flush(snap, forceFlush);
        } catch (const std::exception &e) {
            fail(QStringLiteral("recording failed: ") + QString::fromUtf8(e.what()));
            return false;
        }
        Q_EMIT engine_.stepped(snap.endTime());
        Q_EMIT engine_.progressChanged(engine_.progress_.load());
        return true;
    }

    // After a command: finished runs are finalized, cancelled ones too.
    void settle(State idleState) {
        if (engine_.state() == State::Failed)
            return;
        if (engine_.cancelRequested_.load()) {
            finishAs(State::Cancelled, RunStatus::Cancelled, {});
        } else if (engine_.model_->finished()) {
            finishAs(State::Finished, RunStatus::Complete, {});
        } else {
            engine_.setState(idleState);
        }
    }

    void finishAs(State state, RunStatus status, const QString &error) {
        engine_.trace_->publish();
        try {
            if (engine_.recorder_ && started_)
                engine_.recorder_->finish(engine_.trace_->snapshot(), status, *engine_.model_, error);
        } catch (const std::exception &e) {
            if (state != State::Failed) {
                fail(QStringLiteral("recording failed: ") + QString::fromUtf8(e.what()));
                return;
            }
        }
        engine_.progress_ = engine_.model_->progress();
        engine_.setState(state);
    }

    void fail(const QString &message) {
        {
            std::lock_guard lock(engine_.mutex_);
            engine_.error_ = message;
        }
        finishAs(State::Failed, RunStatus::Failed, message);
        Q_EMIT engine_.failed(message);
    }

    Engine &engine_;
    bool started_ = false;
};

Engine::Engine(std::unique_ptr<Model> model, QObject *parent) : Engine(std::move(model), nullptr, parent) {}

Engine::Engine(std::unique_ptr<Model> model, std::unique_ptr<RunRecorder> recorder, QObject *parent)
    : QObject(parent),
      model_(std::move(model)),
      trace_(std::make_unique<Trace>()),
      recorder_(std::move(recorder)),
      sink_(trace_.get()) {
    // Read once here: afterwards only the worker thread touches the model.
    coarsestLevel_ = std::max(0, static_cast<int>(model_->stepLevels().size()) - 1);
    thread_.setObjectName(QStringLiteral("accelscope-engine"));
    worker_ = new Worker(*this);
    worker_->moveToThread(&thread_);
    connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);
    thread_.start();
}

Engine::Engine(std::unique_ptr<Model> model, TraceMode mode, QObject *parent) : Engine(std::move(model), nullptr, parent) {
    if (mode == TraceMode::CountOnly) {
        counting_ = std::make_unique<CountingSink>();
        sink_ = counting_.get();  // before any command, so the worker sees it
    }
}

Engine::Totals Engine::totals() const {
    if (counting_)
        return {counting_->eventCount(), counting_->endTime()};
    const TraceSnapshot snap = trace_->snapshot();
    return {snap.eventCount(), snap.endTime()};
}

Engine::~Engine() {
    cancelRequested_ = true;
    stopRequested_ = true;
    thread_.quit();
    thread_.wait();
}

void Engine::setState(State s) {
    {
        std::lock_guard lock(mutex_);
        state_ = s;
    }
    idle_.notify_all();
    Q_EMIT stateChanged(s);
}

// A new command clears an earlier pause here, on the caller's thread, so that a pause() issued
// after a command was posted but before the worker reached it still applies to that command.
void Engine::step(int level) {
    stopRequested_ = false;
    QMetaObject::invokeMethod(
        worker_, [this, level] { worker_->doStep(level); }, Qt::QueuedConnection);
}

void Engine::run(int level, double stepsPerSecond) {
    stopRequested_ = false;
    QMetaObject::invokeMethod(
        worker_, [this, level, stepsPerSecond] { worker_->doRun(level, stepsPerSecond); },
        Qt::QueuedConnection);
}

void Engine::runToEnd() {
    run(coarsestLevel_, 0);
}

void Engine::pause() {
    stopRequested_ = true;
}

void Engine::cancel() {
    cancelRequested_ = true;
    stopRequested_ = true;
    // If the worker is idle, this command finalizes the run as cancelled.
    QMetaObject::invokeMethod(
        worker_, [this] { worker_->doStep(0); }, Qt::QueuedConnection);
}

Engine::State Engine::waitForIdle() {
    // Commands are queued; wait until the queue has drained and no command runs.
    QMetaObject::invokeMethod(
        worker_, [] {}, Qt::BlockingQueuedConnection);
    std::unique_lock lock(mutex_);
    idle_.wait(lock, [this] { return !isBusy(state_.load()); });
    return state_.load();
}

QString Engine::errorMessage() const {
    std::lock_guard lock(mutex_);
    return error_;
}

}  // namespace accelscope
