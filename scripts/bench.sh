#!/usr/bin/env bash
# Benchmarks tyche against its floors and LibTorch (Debian's libtorch-dev) in
# one run, one thread each, and prints the ratios: bench_tensor (tensor ops),
# bench_autograd (forward + backward), bench_distributions (log densities),
# bench_svi (one SVI step), then Pyro's SVI step on the same model
# (bench/pyro_svi.py; scripts/pyro_deps.sh installs Debian's python3-torch and
# pyro-ppl 1.8.6), then bench_mcmc (tyche's NUTS: one full run per model, no
# repetitions) against Stan (rstan, bench/stan_mcmc.R; scripts/stan_deps.sh) and
# Pyro's NUTS (bench/pyro_mcmc.py) on the data files bench_mcmc writes into
# build-bench/mcmc_data (bench/mcmc_table.py prints the comparison). A peer
# that cannot be installed or fails is reported and skipped.
# Usage: scripts/bench.sh [filter]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh libtorch-dev python3
# Same flags as build/ so ccache serves the library's objects.
cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DTYCHE_WERROR=ON -DTYCHE_BENCH_TORCH=ON \
      -DTYCHE_BUILD_TESTS=OFF -DTYCHE_BUILD_EXAMPLES=OFF >/dev/null
programs=(bench_tensor bench_autograd bench_distributions bench_svi bench_mcmc)
ninja -C build-bench "${programs[@]}"
for prog in "${programs[@]}"; do
  [ "$prog" = bench_mcmc ] && continue  # a full MCMC run per benchmark: its own section below
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

# MCMC: tyche's NUTS against Stan's and Pyro's on the same models and data
# (skipped when the filter excludes it). bench_mcmc writes the data as
# Stan-format JSON (eight_schools.json, logistic_regression.json) into
# $TYCHE_BENCH_DATA_DIR; each benchmark is one full MCMC run, so one repetition.
filter=${1:-.}
if [[ "mcmc" =~ $filter || "$filter" == mcmc* ]]; then
  echo "== bench_mcmc (tyche NUTS vs Stan vs Pyro)"
  data=build-bench/mcmc_data
  json=build-bench/bench_mcmc.json
  stan_json=build-bench/stan_mcmc.json
  pyro_json=build-bench/pyro_mcmc.json
  mkdir -p "$data"
  rm -f "$json" "$stan_json" "$pyro_json" "$data"/eight_schools.json "$data"/logistic_regression.json
  TYCHE_BENCH_DATA_DIR=$data ./build-bench/bench/bench_mcmc --benchmark_filter="$filter" \
    --benchmark_repetitions=1 --benchmark_out="$json" --benchmark_out_format=json >/dev/null
  if [ ! -s "$data/eight_schools.json" ] || [ ! -s "$data/logistic_regression.json" ]; then
    echo "bench_mcmc wrote no data into $data: no Stan or Pyro comparison"
  else
    # Stan: the first run compiles the three models (about a minute each);
    # build-bench/stan_cache keeps them for later runs.
    echo "Stan: sampling (log: build-bench/stan_mcmc.log)"
    if bash scripts/stan_deps.sh && Rscript bench/stan_mcmc.R "$data" build-bench/stan_cache \
         >"$stan_json.tmp" 2>build-bench/stan_mcmc.log; then
      mv "$stan_json.tmp" "$stan_json"
    else
      rm -f "$stan_json.tmp"
      echo "Stan not available: no comparison (see build-bench/stan_mcmc.log)"
    fi
    echo "Pyro: sampling (a few minutes; log: build-bench/pyro_mcmc.log)"
    if bash scripts/pyro_deps.sh && python3 bench/pyro_mcmc.py "$data" \
         >"$pyro_json.tmp" 2>build-bench/pyro_mcmc.log; then
      mv "$pyro_json.tmp" "$pyro_json"
    else
      rm -f "$pyro_json.tmp"
      echo "Pyro not available: no comparison (see build-bench/pyro_mcmc.log)"
    fi
  fi
  if [ -s "$json" ]; then
    python3 bench/mcmc_table.py "$json" "$stan_json" "$pyro_json"
  else
    echo "bench_mcmc wrote no report ($json)"
  fi
fi
