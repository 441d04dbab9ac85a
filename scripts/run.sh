#!/usr/bin/env bash
# The main job: builds the library and the examples, then runs the flagship
# one (Bayesian linear regression by SVI with a posterior predictive check).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
bash scripts/configure.sh
ninja -C build tensor_tour logistic_laplace bayesian_regression eight_schools_svi
./build/examples/bayesian_regression
