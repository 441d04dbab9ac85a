#!/usr/bin/env bash
# Benchmarks tyche against its floors and LibTorch (Debian's libtorch-dev) in
# one run, one thread each, and prints the ratios: bench_tensor (tensor ops),
# bench_autograd (forward + backward), bench_distributions (log densities),
# bench_svi (one SVI step), then Pyro's SVI step on the same model
# (bench/pyro_svi.py; scripts/pyro_deps.sh installs Debian's python3-torch and
# pyro-ppl 1.8.6). Usage: scripts/bench.sh [filter]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh libtorch-dev python3
# Same flags as build/ so ccache serves the library's objects.
cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DTYCHE_WERROR=ON -DTYCHE_BENCH_TORCH=ON \
      -DTYCHE_BUILD_TESTS=OFF -DTYCHE_BUILD_EXAMPLES=OFF >/dev/null
programs=(bench_tensor bench_autograd bench_distributions bench_svi)
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

# Pyro, same model and settings as svi_blr (skipped when the filter excludes it).
if [[ "svi_blr" =~ ${1:-.} ]]; then
  echo "== Pyro (bench/pyro_svi.py)"
  if bash scripts/pyro_deps.sh && pyro_json=$(python3 bench/pyro_svi.py --steps 300 --reps 5 2>/dev/null); then
    python3 - "$pyro_json" build-bench/bench_svi.json <<'PY'
import json, sys
pyro = json.loads(sys.argv[1])
tyche_us = next(b["real_time"] for b in json.load(open(sys.argv[2]))["benchmarks"]
                if b["run_name"] == "svi_blr/tyche/1000" and b.get("aggregate_name") == "median")
print(f"Pyro {pyro['pyro_version']} (torch {pyro['torch_version']}): {pyro['svi_step_us']:.0f} us per step, "
      f"{pyro['svi_step_jit_us']:.0f} us with JitTrace_ELBO")
print(f"tyche {tyche_us:.1f} us per step: {pyro['svi_step_us'] / tyche_us:.0f}x faster than Pyro, "
      f"{pyro['svi_step_jit_us'] / tyche_us:.0f}x faster than Pyro's JIT")
PY
  else
    echo "Pyro not available: no comparison"
  fi
fi
