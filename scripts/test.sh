#!/usr/bin/env bash
# Installs dependencies, builds everything and runs the whole test suite with ctest.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh" -DENCORE_BUILD_TESTS=ON -DENCORE_BUILD_BENCH=ON
cd "$root/build"
ctest --output-on-failure -j "$(nproc)" --timeout 900
