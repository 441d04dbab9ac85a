// HMC and NUTS one chain at a time, and the potential they run on:
// - Potential: U(z) and dU/dz against closed forms for a model whose latent
//   sites go through exp (HalfCauchy), sigmoid (Beta) and stick breaking
//   (Dirichlet), central differences of value() against value_and_grad(), and
//   the errors (discrete latent site, subsampled plate, an init that is never
//   finite, latent sites that change between runs).
// - HMCSampler: NUTS on a 10-D standard normal (diagonal metric) and on a 2-D
//   Gaussian with sds 1 and 10 and correlation 0.95 (dense metric): moments
//   within 4 Monte Carlo standard errors, adapted step size, acceptance near
//   the target, adapted metric near the true covariance; tree-depth and
//   step-count bookkeeping; option errors.
// - Invariance: HMC and NUTS with a fixed step size started from exact draws
//   of Gamma(3, 2) (through the model's exp transform) still give Gamma(3, 2)
//   after a few transitions (Kolmogorov-Smirnov), and the same test rejects
//   wrong initial draws and a kernel that drops the Jacobian.
//
// Statistical checks use fixed seeds; TYCHE_TEST_SEED_OFFSET=<n> shifts every
// seed (to check that the tolerances are not tuned to one stream).
#include <tyche/inference.h>

#include <algorithm>
#include <boost/math/distributions/gamma.hpp>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <numbers>
#include <numeric>

#include "../test_util.h"

