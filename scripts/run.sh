#!/usr/bin/env bash
# The main job: builds the library and the examples, then runs the flagship
# one (the eight schools by NUTS, 4 chains, with the posterior summary; its
# Stan CSV files land in build/).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
bash scripts/configure.sh
ninja -C build tensor_tour logistic_laplace bayesian_regression eight_schools_svi eight_schools logistic_regression
cd build && ./examples/eight_schools
