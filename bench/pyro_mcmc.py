#!/usr/bin/env python3
"""Pyro's side of tyche's NUTS benchmark (bench/bench_mcmc.cpp): samples the
same two models from the data files bench_mcmc writes, with Pyro's NUTS, and
reports the same figures as bench/stan_mcmc.R. float64, one thread.

Models (priors as in bench/stan/*.stan):
  eight_schools (non-centred): mu ~ Normal(0, 5), tau ~ HalfCauchy(5),
      theta_tilde ~ Normal(0, 1)^J, y ~ Normal(mu + tau * theta_tilde, sigma)
  logistic_regression: alpha ~ Normal(0, 5), beta ~ Normal(0, 1)^D,
      y ~ Bernoulli(logits = alpha + X beta)
Data: <data_dir>/eight_schools.json {"J", "y", "sigma"} and
      <data_dir>/logistic_regression.json {"N", "D", "X" (N rows of D), "y", ...}.

Sampler: NUTS(jit_compile=False) with Pyro's defaults (step size and diagonal
mass matrix adaptation, target_accept_prob 0.8, max_tree_depth 10, init to
uniform(-2, 2) on the unconstrained space), 1000 warm-up + 1000 draws, 2 chains
run one after another (seeds --seed and --seed + 1, num_chains=1 each, so no
worker processes). Pyro's validation stays on, as by default, unless
--no-validate.

Per model, in one JSON object on stdout (everything else goes to stderr):
  seconds        process CPU time (time.process_time) of the MCMC.run calls,
                 summed over chains; includes Pyro's model set-up per chain
  gradients      potential-energy gradient evaluations, warm-up included:
                 every call of pyro.ops.integrator.potential_grad (wrapped
                 here), i.e. the leapfrog steps plus the few evaluations of
                 the initial point and of the step-size searches
  us_per_grad    seconds / gradients * 1e6
  min_ess_bulk   min over all parameter components of the rank-normalised
                 split bulk ESS (Vehtari et al. 2021, as posterior::ess_bulk),
                 implemented below in numpy (ess_bulk), on the draws x chains
                 matrix of post-warm-up draws (constrained space)
  ess_per_s      min_ess_bulk / seconds
  grads_per_ess  gradients / min_ess_bulk
  divergences    post-warm-up divergent transitions (all chains)
plus max_rhat (split R-hat of the rank-normalised draws) and the posterior
means. Needs Pyro 1.8.x and torch (scripts/pyro_deps.sh). Exits with status 3
if they cannot be imported.

Usage: /usr/bin/python3 bench/pyro_mcmc.py <data_dir> [--chains 2] [--seed 20240]
"""
import argparse
import json
import os
import statistics
import sys
import time

SYSTEM_PYTHON = "/usr/bin/python3"

try:
    import numpy as np
    import torch
    import pyro
    import pyro.distributions as dist
    import pyro.infer.mcmc.hmc
    import pyro.infer.mcmc.nuts
    import pyro.ops.integrator
    from pyro.infer import MCMC, NUTS
except ImportError as e:
    # Debian's torch is importable only from the system interpreter; a pyenv
    # `python3` first on PATH cannot see it, so retry once under that one.
    if (os.path.exists(SYSTEM_PYTHON) and os.path.realpath(sys.executable) != os.path.realpath(SYSTEM_PYTHON)
            and not os.environ.get("TYCHE_PYRO_REEXEC")):
        os.environ["TYCHE_PYRO_REEXEC"] = "1"
        os.execv(SYSTEM_PYTHON, [SYSTEM_PYTHON] + sys.argv)
    print(f"pyro_mcmc.py: Pyro not available ({e}); run scripts/pyro_deps.sh "
          f"and use {SYSTEM_PYTHON}", file=sys.stderr)
    sys.exit(3)


# ---- gradient counting -------------------------------------------------------
# HMC/NUTS get the gradient of the potential energy only through
# pyro.ops.integrator.potential_grad: velocity_verlet (the leapfrog) calls it
# by its module global, hmc.py and nuts.py imported it by name. Wrap all three.
GRADS = 0
_potential_grad = pyro.ops.integrator.potential_grad


def _counting_potential_grad(potential_fn, z):
    global GRADS
    GRADS += 1
    return _potential_grad(potential_fn, z)


for _mod in (pyro.ops.integrator, pyro.infer.mcmc.hmc, pyro.infer.mcmc.nuts):
    assert _mod.potential_grad is _potential_grad, f"{_mod.__name__}: unexpected potential_grad"
    _mod.potential_grad = _counting_potential_grad


# ---- rank-normalised bulk ESS (Vehtari, Gelman, Simpson, Carpenter, Bürkner
# 2021), written after the description in the paper and posterior's docs ------
def _autocovariance(x):
    """Biased autocovariance of a 1-d series at lags 0..n-1 (via FFT)."""
    n = len(x)
    y = x - x.mean()
    size = 1 << (2 * n - 1).bit_length()
    f = np.fft.rfft(y, size)
    return np.fft.irfft(f * np.conj(f), size)[:n] / n


