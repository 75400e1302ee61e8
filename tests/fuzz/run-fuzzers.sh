#!/usr/bin/env bash
# Runs every libFuzzer binary of a `fuzz` build on its corpus for a while (make fuzz).
#   run-fuzzers.sh BUILD_DIR [SECONDS_PER_TARGET] [TARGET...]
# The committed seeds (tests/fuzz/corpus/<name>) are read, never written: what a fuzzer finds new
# goes to BUILD_DIR/corpus/<name>, and a crash, hang or leak to BUILD_DIR/artifacts/<name>-*.
set -uo pipefail

build=${1:?usage: run-fuzzers.sh BUILD_DIR [SECONDS_PER_TARGET] [TARGET...]}
seconds=${2:-60}
shift $(( $# >= 2 ? 2 : $# ))
here=$(cd "$(dirname "$0")" && pwd)
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for binary in "$build"/fuzz/fuzz_*; do targets+=("$(basename "$binary" | sed 's/^fuzz_//')"); done
fi

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
failed=()
for name in "${targets[@]}"; do
  binary="$build/fuzz/fuzz_$name"
  if [ ! -x "$binary" ]; then
    echo "error: no fuzzer $binary; build the fuzz preset first (make fuzz)" >&2
    exit 2
  fi
  mkdir -p "$build/corpus/$name" "$build/artifacts"
  echo "== fuzz_$name: ${seconds} s"
  if ! "$binary" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
       -artifact_prefix="$build/artifacts/$name-" "$build/corpus/$name" "$here/corpus/$name" \
       >"$build/artifacts/$name.log" 2>&1; then
    failed+=("$name")
    echo "   FOUND a problem: $(grep -m1 -E 'ERROR|runtime error|fuzz finding|Test unit written' "$build/artifacts/$name.log")"
  fi
  grep -E '^stat::number_of_executed_units|^Done ' "$build/artifacts/$name.log" | sed 's/^/   /'
done
if [ ${#failed[@]} -ne 0 ]; then
  echo "fuzzers with findings: ${failed[*]} (logs and inputs in $build/artifacts)" >&2
  exit 1
fi
