#!/usr/bin/env bash
# Builds everything (library, examples, benchmarks, tests) and runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
bash scripts/configure.sh
ninja -C build
cd build && ctest --output-on-failure -j "$(nproc)"