namespace tyche::testing {
namespace {

namespace dist = tyche::dist;
using infer::HMCOptions;
using infer::HMCSampler;
using infer::KernelKind;
using infer::Potential;

uint64_t test_seed(uint64_t k) {
  const char* off = std::getenv("TYCHE_TEST_SEED_OFFSET");
  return k + (off ? std::strtoull(off, nullptr, 10) : 0);
}

double sigmoid(double x) { return 1 / (1 + std::exp(-x)); }

// ---------------------------------------------------------------- Potential

// sigma ~ HalfCauchy(2)          (exp transform, log|J| = a)
// p ~ Beta(2, 3)                 (sigmoid, log|J| = log p + log(1 - p))
// w ~ Dirichlet(1.5, 2, 2.5)     (stick breaking, 2 unconstrained coordinates)
// y_i ~ Normal(0, sigma) for y = (0.3, -1.2, 2.0); k_i ~ Bernoulli(p) for k = (1, 0, 1, 1);
// c_i ~ Categorical(w) for c = (0, 2, 2).
void constrained_model() {
  Tensor sigma = sample("sigma", dist::HalfCauchy(2.0));
  Tensor p = sample("p", dist::Beta(2.0, 3.0));
  Tensor w = sample("w", dist::Dirichlet(tensor({1.5, 2.0, 2.5})));
  {
    auto ys = plate("ys", 3);
    sample("y", dist::Normal(0.0, sigma), tensor({0.3, -1.2, 2.0}));
  }
  {
    auto ks = plate("ks", 4);
    sample("k", dist::Bernoulli(p), tensor({1.0, 0.0, 1.0, 1.0}));
  }
  auto cs = plate("cs", 3);
  sample("c", dist::Categorical(w), tensor({0.0, 2.0, 2.0}));
}

// U(z) and dU/dz of constrained_model by hand, z = (a, b, c0, c1).
double closed_form_potential(const double* z, double* grad) {
  const double a = z[0], b = z[1], c0 = z[2], c1 = z[3];
  const double pi = std::numbers::pi, s0 = 2.0;
  // sigma = exp(a): HalfCauchy(2) log density + log|J| = a + three Normal(0, sigma) terms.
  const double sigma = std::exp(a), ysq = 0.3 * 0.3 + 1.2 * 1.2 + 2.0 * 2.0;
  double lp = std::log(2 / (pi * s0)) - std::log1p((sigma / s0) * (sigma / s0)) + a;
  lp += 3 * (-0.5 * std::log(2 * pi) - a) - 0.5 * ysq / (sigma * sigma);
  double da = -2 * (sigma / s0) * (sigma / s0) / (1 + (sigma / s0) * (sigma / s0)) + 1 - 3 + ysq / (sigma * sigma);
  // p = sigmoid(b): Beta(2, 3) + log p + log(1 - p) + 3 successes, 1 failure:
  // A log p + B log(1 - p) with A = (2 - 1) + 1 + 3, B = (3 - 1) + 1 + 1.
  const double p = sigmoid(b), A = 5, B = 4;
  lp += std::lgamma(5.0) - std::lgamma(2.0) - std::lgamma(3.0) + A * std::log(p) + B * std::log1p(-p);
  const double db = A * (1 - p) - B * p;
  // Stick breaking (D = 2): z0 = sigmoid(c0 - log 2), z1 = sigmoid(c1);
  // w = (z0, z1 (1 - z0), (1 - z0)(1 - z1)); log|J| = log w0 + log(1 - z0) + log w1 + log(1 - z1).
  // With counts n = (1, 0, 2) and beta_i = alpha_i - 1 + n_i = (1.5, 1, 3.5), the
  // w-terms are (beta0 + 1) log z0 + (beta1 + beta2 + 2) log(1 - z0) + (beta1 + 1) log z1 + (beta2 + 1) log(1 - z1).
  const double z0 = sigmoid(c0 - std::log(2.0)), z1 = sigmoid(c1);
  const double A0 = 2.5, B0 = 6.5, A1 = 2, B1 = 4.5;
  lp += std::lgamma(6.0) - std::lgamma(1.5) - std::lgamma(2.0) - std::lgamma(2.5);
  lp += A0 * std::log(z0) + B0 * std::log1p(-z0) + A1 * std::log(z1) + B1 * std::log1p(-z1);
  const double dc0 = A0 * (1 - z0) - B0 * z0, dc1 = A1 * (1 - z1) - B1 * z1;
  if (grad) {
    grad[0] = -da;
    grad[1] = -db;
    grad[2] = -dc0;
    grad[3] = -dc1;
  }
  return -lp;
}

TEST(Potential, ValueAndGradientMatchClosedForms) {
  Potential U(constrained_model);
  ASSERT_EQ(U.dim(), 4);
  ASSERT_EQ(U.sites().size(), 3u);
  EXPECT_EQ(U.sites()[0].name, "sigma");
  EXPECT_EQ(U.sites()[2].name, "w");
  EXPECT_EQ(U.offsets(), (std::vector<int64_t>{0, 1, 2}));
  const std::vector<std::vector<double>> points = {
      {0.0, 0.0, 0.0, 0.0}, {-0.7, 1.3, 0.4, -1.1}, {1.9, -2.2, -1.5, 2.4}, {0.25, 0.5, 3.0, -3.0}};
  for (const auto& z : points) {
    double g[4], want_g[4];
    const double want = closed_form_potential(z.data(), want_g);
    EXPECT_NEAR(U.value(z.data()), want, 1e-12 * std::abs(want));
    EXPECT_NEAR(U.value_and_grad(z.data(), g), want, 1e-12 * std::abs(want));
    for (int i = 0; i < 4; ++i) EXPECT_NEAR(g[i], want_g[i], 1e-11 * std::max(1.0, std::abs(want_g[i]))) << i;
    // fn() is the same function.
    double g2[4];
    EXPECT_EQ(U.fn()(z.data(), g2), U.value_and_grad(z.data(), g));
  }
  // constrain / unconstrain round trip at the second point.
  const auto x = U.constrain(points[1].data());
  EXPECT_NEAR(x.at("sigma").item<double>(), std::exp(-0.7), 1e-15);
  EXPECT_NEAR(x.at("p").item<double>(), sigmoid(1.3), 1e-15);
  const double z0 = sigmoid(0.4 - std::log(2.0)), z1 = sigmoid(-1.1);
  EXPECT_TRUE(near(x.at("w"), {z0, z1 * (1 - z0), (1 - z0) * (1 - z1)}, 1e-14, 1e-15));
  const std::vector<double> back = U.unconstrain(x);
  for (int i = 0; i < 4; ++i) EXPECT_NEAR(back[static_cast<size_t>(i)], points[1][static_cast<size_t>(i)], 1e-12);
}

TEST(Potential, GradientMatchesCentralDifferences) {
  // A second model mixing shapes: a vector of positive scales, a matrix of
  // locations, an interval-bounded site, and a factor.
  auto model = [] {
    Tensor tau = sample("tau", dist::Gamma(2.0, 1.0).expand({3}).to_event(1));
    Tensor m = sample("m", dist::Normal(0.0, 1.0).expand({2, 3}).to_event(2));
    Tensor r = sample("r", dist::Uniform(-1.0, 3.0));
    factor("pull", -0.5 * ((m * tau - r) * (m * tau - r)).sum());
    sample("obs", dist::Normal((m.sum({0}) * r), tau).to_event(1), tensor({0.5, -1.0, 2.0}));
  };
  Potential U(model);
  ASSERT_EQ(U.dim(), 3 + 6 + 1);
  Generator gen(test_seed(21));
  for (int trial = 0; trial < 5; ++trial) {
    std::vector<double> z = U.initial_point(gen), g(10);
    const double u = U.value_and_grad(z.data(), g.data());
    EXPECT_NEAR(u, U.value(z.data()), 1e-13 * std::abs(u));
    const double h = 1e-5;
    for (size_t i = 0; i < z.size(); ++i) {
      std::vector<double> zp = z, zm = z;
      zp[i] += h;
      zm[i] -= h;
      const double fd = (U.value(zp.data()) - U.value(zm.data())) / (2 * h);
      EXPECT_NEAR(g[i], fd, 1e-6 * std::max(1.0, std::abs(fd))) << "trial " << trial << " coordinate " << i;
    }
  }
}

TEST(Potential, RejectsDiscreteLatentSites) {
  auto model = [] {
    Tensor mu = sample("mu", dist::Normal(0.0, 1.0));
    sample("k", dist::Bernoulli(0.3));
    sample("y", dist::Normal(mu, 1.0), scalar_tensor(0.5));
  };
  EXPECT_ERROR(Potential(model, infer::init_to_uniform(), "NUTS"), "NUTS", "latent site 'k'",
               "discrete distribution Bernoulli");
  // Observed, the same site is fine.
  auto observed = [] {
    Tensor mu = sample("mu", dist::Normal(0.0, 1.0));
    sample("k", dist::Bernoulli(sigmoid(mu)), scalar_tensor(1.0));
  };
  EXPECT_EQ(Potential(observed).dim(), 1);
}

TEST(Potential, RejectsSubsampledPlates) {
  auto model = [] {
    Tensor mu = sample("mu", dist::Normal(0.0, 1.0));
    auto data = plate("data", 100, 10);
    sample("y", dist::Normal(mu, 1.0), zeros({10}));
  };
  EXPECT_ERROR(Potential{model}, "MCMC", "plate 'data' subsamples (10 of 100)", "full data");
  // A "subsample" of the full size is no subsample.
  auto full = [] {
    Tensor mu = sample("mu", dist::Normal(0.0, 1.0));
    auto data = plate("data", 10, 10);
    sample("y", dist::Normal(mu, 1.0), zeros({10}));
  };
  EXPECT_EQ(Potential(full).dim(), 1);
}

TEST(Potential, InitialPointThatIsNeverFiniteSaysAfterHowManyTries) {
  auto model = [] {
    sample("mu", dist::Normal(0.0, 1.0));
    factor("bad", scalar_tensor(-std::numeric_limits<double>::infinity()));
  };
  Potential U(model);
  Generator gen(0);
  EXPECT_ERROR(U.initial_point(gen, 7), "no initial point", "after 7 tries", "log density is -inf");
  EXPECT_ERROR(U.initial_point(gen), "after 100 tries");
  EXPECT_ERROR(U.initial_point(gen, 0), "max_tries must be at least 1");
  // A model finite only on part of the space is retried until it lands there:
  // mu > 1.5 has probability 1/8 under init_to_uniform's U(-2, 2).
  auto half = [] {
    Tensor mu = sample("mu", dist::Normal(0.0, 1.0));
    factor("wall", where(mu > 1.5, scalar_tensor(0.0), scalar_tensor(-std::numeric_limits<double>::infinity())));
  };
  Potential V(half);
  Generator g2(test_seed(1));
  for (int i = 0; i < 20; ++i) EXPECT_GT(V.initial_point(g2)[0], 1.5);
}

TEST(Potential, LatentSitesMustBeTheSameEveryRun) {
  int runs = 0;
  auto vanishing = [&runs] {
    sample("a", dist::Normal(0.0, 1.0));
    if (runs++ == 0) sample("b", dist::Normal(0.0, 1.0));
  };
  Potential U(vanishing);
  ASSERT_EQ(U.dim(), 2);
  const double z[2] = {0.1, 0.2};
  double g[2];
  EXPECT_ERROR(U.value_and_grad(z, g), "latent site 'b' was not sampled in this run", "same latent sites every run");
  EXPECT_ERROR(U.value(z), "latent site 'b'");

  runs = 0;
  auto appearing = [&runs] {
    sample("a", dist::Normal(0.0, 1.0));
    if (runs++ > 0) sample("c", dist::Normal(0.0, 1.0));
  };
  Potential V(appearing);
  ASSERT_EQ(V.dim(), 1);
  EXPECT_ERROR(V.value(z), "latent site 'c' did not appear when the model was first traced");
}

TEST(Potential, NoLatentSitesIsAnError) {
  auto model = [] { sample("y", dist::Normal(0.0, 1.0), scalar_tensor(0.3)); };
  EXPECT_ERROR(Potential{model}, "no latent sample sites");
}

// ---------------------------------------------------------------- HMCSampler on Gaussians

// Draws of one coordinate per chain as a [chains, draws] tensor.
Tensor as_chains(const std::vector<std::vector<double>>& per_chain) {
  std::vector<double> flat;
  for (const auto& c : per_chain) flat.insert(flat.end(), c.begin(), c.end());
  return tensor(flat, {static_cast<int64_t>(per_chain.size()), static_cast<int64_t>(per_chain[0].size())});
}

struct GaussianRun {
  // draws[d][c][i]: coordinate d of chain c's i-th kept draw.
  std::vector<std::vector<std::vector<double>>> draws;
  std::vector<double> step_sizes, mean_accept;
  std::vector<std::vector<double>> inverse_metrics;
  int64_t divergences = 0;
};

// num_chains chains of kind on U(z) = z^T P z / 2 (P: row-major precision), from U(-2, 2)^dim.
GaussianRun run_gaussian(KernelKind kind, const std::vector<double>& precision, int64_t dim, HMCOptions options,
                         int num_chains, int64_t num_warmup, int64_t num_samples, uint64_t seed) {
  infer::PotentialFn U = [precision, dim](const double* z, double* g) {
    double u = 0;
    for (int64_t i = 0; i < dim; ++i) {
      double s = 0;
      for (int64_t j = 0; j < dim; ++j) s += precision[static_cast<size_t>(i * dim + j)] * z[j];
      g[i] = s;
      u += 0.5 * z[i] * s;
    }
    return u;
  };
  GaussianRun out;
  out.draws.assign(static_cast<size_t>(dim), std::vector<std::vector<double>>(static_cast<size_t>(num_chains)));
  for (int c = 0; c < num_chains; ++c) {
    Generator gen(seed, static_cast<uint64_t>(c));
    std::vector<double> z0(static_cast<size_t>(dim));
    for (double& v : z0) v = 4 * gen.next_uniform() - 2;
    HMCSampler s(kind, U, z0, options, gen, num_warmup);
    for (int64_t i = 0; i < num_warmup; ++i) s.step();
    double accept = 0;
    for (int64_t i = 0; i < num_samples; ++i) {
      const infer::TransitionStats st = s.step();
      EXPECT_EQ(st.step_size, s.step_size());  // fixed after warm-up
      accept += st.accept_prob;
      out.divergences += st.divergent;
      for (size_t d = 0; d < static_cast<size_t>(dim); ++d)
        out.draws[d][static_cast<size_t>(c)].push_back(s.position()[d]);
    }
    out.step_sizes.push_back(s.step_size());
    out.mean_accept.push_back(accept / static_cast<double>(num_samples));
    out.inverse_metrics.push_back(s.inverse_metric());
  }
  return out;
}

// Checks that the mean of f over the draws is within 4 Monte Carlo standard
// errors (sd / sqrt(ess_mean), from the draws of f) of want.
void expect_mean_within_4_mcse(const std::vector<std::vector<double>>& fx, double want, const std::string& what) {
  const Tensor chains = as_chains(fx);
  const double mean = chains.mean().item<double>(), mcse = infer::mcse_mean(chains);
  EXPECT_LT(std::abs(mean - want), 4 * mcse) << what << ": mean " << mean << ", expected " << want << ", mcse " << mcse;
  // The MCSE itself is sane (the draws are not stuck: ESS at least 10% of the draws).
  EXPECT_GT(infer::ess_mean(chains), 0.1 * static_cast<double>(chains.numel())) << what;
}

// f(a, b) draw by draw.
using Draws = std::vector<std::vector<double>>;
Draws apply(const Draws& a, const Draws& b, double (*f)(double, double)) {
  auto out = a;
  for (size_t c = 0; c < a.size(); ++c)
    for (size_t i = 0; i < a[c].size(); ++i) out[c][i] = f(a[c][i], b[c][i]);
  return out;
}

TEST(NUTS, StandardNormal10D) {
  const int64_t dim = 10;
  std::vector<double> eye(dim * dim, 0.0);
  for (int64_t i = 0; i < dim; ++i) eye[static_cast<size_t>(i * dim + i)] = 1;
  // 2000 warm-up iterations: the last metric window holds 1100 draws, so each
  // variance estimate has an sd of ~6% (~10% after 1000 warm-up iterations).
  const GaussianRun r = run_gaussian(KernelKind::NUTS, eye, dim, {}, 4, 2000, 1000, test_seed(100));
  for (int64_t d = 0; d < dim; ++d) {
    const auto& x = r.draws[static_cast<size_t>(d)];
    expect_mean_within_4_mcse(x, 0.0, "E[x" + std::to_string(d) + "]");
    expect_mean_within_4_mcse(apply(x, x, [](double a, double b) { return a * b; }), 1.0,
                              "E[x" + std::to_string(d) + "^2]");
  }
  EXPECT_EQ(r.divergences, 0);
  for (size_t c = 0; c < 4; ++c) {
    // Unit-scale target: the step size settles near 0.7 in 10-D (observed
    // 0.60-0.84 over 60 chains). The mean acceptance statistic while sampling
    // exceeds the 0.8 target, as Stan's does, since the final step size is the
    // dual-averaging average (observed 0.83-0.92): accepted in [0.75, 0.97].
    EXPECT_GT(r.step_sizes[c], 0.4) << c;
    EXPECT_LT(r.step_sizes[c], 1.2) << c;
    EXPECT_GT(r.mean_accept[c], 0.75) << c;
    EXPECT_LT(r.mean_accept[c], 0.97) << c;
    // The diagonal inverse metric estimates the unit variances within 25% (4 sd).
    ASSERT_EQ(r.inverse_metrics[c].size(), static_cast<size_t>(dim));
    for (double v : r.inverse_metrics[c]) EXPECT_NEAR(v, 1.0, 0.25) << c;
  }
}

TEST(NUTS, CorrelatedGaussianWithDenseMetric) {
  // sds 1 and 10, correlation 0.95: Sigma = [[1, 9.5], [9.5, 100]].
  const double s00 = 1, s01 = 9.5, s11 = 100, det = s00 * s11 - s01 * s01;
  const std::vector<double> precision = {s11 / det, -s01 / det, -s01 / det, s00 / det};
  HMCOptions opt;
  opt.dense_mass = true;
  // 2000 warm-up iterations: the last window's 1100 draws estimate each entry
  // within ~6% (sd) and the correlation within ~0.003.
  const GaussianRun r = run_gaussian(KernelKind::NUTS, precision, 2, opt, 4, 2000, 1000, test_seed(200));
  const auto &x0 = r.draws[0], &x1 = r.draws[1];
  auto mul = [](double a, double b) { return a * b; };
  expect_mean_within_4_mcse(x0, 0.0, "E[x0]");
  expect_mean_within_4_mcse(x1, 0.0, "E[x1]");
  expect_mean_within_4_mcse(apply(x0, x0, mul), s00, "E[x0^2]");
  expect_mean_within_4_mcse(apply(x1, x1, mul), s11, "E[x1^2]");
  expect_mean_within_4_mcse(apply(x0, x1, mul), s01, "E[x0 x1]");
  EXPECT_EQ(r.divergences, 0);
  for (size_t c = 0; c < 4; ++c) {
    // In the metric's whitened coordinates the target is a 2-D standard normal:
    // step sizes 0.8-1.0 and mean acceptance 0.90-0.94 observed over 40 chains.
    EXPECT_GT(r.step_sizes[c], 0.5) << c;
    EXPECT_LT(r.step_sizes[c], 1.5) << c;
    EXPECT_GT(r.mean_accept[c], 0.75) << c;
    EXPECT_LT(r.mean_accept[c], 0.97) << c;
    const std::vector<double>& m = r.inverse_metrics[c];
    ASSERT_EQ(m.size(), 4u);
    EXPECT_NEAR(m[0], s00, 0.25 * s00) << c;
    EXPECT_NEAR(m[3], s11, 0.25 * s11) << c;
    EXPECT_NEAR(m[1], m[2], 1e-12 * std::abs(m[1])) << c;  // symmetric (up to Welford's rounding)
    EXPECT_NEAR(m[1], s01, 0.25 * s01) << c;
    EXPECT_NEAR(m[1] / std::sqrt(m[0] * m[3]), 0.95, 0.02) << c;
  }
}

TEST(NUTS, MaxTreeDepthCapsTheTrajectory) {
  // On a flat potential the momentum never changes, so the trajectory never
  // U-turns: every transition doubles up to max_tree_depth 4, i.e. 1 + 2 + 4 + 8
  // = 15 leapfrog steps, and with no energy error the acceptance statistic is 1.
  HMCOptions opt;
  opt.step_size = 0.1;
  opt.adapt_step_size = opt.adapt_mass_matrix = false;
  opt.max_tree_depth = 4;
  infer::PotentialFn U = [](const double*, double* g) {
    g[0] = g[1] = 0;
    return 0.0;
  };
  HMCSampler s(KernelKind::NUTS, U, {0.3, -0.2}, opt, Generator(test_seed(5)), 0);
  for (int i = 0; i < 5; ++i) {
    const infer::TransitionStats st = s.step();
    EXPECT_EQ(st.tree_depth, 4);
    EXPECT_EQ(st.n_leapfrog, 15);
    EXPECT_EQ(st.step_size, 0.1);
    EXPECT_EQ(st.accept_prob, 1.0);
    EXPECT_FALSE(st.divergent);
    EXPECT_EQ(st.potential, 0.0);
  }
}

TEST(HMC, StepCountAndAdaptation) {
  infer::PotentialFn U = [](const double* z, double* g) {
    g[0] = z[0];
    g[1] = z[1] / 4;  // sd 2
    return 0.5 * z[0] * z[0] + z[1] * z[1] / 8;
  };
  // Fixed step 0.35 and trajectory length 1: int(2.86) = 2 leapfrog steps (Stan truncates).
  HMCOptions fixed;
  fixed.step_size = 0.35;
  fixed.trajectory_length = 1.0;
  fixed.adapt_step_size = fixed.adapt_mass_matrix = false;
  HMCSampler a(KernelKind::HMC, U, {0.1, 0.2}, fixed, Generator(test_seed(6)), 0);
  EXPECT_EQ(a.step().n_leapfrog, 2);
  fixed.trajectory_length = 0.1;  // at least one step
  HMCSampler one(KernelKind::HMC, U, {0.1, 0.2}, fixed, Generator(test_seed(6)), 0);
  EXPECT_EQ(one.step().n_leapfrog, 1);
  fixed.num_steps = 7;  // num_steps overrides the trajectory length
  HMCSampler b(KernelKind::HMC, U, {0.1, 0.2}, fixed, Generator(test_seed(6)), 0);
  const infer::TransitionStats st = b.step();
  EXPECT_EQ(st.n_leapfrog, 7);
  EXPECT_EQ(st.tree_depth, 0);
  // Adapted static HMC (2000 warm-up iterations), trajectory length 2 (the
  // default 2 pi is one full period of a whitened Gaussian: chains would not
  // move): acceptance in [0.75, 0.97] (observed 0.88-0.94 over 100 seeds),
  // the diagonal metric within 25% of the variances (1, 4) (observed within 16%).
  HMCOptions adapted;
  adapted.trajectory_length = 2.0;
  HMCSampler c(KernelKind::HMC, U, {0.1, 0.2}, adapted, Generator(test_seed(7)), 2000);
  for (int i = 0; i < 2000; ++i) c.step();
  double accept = 0;
  for (int i = 0; i < 1000; ++i) accept += c.step().accept_prob;
  EXPECT_GT(accept / 1000, 0.75);
  EXPECT_LT(accept / 1000, 0.97);
  EXPECT_NEAR(c.inverse_metric()[0], 1.0, 0.25);
  EXPECT_NEAR(c.inverse_metric()[1], 4.0, 1.0);
}

TEST(HMCSampler, OptionErrors) {
  infer::PotentialFn U = [](const double* z, double* g) {
    g[0] = z[0];
    return 0.5 * z[0] * z[0];
  };
  HMCOptions bad;
  bad.step_size = 0;
  EXPECT_ERROR(HMCSampler(KernelKind::NUTS, U, {0.0}, bad, Generator(0), 10), "step_size must be positive");
  HMCOptions deep;
  deep.max_tree_depth = 0;
  EXPECT_ERROR(HMCSampler(KernelKind::NUTS, U, {0.0}, deep, Generator(0), 10), "max_tree_depth", "[1, 30]");
  EXPECT_ERROR(HMCSampler(KernelKind::NUTS, U, {}, {}, Generator(0), 10), "no dimensions");
  infer::PotentialFn inf = [](const double*, double* g) {
    g[0] = 0;
    return std::numeric_limits<double>::infinity();
  };
  EXPECT_ERROR(HMCSampler(KernelKind::HMC, inf, {0.0}, {}, Generator(0), 10), "initial point is not finite");
}

// ---------------------------------------------------------------- invariance

// Kolmogorov-Smirnov test of xs against the continuous cdf: the p-value from
// the asymptotic Kolmogorov distribution with Stephens' small-n correction.
double ks_p_value(std::vector<double> xs, const std::function<double(double)>& cdf) {
  std::sort(xs.begin(), xs.end());
  const double n = static_cast<double>(xs.size());
  double d = 0;
  for (size_t i = 0; i < xs.size(); ++i) {
    const double f = cdf(xs[i]);
    d = std::max({d, static_cast<double>(i + 1) / n - f, f - static_cast<double>(i) / n});
  }
  const double lambda = (std::sqrt(n) + 0.12 + 0.11 / std::sqrt(n)) * d;
  double p = 0;
  for (int k = 1; k <= 100; ++k) p += 2 * ((k % 2) ? 1 : -1) * std::exp(-2.0 * k * k * lambda * lambda);
  return std::clamp(p, 0.0, 1.0);
}

// x ~ Gamma(3, 2) (rate 2) as a latent site: HMC works on z = log x with log|J| = z.
void gamma_model() { sample("x", dist::Gamma(3.0, 2.0)); }

double gamma_cdf(double x) { return boost::math::cdf(boost::math::gamma_distribution<>(3.0, 0.5), x); }

// num_chains exact draws of Gamma(rate) (dist sampler, fixed generator), each
// moved by num_transitions transitions of kind on U with a fixed step size
// and unit metric; returns the final x = exp(z).
std::vector<double> transitions_from_exact_draws(KernelKind kind, const infer::PotentialFn& U, double draw_rate,
                                                 HMCOptions opt, int num_chains, int num_transitions, uint64_t seed) {
  Generator draw_gen(seed);
  const Tensor x0 = dist::Gamma(3.0, draw_rate).sample(draw_gen, {num_chains});
  std::vector<double> out;
  for (int c = 0; c < num_chains; ++c) {
    const double z0 = std::log(x0[c].item<double>());
    HMCSampler s(kind, U, {z0}, opt, Generator(seed + 1, static_cast<uint64_t>(c)), /*num_warmup=*/0);
    for (int t = 0; t < num_transitions; ++t) s.step();
    out.push_back(std::exp(s.position()[0]));
  }
  return out;
}

HMCOptions fixed_unit_metric(double step_size, int64_t num_steps = 0) {
  HMCOptions opt;
  opt.step_size = step_size;
  opt.num_steps = num_steps;
  opt.adapt_step_size = false;
  opt.adapt_mass_matrix = false;
  return opt;
}

constexpr int kInvarianceChains = 2000;

TEST(Invariance, HMCLeavesGammaInvariant) {
  Potential U(gamma_model);
  // Step 0.5, 4 leapfrog steps (sd of log x is 0.63): acceptance ~0.95, a move of ~1.5 sd.
  const auto x = transitions_from_exact_draws(KernelKind::HMC, U.fn(), 2.0, fixed_unit_metric(0.5, 4),
                                              kInvarianceChains, 4, test_seed(300));
  EXPECT_GT(ks_p_value(x, gamma_cdf), 1e-3);
}

TEST(Invariance, NUTSLeavesGammaInvariant) {
  Potential U(gamma_model);
  const auto x = transitions_from_exact_draws(KernelKind::NUTS, U.fn(), 2.0, fixed_unit_metric(0.6),
                                              kInvarianceChains, 3, test_seed(400));
  EXPECT_GT(ks_p_value(x, gamma_cdf), 1e-3);
}

// Observed over 4 seeds: the two tests above give p 0.08-0.97 (KS distance
// 0.011-0.028); the broken cases below give distances 0.10-0.25 and p < 1e-18.
TEST(Invariance, TheKSTestHasPower) {
  // (1) Exact draws from Gamma(3, 2.3) instead of Gamma(3, 2) fail it.
  Generator gen(test_seed(500));
  const Tensor wrong = dist::Gamma(3.0, 2.3).sample(gen, {kInvarianceChains});
  std::vector<double> xs(static_cast<size_t>(kInvarianceChains));
  for (int i = 0; i < kInvarianceChains; ++i) xs[static_cast<size_t>(i)] = wrong[i].item<double>();
  EXPECT_LT(ks_p_value(xs, gamma_cdf), 1e-3);
  // (2) A potential that forgets the Jacobian (the target of z becomes
  // Gamma(2, 2) in x) drifts away from Gamma(3, 2) within the same transitions.
  infer::PotentialFn no_jacobian = [](const double* z, double* g) {
    const double x = std::exp(z[0]);  // -[2 log x - 2 x] (constants dropped), no "- z"
    g[0] = -(2 - 2 * x);
    return -(2 * z[0] - 2 * x);
  };
  EXPECT_LT(ks_p_value(transitions_from_exact_draws(KernelKind::NUTS, no_jacobian, 2.0, fixed_unit_metric(0.6),
                                                    kInvarianceChains, 3, test_seed(400)),
                       gamma_cdf),
            1e-3);
  EXPECT_LT(ks_p_value(transitions_from_exact_draws(KernelKind::HMC, no_jacobian, 2.0, fixed_unit_metric(0.5, 4),
                                                    kInvarianceChains, 4, test_seed(300)),
                       gamma_cdf),
            1e-3);
}

}  // namespace
}  // namespace tyche::testing
