#include "core/session/sweep.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <set>

#include <QJsonArray>
#include <QThread>
#include <QThreadPool>

#include "core/api/errors.h"
#include "core/registry/pluginerror.h"

namespace accelscope {

SweepAxis SweepAxis::parse(const QString &text) {
    const qsizetype eq = text.indexOf(QLatin1Char('='));
    if (eq <= 0)
        throw InputError(QStringLiteral("malformed sweep '%1'; expected KEY=V1,V2,...").arg(text));
    SweepAxis axis;
    axis.key = text.left(eq).trimmed();
    std::set<QString> seen;
    for (const QString &value : text.mid(eq + 1).split(QLatin1Char(','))) {
        const QString trimmed = value.trimmed();
        if (trimmed.isEmpty())
            throw InputError(
                QStringLiteral("malformed sweep '%1': empty value; expected KEY=V1,V2,...").arg(text));
        if (!seen.insert(trimmed).second)
            throw InputError(QStringLiteral("malformed sweep '%1': value '%2' is listed twice; list each value once")
                                 .arg(text, trimmed));
        axis.values << trimmed;
    }
    return axis;
}

namespace {
// Cartesian product of the axes' value indices, first axis outermost.
std::vector<std::vector<qsizetype>> combinations(const std::vector<SweepAxis> &axes) {
    std::vector<std::vector<qsizetype>> result{{}};
    for (const SweepAxis &axis : axes) {
        std::vector<std::vector<qsizetype>> next;
        for (const auto &prefix : result) {
            for (qsizetype v = 0; v < axis.values.size(); ++v) {
                auto point = prefix;
                point.push_back(v);
                next.push_back(std::move(point));
            }
        }
        result = std::move(next);
    }
    return result;
}
}  // namespace

std::vector<RunRequest> sweepRequests(const AcceleratorPlugin &plugin, const SweepRequest &request) {
    if (request.axes.empty())
        throw InputError(QStringLiteral("a sweep needs at least one --vary KEY=V1,V2,..."));
    const ParamSchema schema = plugin.schema();
    std::set<QString> keys;
    std::size_t points = 1;
    for (const SweepAxis &axis : request.axes) {
        points *= std::max<std::size_t>(static_cast<std::size_t>(axis.values.size()), 1);
        if (points > kMaxSweepPoints)
            throw InputError(QStringLiteral("the sweep has more than %1 points (the product of the number of values "
                                            "of each --vary); vary fewer keys or list fewer values")
                                 .arg(kMaxSweepPoints));
        const ParamSpec &spec = schema.at(axis.key);  // unknown key: lists the known ones
        if (!keys.insert(axis.key).second)
            throw InputError(
                QStringLiteral("parameter '%1' is varied twice; give each key one --vary").arg(axis.key));
        for (const QString &value : axis.values)
            spec.parse(value);  // names key, value and what is allowed
    }
    request.base.resolve(plugin);

    std::vector<RunRequest> requests;
    for (const auto &point : combinations(request.axes)) {
        RunRequest run = request.base;
        for (std::size_t a = 0; a < request.axes.size(); ++a)
            run.assignments << request.axes[a].key + QLatin1Char('=') + request.axes[a].values[point[a]];
        requests.push_back(std::move(run));
    }
    return requests;
}

SweepSlice SweepSlice::parse(const QString &text) {
    const QStringList parts = text.split(QLatin1Char('/'));
    bool indexOk = false;
    bool countOk = false;
    SweepSlice slice;
    if (parts.size() == 2) {
        slice.index = parts[0].trimmed().toInt(&indexOk);
        slice.count = parts[1].trimmed().toInt(&countOk);
    }
    if (!indexOk || !countOk || slice.count < 1 || slice.index < 0 || slice.index >= slice.count)
        throw InputError(QStringLiteral("malformed slice '%1'; expected K/N with 0 <= K < N, e.g. 3/16 for the "
                                        "fourth of 16 slices (point i belongs to slice i mod N)")
                             .arg(text));
    return slice;
}

SweepInfo describeSweep(const AcceleratorPlugin &plugin, const SweepRequest &request) {
    SweepInfo sweep;
    sweep.pluginId = request.base.pluginId;
    sweep.preset = request.base.preset;
    sweep.seed = request.base.seed;
    const ParamSchema schema = plugin.schema();
    QJsonArray order;
    for (const SweepAxis &axis : request.axes) {
        QJsonArray values;
        const ParamSpec &spec = schema.at(axis.key);
        for (const QString &value : axis.values)
            values.append(toJson(spec.parse(value)));
        sweep.axes.insert(axis.key, values);
        order.append(axis.key);
    }
    sweep.axes.insert(QStringLiteral("order"), order);
    if (!request.base.assignments.isEmpty())
        sweep.axes.insert(QStringLiteral("set"), QJsonArray::fromStringList(request.base.assignments));
    return sweep;
}

namespace {

// A point as a worker thread hands it to the writer.
struct FinishedPoint {
    std::size_t slot = 0;   // among the slice's points
    std::size_t index = 0;  // in the whole sweep
    ComputedRun run;
    bool skipped = false;      // not run because the sweep stopped on an error
    bool record = true;        // false: cancelled before it started, so there is nothing to record
    std::exception_ptr error;  // stops the sweep (a refused point)
};

// Worker threads push finished points; the writer (the thread that runs the sweep) pops them.
// Bounded, so that points kept with their traces cannot pile up faster than they are written.
class PointQueue {
public:
    explicit PointQueue(std::size_t capacity) : capacity_(capacity) {}

