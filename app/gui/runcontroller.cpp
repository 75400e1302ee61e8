#include "app/gui/runcontroller.h"

#include <QPointer>
#include <QThread>

#include "core/store/runrecorder.h"
#include "views/state/viewstate.h"

namespace accelscope {

namespace {
constexpr int kRefreshIntervalMs = 33;

bool isEnded(Engine::State s) {
    return s == Engine::State::Finished || s == Engine::State::Failed || s == Engine::State::Cancelled;
}

RunStatus statusOf(Engine::State s) {
    switch (s) {
    case Engine::State::Finished: return RunStatus::Complete;
    case Engine::State::Failed: return RunStatus::Failed;
    case Engine::State::Cancelled: return RunStatus::Cancelled;
    default: return RunStatus::Running;
    }
}
}  // namespace

RunController::RunController(ViewState &state, QObject *parent) : QObject(parent), state_(state) {
    refresh_.setInterval(kRefreshIntervalMs);
    connect(&refresh_, &QTimer::timeout, this, &RunController::pushTrace);
}

RunController::~RunController() {
    ++generation_;
    if (engine_) {
        engine_->cancel();
        engine_.reset();  // joins the worker and records the run as cancelled
    }
}

void RunController::prepare(LiveRunSpec spec) {
    reset();
    spec_ = std::move(spec);
    preparing_ = true;
    const int generation = ++generation_;
    const AcceleratorPlugin *plugin = spec_.instance;
    QPointer<RunController> self(this);
    // Creating a model may build functional weights: never on the UI thread.
    QThread *creator = QThread::create([self, generation, plugin, params = spec_.params, seed = spec_.seed] {
        // Shared so that the model is freed if the controller is gone before it arrives.
        auto holder = std::make_shared<std::unique_ptr<Model>>();
        QString error;
        try {
            *holder = plugin->createModel(params, seed);
            if (!*holder)
                error = QStringLiteral("the plugin returned no model");
        } catch (const std::exception &e) {
            error = QString::fromUtf8(e.what());
        } catch (...) {
            error = QStringLiteral("the plugin failed with an unknown exception");
        }
        QMetaObject::invokeMethod(
            self.data(),
            [self, generation, holder, error] {
                if (self && generation == self->generation_)
                    self->modelReady(std::move(*holder), error);
            },
            Qt::QueuedConnection);
    });
    connect(creator, &QThread::finished, creator, &QObject::deleteLater);
    creator->start();
}

void RunController::modelReady(std::unique_ptr<Model> model, const QString &error) {
    preparing_ = false;
    const auto refuse = [this](const QString &why) {
        pending_.reset();
        Q_EMIT failed(why);
        Q_EMIT stateChanged(Engine::State::Failed);
    };
    if (!model) {
        refuse(QStringLiteral("%1 could not create a model: %2").arg(spec_.plugin.name, error));
        return;
    }
    QString dataSource;
    try {
        levels_ = model->stepLevels();
        topology_ = model->topology();
        dataSource = model->dataSource().description;
    } catch (const std::exception &e) {
        refuse(QStringLiteral("%1 failed to describe its model: %2").arg(spec_.plugin.name, QString::fromUtf8(e.what())));
        return;
    }
    if (levels_.empty()) {
        refuse(QStringLiteral("%1 declares no step levels, so it cannot be stepped").arg(spec_.plugin.name));
        return;
    }

    std::unique_ptr<RunRecorder> recorder;
    if (!spec_.sessionPath.isEmpty()) {
        RunInfo info;
        info.pluginId = spec_.plugin.id;
        info.pluginVersion = spec_.plugin.version;
        info.preset = spec_.preset;
        info.params = spec_.params.toJson();
        info.seed = spec_.seed;
        info.dataSource = dataSource;
        recorder = std::make_unique<RunRecorder>(spec_.sessionPath, info);
    }
    startedAt_ = QDateTime::currentDateTimeUtc();
    std::shared_ptr<RunRecord> record = liveRecord(*model, RunStatus::Running);
    record->info.dataSource = dataSource;
    shownState_ = Engine::State::Idle;
    engine_ = recorder ? std::make_unique<Engine>(std::move(model), std::move(recorder))
                       : std::make_unique<Engine>(std::move(model));
    connect(engine_.get(), &Engine::stepped, this, [this] { dirty_ = true; });
    connect(engine_.get(), &Engine::progressChanged, this, &RunController::progressChanged);
    connect(engine_.get(), &Engine::stateChanged, this, &RunController::onEngineState);
    connect(engine_.get(), &Engine::failed, this, &RunController::failed);
    announcedRunId_ = false;
    state_.setRun(record, std::make_unique<TraceIndex>(), true);
    refresh_.start();
    Q_EMIT prepared(levels_);
    if (pending_) {
        const PendingCommand command = *pending_;
        pending_.reset();
        issue(command);
    }
}

bool RunController::canStep() const {
    if (preparing_)
        return true;
    return engine_ && !isEnded(engine_->state());
}

void RunController::issue(const PendingCommand &command) {
    if (!engine_) {
        if (preparing_)
            pending_ = command;  // runs when the model is ready
        return;
    }
    // A command accepted by a waiting engine is shown at once; its own state change follows.
    if (shownState_ == Engine::State::Idle || shownState_ == Engine::State::Paused)
        shownState_ = command.command == Command::Step ? Engine::State::Stepping : Engine::State::Running;
    switch (command.command) {
    case Command::Step: engine_->step(command.level); break;
    case Command::Run: engine_->run(command.level, command.stepsPerSecond); break;
    case Command::RunToEnd: engine_->runToEnd(); break;
    }
}

void RunController::step(int level) { issue({Command::Step, level, 0}); }

void RunController::run(int level, double stepsPerSecond) { issue({Command::Run, level, stepsPerSecond}); }

void RunController::runToEnd() { issue({Command::RunToEnd, 0, 0}); }

void RunController::pause() {
    pending_.reset();
    if (engine_)
        engine_->pause();
}

void RunController::cancel() {
    pending_.reset();
    if (engine_)
        engine_->cancel();
}

void RunController::reset() {
    ++generation_;  // a model still being created is dropped when it arrives
    preparing_ = false;
    pending_.reset();
    refresh_.stop();
    if (engine_) {
        if (!isEnded(engine_->state())) {
            // Cancelling posts to the worker, which ends the run as cancelled; the engine's
            // destructor then joins it. A run inside one long step waits for that step.
            engine_->cancel();
        }
        pushTrace();
        engine_.reset();
    }
    levels_.clear();
    shownState_ = Engine::State::Idle;
}

Engine::State RunController::state() const {
    if (preparing_)
        return Engine::State::Stepping;
    return engine_ ? shownState_ : Engine::State::Idle;
}

double RunController::progress() const { return engine_ ? engine_->progress() : 0.0; }

RunId RunController::runId() const { return engine_ ? engine_->recordedRunId() : 0; }

std::shared_ptr<RunRecord> RunController::liveRecord(const Model &model, RunStatus status) const {
    auto record = std::make_shared<RunRecord>();
    record->info.pluginId = spec_.plugin.id;
    record->info.pluginVersion = spec_.plugin.version;
    record->info.preset = spec_.preset;
    record->info.params = spec_.params.toJson();
    record->info.seed = spec_.seed;
    record->info.status = status;
    record->info.startedAt = startedAt_;
    record->topology = topology_;
    record->stepLevels = levels_;
    if (status != RunStatus::Running) {
        record->info.finishedAt = QDateTime::currentDateTimeUtc();
        try {
            record->metrics = model.metrics();
            record->baselines = model.baselines();
        } catch (const std::exception &) {
            // The engine reported the failure already; a failed model may have no metrics.
        }
    }
    return record;
}

void RunController::pushTrace() {
    if (!engine_ || !dirty_)
        return;
    dirty_ = false;
    state_.updateTrace(engine_->snapshot());
    if (!announcedRunId_ && engine_->recordedRunId() != 0) {
        announcedRunId_ = true;
        auto record = std::make_shared<RunRecord>(*state_.record());
        record->info.id = engine_->recordedRunId();
        state_.updateRecord(record);
        Q_EMIT runRecorded(record->info.id);
    }
}

void RunController::onEngineState(Engine::State s) {
    if (!engine_)
        return;
    shownState_ = s;
    if (s == Engine::State::Idle || s == Engine::State::Paused || isEnded(s)) {
        dirty_ = true;
        pushTrace();  // show the step's end at once, not at the next tick
    }
    if (isEnded(s)) {
        refresh_.stop();
        auto record = liveRecord(engine_->model(), statusOf(s));
        const TraceSnapshot snapshot = engine_->snapshot();
        record->info.id = engine_->recordedRunId();
        record->info.eventCount = static_cast<std::int64_t>(snapshot.eventCount());
        record->info.simulatedEndPs = snapshot.endTime();
        record->info.dataSource = state_.record() ? state_.record()->info.dataSource : QString();
        record->info.error = engine_->errorMessage();
        state_.setLive(false);
        state_.updateRecord(record);
        Q_EMIT stateChanged(s);
        Q_EMIT runEnded(record->info.id, record->info.status);
        return;
    }
    Q_EMIT stateChanged(s);
}

}  // namespace accelscope
