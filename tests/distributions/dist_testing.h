#pragma once
// Generic checks shared by the distribution tests (NumPyro-style tables):
//  - log_prob against a reference density (Boost.Math) element by element;
//  - goodness of fit of draws: a KS test against a CDF, a chi-square test
//    against a pmf, sample mean/variance against the closed forms;
//  - shapes of sample / log_prob for sample_shape + batch_shape + event_shape;
//  - rsample gradients against finite differences of a fixed-noise objective.
// Every statistical check uses a fixed seed and states its threshold, so a
// pass or failure is deterministic.
#include <gtest/gtest.h>
#include <tyche/tyche.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <vector>

#include <boost/math/distributions/chi_squared.hpp>

#include "../test_util.h"

namespace tyche::testing {

// P(K > t) for the Kolmogorov distribution (asymptotic KS p-value of sqrt(n) D).
inline double kolmogorov_sf(double t) {
  if (t < 0.2) return 1.0;
  double s = 0;
  for (int k = 1; k <= 100; ++k) s += (k % 2 ? 2.0 : -2.0) * std::exp(-2.0 * k * k * t * t);
  return std::clamp(s, 0.0, 1.0);
}

// One-sample KS test of draws (a 1-D float tensor) against cdf; returns the p-value.
inline double ks_pvalue(const Tensor& draws, const std::function<double(double)>& cdf) {
  std::vector<double> x = values(draws);
  std::sort(x.begin(), x.end());
  const double n = static_cast<double>(x.size());
  double d = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    double f = cdf(x[i]);
    d = std::max({d, (i + 1) / n - f, f - i / n});
  }
  // Stephens' small-sample correction of the statistic.
  double t = d * (std::sqrt(n) + 0.12 + 0.11 / std::sqrt(n));
  return kolmogorov_sf(t);
}

// Pearson chi-square test of integer draws against pmf over k = lo..hi, with
// bins of expected count < 5 pooled into their neighbours (and the mass
// outside [lo, hi] pooled into the end bins); returns the p-value.
inline double chi_square_pvalue(const Tensor& draws, const std::function<double(int64_t)>& pmf, int64_t lo,
                                int64_t hi) {
  std::vector<double> x = values(draws);
  const double n = static_cast<double>(x.size());
  std::map<int64_t, double> counts;
  for (double v : x) counts[static_cast<int64_t>(std::llround(v))] += 1;
  std::vector<double> obs, expct;
  double acc_o = 0, acc_e = 0, mass = 0;
  for (int64_t k = lo; k <= hi; ++k) mass += pmf(k);
  for (int64_t k = lo; k <= hi; ++k) {
    acc_o += counts[k];
    acc_e += n * pmf(k);
    if (k == lo) {  // values below lo count in the first bin
      for (auto& [v, c] : counts)
        if (v < lo) acc_o += c;
      acc_e += n * 0;  // pmf outside [lo, hi] is pooled into the last bin below
    }
    if (acc_e >= 5) {
      obs.push_back(acc_o);
      expct.push_back(acc_e);
      acc_o = acc_e = 0;
    }
  }
  for (auto& [v, c] : counts)
    if (v > hi) acc_o += c;
  acc_e += n * (1.0 - mass);
  if (!obs.empty()) {
    obs.back() += acc_o;
    expct.back() += acc_e;
  }
  if (obs.size() < 2) return 1.0;
  double chi2 = 0;
  for (size_t i = 0; i < obs.size(); ++i) chi2 += (obs[i] - expct[i]) * (obs[i] - expct[i]) / expct[i];
  boost::math::chi_squared dist(static_cast<double>(obs.size() - 1));
  return boost::math::cdf(boost::math::complement(dist, chi2));
}

// Sample mean and variance of draws (over dim 0) against the distribution's
// mean() and variance(), within z standard errors (the variance's standard
// error from the sample fourth moment).
inline void expect_moments(const Tensor& draws, const Tensor& mean, const Tensor& variance, double z = 5.0) {
  Tensor x = draws.to(kFloat64);
  const double n = static_cast<double>(x.size(0));
  Tensor m = x.mean({0});
  Tensor c = x - m;
  Tensor v = (c * c).mean({0});
  Tensor m4 = c.pow(4).mean({0});
  std::vector<double> mv = values(m), vv = values(v), m4v = values(m4);
  std::vector<double> me = values(mean.to(kFloat64).expand(m.sizes()).contiguous());
  std::vector<double> ve = values(variance.to(kFloat64).expand(m.sizes()).contiguous());
  for (size_t i = 0; i < mv.size(); ++i) {
    EXPECT_NEAR(mv[i], me[i], z * std::sqrt(ve[i] / n) + 1e-12) << "mean, element " << i;
    EXPECT_NEAR(vv[i], ve[i], z * std::sqrt(std::max(m4v[i] - vv[i] * vv[i], 0.0) / n) + 1e-12)
        << "variance, element " << i;
  }
}

// d.log_prob(values) against ref(values[i]) element by element.
inline void expect_log_prob(const dist::Distribution& d, const Tensor& x, const std::function<double(double)>& ref,
                            double rtol = 1e-10, double atol = 1e-12) {
  Tensor lp = d.log_prob(x);
  std::vector<double> xv = values(x.expand(lp.sizes()).contiguous()), lv = values(lp);
  ASSERT_EQ(xv.size(), lv.size());
  for (size_t i = 0; i < xv.size(); ++i) {
    double e = ref(xv[i]);
    EXPECT_NEAR(lv[i], e, atol + rtol * std::fabs(e)) << d.name() << " log_prob at " << xv[i];
  }
}

// f(params) = sum(w * d(params).rsample(gen)) with the generator copied, so each
// call draws the same noise; its gradient by autograd against central differences.
inline void expect_rsample_gradients(
    const std::function<Tensor(const std::vector<Tensor>&, Generator&)>& rsample,
    const std::vector<Tensor>& params, uint64_t seed = 7) {
  autograd::MultiFn f = [&](const std::vector<Tensor>& p) {
    Generator gen(seed);
    Tensor x = rsample(p, gen);
    Tensor w = linspace(0.5, 1.5, x.numel(), kFloat64).reshape(x.sizes());
    return (x * w).sum();
  };
  EXPECT_EQ(autograd::check_gradients(f, params), "");
}

}  // namespace tyche::testing

namespace tyche::testing {

// kl_divergence(p, q) against the Monte Carlo mean of log p(x) - log q(x) over
// n draws of p, within z standard errors (elementwise over the batch).
inline void expect_kl_matches_monte_carlo(const dist::Distribution& p, const dist::Distribution& q,
                                          uint64_t seed = 5, int64_t n = 200000, double z = 5.0) {
  Generator gen(seed);
  Tensor kl = dist::kl_divergence(p, q).to(kFloat64);
  Tensor x = p.sample(gen, {n});
  Tensor d = (p.log_prob(x) - q.log_prob(x)).to(kFloat64);
  Tensor m = d.mean({0});
  Tensor se = (d.var({0}) / static_cast<double>(n)).sqrt();
  std::vector<double> kv = values(kl.expand(m.sizes()).contiguous()), mv = values(m), sv = values(se);
  ASSERT_EQ(kv.size(), mv.size());
  for (size_t i = 0; i < kv.size(); ++i)
    EXPECT_NEAR(kv[i], mv[i], z * sv[i] + 1e-9) << "KL(" << p.name() << " || " << q.name() << "), element " << i;
}

}  // namespace tyche::testing
