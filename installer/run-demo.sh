#!/usr/bin/env bash
# `make run`: starts the GUI on the default demo when there is a display, and otherwise records
# the DFX paper preset headless into the default session and prints a summary.
set -euo pipefail
build_dir=${1:-build/default}
bin="$build_dir/bin"

if [ -z "${ACCELSCOPE_HEADLESS:-}" ] && { [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; } \
   && [ -x "$bin/accelscope" ]; then
  exec "$bin/accelscope"
fi

echo "No display found: running the headless demo (DFX, paper preset)."
"$bin/accelscope-cli" run dfx --preset paper
