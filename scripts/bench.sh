#!/usr/bin/env bash
# Benchmarks tyche against its floors and LibTorch (Debian's libtorch-dev) in
# one run, one thread each, and prints the ratios: bench_tensor (tensor ops)
# then bench_autograd (forward + backward). Usage: scripts/bench.sh [filter]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh libtorch-dev python3
# Same flags as build/ so ccache serves the library's objects.
cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DTYCHE_WERROR=ON -DTYCHE_BENCH_TORCH=ON \
      -DTYCHE_BUILD_TESTS=OFF -DTYCHE_BUILD_EXAMPLES=OFF >/dev/null
programs=(bench_tensor bench_autograd bench_distributions)
ninja -C build-bench "${programs[@]}"
for prog in "${programs[@]}"; do
  json=build-bench/$prog.json
  rm -f "$json"
  ./build-bench/bench/$prog --benchmark_filter="${1:-.}" --benchmark_repetitions=5 \
    --benchmark_report_aggregates_only=true --benchmark_out="$json" \
    --benchmark_out_format=json >/dev/null
  # A filter that matches nothing in this program leaves no (or an empty) report.
  if [ -s "$json" ] && python3 -c 'import json,sys; sys.exit(not json.load(open(sys.argv[1]))["benchmarks"])' "$json"; then
    echo "== $prog"
    python3 bench/ratios.py "$json"
  fi
done
