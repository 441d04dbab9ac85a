// The Gamma family: Gamma, InverseGamma, Chi2, Beta, StudentT (one table of
// univariate rows with Boost.Math references) and Dirichlet (closed forms
// computed here). Every statistical check has a fixed seed and a stated threshold.
#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/gamma.hpp>
#include <boost/math/distributions/inverse_gamma.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <boost/math/special_functions/trigamma.hpp>

#include <memory>

#include "dist_testing.h"

namespace tyche::testing {
namespace {

namespace bm = boost::math;
using DistPtr = std::shared_ptr<const dist::Distribution>;
using Params = std::vector<double>;

// One univariate family: a constructor from parameter tensors, parameter
// ranges for random batches, Boost's log density and cdf, and a fixed
// parameter set for the goodness-of-fit checks (finite 4th moments, so the
// variance's standard error exists).
struct Row {
  const char* name;
  std::function<DistPtr(const std::vector<Tensor>&)> make;
  Params lo, hi;
  std::function<double(const Params&, double)> log_pdf, cdf;
  std::vector<Params> fixed;
};

template <class D> DistPtr ptr(D d) { return std::make_shared<const D>(std::move(d)); }

std::vector<Row> rows() {
  return {
      {"Gamma", [](auto& p) { return ptr(dist::Gamma(p[0], p[1])); }, {0.1, 0.2}, {8.0, 4.0},
       [](const Params& p, double x) { return std::log(bm::pdf(bm::gamma_distribution<>(p[0], 1 / p[1]), x)); },
       [](const Params& p, double x) { return bm::cdf(bm::gamma_distribution<>(p[0], 1 / p[1]), x); },
       {{2.5, 1.5}, {0.3, 2.0}}},
      {"InverseGamma", [](auto& p) { return ptr(dist::InverseGamma(p[0], p[1])); }, {0.5, 0.2}, {8.0, 4.0},
       [](const Params& p, double x) { return std::log(bm::pdf(bm::inverse_gamma_distribution<>(p[0], p[1]), x)); },
       [](const Params& p, double x) { return bm::cdf(bm::inverse_gamma_distribution<>(p[0], p[1]), x); },
       {{6.0, 2.0}, {0.7, 0.5}}},
      {"Chi2", [](auto& p) { return ptr(dist::Chi2(p[0])); }, {0.2}, {12.0},
       [](const Params& p, double x) { return std::log(bm::pdf(bm::chi_squared_distribution<>(p[0]), x)); },
       [](const Params& p, double x) { return bm::cdf(bm::chi_squared_distribution<>(p[0]), x); },
       {{3.0}, {0.4}}},
      {"Beta", [](auto& p) { return ptr(dist::Beta(p[0], p[1])); }, {0.1, 0.1}, {6.0, 6.0},
       [](const Params& p, double x) { return std::log(bm::pdf(bm::beta_distribution<>(p[0], p[1]), x)); },
       [](const Params& p, double x) { return bm::cdf(bm::beta_distribution<>(p[0], p[1]), x); },
       {{2.0, 3.5}, {0.05, 0.3}}},
      {"StudentT", [](auto& p) { return ptr(dist::StudentT(p[0], p[1], p[2])); }, {0.5, -2.0, 0.3}, {10.0, 2.0, 3.0},
       [](const Params& p, double x) {
         return std::log(bm::pdf(bm::students_t_distribution<>(p[0]), (x - p[1]) / p[2]) / p[2]);
       },
       [](const Params& p, double x) { return bm::cdf(bm::students_t_distribution<>(p[0]), (x - p[1]) / p[2]); },
       {{7.0, 1.0, 2.0}, {1.5, -0.5, 0.5}}},
  };
}

// Uniform values in [lo, hi] of the given shape (float64), reproducible by seed.
Tensor uniform_params(std::vector<int64_t> shape, double lo, double hi, uint64_t seed) {
  return (random_tensor(std::move(shape), seed) + 1.0) * ((hi - lo) / 2) + lo;
}

std::vector<Tensor> scalars(const Params& p) {
  std::vector<Tensor> t;
  for (double v : p) t.push_back(scalar_tensor(v));
  return t;
}

// Mean and standard error of v.
std::pair<double, double> mean_se(const std::vector<double>& v) {
  double m = 0, s = 0;
  for (double x : v) m += x;
  const double n = static_cast<double>(v.size());
  m /= n;
  for (double x : v) s += (x - m) * (x - m);
  return {m, std::sqrt(s / (n - 1) / n)};
}

TEST(GammaFamily, LogProbMatchesBoostOnRandomBatches) {
  // Batch [3] of random parameters, values [4, 3] drawn from the distribution;
  // |error| <= 1e-9 |ref| + 1e-9.
  Generator gen(1);
  uint64_t seed = 100;
  for (const Row& r : rows()) {
    std::vector<Tensor> p;
    for (size_t k = 0; k < r.lo.size(); ++k) p.push_back(uniform_params({3}, r.lo[k], r.hi[k], seed++));
    DistPtr d = r.make(p);
    ASSERT_EQ(d->batch_shape(), Shape({3})) << r.name;
    Tensor x = d->sample(gen, {4});
    ASSERT_EQ(x.sizes(), IntList({4, 3})) << r.name;
    Tensor lp = d->log_prob(x);
    for (int64_t i = 0; i < 4; ++i)
      for (int64_t j = 0; j < 3; ++j) {
        Params pj;
        for (const Tensor& t : p) pj.push_back(at(t, {j}));
        double e = r.log_pdf(pj, at(x, {i, j}));
        EXPECT_NEAR(at(lp, {i, j}), e, 1e-9 * std::fabs(e) + 1e-9) << r.name << " at " << at(x, {i, j});
      }
  }
}

TEST(GammaFamily, ShapesExpandAndMetadata) {
  Generator gen(8);
  for (const Row& r : rows()) {
    std::vector<Tensor> p;
    for (size_t k = 0; k < r.lo.size(); ++k) p.push_back(full({2, 1}, r.fixed[0][k], kFloat64));
    DistPtr d = r.make(p);
    EXPECT_TRUE(d->has_rsample()) << r.name;
    EXPECT_EQ(d->support().kind(), r.name == std::string("Beta") ? dist::Constraint::Kind::UnitInterval
                                   : r.name == std::string("StudentT") ? dist::Constraint::Kind::Real
                                                                       : dist::Constraint::Kind::Positive);
    EXPECT_EQ(d->rsample(gen, {5}).sizes(), IntList({5, 2, 1})) << r.name;
    EXPECT_EQ(d->mean().sizes(), IntList({2, 1})) << r.name;
    EXPECT_EQ(d->variance().sizes(), IntList({2, 1})) << r.name;
    EXPECT_EQ(d->entropy().sizes(), IntList({2, 1})) << r.name;
    auto e = d->expand({3, 2, 4});
    Tensor x = e.rsample(gen, {5});
    EXPECT_EQ(x.sizes(), IntList({5, 3, 2, 4})) << r.name;
    EXPECT_EQ(e.log_prob(x).sizes(), IntList({5, 3, 2, 4})) << r.name;
    EXPECT_EQ(d->clone()->name(), r.name);
  }
  dist::Dirichlet dir(full({2, 3}, 0.5, kFloat64));
  EXPECT_EQ(dir.rsample(gen, {4}).sizes(), IntList({4, 2, 3}));
  EXPECT_EQ(dir.mean().sizes(), IntList({2, 3}));
  EXPECT_EQ(dir.entropy().sizes(), IntList({2}));
  auto ind = dir.expand({5, 2});
  EXPECT_EQ(ind.rsample(gen, {1}).sizes(), IntList({1, 5, 2, 3}));
  EXPECT_EQ(ind.log_prob(ind.sample(gen)).sizes(), IntList({5, 2}));
  EXPECT_TRUE(dir.support().same_kind(dist::constraints::simplex));
  dist::Dirichlet f32(full({3}, 0.3, kFloat32));
  Tensor y = f32.rsample(gen, {1000});
  EXPECT_EQ(y.dtype(), kFloat32);
  EXPECT_LT((y.sum({-1}) - 1.0).abs().max().item<double>(), 1e-5);
  EXPECT_TRUE(isfinite(f32.log_prob(y)).all().item<bool>());
}

TEST(GammaFamily, LogProbAndEntropyGradientsMatchFiniteDifferences) {
  // d/dparams of sum(log_prob(x)) + sum(entropy()) at fixed x (and d/dx of
  // log_prob), first and second order, by autograd's central-difference check.
  Generator gen(6);
  uint64_t seed = 300;
  for (const Row& r : rows()) {
    std::vector<Tensor> p;
    for (size_t k = 0; k < r.lo.size(); ++k) p.push_back(uniform_params({2}, r.lo[k] + 0.5, r.hi[k], seed++));
    Tensor x = r.make(p)->sample(gen, {3});
    std::vector<Tensor> inputs = p;
    inputs.push_back(x);
    autograd::MultiFn f = [&](const std::vector<Tensor>& in) {
      DistPtr d = r.make(std::vector<Tensor>(in.begin(), in.end() - 1));
      return d->log_prob(in.back()).sum() + d->entropy().sum();
    };
    EXPECT_EQ(autograd::check_gradients(f, inputs), "") << r.name;
    EXPECT_EQ(autograd::check_second_gradients(f, inputs), "") << r.name;
  }
  Tensor a = tensor({0.7, 2.0, 3.5});
  Tensor x = dist::Dirichlet(a).sample(gen, {2});
  autograd::MultiFn f = [&](const std::vector<Tensor>& in) {
    dist::Dirichlet d(in[0]);
    return d.log_prob(x).sum() + d.entropy().sum();
  };
  EXPECT_EQ(autograd::check_gradients(f, {a}), "");
}

TEST(GammaFamily, SamplesFitTheCdfAndMoments) {
  // 20000 draws per parameter set: KS p > 1e-3; sample mean and variance
  // within 5 standard errors (first fixed set only: the second has heavy tails).
  uint64_t seed = 7;
  for (const Row& r : rows())
    for (size_t k = 0; k < r.fixed.size(); ++k) {
      Generator gen(seed++);
      DistPtr d = r.make(scalars(r.fixed[k]));
      Tensor x = d->sample(gen, {20000});
      const Params p = r.fixed[k];
      EXPECT_GT(ks_pvalue(x, [&](double v) { return r.cdf(p, v); }), 1e-3) << r.name << " set " << k;
      if (k == 0) expect_moments(x, d->mean(), d->variance());
    }
}

TEST(GammaFamily, Float32SamplesFitTheCdf) {
  Generator gen(3);
  for (const Row& r : rows()) {
    std::vector<Tensor> p;
    for (double v : r.fixed[0]) p.push_back(full({1}, v, kFloat32));
    DistPtr d = r.make(p);
    Tensor x = d->rsample(gen, {20000});
    EXPECT_EQ(x.dtype(), kFloat32) << r.name;
    EXPECT_GT(ks_pvalue(x.reshape({-1}), [&](double v) { return r.cdf(r.fixed[0], v); }), 1e-3) << r.name;
  }
}

TEST(GammaFamily, EntropyMatchesMonteCarlo) {
  // -mean(log_prob(x)) over 40000 draws within 5 standard errors of entropy().
  Generator gen(9);
  for (const Row& r : rows())
    for (const Params& p : r.fixed) {
      DistPtr d = r.make(scalars(p));
      Tensor lp = d->log_prob(d->sample(gen, {40000}));
      auto [m, se] = mean_se(values(lp));
      EXPECT_NEAR(d->entropy().item<double>(), -m, 5 * se) << r.name;
    }
}

TEST(GammaFamily, ClosedFormsAgainstBoost) {
  // Means, variances and a known entropy (Exponential(2) = Gamma(1, 2): 1 - log 2).
  dist::Gamma g(tensor({2.0, 0.5}), 4.0);
  EXPECT_TRUE(near(g.mean(), {0.5, 0.125}, 1e-14));
  EXPECT_TRUE(near(g.variance(), {0.125, 0.5 / 16}, 1e-14));
  EXPECT_NEAR(dist::Gamma(1.0, 2.0).entropy().item<double>(), 1 - std::log(2.0), 1e-14);
  EXPECT_NEAR(dist::Chi2(2.0).entropy().item<double>(), 1 + std::log(2.0), 1e-14);  // Exponential(1/2)
  EXPECT_NEAR(dist::Beta(1.0, 1.0).entropy().item<double>(), 0.0, 1e-14);
  EXPECT_NEAR(dist::StudentT(1.0).entropy().item<double>(), std::log(4 * M_PI), 1e-12);  // Cauchy
  EXPECT_TRUE(near(dist::Chi2(tensor({3.0, 5.0})).mean(), {3.0, 5.0}, 1e-14));
  EXPECT_TRUE(near(dist::Chi2(tensor({3.0, 5.0})).variance(), {6.0, 10.0}, 1e-14));
  EXPECT_TRUE(near(dist::InverseGamma(tensor({0.5, 1.5, 3.0}), 2.0).mean(), {INFINITY, 4.0, 1.0}, 1e-14));
  EXPECT_TRUE(near(dist::InverseGamma(tensor({1.5, 3.0}), 2.0).variance(), {INFINITY, 1.0}, 1e-14));
  bm::beta_distribution<> b(2.0, 3.0);
  EXPECT_NEAR(dist::Beta(2.0, 3.0).mean().item<double>(), bm::mean(b), 1e-14);
  EXPECT_NEAR(dist::Beta(2.0, 3.0).variance().item<double>(), bm::variance(b), 1e-14);
  dist::StudentT t(tensor({0.5, 1.5, 4.0}), 1.0, 2.0);
  EXPECT_TRUE(near(t.mean(), {NAN, 1.0, 1.0}));
  EXPECT_TRUE(near(t.variance(), {NAN, INFINITY, 8.0}, 1e-14));
  EXPECT_EQ(t.batch_shape(), Shape({3}));
}

TEST(GammaFamily, BetaAndDirichletAtTheSupportBoundary) {
  // x^(a-1) with a = 1 is 1 at x = 0: finite log densities and gradients there.
  Tensor a = scalar_tensor(1.0).requires_grad_(), b = scalar_tensor(2.0).requires_grad_();
  Tensor lp = dist::Beta(a, b).log_prob(tensor({0.0, 0.25}));
  EXPECT_TRUE(near(lp, {std::log(2.0), std::log(2 * 0.75)}, 1e-14));
  lp.sum().backward();
  EXPECT_TRUE(std::isfinite(a.grad().item<double>()));
  EXPECT_TRUE(std::isfinite(b.grad().item<double>()));
  EXPECT_EQ(dist::Beta(2.0, 1.0).log_prob(scalar_tensor(1.0)).item<double>(), std::log(2.0));
  EXPECT_EQ(dist::Beta(0.5, 1.0).log_prob(scalar_tensor(0.0)).item<double>(), INFINITY);
  EXPECT_NEAR(dist::Dirichlet(tensor({1.0, 2.0, 1.0})).log_prob(tensor({0.0, 0.5, 0.5})).item<double>(),
              std::lgamma(4.0) + std::log(0.5), 1e-14);
}

TEST(GammaFamily, Chi2IsAGamma) {
  dist::Chi2 c(tensor({1.0, 4.0}));
  const dist::Gamma* g = &c;
  EXPECT_EQ(g->name(), "Chi2");
  EXPECT_TRUE(near(g->concentration(), {0.5, 2.0}, 0));
  EXPECT_TRUE(near(g->rate(), {0.5}, 0));
  EXPECT_TRUE(near(c.df(), {1.0, 4.0}, 0));
  auto copy = c.clone();
  EXPECT_EQ(copy->name(), "Chi2");
  EXPECT_NE(dynamic_cast<const dist::Gamma*>(copy.get()), nullptr);
}

// ---------------------------------------------------------------- Dirichlet

// log density by a direct computation.
double dirichlet_log_pdf(const Params& a, const Params& x) {
  double a0 = 0, lp = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    a0 += a[i];
    lp += (a[i] - 1) * std::log(x[i]) - std::lgamma(a[i]);
  }
  return lp + std::lgamma(a0);
}

TEST(Dirichlet, LogProbMatchesClosedFormOnBatches) {
  Generator gen(4);
  Tensor a = uniform_params({2, 4}, 0.2, 5.0, 77);
  dist::Dirichlet d(a);
  EXPECT_EQ(d.batch_shape(), Shape({2}));
  EXPECT_EQ(d.event_shape(), Shape({4}));
  Tensor x = d.sample(gen, {3});
  ASSERT_EQ(x.sizes(), IntList({3, 2, 4}));
  Tensor lp = d.log_prob(x);
  ASSERT_EQ(lp.sizes(), IntList({3, 2}));
  for (int64_t s = 0; s < 3; ++s)
    for (int64_t b = 0; b < 2; ++b) {
      Params av, xv;
      for (int64_t k = 0; k < 4; ++k) {
        av.push_back(at(a, {b, k}));
        xv.push_back(at(x, {s, b, k}));
      }
      double e = dirichlet_log_pdf(av, xv);
      EXPECT_NEAR(at(lp, {s, b}), e, 1e-10 * std::fabs(e) + 1e-10);
    }
}

TEST(Dirichlet, MarginalsAreBetaAndMomentsMatch) {
  // 20000 draws: each marginal x_i ~ Beta(a_i, a0 - a_i) (KS p > 1e-3); sums are 1.
  for (const Params& a : {Params{2.0, 0.5, 3.5}, Params{0.05, 0.2, 0.1}}) {
    Generator gen(31);
    dist::Dirichlet d(tensor(a));
    Tensor x = d.sample(gen, {20000});
    EXPECT_LT((x.sum({-1}) - 1.0).abs().max().item<double>(), 1e-12);
    double a0 = a[0] + a[1] + a[2];
    for (int64_t i = 0; i < 3; ++i) {
      bm::beta_distribution<> m(a[i], a0 - a[i]);
      EXPECT_GT(ks_pvalue(x.select(1, i).contiguous(), [&](double v) { return bm::cdf(m, v); }), 1e-3)
          << "marginal " << i << " of a = " << a[0];
    }
    expect_moments(x, d.mean(), d.variance());
  }
}

TEST(Dirichlet, EntropyMatchesMonteCarloAndBeta) {
  Generator gen(12);
  dist::Dirichlet d(tensor({1.5, 0.7, 4.0}));
  Tensor lp = d.log_prob(d.sample(gen, {40000}));
  auto [m, se] = mean_se(values(lp));
  EXPECT_NEAR(d.entropy().item<double>(), -m, 5 * se);
  // A 2-category Dirichlet is a Beta on its first coordinate: entropies agree.
  EXPECT_NEAR(dist::Dirichlet(tensor({2.0, 3.0})).entropy().item<double>(),
              dist::Beta(2.0, 3.0).entropy().item<double>(), 1e-13);
  EXPECT_NEAR(dist::Dirichlet(tensor({1.0, 1.0, 1.0})).entropy().item<double>(), -std::log(2.0), 1e-14);
}

// ---------------------------------------------------------------- gradients

// Per-draw pathwise gradients: the parameter is a leaf of n equal elements (one
// per draw), so element i's gradient is draw i's. Their mean must lie within
// 5 standard errors of expected.
void expect_pathwise(const std::function<Tensor(const Tensor&)>& f, double p0, double expected, const char* what,
                     int64_t n = 100000) {
  Tensor p = full({n}, p0, kFloat64).requires_grad_();
  f(p).sum().backward();
  auto [m, se] = mean_se(values(p.grad()));
  EXPECT_NEAR(m, expected, 5 * se) << what << " (se " << se << ")";
}

TEST(GammaFamily, PathwiseGradientsMatchClosedForms) {
  Generator gen(41);
  const double c = 2.5, rate = 1.5;
  expect_pathwise([&](const Tensor& p) { return dist::Gamma(p, rate).rsample(gen); }, c, 1 / rate,
                  "Gamma d/dc E[x]");
  expect_pathwise([&](const Tensor& p) { return dist::Gamma(c, p).rsample(gen); }, rate, -c / (rate * rate),
                  "Gamma d/drate E[x]");
  expect_pathwise([&](const Tensor& p) { return dist::Gamma(p, 1.0).rsample(gen); }, 0.2, 1.0,
                  "Gamma(0.2) d/dc E[x]");
  // InverseGamma(5, 2): E[x] = rate / (c - 1).
  expect_pathwise([&](const Tensor& p) { return dist::InverseGamma(p, 2.0).rsample(gen); }, 5.0, -2.0 / 16,
                  "InverseGamma d/dc E[x]");
  expect_pathwise([&](const Tensor& p) { return dist::InverseGamma(5.0, p).rsample(gen); }, 2.0, 0.25,
                  "InverseGamma d/drate E[x]");
  // Chi2: E[x] = df, E[log x] = log 2 + digamma(df / 2).
  expect_pathwise([&](const Tensor& p) { return dist::Chi2(p).rsample(gen); }, 3.0, 1.0, "Chi2 d/ddf E[x]");
  expect_pathwise([&](const Tensor& p) { return log(dist::Chi2(p).rsample(gen)); }, 3.0,
                  0.5 * bm::trigamma(1.5), "Chi2 d/ddf E[log x]");
  // Beta: E[x] = a / (a + b), including small concentrations (log-space draws).
  for (auto [a, b] : {std::pair{2.0, 3.0}, std::pair{0.05, 0.3}, std::pair{0.5, 0.02}}) {
    expect_pathwise([&](const Tensor& p) { return dist::Beta(p, b).rsample(gen); }, a, b / ((a + b) * (a + b)),
                    "Beta d/da E[x]");
    expect_pathwise([&](const Tensor& p) { return dist::Beta(a, p).rsample(gen); }, b, -a / ((a + b) * (a + b)),
                    "Beta d/db E[x]");
  }
  // StudentT(9): E[x^2] = df / (df - 2), so d/ddf E[x^2] = -2 / (df - 2)^2.
  expect_pathwise([&](const Tensor& p) { return dist::StudentT(p).rsample(gen).pow(2); }, 9.0, -2.0 / 49,
                  "StudentT d/ddf E[x^2]");
}

TEST(Dirichlet, PathwiseGradientsMatchClosedForms) {
  // E[x_0] = a_0 / a0: d/da_0 = (a0 - a_0) / a0^2, d/da_1 = -a_0 / a0^2; per-draw
  // gradients over 1e5 draws within 5 standard errors.
  for (const Params& a : {Params{1.5, 0.5, 3.0}, Params{0.1, 0.3, 0.05}}) {
    Generator gen(43);
    const int64_t n = 100000;
    Tensor conc = tensor(a).expand({n, 3}).contiguous().requires_grad_();
    dist::Dirichlet(conc).rsample(gen).select(1, 0).sum().backward();
    const double a0 = a[0] + a[1] + a[2];
    const double expected[] = {(a0 - a[0]) / (a0 * a0), -a[0] / (a0 * a0), -a[0] / (a0 * a0)};
    for (int64_t k = 0; k < 3; ++k) {
      auto [m, se] = mean_se(values(conc.grad().select(1, k).contiguous()));
      EXPECT_NEAR(m, expected[k], 5 * se) << "d/da_" << k << " E[x_0], a_0 = " << a[0];
    }
  }
}

TEST(StudentT, RsampleGradientsMatchFiniteDifferences) {
  Tensor df = tensor({3.0, 7.0}), loc = tensor({0.3, -1.0}).requires_grad_(),
         scale = tensor({0.5, 2.0}).requires_grad_();
  expect_rsample_gradients(
      [&](const std::vector<Tensor>& p, Generator& g) { return dist::StudentT(df, p[0], p[1]).rsample(g, {3}); },
      {loc, scale});
}

TEST(Beta, GuideTrainsTowardsTarget) {
  // q = Beta(softplus(u), softplus(v)) maximising E_q[log p(x)] + H(q) (the ELBO
  // against p = Beta(3, 5), i.e. minimising KL(q || p)) with 128 draws per step,
  // 600 Adam steps; the iterates averaged over the last 200 steps are within
  // 10% of (3, 5).
  Generator gen(2);
  const double init = std::log(std::expm1(1.0));  // softplus^-1(1)
  Tensor u = scalar_tensor(init).requires_grad_(), v = scalar_tensor(init).requires_grad_();
  optim::Adam opt({u, v}, {.lr = 0.05});
  dist::Beta target(3.0, 5.0);
  double a_avg = 0, b_avg = 0;
  for (int step = 0; step < 600; ++step) {
    opt.zero_grad();
    dist::Beta q(softplus(u), softplus(v));
    Tensor x = q.rsample(gen, {128});
    Tensor loss = -(target.log_prob(x).mean() + q.entropy());
    loss.backward();
    opt.step();
    if (step >= 400) {
      a_avg += softplus(u).item<double>() / 200;
      b_avg += softplus(v).item<double>() / 200;
    }
  }
  EXPECT_NEAR(a_avg, 3.0, 0.3);
  EXPECT_NEAR(b_avg, 5.0, 0.5);
}

// ---------------------------------------------------------------- validation

TEST(GammaFamily, ValidationNamesDistributionParameterAndValue) {
  EXPECT_ERROR(dist::Gamma(-1.0, 1.0), "Gamma", "concentration", "positive", "-1");
  EXPECT_ERROR(dist::Gamma(1.0, 0.0), "Gamma", "rate", "positive", "0");
  EXPECT_ERROR(dist::InverseGamma(tensor({1.0, -2.5}), 1.0), "InverseGamma", "concentration", "-2.5");
  EXPECT_ERROR(dist::Chi2(-2.0), "Chi2", "df", "positive", "-2");
  EXPECT_ERROR(dist::Beta(1.0, -0.5), "Beta", "concentration0", "-0.5");
  EXPECT_ERROR(dist::Beta(0.0, 1.0), "Beta", "concentration1", "0");
  EXPECT_ERROR(dist::StudentT(0.0), "StudentT", "df", "0");
  EXPECT_ERROR(dist::StudentT(1.0, 0.0, -3.0), "StudentT", "scale", "-3");
  EXPECT_ERROR(dist::Dirichlet(tensor({1.0, -1.0})), "Dirichlet", "concentration", "positive", "-1");
  EXPECT_ERROR(dist::Dirichlet(scalar_tensor(1.0)), "Dirichlet", "concentration", "dim");
  EXPECT_ERROR(dist::Gamma(zeros({2}) + 1.0, zeros({3}) + 1.0), "Gamma", "[2]", "[3]");
  EXPECT_ERROR(dist::Gamma(2.0, 1.0).log_prob(scalar_tensor(-1.0)), "Gamma", "outside the support", "positive");
  EXPECT_ERROR(dist::InverseGamma(2.0, 1.0).log_prob(scalar_tensor(0.0)), "InverseGamma", "outside the support");
  EXPECT_ERROR(dist::Chi2(2.0).log_prob(scalar_tensor(-3.0)), "Chi2", "outside the support", "-3");
  EXPECT_ERROR(dist::Beta(2.0, 1.0).log_prob(scalar_tensor(1.5)), "Beta", "outside the support", "unit_interval",
               "1.5");
  EXPECT_ERROR(dist::Dirichlet(tensor({1.0, 1.0})).log_prob(tensor({0.5, 0.6})), "Dirichlet", "outside the support",
               "simplex");
  EXPECT_ERROR(dist::Dirichlet(tensor({1.0, 1.0})).log_prob(tensor({0.5, 0.2, 0.3})), "Dirichlet", "event shape");
  dist::ValidationGuard off(false);
  EXPECT_NO_THROW(dist::Gamma(-1.0, 1.0));
}

}  // namespace
}  // namespace tyche::testing
