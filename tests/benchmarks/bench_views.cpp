// What the UI thread does with a 10 M-event run: repaint the timeline at several zooms (budget:
// 16 ms, DESIGN.md), and move the cursor with every generic view open (the GUI's limit: no UI-thread
// block over 50 ms). Each result carries `ratio`, its time over the budget on this machine.
// Runs offscreen; `make bench` runs it with the other benchmarks.

#include <benchmark/benchmark.h>

#include <array>
#include <chrono>

#include <QApplication>
#include <QImage>

#include "tests/benchmarks/budget.h"
#include "tests/support/bigtrace.h"
#include "views/charts/chartsview.h"
#include "views/dataflow/dataflowview.h"
#include "views/memory/memorybankview.h"
#include "views/narration/narrationview.h"
#include "views/state/viewstate.h"
#include "views/timeline/timelineview.h"

using namespace accelscope;
using accelscope::bench::measureAgainstBudget;

namespace {

constexpr double kRepaintBudgetMs = 16.0;
constexpr double kUiBlockBudgetMs = 50.0;

const test::BigTrace &bigTrace() {
    static const test::BigTrace trace;
    return trace;
}

std::unique_ptr<TraceIndex> bigIndex() { return std::make_unique<TraceIndex>(bigTrace().trace->snapshot()); }

// Arg: the viewport as a fraction 1/N of the run.
void BM_TimelineRepaint10M(benchmark::State &state) {
    ViewState view;
    TimelineView timeline(view);
    view.setRun(bigTrace().record, bigIndex());
    const TimePs end = view.endTime();
    const TimePs length = std::max<TimePs>(end / state.range(0), 1);
    view.setViewport({end / 2 - length / 2, end / 2 + length / 2});
    const QSize size(1600, 900);
    timeline.renderToImage(size);  // sizes the view and builds the caches of a first paint
    // A repaint draws into the existing backing store: one image, reused.
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    measureAgainstBudget(state, kRepaintBudgetMs, [&] {
        timeline.render(&image);
        benchmark::DoNotOptimize(image.constBits());
    });
}
BENCHMARK(BM_TimelineRepaint10M)->Arg(1)->Arg(10)->Arg(1000)->Arg(100000)->Arg(10000000)->Unit(benchmark::kMillisecond)->UseManualTime();

// A cursor move with the timeline, dataflow, memory banks, narration and charts all showing.
void BM_CursorMoveAllViews10M(benchmark::State &state) {
    ViewState view;
    TimelineView timeline(view);
    DataflowView dataflow(view);
    MemoryBankView memory(view);
    NarrationView narration(view);
    ChartsView charts(view);
    QWidget *widgets[] = {&timeline, &dataflow, &memory, &narration, &charts};
    for (QWidget *w : widgets)
        w->resize(1200, 700);
    view.setRun(bigTrace().record, bigIndex());
    for (QWidget *w : widgets)
        w->grab();
    const TimePs end = view.endTime();
    std::int64_t i = 0;
    measureAgainstBudget(state, kUiBlockBudgetMs, [&] {
        // Cursor positions spread over the run in a fixed, scattered order.
        view.setCursor(static_cast<TimePs>(static_cast<double>(end) * static_cast<double>((i++ * 7919) % 1000) / 1000.0));
        QCoreApplication::processEvents();
        for (QWidget *w : widgets)
            benchmark::DoNotOptimize(w->grab().cacheKey());
    });
}
BENCHMARK(BM_CursorMoveAllViews10M)->Unit(benchmark::kMillisecond)->UseManualTime();

// Opening a recorded run: the UI-thread part (views take the already indexed run) and the first
// paint of every view. The indexing itself runs in RunLoader's worker thread.
void BM_ShowRun10M(benchmark::State &state) {
    struct Views {
        ViewState view;
        TimelineView timeline{view};
        DataflowView dataflow{view};
        MemoryBankView memory{view};
        ChartsView charts{view};
    };
    std::unique_ptr<Views> views;
    std::unique_ptr<TraceIndex> index;
    const auto widgets = [&] {
        return std::array<QWidget *, 4>{&views->timeline, &views->dataflow, &views->memory, &views->charts};
    };
    measureAgainstBudget(
        state, kUiBlockBudgetMs,
        [&] {
            views->view.setRun(bigTrace().record, std::move(index));
            QCoreApplication::processEvents();
            for (QWidget *w : widgets())
                benchmark::DoNotOptimize(w->grab().cacheKey());
        },
        [&] {
            views = std::make_unique<Views>();
            for (QWidget *w : widgets())
                w->resize(1200, 700);
            index = bigIndex();
        });
}
BENCHMARK(BM_ShowRun10M)->Unit(benchmark::kMillisecond)->UseManualTime()->Iterations(3);

// Selecting a range on the timeline: its utilization, bytes and FLOPs (Arg: 1/N of the run).
void BM_TimelineSelection10M(benchmark::State &state) {
    ViewState view;
    TimelineView timeline(view);
    timeline.resize(1600, 900);
    view.setRun(bigTrace().record, bigIndex());
    const TimePs end = view.endTime();
    const TimePs length = std::max<TimePs>(end / state.range(0), 1);
    std::int64_t i = 0;
    measureAgainstBudget(state, kUiBlockBudgetMs, [&] {
        const TimePs begin = (end - length) / 2 + (i++ % 2);  // a new range each time
        view.setSelection({begin, begin + length});
        QCoreApplication::processEvents();
        benchmark::DoNotOptimize(timeline.statsText());
    });
}
BENCHMARK(BM_TimelineSelection10M)->Arg(1)->Arg(10)->Arg(1000)->Unit(benchmark::kMillisecond)->UseManualTime();

// The Charts "time by op kind" page over the whole run, computed on the UI thread.
void BM_TimeByOpKind10M(benchmark::State &state) {
    const std::unique_ptr<TraceIndex> index = bigIndex();
    const TimeRange whole{0, index->endTime()};
    measureAgainstBudget(state, kUiBlockBudgetMs, [&] { benchmark::DoNotOptimize(index->busyByKind(whole)); });
}
BENCHMARK(BM_TimeByOpKind10M)->Unit(benchmark::kMillisecond)->UseManualTime();

// Off the UI thread, for reference: indexing a 10 M-event snapshot.
void BM_IndexTrace10M(benchmark::State &state) {
    for (auto _ : state)
        benchmark::DoNotOptimize(bigIndex());
}
BENCHMARK(BM_IndexTrace10M)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);

}  // namespace

int main(int argc, char **argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    bigTrace();  // built once, outside every measurement
    return bench::runBenchmarks(argc, argv);
}
