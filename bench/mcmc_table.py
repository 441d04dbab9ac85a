#!/usr/bin/env python3
"""Prints, per model, tyche's NUTS figures next to Stan's and Pyro's.

Usage: mcmc_table.py BENCH_MCMC.json STAN.json PYRO.json

BENCH_MCMC.json: Google Benchmark's JSON report of bench_mcmc, benchmarks named
  mcmc/<model> (anything after the model, e.g. /iterations:1, is ignored), with
  the counters us_per_grad, min_ess_bulk, ess_per_s, grads_per_ess (and,
  optionally, seconds and chains). Several rows per model (repetitions) give their median;
  a "median" aggregate is used where there is one.
STAN.json, PYRO.json: the output of bench/stan_mcmc.R and bench/pyro_mcmc.py
  ({"stan_version" | "pyro_version", "models": {<model>: {...}}}). A missing,
  empty or unreadable file is skipped with a note. Stan's logistic_regression_glm
  (the fused bernoulli_logit_glm) is shown as a second Stan row of
  logistic_regression.

Ratios: "ESS/s" is tyche's ESS per second over the peer's (> 1: tyche mixes
faster per CPU second); "grads/ESS" is tyche's gradients per ESS over the
peer's (< 1: tyche needs fewer gradients per effective draw); "us/grad" is
tyche's time per gradient over the peer's (< 1: tyche is faster). The chains
column matters for min ESS only (Stan runs 4 chains, Pyro 2): ESS/s and
grads/ESS compare across chain counts.
Only the standard library is used (works under any python3).
"""
import json
import os
import statistics
import sys

COUNTERS = ("us_per_grad", "min_ess_bulk", "ess_per_s", "grads_per_ess", "seconds", "chains")


def load_peer(path, what):
    """The peer's JSON object (the last line of the file that parses), or None."""
    if not path or not os.path.exists(path) or os.path.getsize(path) == 0:
        print(f"({what}: no results, {path or 'no file given'} is missing or empty)")
        return None
    with open(path) as f:
        lines = [l for l in f.read().splitlines() if l.lstrip().startswith("{")]
    for line in reversed(lines):
        try:
            data = json.loads(line)
        except ValueError:
            continue
        if isinstance(data, dict) and isinstance(data.get("models"), dict):
            return data
    print(f"({what}: no results, {path} holds no JSON object with \"models\")")
    return None


def load_tyche(path):
    """{model: {counter: value}} from Google Benchmark's JSON."""
    with open(path) as f:
        benchmarks = json.load(f)["benchmarks"]
    rows, medians = {}, {}
    for b in benchmarks:
        parts = b.get("run_name", b["name"]).split("/")
        if len(parts) < 2 or parts[0] != "mcmc":
            continue
        model = parts[1]
        if b.get("run_type") == "aggregate":
            if b.get("aggregate_name") == "median":
                medians[model] = b
            continue
        rows.setdefault(model, []).append(b)
    out = {}
    for model in list(rows) + [m for m in medians if m not in rows]:
        src = [medians[model]] if model in medians else rows[model]
        out[model] = {c: statistics.median(b[c] for b in src) for c in COUNTERS if all(c in b for b in src)}
    return out


def main(argv):
    if len(argv) != 4:
        sys.exit("usage: mcmc_table.py BENCH_MCMC.json STAN.json PYRO.json")
    tyche = load_tyche(argv[1])
    stan = load_peer(argv[2], "Stan")
    pyro = load_peer(argv[3], "Pyro")
    if not tyche:
        print(f"(no mcmc/<model> benchmarks in {argv[1]})")
    peers = []  # (label, data, model key suffixes shown as rows)
    if stan:
        peers.append((f"Stan {stan.get('stan_version', '?')}", stan, [("", ""), ("_glm", " (glm)")]))
    if pyro:
        peers.append((f"Pyro {pyro.get('pyro_version', '?')}", pyro, [("", "")]))

    fmt = lambda v, spec: format(v, spec) if isinstance(v, (int, float)) else f"{'-':>{spec.split('.')[0]}}"
    for model, t in tyche.items():
        print(f"== mcmc/{model}")
        print(f"{'':<20}{'us/grad':>10}{'min ESS':>10}{'ESS/s':>11}{'grads/ESS':>11}{'seconds':>10}{'chains':>8}")
        table = [("tyche", t)]
        for label, data, suffixes in peers:
            for suffix, tag in suffixes:
                r = data["models"].get(model + suffix)
                if r:
                    table.append((label + tag, dict(r, chains=r.get("chains", data.get("chains")))))
        for label, r in table:
            print(f"{label:<20}{fmt(r.get('us_per_grad'), '10.2f')}{fmt(r.get('min_ess_bulk'), '10.0f')}"
                  f"{fmt(r.get('ess_per_s'), '11.1f')}{fmt(r.get('grads_per_ess'), '11.1f')}"
                  f"{fmt(r.get('seconds'), '10.2f')}{fmt(r.get('chains'), '8.0f')}")
        for label, r in table[1:]:
            parts = []
            if t.get("ess_per_s") and r.get("ess_per_s"):
                parts.append(f"ESS/s x{t['ess_per_s'] / r['ess_per_s']:.3g}")
            if t.get("grads_per_ess") and r.get("grads_per_ess"):
                parts.append(f"grads/ESS x{t['grads_per_ess'] / r['grads_per_ess']:.3g}")
            if t.get("us_per_grad") and r.get("us_per_grad"):
                parts.append(f"us/grad x{t['us_per_grad'] / r['us_per_grad']:.3g}")
            print(f"tyche vs {label}: " + (", ".join(parts) if parts else "-"))
        for label, data, suffixes in peers:
            if not any(data["models"].get(model + s) for s, _ in suffixes):
                print(f"({label}: no {model} in its results)")


if __name__ == "__main__":
    main(sys.argv)
