#pragma once
// How every benchmark reports against DESIGN.md: a result carries `budget_ms` (the budget for one
// iteration) and `ratio` (the measured mean over the budget, so below 1 is within budget on the
// machine that ran it). Where a practical limit was measured on the same machine (a bare SQLite
// loop, calling the model without the engine), `limit_ratio` is the measured mean over that
// limit's time for the same work. `make bench` gathers every result into one table
// (tests/benchmarks/benchtable.cpp).

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>

namespace accelscope::bench {

inline double meanSeconds(const benchmark::State &state, double totalSeconds) {
    return totalSeconds / static_cast<double>(std::max<benchmark::IterationCount>(state.iterations(), 1));
}

inline void reportBudget(benchmark::State &state, double meanSecondsPerIteration, double budgetMs) {
    state.counters["budget_ms"] = budgetMs;
    state.counters["ratio"] = meanSecondsPerIteration / (budgetMs / 1000.0);
}

// Times `body` per iteration (`setup`, run before it each time, is not counted), sets the manual
// iteration time and reports the budget ratio. Returns the mean seconds per iteration.
template <class Body, class Setup = void (*)()>
double measureAgainstBudget(benchmark::State &state, double budgetMs, Body body, Setup setup = [] {}) {
    double total = 0;
    for (auto _ : state) {
        setup();
        const auto begin = std::chrono::steady_clock::now();
        body();
        const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - begin;
        state.SetIterationTime(elapsed.count());
        total += elapsed.count();
    }
    const double mean = meanSeconds(state, total);
    if (budgetMs > 0)
        reportBudget(state, mean, budgetMs);
    return mean;
}

// After the application object exists: parse the benchmark flags, run, shut down. Exit 2 for a flag
// the library does not know.
inline int runBenchmarks(int &argc, char **argv) {
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 2;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}

}  // namespace accelscope::bench