def ess_basic(sims):
    """ESS of a draws x chains array, with Geyer's initial monotone sequence
    estimator of the autocorrelation time (chains as given, not split)."""
    n, m = sims.shape
    if n < 3 or not np.all(np.isfinite(sims)):
        return float("nan")
    acov = np.stack([_autocovariance(sims[:, j]) for j in range(m)], axis=1)
    chain_mean = sims.mean(axis=0)
    mean_var = acov[0].mean() * n / (n - 1)
    var_plus = mean_var * (n - 1) / n
    if m > 1:
        var_plus += chain_mean.var(ddof=1)
    if not var_plus > 0:
        return float("nan")
    rho = np.zeros(n)
    rho_even = 1.0
    rho[0] = rho_even
    rho_odd = 1.0 - (mean_var - acov[1].mean()) / var_plus
    rho[1] = rho_odd
    t = 0
    while t < n - 5 and rho_even + rho_odd > 0:
        t += 2
        rho_even = 1.0 - (mean_var - acov[t].mean()) / var_plus
        rho_odd = 1.0 - (mean_var - acov[t + 1].mean()) / var_plus
        if rho_even + rho_odd >= 0:
            rho[t] = rho_even
            rho[t + 1] = rho_odd
    max_t = t
    if rho_even > 0:
        rho[max_t] = rho_even
    # Geyer's initial monotone sequence: the sums of adjacent pairs must not grow.
    t = 0
    while t <= max_t - 4:
        t += 2
        if rho[t] + rho[t + 1] > rho[t - 2] + rho[t - 1]:
            rho[t] = rho[t + 1] = (rho[t - 2] + rho[t - 1]) / 2
    total = n * m
    tau = -1.0 + 2.0 * rho[:max_t].sum() + rho[max_t]
    tau = max(tau, 1.0 / np.log10(total))
    return total / tau


def split_chains(sims):
    """Each chain's two halves as two chains (the middle draw of an odd count dropped)."""
    n = sims.shape[0]
    half = n // 2
    return np.concatenate([sims[:half], sims[n - half:]], axis=1)


def z_scale(sims):
    """Rank-normalise all draws together: average ranks for ties, then the
    normal quantile of (rank - 3/8) / (S + 1/4)."""
    flat = sims.reshape(-1)
    order = np.argsort(flat, kind="mergesort")
    ranks = np.empty(len(flat))
    ranks[order] = np.arange(1, len(flat) + 1)
    # Average the ranks of tied values.
    vals, inverse, counts = np.unique(flat, return_inverse=True, return_counts=True)
    if len(vals) < len(flat):
        sums = np.bincount(inverse, weights=ranks)
        ranks = (sums / counts)[inverse]
    u = (ranks - 0.375) / (len(flat) + 0.25)
    nd = statistics.NormalDist()
    return np.array([nd.inv_cdf(p) for p in u]).reshape(sims.shape)


def ess_bulk(sims):
    """Bulk ESS of a draws x chains array (posterior::ess_bulk's definition)."""
    return ess_basic(z_scale(split_chains(np.asarray(sims, dtype=float))))


def rhat_split(sims):
    """Split R-hat of the rank-normalised draws (draws x chains)."""
    s = z_scale(split_chains(np.asarray(sims, dtype=float)))
    n = s.shape[0]
    w = s.var(axis=0, ddof=1).mean()
    b = n * s.mean(axis=0).var(ddof=1)
    return float(np.sqrt(((n - 1) / n * w + b / n) / w))


# ---- models --------------------------------------------------------------------
def eight_schools(y, sigma):
    J = len(y)
    mu = pyro.sample("mu", dist.Normal(0.0, 5.0))
    tau = pyro.sample("tau", dist.HalfCauchy(5.0))
    theta_tilde = pyro.sample("theta_tilde", dist.Normal(0.0, 1.0).expand([J]).to_event(1))
    pyro.sample("y", dist.Normal(mu + tau * theta_tilde, sigma).to_event(1), obs=y)


def logistic_regression(X, y):
    D = X.shape[1]
    alpha = pyro.sample("alpha", dist.Normal(0.0, 5.0))
    beta = pyro.sample("beta", dist.Normal(0.0, 1.0).expand([D]).to_event(1))
    pyro.sample("y", dist.Bernoulli(logits=alpha + X @ beta).to_event(1), obs=y)


def load_data(data_dir):
    with open(os.path.join(data_dir, "eight_schools.json")) as f:
        es = json.load(f)
    with open(os.path.join(data_dir, "logistic_regression.json")) as f:
        lr = json.load(f)
    t = lambda v: torch.tensor(v, dtype=torch.float64)
    es_args = (t(es["y"]), t(es["sigma"]))
    assert len(es["y"]) == len(es["sigma"]) == es["J"], "eight_schools.json: J, y, sigma disagree"
    X, y = t(lr["X"]), t(lr["y"])
    assert X.shape == (lr["N"], lr["D"]) and y.shape == (lr["N"],), \
        f"logistic_regression.json: X is {tuple(X.shape)}, y {tuple(y.shape)}; N={lr['N']}, D={lr['D']}"
    return {"eight_schools": (eight_schools, es_args), "logistic_regression": (logistic_regression, (X, y))}


