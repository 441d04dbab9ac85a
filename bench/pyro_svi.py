#!/usr/bin/env python3
"""Times one Pyro SVI step (AutoNormal guide, Adam, Trace_ELBO and JitTrace_ELBO)
on a Bayesian linear regression, for comparison with tyche's SVI in the same
benchmark run. float64, one thread.

Model: w ~ Normal(0, 1)^D, b ~ Normal(0, 1), sigma ~ HalfNormal(1),
       y_n ~ Normal(X_n . w + b, sigma) for n in plate("data", N).
Data:  N=1000, D=10, X ~ N(0, 1) (fixed seed), w = linspace(-1, 1, D),
       b = 0.5, sigma = 0.3.

Prints one JSON object on stdout:
  {"pyro_version", "torch_version", "svi_step_us", "svi_step_jit_us", "N", "D"}
where the times are the median over --reps blocks of --steps steps (after
--warmup steps) of the wall time per step, in microseconds. Pyro's validation
(distribution argument/support checks) stays on, as by default, unless
--no-validate. The posterior medians of w, b, sigma after --total-steps steps
go to stderr as a sanity check.

Needs Pyro 1.8.x and torch (scripts/pyro_deps.sh installs Debian's python3-torch
and pyro-ppl for /usr/bin/python3). Exits with status 3 if they cannot be
imported. Usage: /usr/bin/python3 bench/pyro_svi.py [--steps 500] [--reps 5]
"""
import argparse
import json
import os
import statistics
import sys
import time

N, D = 1000, 10
SYSTEM_PYTHON = "/usr/bin/python3"

try:
    import torch
    import pyro
    import pyro.distributions as dist
    from pyro.infer import SVI, JitTrace_ELBO, Trace_ELBO
    from pyro.infer.autoguide import AutoNormal
    from pyro.optim import Adam
except ImportError as e:
    # Debian's torch is importable only from the system interpreter; a pyenv
    # `python3` first on PATH cannot see it, so retry once under that one.
    if (os.path.exists(SYSTEM_PYTHON) and os.path.realpath(sys.executable) != os.path.realpath(SYSTEM_PYTHON)
            and not os.environ.get("TYCHE_PYRO_REEXEC")):
        os.environ["TYCHE_PYRO_REEXEC"] = "1"
        os.execv(SYSTEM_PYTHON, [SYSTEM_PYTHON] + sys.argv)
    print(f"pyro_svi.py: Pyro not available ({e}); run scripts/pyro_deps.sh "
          f"and use {SYSTEM_PYTHON}", file=sys.stderr)
    sys.exit(3)


def make_data(seed):
    g = torch.Generator().manual_seed(seed)
    X = torch.randn(N, D, generator=g)
    w = torch.linspace(-1.0, 1.0, D)
    b, sigma = 0.5, 0.3
    y = X @ w + b + sigma * torch.randn(N, generator=g)
    return X, y


def model(X, y):
    w = pyro.sample("w", dist.Normal(0.0, 1.0).expand([D]).to_event(1))
    b = pyro.sample("b", dist.Normal(0.0, 1.0))
    sigma = pyro.sample("sigma", dist.HalfNormal(1.0))
    with pyro.plate("data", N):
        pyro.sample("y", dist.Normal(X @ w + b, sigma), obs=y)


def run(elbo, X, y, args):
    """Fresh params and guide; returns (median us/step, guide) after
    max(--total-steps, warmup + reps*steps) steps in all."""
    pyro.clear_param_store()
    pyro.set_rng_seed(args.seed)
    guide = AutoNormal(model)
    svi = SVI(model, guide, Adam({"lr": 1e-2}), elbo)
    for _ in range(args.warmup):  # the jit traces and compiles in the first steps
        svi.step(X, y)
    per_step = []
    for _ in range(args.reps):
        t0 = time.perf_counter()
        for _ in range(args.steps):
            svi.step(X, y)
        per_step.append((time.perf_counter() - t0) / args.steps * 1e6)
    for _ in range(args.total_steps - args.warmup - args.reps * args.steps):
        svi.step(X, y)
    return statistics.median(per_step), guide


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--steps", type=int, default=500, help="steps per timed block (500)")
    p.add_argument("--reps", type=int, default=5, help="timed blocks; the median is reported (5)")
    p.add_argument("--warmup", type=int, default=200, help="untimed steps first (200)")
    p.add_argument("--total-steps", type=int, default=3000,
                   help="train the Trace_ELBO fit to at least this many steps for the posterior check (3000)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--no-validate", action="store_true",
                   help="pyro.enable_validation(False): skip Pyro's argument/support checks (on by default)")
    args = p.parse_args()
    if args.steps < 1 or args.reps < 1 or args.warmup < 0:
        p.error("--steps and --reps must be >= 1, --warmup >= 0")

    torch.set_num_threads(1)
    try:
        torch.set_num_interop_threads(1)
    except RuntimeError:
        pass
    torch.set_default_dtype(torch.float64)
    if args.no_validate:
        pyro.enable_validation(False)

    X, y = make_data(args.seed)
    us, guide = run(Trace_ELBO(), X, y, args)
    with torch.no_grad():
        med = guide.median(X, y)
    total = max(args.total_steps, args.warmup + args.reps * args.steps)
    fmt = lambda t: "[" + ", ".join(f"{v:.3f}" for v in t.reshape(-1).tolist()) + "]"
    print(f"pyro_svi.py: posterior median after {total} Trace_ELBO steps: "
          f"w={fmt(med['w'])} (true {fmt(torch.linspace(-1, 1, D))}), "
          f"b={med['b'].item():.3f} (true 0.5), sigma={med['sigma'].item():.3f} (true 0.3)",
          file=sys.stderr)

    # Only the timing matters for the jit run, so no extra steps after it.
    args.total_steps = 0
    us_jit, _ = run(JitTrace_ELBO(), X, y, args)

    print(json.dumps({
        "pyro_version": pyro.__version__,
        "torch_version": torch.__version__,
        "svi_step_us": round(us, 2),
        "svi_step_jit_us": round(us_jit, 2),
        "N": N,
        "D": D,
    }))


if __name__ == "__main__":
    main()
