#!/usr/bin/env bash
# Configures and builds Encore into ./build (release with debug info).
# Usage: scripts/build.sh [cmake -D options...], e.g. -DENCORE_BUILD_TESTS=OFF
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
jobs="${ENCORE_BUILD_JOBS:-$(nproc)}"
cmake -S "$root" -B "$root/build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
cmake --build "$root/build" -j "$jobs"