def run_model(name, model, model_args, args):
    global GRADS
    seconds, gradients, divergences = 0.0, 0, 0
    chains = []  # per chain: {site: (draws, ...) array}
    for c in range(args.chains):
        pyro.clear_param_store()
        pyro.set_rng_seed(args.seed + c)
        kernel = NUTS(model, jit_compile=False, adapt_step_size=True, adapt_mass_matrix=True,
                      full_mass=False, target_accept_prob=0.8, max_tree_depth=10)
        mcmc = MCMC(kernel, num_samples=args.draws, warmup_steps=args.warmup, num_chains=1,
                    disable_progbar=True)
        GRADS = 0
        t0 = time.process_time()
        mcmc.run(*model_args)
        seconds += time.process_time() - t0
        gradients += GRADS
        diag = mcmc.diagnostics()
        divergences += sum(len(v) for v in diag["divergences"].values())
        chains.append({k: v.detach().numpy() for k, v in mcmc.get_samples().items()})
        print(f"pyro_mcmc.py: {name} chain {c}: {GRADS} gradients, step size "
              f"{kernel.step_size:.3f}, Pyro's acceptance rate {float(next(iter(diag['acceptance rate'].values()))):.3f}",
              file=sys.stderr)

    ess, rhat, means = {}, {}, {}
    for site in chains[0]:
        draws = np.stack([ch[site] for ch in chains], axis=1)  # draws x chains [x dim]
        flat = draws.reshape(draws.shape[0], draws.shape[1], -1)
        for k in range(flat.shape[2]):
            label = site if flat.shape[2] == 1 and draws.ndim == 2 else f"{site}[{k + 1}]"
            ess[label] = ess_bulk(flat[:, :, k])
            rhat[label] = rhat_split(flat[:, :, k])
            means[label] = float(flat[:, :, k].mean())
    worst = min(ess, key=ess.get)
    min_ess = ess[worst]
    res = {
        "seconds": seconds,
        "gradients": gradients,
        "us_per_grad": seconds / gradients * 1e6,
        "min_ess_bulk": min_ess,
        "min_ess_bulk_param": worst,
        "ess_per_s": min_ess / seconds,
        "grads_per_ess": gradients / min_ess,
        "max_rhat": max(rhat.values()),
        "divergences": divergences,
        "means": means,
    }
    print(f"pyro_mcmc.py: {name}: {seconds:.2f} s, {gradients} gradients, {res['us_per_grad']:.1f} us/grad, "
          f"min ess_bulk {min_ess:.0f} ({worst}), {res['ess_per_s']:.1f} ESS/s, "
          f"{res['grads_per_ess']:.1f} grads/ESS, {divergences} divergences, max Rhat {res['max_rhat']:.3f}",
          file=sys.stderr)
    print(f"pyro_mcmc.py: {name}: posterior means " + " ".join(f"{k}={v:.3f}" for k, v in means.items()),
          file=sys.stderr)
    return res


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("data_dir")
    p.add_argument("--chains", type=int, default=2, help="chains, run one after another (2)")
    p.add_argument("--warmup", type=int, default=1000)
    p.add_argument("--draws", type=int, default=1000)
    p.add_argument("--seed", type=int, default=20240)
    p.add_argument("--models", default="eight_schools,logistic_regression",
                   help="comma-separated subset (both)")
    p.add_argument("--no-validate", action="store_true",
                   help="pyro.enable_validation(False): skip Pyro's argument/support checks (on by default)")
    args = p.parse_args()
    if args.chains < 1 or args.draws < 4 or args.warmup < 0:
        p.error("--chains >= 1, --draws >= 4, --warmup >= 0")

    torch.set_num_threads(1)
    try:
        torch.set_num_interop_threads(1)
    except RuntimeError:
        pass
    torch.set_default_dtype(torch.float64)
    if args.no_validate:
        pyro.enable_validation(False)

    data = load_data(args.data_dir)
    wanted = args.models.split(",")
    unknown = set(wanted) - set(data)
    if unknown:
        p.error(f"unknown model(s) {sorted(unknown)}")
    models = {name: run_model(name, *data[name], args) for name in wanted}
    print(json.dumps({
        "pyro_version": pyro.__version__,
        "torch_version": torch.__version__,
        "chains": args.chains,
        "warmup": args.warmup,
        "draws": args.draws,
        "ess": "rank-normalised split bulk ESS, numpy implementation in bench/pyro_mcmc.py",
        "models": models,
    }))


if __name__ == "__main__":
    main()
