#!/usr/bin/env bash
# Configures the one build tree (build/) that the run and test commands share:
# Release, Ninja, warnings as errors. Re-running it is a no-op check.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DTYCHE_WERROR=ON >/dev/null