    void push(FinishedPoint point) {
        std::unique_lock lock(mutex_);
        space_.wait(lock, [this] { return queue_.size() < capacity_ || draining_; });
        queue_.push_back(std::move(point));
        ready_.notify_one();
    }
    FinishedPoint pop() {
        std::unique_lock lock(mutex_);
        ready_.wait(lock, [this] { return !queue_.empty(); });
        FinishedPoint point = std::move(queue_.front());
        queue_.pop_front();
        space_.notify_one();
        return point;
    }
    // Lets every push through from now on (the writer stopped writing, so nothing big is kept).
    void drain() {
        std::lock_guard lock(mutex_);
        draining_ = true;
        space_.notify_all();
    }

private:
    std::size_t capacity_;
    bool draining_ = false;
    std::deque<FinishedPoint> queue_;
    std::mutex mutex_;
    std::condition_variable ready_;
    std::condition_variable space_;
};

// Progress of the slice: the mean of its points' fractions, with counts.
class SweepProgressMeter {
public:
    SweepProgressMeter(std::size_t total, SweepProgressCallback callback)
        : fractions_(total, 0.0), callback_(std::move(callback)) {
        progress_.total = total;
    }
    void point(std::size_t slot, double fraction) {
        if (!callback_)
            return;
        std::lock_guard lock(mutex_);
        sum_ += fraction - fractions_[slot];
        fractions_[slot] = fraction;
        report();
    }
    void finished(std::size_t slot, bool failed) {
        std::lock_guard lock(mutex_);
        sum_ += 1.0 - fractions_[slot];
        fractions_[slot] = 1.0;
        ++progress_.done;
        progress_.failed += failed ? 1 : 0;
        if (callback_)
            report();
    }

private:
    void report() {
        progress_.fraction = fractions_.empty() ? 1.0 : sum_ / static_cast<double>(fractions_.size());
        callback_(progress_);
    }
    std::vector<double> fractions_;
    double sum_ = 0;
    SweepProgress progress_;
    SweepProgressCallback callback_;
    std::mutex mutex_;
};

// The outcome of a point whose plugin failed before its model ran.
ComputedRun failedBeforeRunning(const PluginInfo &info, const AcceleratorPlugin &plugin, const RunRequest &request,
                                const QString &error) {
    ComputedRun run;
    RunOutcome &outcome = run.outcome;
    outcome.pluginId = info.id;
    outcome.preset = request.preset;
    outcome.seed = request.seed;
    outcome.assignments = request.assignments;
    outcome.params = request.resolve(plugin);
    outcome.status = RunStatus::Failed;
    outcome.error = error;
    return run;
}

// Records one computed point: its run row, topology, step levels, trace (when kept), status,
// metrics and baselines. A failed write leaves the run marked failed when the file still allows it.
RunId recordPoint(RunStore &store, const PluginInfo &info, const ComputedRun &run, std::int64_t sweepId,
                  std::size_t index) {
    const RunOutcome &outcome = run.outcome;
    RunInfo row;
    row.pluginId = info.id;
    row.pluginVersion = info.version;
    row.preset = outcome.preset;
    row.params = outcome.params.toJson();
    row.seed = outcome.seed;
    row.dataSource = outcome.dataSource;
    row.traceRecorded = run.trace.has_value();
    row.sweepId = sweepId;
    row.sweepPoint = static_cast<int>(index);
    const RunId id = store.beginRun(row, run.topology, run.stepLevels);
    try {
        if (run.trace) {
            TraceCursor cursor;
            store.appendTrace(id, *run.trace, cursor);
        }
        store.finishRun(id, outcome.status, outcome.metrics, outcome.baselines, outcome.error);
    } catch (const std::exception &e) {
        try {
            store.finishRun(id, RunStatus::Failed, {}, {},
                            QStringLiteral("recording the point failed: ") + QString::fromUtf8(e.what()));
        } catch (const std::exception &) {
            // The next writer to open the file marks the run interrupted.
        }
        throw;
    }
    return id;
}

std::int64_t findOrCreateSweep(RunStore &store, SweepInfo &sweep) {
    for (const SweepInfo &existing : store.sweeps()) {
        if (sameSweep(existing, sweep)) {
            sweep = existing;
            return sweep.id;
        }
    }
    return store.createSweep(sweep);
}

}  // namespace

SweepResult runSweep(const PluginInfo &info, const AcceleratorPlugin &plugin, const SweepRequest &request,
                     const SweepProgressCallback &progress) {
    const std::vector<RunRequest> requests = sweepRequests(plugin, request);
    const auto indices = combinations(request.axes);
    std::vector<std::size_t> selected;
    for (std::size_t i = 0; i < requests.size(); ++i) {
        if (request.slice.contains(i))
            selected.push_back(i);
    }
    SweepResult result;
    result.totalPoints = requests.size();

    // The single writer: opened here, before any work, so an unusable file is bad input at once.
    std::unique_ptr<RunStore> store;
    if (!request.base.sessionPath.isEmpty()) {
        store = std::make_unique<RunStore>(request.base.sessionPath, RunStore::Mode::ReadWrite);
        SweepInfo sweep = describeSweep(plugin, request);
        result.sweepId = findOrCreateSweep(*store, sweep);
    }

    const int threads = request.maxThreads > 0 ? request.maxThreads : std::max(1, QThread::idealThreadCount());
    PointQueue queue(static_cast<std::size_t>(std::max(2, 2 * threads)));
    SweepProgressMeter meter(selected.size(), progress);
    std::atomic<bool> stopping{false};  // a refused point or a failed write: start nothing more

    QThreadPool pool;
    pool.setMaxThreadCount(threads);
    for (std::size_t slot = 0; slot < selected.size(); ++slot) {
        pool.start([&, slot] {
            FinishedPoint finished;
            finished.slot = slot;
            finished.index = selected[slot];
            const RunRequest &point = requests[finished.index];
            if (stopping.load()) {
                finished.skipped = true;
                queue.push(std::move(finished));
                return;
            }
            finished.record = !(point.stop && point.stop->load());
            try {
                finished.run = computeRun(info, plugin, point, request.recordEvents,
                                          [&meter, slot](double f) { meter.point(slot, f); });
            } catch (const InputError &e) {
                // Name the point: the plugin's message alone does not say which one it refused.
                stopping = true;
                finished.error =
                    std::make_exception_ptr(InputError(point.describe() + QStringLiteral(": ") + e.message()));
            } catch (const PluginError &e) {
                finished.run = failedBeforeRunning(info, plugin, point, e.message());
            } catch (...) {
                stopping = true;
                finished.error = std::current_exception();
            }
            queue.push(std::move(finished));
        });
    }

    // The writer: records each point as it arrives, in whatever order the workers finish.
    std::exception_ptr firstError;
    for (std::size_t n = 0; n < selected.size(); ++n) {
        FinishedPoint finished = queue.pop();
        if (finished.error && !firstError)
            firstError = finished.error;
        if (finished.error || finished.skipped) {
            meter.finished(finished.slot, false);
            continue;
        }
        RunOutcome &outcome = finished.run.outcome;
        if (store && finished.record && !firstError) {
            try {
                outcome.runId = recordPoint(*store, info, finished.run, result.sweepId, finished.index);
                outcome.sessionPath = store->path();
            } catch (...) {
                firstError = std::current_exception();
                stopping = true;
                queue.drain();
            }
        }
        finished.run.trace.reset();  // written: let the trace go at once
        meter.finished(finished.slot, outcome.status == RunStatus::Failed);
        SweepPoint point;
        point.index = finished.index;
        for (std::size_t a = 0; a < request.axes.size(); ++a)
            point.coordinates.emplace_back(request.axes[a].key,
                                           request.axes[a].values[indices[finished.index][a]]);
        point.outcome = std::move(outcome);
        result.points.push_back(std::move(point));
    }
    pool.waitForDone();
    if (firstError)
        std::rethrow_exception(firstError);
    std::sort(result.points.begin(), result.points.end(),
              [](const SweepPoint &a, const SweepPoint &b) { return a.index < b.index; });
    return result;
}

}  // namespace accelscope
