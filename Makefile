# Two commands for a newcomer: `make run` and `make test`. Both install what is missing first.
PRESET ?= default
BUILD_DIR := build/$(PRESET)
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
CCACHE := $(shell command -v ccache 2>/dev/null)
LAUNCHER := $(if $(CCACHE),-DCMAKE_CXX_COMPILER_LAUNCHER=$(CCACHE),)

.PHONY: all deps configure build run demo test bench package clean fuzz test-asan

all: build

deps:
	@bash installer/install-deps.sh

configure: deps
	@cmake --preset $(PRESET) $(LAUNCHER) >/dev/null

build: configure
	@cmake --build --preset $(PRESET) -j $(JOBS)

# The GUI where there is a display; the headless demo otherwise.
run: build
	@bash installer/run-demo.sh $(BUILD_DIR)

demo: build
	@ACCELSCOPE_HEADLESS=1 bash installer/run-demo.sh $(BUILD_DIR)

test: build
	@ctest --preset $(PRESET)

# Google Benchmark binaries (tests/benchmarks), offscreen, then one table of every result: its time,
# its DESIGN.md budget and the ratio to it (below 1 is within budget on this machine), and the ratio
# to a practical limit measured on the same machine. Not part of `make test`.
# BENCH_FILTER=REGEX runs only the matching benchmarks.
BENCH_RESULTS := $(BUILD_DIR)/benchmarks/results
bench: build
	@rm -rf $(BENCH_RESULTS) && mkdir -p $(BENCH_RESULTS)
	@for b in $(BUILD_DIR)/benchmarks/bench_*; do \
	  name=$$(basename $$b); echo "running $$name" >&2; \
	  QT_QPA_PLATFORM=offscreen "$$b" --benchmark_filter='$(or $(BENCH_FILTER),.)' \
	    --benchmark_out=$(BENCH_RESULTS)/$$name.json --benchmark_out_format=json >/dev/null || exit 1; \
	done
	@$(BUILD_DIR)/benchmarks/benchtable $(BENCH_RESULTS)/*.json

# libFuzzer on every target of tests/fuzz for FUZZ_SECONDS each (the `fuzz` preset: clang, ASan and
# UBSan, core only; build/fuzz). Findings land in build/fuzz/artifacts; see tests/fuzz/README.md.
FUZZ_SECONDS ?= 60
fuzz: deps
	@cmake --preset fuzz $(LAUNCHER) >/dev/null
	@cmake --build --preset fuzz -j $(JOBS)
	@bash tests/fuzz/run-fuzzers.sh build/fuzz $(FUZZ_SECONDS)

# The whole test suite under AddressSanitizer and UndefinedBehaviorSanitizer (gcc; build/asan).
test-asan: deps
	@cmake --preset asan $(LAUNCHER) >/dev/null
	@cmake --build --preset asan -j $(JOBS)
	@ctest --preset asan

# installer/README.md: the .deb and the relocatable .tar.gz, written to the build folder.
package: build
	@cmake --build --preset $(PRESET) --target package

clean:
	@rm -rf $(BUILD_DIR)
