#!/usr/bin/env bash
# The main job: builds the library and the flagship example, then runs it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
bash scripts/configure.sh
ninja -C build tensor_tour logistic_laplace
./build/examples/logistic_laplace
