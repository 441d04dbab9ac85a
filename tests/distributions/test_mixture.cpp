// MixtureSameFamily: log_prob against the explicit weighted sum of component
// densities, moments by the law of total variance, a KS test of draws
// against the mixture CDF, batches, event dims, and argument errors.
#include <boost/math/distributions/normal.hpp>

#include "dist_testing.h"

namespace tyche::testing {
namespace {

TEST(MixtureSameFamily, NormalMixtureLogProbMomentsAndDraws) {
  std::vector<double> w{0.2, 0.5, 0.3}, mu{-2.0, 0.0, 3.0}, sd{0.5, 1.0, 0.8};
  dist::MixtureSameFamily m(dist::Categorical(tensor({0.2, 0.5, 0.3})),
                            dist::Normal(tensor({-2.0, 0.0, 3.0}), tensor({0.5, 1.0, 0.8})));
  EXPECT_EQ(m.batch_shape(), Shape({}));
  EXPECT_EQ(m.event_shape(), Shape({}));
  auto pdf = [&](double x) {
    double p = 0;
    for (int k = 0; k < 3; ++k) p += w[k] * boost::math::pdf(boost::math::normal_distribution<double>(mu[k], sd[k]), x);
    return p;
  };
  auto cdf = [&](double x) {
    double p = 0;
    for (int k = 0; k < 3; ++k) p += w[k] * boost::math::cdf(boost::math::normal_distribution<double>(mu[k], sd[k]), x);
    return p;
  };
  expect_log_prob(m, tensor({-3.0, -1.0, 0.5, 2.0, 8.0}), [&](double x) { return std::log(pdf(x)); });
  EXPECT_NEAR(m.cdf(scalar_tensor(0.7)).item<double>(), cdf(0.7), 1e-14);
  double mean = 0, second = 0;
  for (int k = 0; k < 3; ++k) {
    mean += w[k] * mu[k];
    second += w[k] * (sd[k] * sd[k] + mu[k] * mu[k]);
  }
  EXPECT_NEAR(m.mean().item<double>(), mean, 1e-14);
  EXPECT_NEAR(m.variance().item<double>(), second - mean * mean, 1e-13);
  Generator gen(12);
  Tensor x = m.sample(gen, {20000});
  ASSERT_EQ(x.sizes(), IntList({20000}));
  EXPECT_GT(ks_pvalue(x, cdf), 1e-3);
  expect_moments(x, m.mean(), m.variance());
}

TEST(MixtureSameFamily, BatchedMultivariateComponents) {
  // batch [2], K = 2 components of MVN in d = 2.
  Tensor loc = tensor({0.0, 0.0, 5.0, 5.0, -1.0, 1.0, 1.0, -1.0}).reshape({2, 2, 2});
  dist::MultivariateNormal comp(loc, dist::ScaleTril(eye(2, std::nullopt, kFloat64)));
  dist::Categorical mix(tensor({0.5, 0.5, 0.9, 0.1}).reshape({2, 2}));
  dist::MixtureSameFamily m(mix, comp);
  EXPECT_EQ(m.batch_shape(), Shape({2}));
  EXPECT_EQ(m.event_shape(), Shape({2}));
  Tensor v = tensor({0.5, 0.5, 0.5, 0.5}).reshape({2, 2});
  Tensor lp = m.log_prob(v);
  ASSERT_EQ(lp.sizes(), IntList({2}));
  for (int64_t b = 0; b < 2; ++b) {
    double p = 0;
    for (int64_t k = 0; k < 2; ++k) {
      double d2 = 0;
      for (int64_t j = 0; j < 2; ++j) d2 += std::pow(0.5 - at(loc, {b, k, j}), 2);
      p += at(mix.probs(), {b, k}) * std::exp(-0.5 * d2) / (2 * M_PI);
    }
    EXPECT_NEAR(at(lp, {b}), std::log(p), 1e-12);
  }
  Generator gen(3);
  Tensor x = m.sample(gen, {20000});
  ASSERT_EQ(x.sizes(), IntList({20000, 2, 2}));
  expect_moments(x, m.mean(), m.variance());
}

TEST(MixtureSameFamily, Errors) {
  dist::Normal comp(tensor({0.0, 1.0}), 1.0);
  EXPECT_ERROR(dist::MixtureSameFamily(dist::Normal(0.0, 1.0), comp), "MixtureSameFamily", "Categorical");
  EXPECT_ERROR(dist::MixtureSameFamily(dist::Categorical(tensor({0.2, 0.3, 0.5})), comp), "MixtureSameFamily", "3 categories");
  EXPECT_ERROR(dist::MixtureSameFamily(dist::Categorical(tensor({1.0})), dist::Normal(0.0, 1.0)), "batch dim");
}

}  // namespace
}  // namespace tyche::testing
