#!/usr/bin/env bash
# Benchmarks tyche against its floors and LibTorch (Debian's libtorch-dev) in
# one run, one thread each, and prints the ratios. Usage: scripts/bench.sh [filter]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh libtorch-dev python3
# Same flags as build/ so ccache serves the library's objects.
cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DTYCHE_WERROR=ON -DTYCHE_BENCH_TORCH=ON \
      -DTYCHE_BUILD_TESTS=OFF -DTYCHE_BUILD_EXAMPLES=OFF >/dev/null
ninja -C build-bench bench_tensor
./build-bench/bench/bench_tensor --benchmark_filter="${1:-.}" --benchmark_repetitions=5 \
  --benchmark_report_aggregates_only=true --benchmark_out=build-bench/bench_tensor.json \
  --benchmark_out_format=json >/dev/null
python3 bench/ratios.py build-bench/bench_tensor.json
