// SVI and the ELBOs: conjugate models whose exact posteriors SVI must recover
// (Normal-Normal with AutoNormal, Beta-Bernoulli and Gamma-Poisson with hand
// guides, Bayesian linear regression with AutoMultivariateNormal), a discrete
// latent trained by the score function (leave-one-out and moving-average
// baselines), exact unbiasedness of subsampled plates, TraceMeanFieldELBO's
// analytic KL, vectorised vs looped particles, non-finite losses naming the
// site, SVI::step's bookkeeping, and TransformedDistribution's draw cache.
//
// Statistical checks use fixed seeds; TYCHE_TEST_SEED_OFFSET=<n> shifts every
// seed (to check that the tolerances are not tuned to one stream).
#include <tyche/inference.h>

#include <cmath>
#include <cstdlib>
#include <numeric>
#include <set>

#include "../test_util.h"

namespace tyche::testing {
namespace {

namespace dist = tyche::dist;

constexpr double kLog2Pi = 1.8378770664093453;  // log(2 pi)

uint64_t test_seed(uint64_t k) {
  const char* off = std::getenv("TYCHE_TEST_SEED_OFFSET");
  return k + (off ? std::strtoull(off, nullptr, 10) : 0);
}

double pget(const std::string& name) { return get_param_store().get(name).item<double>(); }

// Mean, standard error and standard deviation of xs.
struct MeanSE {
  double mean, se, sd;
};
MeanSE mean_se(const std::vector<double>& xs) {
  const double n = static_cast<double>(xs.size());
  const double m = std::accumulate(xs.begin(), xs.end(), 0.0) / n;
  double ss = 0;
  for (double x : xs) ss += (x - m) * (x - m);
  const double sd = std::sqrt(ss / (n - 1));
  return {m, sd / std::sqrt(n), sd};
}

// KL(N(m1, s1) || N(m2, s2)).
double kl_normal(double m1, double s1, double m2, double s2) {
  return std::log(s2 / s1) + (s1 * s1 + (m1 - m2) * (m1 - m2)) / (2 * s2 * s2) - 0.5;
}

// ---------------------------------------------------------------- conjugate models

// mu ~ N(0, 1), y_i ~ N(mu, 1): posterior N(sum y / (n + 1), 1 / sqrt(n + 1)).
void normal_model(const Tensor& y) {
  Tensor mu = sample("mu", dist::Normal(0.0, 1.0));
  auto data = plate("data", y.size(0));
  sample("y", dist::Normal(mu, 1.0), y);
}

TEST(SVIConjugate, NormalNormalAutoNormalRecoversExactPosterior) {
  get_param_store().clear();
  manual_seed(test_seed(1));
  Tensor y = tensor({0.5, 1.5, 1.0, 2.0, -0.3, 0.8});
  const double post_mean = 5.5 / 7, post_sd = 1 / std::sqrt(7.0);

  auto guide = infer::AutoNormal(normal_model);
  infer::SVI svi(normal_model, guide, optim::Adam({.lr = 0.05}),
                 infer::TraceELBO({.num_particles = 8, .vectorize_particles = true}));
  optim::ExponentialLR decay(svi.optimizer(), 0.997);  // lr 0.05 -> ~0.001 at the end
  const int steps = 1300, tail = 300;
  double med = 0, sd = 0;
  for (int i = 0; i < steps; ++i) {
    svi.step(y);
    decay.step();
    if (i >= steps - tail) {
      med += guide.median()["mu"].item<double>() / tail;
      Tensor q = guide.quantiles({0.15865525393145707, 0.5, 0.8413447460685429})["mu"];
      sd += (q[2].item<double>() - q[0].item<double>()) / 2 / tail;
    }
  }
  EXPECT_NEAR(med, post_mean, 0.05);
  EXPECT_NEAR(sd, post_sd, 0.1 * post_sd);
  // The guide's parameters are where AutoNormal says they are.
  EXPECT_NEAR(pget("AutoNormal.locs.mu"), med, 0.05);
  EXPECT_NEAR(pget("AutoNormal.scales.mu"), sd, 0.1 * post_sd);
}

// p ~ Beta(10, 10), 6 heads and 4 tails: posterior Beta(16, 14).
void beta_bernoulli_model(const Tensor& y) {
  Tensor p = sample("p", dist::Beta(10.0, 10.0));
  auto data = plate("data", y.size(0));
  sample("y", dist::Bernoulli(p), y);
}
void beta_guide(const Tensor&) {
  Tensor a = param("alpha_q", scalar_tensor(5.0), dist::constraints::positive);
  Tensor b = param("beta_q", scalar_tensor(5.0), dist::constraints::positive);
  sample("p", dist::Beta(a, b));
}

TEST(SVIConjugate, BetaBernoulliHandGuideRecoversPosteriorParameters) {
  get_param_store().clear();
  manual_seed(test_seed(2));
  Tensor y = tensor({1.0, 1.0, 0.0, 1.0, 0.0, 1.0, 1.0, 0.0, 1.0, 0.0});
  infer::SVI svi(beta_bernoulli_model, beta_guide, optim::Adam({.lr = 0.05}),
                 infer::TraceELBO({.num_particles = 16, .vectorize_particles = true}));
  optim::ExponentialLR decay(svi.optimizer(), 0.998);
  const int steps = 1500, tail = 300;
  double a = 0, b = 0;
  for (int i = 0; i < steps; ++i) {
    svi.step(y);
    decay.step();
    if (i >= steps - tail) {
      a += pget("alpha_q") / tail;
      b += pget("beta_q") / tail;
    }
  }
  EXPECT_NEAR(a, 16.0, 0.1 * 16.0);
  EXPECT_NEAR(b, 14.0, 0.1 * 14.0);
  EXPECT_NEAR(a / (a + b), 16.0 / 30.0, 0.02);  // the posterior mean, tighter
}

// rate ~ Gamma(2, 1), y_i ~ Poisson(rate): posterior Gamma(2 + sum y, 1 + n).
void gamma_poisson_model(const Tensor& y) {
  Tensor rate = sample("rate", dist::Gamma(2.0, 1.0));
  auto data = plate("data", y.size(0));
  sample("y", dist::Poisson(rate), y);
}
void gamma_guide(const Tensor&) {
  Tensor a = param("a_q", scalar_tensor(3.0), dist::constraints::positive);
  Tensor b = param("b_q", scalar_tensor(1.0), dist::constraints::positive);
  sample("rate", dist::Gamma(a, b));
}

TEST(SVIConjugate, GammaPoissonHandGuideRecoversPosteriorParameters) {
  get_param_store().clear();
  manual_seed(test_seed(3));
  Tensor y = tensor({3.0, 1.0, 4.0, 2.0, 5.0});  // sum 15, n 5: Gamma(17, 6)
  infer::SVI svi(gamma_poisson_model, gamma_guide, optim::Adam({.lr = 0.05}),
                 infer::TraceELBO({.num_particles = 16, .vectorize_particles = true}));
  optim::ExponentialLR decay(svi.optimizer(), 0.998);
  const int steps = 1500, tail = 300;
  double a = 0, b = 0;
  for (int i = 0; i < steps; ++i) {
    svi.step(y);
    decay.step();
    if (i >= steps - tail) {
      a += pget("a_q") / tail;
      b += pget("b_q") / tail;
    }
  }
  EXPECT_NEAR(a, 17.0, 0.1 * 17.0);
  EXPECT_NEAR(b, 6.0, 0.1 * 6.0);
  EXPECT_NEAR(a / b, 17.0 / 6.0, 0.05 * 17.0 / 6.0);  // the posterior mean
}

// w ~ N(0, I_3), y ~ N(X w, s): posterior N(Sigma X^T y / s^2, Sigma),
// Sigma = (I + X^T X / s^2)^-1. Written to broadcast over a particle dim.
void blr_model(const Tensor& X, const Tensor& y) {
  Tensor w = sample("w", dist::Normal(0.0, 1.0).expand({X.size(1)}).to_event(1));
  auto data = plate("data", X.size(0));
  sample("y", dist::Normal((X * w).sum({-1}), 0.5), y);
}

TEST(SVIConjugate, LinearRegressionAutoMultivariateNormalMatchesAnalyticPosterior) {
  get_param_store().clear();
  manual_seed(test_seed(4));
  const int64_t N = 50, D = 3;
  const double s = 0.5;
  Tensor X = random_tensor({N, D}, 41);
  Generator data_gen(42);
  Tensor y = (X * tensor({1.0, -0.5, 0.3})).sum({-1}) + s * dist::Normal(0.0, 1.0).sample(data_gen, {N});
  Tensor prec = eye(D, std::nullopt, kFloat64) + X.t().matmul(X) / (s * s);
  Tensor Sigma = inverse(prec);
  Tensor mean = Sigma.matmul(X.t().matmul(y)) / (s * s);

  auto guide = infer::AutoMultivariateNormal(blr_model);
  infer::SVI svi(blr_model, guide, optim::Adam({.lr = 0.03}),
                 infer::TraceELBO({.num_particles = 16, .vectorize_particles = true}));
  optim::ExponentialLR decay(svi.optimizer(), 0.998);
  const int steps = 1500, tail = 300;
  Tensor loc_avg = zeros({D}, kFloat64), cov_avg = zeros({D, D}, kFloat64);
  for (int i = 0; i < steps; ++i) {
    svi.step(X, y);
    decay.step();
    if (i >= steps - tail) {
      NoGradGuard no_grad;
      Tensor L = get_param_store().get("AutoMultivariateNormal.scale_tril");
      loc_avg = loc_avg + get_param_store().get("AutoMultivariateNormal.loc") / tail;
      cov_avg = cov_avg + L.matmul(L.t()) / tail;
    }
  }
  // Posterior sd is about 0.12: the mean within 0.02 absolute (~1/6 sd).
  EXPECT_TRUE(near(loc_avg, mean, 0, 0.02));
  EXPECT_TRUE(near(guide.median()["w"], mean, 0, 0.03));
  // Covariance entries within 15% of the scale sqrt(S_ii S_jj).
  for (int64_t i = 0; i < D; ++i)
    for (int64_t j = 0; j < D; ++j) {
      const double scale = std::sqrt(at(Sigma, {i, i}) * at(Sigma, {j, j}));
      EXPECT_NEAR(at(cov_avg, {i, j}), at(Sigma, {i, j}), 0.15 * scale) << "entry " << i << "," << j;
    }
}

// ---------------------------------------------------------------- score function

// z ~ Bernoulli(1/2), y_i ~ N(4 z - 2, 1): logit P(z = 1 | y) = 4 sum y.
void discrete_model(const Tensor& y) {
  Tensor z = sample("z", dist::Bernoulli(0.5));
  auto data = plate("data", y.size(0));
  sample("y", dist::Normal(4.0 * z - 2.0, 1.0), y);
}
void discrete_guide(const Tensor&) {
  Tensor q = param("q", scalar_tensor(0.5), dist::constraints::unit_interval);
  sample("z", dist::Bernoulli(q));
}

double train_discrete(int64_t particles, bool vectorize, uint64_t seed) {
  get_param_store().clear();
  manual_seed(seed);
  Tensor y = tensor({0.3, -0.4, 0.3});
  infer::SVI svi(discrete_model, discrete_guide, optim::Adam({.lr = 0.05}),
                 infer::TraceELBO({.num_particles = particles, .vectorize_particles = vectorize}));
  optim::ExponentialLR decay(svi.optimizer(), 0.998);
  const int steps = 1500, tail = 300;
  double q = 0;
  for (int i = 0; i < steps; ++i) {
    svi.step(y);
    decay.step();
    if (i >= steps - tail) q += pget("q") / tail;
  }
  return q;
}

TEST(SVIScoreFunction, DiscreteLatentConvergesToExactPosterior) {
  const double exact = 1 / (1 + std::exp(-4 * 0.2));  // 0.68997
  // Several particles: the leave-one-out baseline, looped and vectorised.
  EXPECT_NEAR(train_discrete(4, false, test_seed(5)), exact, 0.05);
  EXPECT_NEAR(train_discrete(4, true, test_seed(14)), exact, 0.05);
  // One particle: the moving-average baseline.
  EXPECT_NEAR(train_discrete(1, false, test_seed(6)), exact, 0.05);
}

// ---------------------------------------------------------------- subsampling

// Global mu, local z_i and observations y_i in a plate subsampled m of N; the
// guide puts Deltas at fixed parameters, so the ELBO is deterministic given
// the subsample and its average over every subset is the full-data ELBO.
TEST(ELBOSubsample, AverageOverAllSubsetsEqualsFullDataELBO) {
  get_param_store().clear();
  const int64_t N = 6, m = 2;
  Tensor y = tensor({0.4, -1.2, 0.9, 2.1, 0.0, -0.5});
  std::vector<double> z_q = {0.3, -0.8, 1.1, 1.7, -0.1, -0.2};
  const double mu_q = 0.25;
  auto model_of = [&](std::optional<int64_t> sub) {
    return [&, sub] {
      Tensor mu = sample("mu", dist::Normal(0.0, 1.0));
      auto data = plate("data", N, sub);
      Tensor z = sample("z", dist::Normal(mu, 1.0));
      sample("y", dist::Normal(z, 0.5), index_select(y, 0, data.indices()));
    };
  };
  auto guide_of = [&](std::optional<int64_t> sub) {
    return [&, sub] {
      sample("mu", dist::Delta(param("mu_q", scalar_tensor(mu_q))));
      auto data = plate("data", N, sub);
      Tensor zq = param("z_q", tensor(z_q, {N}));
      sample("z", dist::Delta(index_select(zq, 0, data.indices())));
    };
  };
  infer::TraceELBO elbo;
  const double full = elbo.loss(model_of(std::nullopt), guide_of(std::nullopt));
  double want = -dist::Normal(0.0, 1.0).log_prob(scalar_tensor(mu_q)).item<double>();
  for (int64_t i = 0; i < N; ++i)
    want -= dist::Normal(mu_q, 1.0).log_prob(scalar_tensor(z_q[i])).item<double>() +
            dist::Normal(z_q[i], 0.5).log_prob(y[i]).item<double>();
  EXPECT_NEAR(full, want, 1e-10);

  // Every subset {i < j}: the guide's subsample site is replayed from a
  // one-site trace, the model takes it from the guide's trace.
  double sum = 0;
  int count = 0;
  std::set<double> distinct;
  for (int64_t i = 0; i < N; ++i)
    for (int64_t j = i + 1; j < N; ++j) {
      Site s;
      s.type = SiteType::Subsample;
      s.name = "data";
      s.size = N;
      s.subsample_size = m;
      s.value = tensor(std::vector<int64_t>{j, i}, {m});
      Trace fixed;
      fixed.add(s);
      auto guide = handlers::replay(guide_of(m), fixed);
      const double l = elbo.loss(model_of(m), guide);
      sum += l;
      distinct.insert(l);
      ++count;
    }
  EXPECT_EQ(count, 15);
  EXPECT_GT(distinct.size(), 10u);  // the subsets really differ
  EXPECT_NEAR(sum / count, full, 1e-10);

  // Random subsamples: the loss is unbiased (mean within 5 standard errors).
  manual_seed(test_seed(7));
  std::vector<double> ls;
  for (int k = 0; k < 2000; ++k) ls.push_back(elbo.loss(model_of(m), guide_of(m)));
  MeanSE r = mean_se(ls);
  EXPECT_NEAR(r.mean, full, 5 * r.se);
}

// Local latents z_i ~ N(1/2, 1), y_i ~ N(z_i, 1) in a plate subsampled 3 of 6:
// AutoNormal's rows (each trained only when its row is drawn, its gradient
// scaled by 6 / 3) reach the exact posteriors N((1/2 + y_i) / 2, sqrt(1/2)).
void local_model(const Tensor& y, int64_t subsample) {
  auto data = plate("data", y.size(0), subsample);
  Tensor z = sample("z", dist::Normal(0.5, 1.0));
  sample("y", dist::Normal(z, 1.0), index_select(y, 0, data.indices()));
}

TEST(ELBOSubsample, AutoNormalLocalLatentsReachExactPosteriors) {
  get_param_store().clear();
  manual_seed(test_seed(15));
  Tensor y = tensor({0.4, -1.2, 0.9, 2.1, 0.0, -0.5});
  auto guide = infer::AutoNormal(local_model);
  infer::SVI svi(local_model, guide, optim::Adam({.lr = 0.05}),
                 infer::TraceELBO({.num_particles = 8, .vectorize_particles = true}));
  optim::ExponentialLR decay(svi.optimizer(), 0.998);
  for (int i = 0; i < 2000; ++i) {
    svi.step(y, int64_t{3});
    decay.step();
  }
  Tensor loc = get_param_store().get("AutoNormal.locs.z"), scale = get_param_store().get("AutoNormal.scales.z");
  ASSERT_EQ(loc.sizes(), IntList({6}));  // full-size parameters
  for (int64_t i = 0; i < 6; ++i) {
    EXPECT_NEAR(at(loc, {i}), (0.5 + at(y, {i})) / 2, 0.07) << "row " << i;
    EXPECT_NEAR(at(scale, {i}), std::sqrt(0.5), 0.1 * std::sqrt(0.5)) << "row " << i;
  }
}

// ---------------------------------------------------------------- TraceMeanFieldELBO

// Latents with no observation depending on them: the mean-field loss is the
// sum of the analytic KLs, exactly, whatever the draws.
TEST(TraceMeanFieldELBO, LossIsExactKLForNormalSites) {
  get_param_store().clear();
  std::vector<double> cs = {0.5, -1.0, 2.0, 0.0}, ts = {0.4, 1.5, 0.9, 1.0};
  auto model = [] {
    sample("mu", dist::Normal(1.0, 2.0));
    auto p = plate("p", 4);
    sample("z", dist::Normal(0.0, 1.0));
  };
  auto guide = [&] {
    sample("mu", dist::Normal(param("m", scalar_tensor(0.3)), param("s", scalar_tensor(0.5), dist::constraints::positive)));
    auto p = plate("p", 4);
    sample("z", dist::Normal(param("c", tensor(cs, {4})), param("t", tensor(ts, {4}), dist::constraints::positive)));
  };
  double want = kl_normal(0.3, 0.5, 1.0, 2.0);
  for (int i = 0; i < 4; ++i) want += kl_normal(cs[i], ts[i], 0.0, 1.0);
  manual_seed(test_seed(8));
  infer::TraceMeanFieldELBO mf;
  for (int k = 0; k < 3; ++k) EXPECT_NEAR(mf.loss(model, guide), want, 1e-12);
  infer::TraceMeanFieldELBO mfv({.num_particles = 7, .vectorize_particles = true});
  EXPECT_NEAR(mfv.loss(model, guide), want, 1e-12);
  // The surrogate's gradient is that of the KL: d/dm KL = (m - 1) / 4.
  infer::LossResult r = mf.loss_and_surrogate(model, guide);
  EXPECT_NEAR(r.surrogate.item<double>(), want, 1e-12);
  ASSERT_EQ(r.params.size(), 4u);
  Tensor m_leaf = get_param_store().unconstrained("m");
  Tensor g = autograd::grad({r.surrogate}, {m_leaf})[0];
  EXPECT_NEAR(g.item<double>(), (0.3 - 1.0) / 4.0, 1e-12);

  // Subsampled (2 of 4): the local KLs of this call's rows, scaled by 4 / 2.
  Tensor idx;
  auto sub_model = [] {
    sample("mu", dist::Normal(1.0, 2.0));
    auto p = plate("p", 4, 2);
    sample("z", dist::Normal(0.0, 1.0));
  };
  auto sub_guide = [&] {
    sample("mu", dist::Normal(param("m", scalar_tensor(0.3)), param("s", scalar_tensor(0.5), dist::constraints::positive)));
    auto p = plate("p", 4, 2);
    idx = p.indices();
    sample("z", dist::Normal(index_select(param("c", tensor(cs, {4})), 0, idx),
                             index_select(param("t", tensor(ts, {4}), dist::constraints::positive), 0, idx)));
  };
  for (int k = 0; k < 3; ++k) {
    const double l = mf.loss(sub_model, sub_guide);
    double want_sub = kl_normal(0.3, 0.5, 1.0, 2.0);
    for (int j = 0; j < 2; ++j) {
      const auto i = static_cast<size_t>(idx[j].item<int64_t>());
      want_sub += 2 * kl_normal(cs[i], ts[i], 0.0, 1.0);
    }
    EXPECT_NEAR(l, want_sub, 1e-12);
  }
}

// -ELBO of normal_model's posterior under the guide N(m, s).
double normal_model_neg_elbo(const std::vector<double>& y, double m, double s) {
  double elbo = -0.5 * kLog2Pi - (m * m + s * s) / 2;
  for (double yi : y) elbo += -0.5 * kLog2Pi - ((yi - m) * (yi - m) + s * s) / 2;
  elbo += 0.5 * (kLog2Pi + 1) + std::log(s);
  return -elbo;
}

TEST(TraceMeanFieldELBO, SameExpectationAsTraceELBOWithLessVariance) {
  get_param_store().clear();
  Tensor y = tensor({0.5, 1.5, 1.0, 2.0, -0.3, 0.8});
  // A narrow guide away from the posterior: the prior-vs-guide noise that the
  // analytic KL removes is large (predicted sd ratio 0.73).
  const double m = 1.5, s = 0.3;
  auto model = [&] { normal_model(y); };
  auto guide = [&] { sample("mu", dist::Normal(m, s)); };
  const double want = normal_model_neg_elbo(values(y), m, s);
  manual_seed(test_seed(9));
  infer::TraceELBO te;
  infer::TraceMeanFieldELBO mf;
  std::vector<double> a, b;
  for (int k = 0; k < 2000; ++k) {
    a.push_back(te.loss(model, guide));
    b.push_back(mf.loss(model, guide));
  }
  MeanSE ra = mean_se(a), rb = mean_se(b);
  EXPECT_NEAR(ra.mean, want, 5 * ra.se);
  EXPECT_NEAR(rb.mean, want, 5 * rb.se);
  EXPECT_NEAR(ra.mean, rb.mean, 5 * std::hypot(ra.se, rb.se));
  EXPECT_LT(rb.sd, 0.9 * ra.sd);
}

// ---------------------------------------------------------------- vectorised particles

// mu ~ N(0, 1); z_i ~ N(mu, 1); y_i ~ N(z_i, 0.5), guide mu ~ N(m, s), z_i ~ N(c_i, t).
double hierarchical_neg_elbo(const std::vector<double>& y, double m, double s, const std::vector<double>& c,
                             double t) {
  double elbo = -0.5 * kLog2Pi - (m * m + s * s) / 2 + 0.5 * (kLog2Pi + 1) + std::log(s);
  for (size_t i = 0; i < y.size(); ++i) {
    elbo += -0.5 * kLog2Pi - ((c[i] - m) * (c[i] - m) + t * t + s * s) / 2;
    elbo += -0.5 * kLog2Pi - std::log(0.5) - ((y[i] - c[i]) * (y[i] - c[i]) + t * t) / (2 * 0.25);
    elbo += 0.5 * (kLog2Pi + 1) + std::log(t);
  }
  return -elbo;
}

TEST(ELBOParticles, VectorisedAndLoopedParticlesAgreeWithClosedForm) {
  get_param_store().clear();
  std::vector<double> yv = {0.4, -1.2, 0.9, 2.1}, c = {0.2, -0.7, 0.6, 1.5};
  const double m = 0.3, s = 0.7, t = 0.4;
  Tensor y = tensor(yv, {4});
  auto model = [&] {
    Tensor mu = sample("mu", dist::Normal(0.0, 1.0));
    auto data = plate("data", 4);
    Tensor z = sample("z", dist::Normal(mu, 1.0));
    sample("y", dist::Normal(z, 0.5), y);
  };
  auto guide = [&] {
    sample("mu", dist::Normal(m, s));
    auto data = plate("data", 4);
    sample("z", dist::Normal(tensor(c, {4}), t));
  };
  const double want = hierarchical_neg_elbo(yv, m, s, c, t);
  manual_seed(test_seed(10));
  infer::TraceELBO vec({.num_particles = 100, .vectorize_particles = true});
  infer::TraceELBO loop({.num_particles = 100});
  std::vector<double> a, b;
  for (int k = 0; k < 40; ++k) {
    a.push_back(vec.loss(model, guide));
    b.push_back(loop.loss(model, guide));
  }
  MeanSE ra = mean_se(a), rb = mean_se(b);
  EXPECT_NEAR(ra.mean, want, 5 * ra.se);
  EXPECT_NEAR(rb.mean, want, 5 * rb.se);
  EXPECT_NEAR(ra.mean, rb.mean, 5 * std::hypot(ra.se, rb.se));
  // Same spread: each evaluation averages 100 particles either way.
  EXPECT_GT(ra.sd / rb.sd, 0.5);
  EXPECT_LT(ra.sd / rb.sd, 2.0);
  // One evaluation with 4000 vectorised particles; its standard error is that
  // of 100 particles over sqrt(40).
  infer::TraceELBO big({.num_particles = 4000, .vectorize_particles = true});
  EXPECT_NEAR(big.loss(model, guide), want, 5 * ra.sd / std::sqrt(40.0));
}

// ---------------------------------------------------------------- errors

TEST(ELBOErrors, NonFiniteLossNamesTheSite) {
  get_param_store().clear();
  manual_seed(test_seed(11));
  auto model = [] {
    sample("mu", dist::Normal(0.0, 1.0));
    factor("bad", scalar_tensor(-INFINITY));
  };
  auto guide = [] { sample("mu", dist::Normal(param("loc", scalar_tensor(0.0)), 1.0)); };
  infer::SVI svi(model, guide, optim::Adam({.lr = 0.1}), infer::TraceELBO());
  EXPECT_ERROR(svi.step(), "TraceELBO", "'bad'", "-inf");
  EXPECT_ERROR(svi.evaluate_loss(), "TraceELBO", "'bad'");
  EXPECT_EQ(pget("loc"), 0.0);  // no step was taken
  infer::TraceMeanFieldELBO mf({.num_particles = 3, .vectorize_particles = true});
  EXPECT_ERROR(mf.loss(model, guide), "TraceMeanFieldELBO", "'bad'");

  // An observation outside the support, validation off: -inf log-probability.
  dist::ValidationGuard off(false);
  Tensor y = tensor({1.0, -1.0, 2.0});
  auto pois = [&] {
    Tensor rate = sample("rate", dist::Gamma(2.0, 1.0));
    auto data = plate("data", 3);
    sample("y", dist::Poisson(rate), y);
  };
  auto pguide = [] { sample("rate", dist::Gamma(2.0, 1.0)); };
  infer::TraceELBO te;
  EXPECT_ERROR(te.loss(pois, pguide), "model site 'y'", "Poisson");
  EXPECT_ERROR(te.loss_and_surrogate(pois, pguide), "model site 'y'");
}

// ---------------------------------------------------------------- SVI bookkeeping

// theta (a model parameter) and loc (the guide's Delta): the loss is
// deterministic, -log N(loc; theta, 1) - sum log N(y_i; loc, 1).
TEST(SVIStep, ReturnsLossAndOptimisesModelAndGuideParams) {
  get_param_store().clear();
  Tensor y = tensor({1.0, 2.0, 0.5});
  int guide_calls = 0;
  auto model = [&](const Tensor& ys) {
    Tensor theta = param("theta", scalar_tensor(0.5));
    Tensor mu = sample("mu", dist::Normal(theta, 1.0));
    auto data = plate("data", ys.size(0));
    sample("y", dist::Normal(mu, 1.0), ys);
  };
  auto guide = [&](const Tensor&) {
    Tensor loc = param("loc", scalar_tensor(0.2));
    // A parameter that first appears on the third call: mu's value is then loc + extra.
    if (++guide_calls >= 3) loc = loc + param("extra", scalar_tensor(0.0));
    sample("mu", dist::Delta(loc));
  };
  auto neg_elbo = [&](double theta, double loc) {
    double l = -dist::Normal(theta, 1.0).log_prob(scalar_tensor(loc)).item<double>();
    for (double yi : values(y)) l -= dist::Normal(loc, 1.0).log_prob(scalar_tensor(yi)).item<double>();
    return l;
  };
  const double lr = 0.01;
  infer::SVI svi(model, guide, optim::Adam({.lr = lr}), infer::TraceELBO());
  EXPECT_NEAR(svi.evaluate_loss(y), neg_elbo(0.5, 0.2), 1e-12);  // creates the params, steps nothing
  EXPECT_EQ(pget("theta"), 0.5);
  EXPECT_EQ(pget("loc"), 0.2);
  EXPECT_TRUE(svi.optimizer().params().empty());

  EXPECT_NEAR(svi.step(y), neg_elbo(0.5, 0.2), 1e-12);  // the loss before the step
  ASSERT_EQ(svi.optimizer().params().size(), 2u);
  // Adam's first step moves each parameter by lr against its gradient's sign:
  // d/dtheta = theta - loc > 0, d/dloc = (loc - theta) - sum(y - loc) < 0.
  EXPECT_NEAR(pget("theta"), 0.5 - lr, 1e-6);
  EXPECT_NEAR(pget("loc"), 0.2 + lr, 1e-6);

  const double before = neg_elbo(pget("theta"), pget("loc"));
  const double th = pget("theta"), lo = pget("loc");
  EXPECT_NEAR(svi.evaluate_loss(y), before, 1e-12);  // guide call 3: "extra" created, not stepped
  EXPECT_EQ(pget("theta"), th);
  EXPECT_EQ(pget("loc"), lo);
  EXPECT_EQ(pget("extra"), 0.0);
  EXPECT_EQ(svi.optimizer().params().size(), 2u);

  EXPECT_NEAR(svi.step(y), before, 1e-12);
  EXPECT_EQ(svi.optimizer().params().size(), 3u);  // "extra" added lazily
  EXPECT_NE(pget("extra"), 0.0);                    // and stepped
  for (int i = 0; i < 1000; ++i) svi.step(y);
  // The optimum: mu = loc + extra = theta (prior term) = mean(y) = 7/6.
  EXPECT_NEAR(pget("loc") + pget("extra"), 7.0 / 6.0, 0.02);
  EXPECT_NEAR(pget("theta"), 7.0 / 6.0, 0.02);
}

// SVI::run takes num_steps steps and returns each loss; the same seed gives
// the same losses as step() in a loop. The progress bar stays off when stderr
// is not a terminal and, forced on, draws the label, count and status.
TEST(SVIRun, ReturnsEveryLossAndMatchesSteps) {
  Tensor y = tensor({1.0, 2.0, 0.5});
  auto model = [](const Tensor& ys) {
    Tensor mu = sample("mu", dist::Normal(0.0, 1.0));
    auto data = plate("data", ys.size(0));
    sample("y", dist::Normal(mu, 1.0), ys);
  };
  double median = 0;
  auto fit = [&](bool use_run) {
    get_param_store().clear();
    manual_seed(test_seed(5));
    auto guide = infer::AutoNormal(model);
    infer::SVI svi(model, guide, optim::Adam({.lr = 0.05}), infer::TraceELBO({.num_particles = 16}));
    std::vector<double> losses;
    if (use_run) {
      losses = svi.run(300, y);
    } else {
      for (int i = 0; i < 300; ++i) losses.push_back(svi.step(y));
    }
    median = guide.median()["mu"].item<double>();
    return losses;
  };
  const std::vector<double> run = fit(true), stepped = fit(false);
  ASSERT_EQ(run.size(), 300u);
  // Equal up to rounding (a vectorised reduction may split differently with
  // another buffer alignment).
  for (size_t i = 0; i < run.size(); ++i) ASSERT_NEAR(run[i], stepped[i], 1e-9 * std::abs(stepped[i])) << i;
  EXPECT_NEAR(median, 3.5 / 4, 0.15);  // it learns: the exact posterior mean is sum(y) / (n + 1)

  infer::ProgressBar quiet(10, "SVI");
  EXPECT_FALSE(quiet.enabled());  // ctest's stderr is not a terminal
  ::testing::internal::CaptureStderr();
  {
    infer::ProgressBar bar(10, "SVI");
    bar.set_enabled(true);
    bar.update(10, "loss 1.5");
  }
  const std::string drawn = ::testing::internal::GetCapturedStderr();
  EXPECT_NE(drawn.find("SVI"), std::string::npos) << drawn;
  EXPECT_NE(drawn.find("10/10"), std::string::npos) << drawn;
  EXPECT_NE(drawn.find("loss 1.5"), std::string::npos) << drawn;
  EXPECT_EQ(drawn.back(), '\n');
}

// ---------------------------------------------------------------- TransformedDistribution cache

TEST(TransformedCache, LogProbOfLastDrawMatchesFreshValueAndFiniteDifferences) {
  const double loc0 = 0.3, scale0 = 0.8;
  auto make = [](const Tensor& loc, const Tensor& scale) {
    return dist::TransformedDistribution(dist::Normal(loc, scale),
                                         {dist::SigmoidTransform(), dist::AffineTransform(1.0, 3.0)});
  };
  Tensor loc = scalar_tensor(loc0).requires_grad_();
  Tensor scale = scalar_tensor(scale0).requires_grad_();
  auto d = make(loc, scale);
  Generator gen(test_seed(12));
  Tensor v = d.rsample(gen, {5});
  Tensor cached = d.log_prob(v);
  Tensor fresh = d.log_prob(v.detach().clone());
  EXPECT_TRUE(near(cached.detach(), fresh, 1e-10, 1e-10));

  // d/d(loc, scale) of log q(v(loc, scale)): pathwise through the cached
  // draw, against central differences with the same noise.
  auto f = [&](double l, double s) {
    auto e = make(scalar_tensor(l), scalar_tensor(s));
    Generator g(test_seed(12));
    return e.log_prob(e.rsample(g, {5})).sum().item<double>();
  };
  std::vector<Tensor> g = autograd::grad({cached.sum()}, {loc, scale});
  const double h = 1e-6;
  EXPECT_NEAR(g[0].item<double>(), (f(loc0 + h, scale0) - f(loc0 - h, scale0)) / (2 * h), 1e-6);
  EXPECT_NEAR(g[1].item<double>(), (f(loc0, scale0 + h) - f(loc0, scale0 - h)) / (2 * h), 1e-6);
  // For this reparameterised draw log q(v) = log N(eps) - log scale - log|J(x)|
  // summed: d/dloc = -sum d log|J| / dx (nonzero), so the cache keeps the path.
  EXPECT_GT(std::fabs(g[0].item<double>()), 1e-3);

  // A saturated draw (sigmoid(40) rounds to 1 - eps) cannot be inverted
  // exactly: the cached log_prob uses the base draw itself.
  dist::TransformedDistribution sat(dist::Normal(40.0, 1.0), dist::SigmoidTransform());
  Generator g1(test_seed(13)), g2(test_seed(13));
  Tensor x = dist::Normal(40.0, 1.0).sample(g1);
  Tensor ys = sat.sample(g2);
  const double want = dist::Normal(40.0, 1.0).log_prob(x).item<double>() +
                      (softplus(-x) + softplus(x)).item<double>();
  EXPECT_NEAR(sat.log_prob(ys).item<double>(), want, 1e-9);
}

}  // namespace
}  // namespace tyche::testing
