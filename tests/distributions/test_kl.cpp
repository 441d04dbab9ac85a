// kl_divergence for every registered pair: against a Monte Carlo estimate of
// E_p[log p - log q] (dist_testing.h, 5 standard errors over 2e5 draws), a
// closed form where one is short, zero for identical arguments, and
// gradients by finite differences.
#include "dist_testing.h"

namespace tyche::testing {
namespace {

TEST(KL, MultivariateNormalBatchedAgainstMonteCarlo) {
  Tensor l1 = tensor({1.0, 0.0, 0.0, 0.3, 0.8, 0.0, -0.2, 0.1, 1.2}).reshape({3, 3});
  Tensor l2 = tensor({1.5, 0.0, 0.0, -0.4, 1.1, 0.0, 0.2, 0.3, 0.7}).reshape({3, 3});
  dist::MultivariateNormal p(tensor({0.0, 0.5, -0.5, 1.0, 0.0, 0.2}).reshape({2, 3}), dist::ScaleTril(l1));
  dist::MultivariateNormal q(tensor({0.3, 0.0, 0.1}), dist::ScaleTril(l2));
  expect_kl_matches_monte_carlo(p, q);
  EXPECT_EQ(dist::kl_divergence(p, q).sizes(), IntList({2}));
  EXPECT_NEAR(dist::kl_divergence(p, p).abs().sum().item<double>(), 0.0, 1e-12);
  // Diagonal covariances: the sum of univariate KLs.
  dist::MultivariateNormal a(tensor({0.0, 1.0}), dist::Covariance(tensor({{4.0, 0.0}, {0.0, 0.25}})));
  dist::MultivariateNormal b(tensor({1.0, -1.0}), dist::Covariance(tensor({{1.0, 0.0}, {0.0, 2.0}})));
  double want = dist::kl_divergence(dist::Normal(tensor({0.0, 1.0}), tensor({2.0, 0.5})),
                                    dist::Normal(tensor({1.0, -1.0}), tensor({1.0, std::sqrt(2.0)})))
                    .sum()
                    .item<double>();
  EXPECT_NEAR(dist::kl_divergence(a, b).item<double>(), want, 1e-12);
  Tensor mu = tensor({0.1, -0.3}).requires_grad_();
  Tensor L = tensor({{1.0, 0.0}, {0.4, 0.9}}).requires_grad_();
  EXPECT_EQ(autograd::check_gradients(
                [&](const std::vector<Tensor>& x) { return dist::kl_divergence(dist::MultivariateNormal(x[0], dist::ScaleTril(tril(x[1]))), b); },
                {mu, L}),
            "");
}

TEST(KL, GammaFamilyAgainstMonteCarlo) {
  dist::Gamma g1(tensor({2.0, 0.7}), tensor({1.5, 3.0})), g2(tensor({3.0, 1.2}), tensor({1.0, 2.0}));
  expect_kl_matches_monte_carlo(g1, g2);
  // Chi2 is a Gamma(df / 2, 1 / 2): the Gamma pair applies.
  dist::Chi2 c(4.0);
  EXPECT_NEAR(dist::kl_divergence(c, dist::Gamma(2.0, 0.5)).item<double>(), 0.0, 1e-14);
  expect_kl_matches_monte_carlo(c, dist::Gamma(1.5, 0.3));
  dist::Beta b1(tensor({2.0, 0.5}), tensor({3.0, 0.8})), b2(tensor({1.0, 2.0}), tensor({1.0, 4.0}));
  expect_kl_matches_monte_carlo(b1, b2);
  dist::Dirichlet d1(tensor({1.0, 2.0, 3.0})), d2(tensor({2.0, 0.5, 1.5}));
  expect_kl_matches_monte_carlo(d1, d2);
  // Beta(a, b) is the 2-component Dirichlet(a, b).
  EXPECT_NEAR(dist::kl_divergence(dist::Beta(2.0, 3.0), dist::Beta(1.0, 4.0)).item<double>(),
              dist::kl_divergence(dist::Dirichlet(tensor({2.0, 3.0})), dist::Dirichlet(tensor({1.0, 4.0}))).item<double>(),
              1e-13);
  Tensor a = tensor({2.0, 0.7}).requires_grad_(), r = tensor({1.5, 3.0}).requires_grad_();
  EXPECT_EQ(autograd::check_gradients(
                [&](const std::vector<Tensor>& x) { return dist::kl_divergence(dist::Gamma(x[0], x[1]), g2).sum(); },
                {a, r}),
            "");
}

TEST(KL, DiscretePairsAgainstMonteCarloAndClosedForms) {
  dist::Bernoulli b1(tensor({0.2, 0.9, 0.5})), b2(dist::Logits(tensor({0.3, -1.0, 2.0})));
  expect_kl_matches_monte_carlo(b1, b2);
  // p = 0 contributes no 0 * log 0 NaN: KL(Bern(0) || Bern(q)) = -log(1 - q).
  EXPECT_NEAR(dist::kl_divergence(dist::Bernoulli(0.0), dist::Bernoulli(0.25)).item<double>(), -std::log(0.75), 1e-14);
  dist::Categorical c1(tensor({0.1, 0.2, 0.7, 0.5, 0.5, 0.0}).reshape({2, 3}));
  dist::Categorical c2(dist::Logits(tensor({0.0, 1.0, -1.0})));
  expect_kl_matches_monte_carlo(c1, c2);
  EXPECT_TRUE(std::isfinite(dist::kl_divergence(c1, c2).sum().item<double>()));
  dist::Poisson p1(tensor({0.5, 3.0, 20.0})), p2(tensor({1.0, 2.0, 25.0}));
  expect_kl_matches_monte_carlo(p1, p2);
  EXPECT_NEAR(at(dist::kl_divergence(p1, p2), {0}), 0.5 * std::log(0.5) - 0.5 + 1.0, 1e-14);
  Tensor l = tensor({0.3, -0.4}).requires_grad_();
  EXPECT_EQ(autograd::check_gradients(
                [&](const std::vector<Tensor>& x) {
                  return dist::kl_divergence(dist::Bernoulli(dist::Logits(x[0])), dist::Bernoulli(0.6)).sum() +
                         dist::kl_divergence(dist::Categorical(dist::Logits(x[0])), dist::Categorical(tensor({0.3, 0.7})));
                },
                {l}),
            "");
}

TEST(KL, ExponentialAndIndependentOfRegisteredPairs) {
  dist::Exponential e1(tensor({0.5, 2.0})), e2(tensor({1.0, 0.3}));
  expect_kl_matches_monte_carlo(e1, e2);
  // Exponential(r) is Gamma(1, r): the two registered forms agree.
  EXPECT_NEAR(at(dist::kl_divergence(e1, e2), {1}),
              dist::kl_divergence(dist::Gamma(1.0, 2.0), dist::Gamma(1.0, 0.3)).item<double>(), 1e-13);
  // Independent over a registered pair sums over the reinterpreted dims, also
  // for batched event dims.
  dist::Gamma g1(tensor({1.0, 2.0, 3.0, 4.0}).reshape({2, 2}), 1.0), g2(2.0, tensor({0.5, 1.5}));
  Tensor k = dist::kl_divergence(g1.to_event(1), g2.expand({2, 2}).to_event(1));
  ASSERT_EQ(k.sizes(), IntList({2}));
  EXPECT_TRUE(allclose(k, dist::kl_divergence(g1, g2).sum({-1}), 1e-13, 1e-13));
  expect_kl_matches_monte_carlo(g1.to_event(1), g2.expand({2, 2}).to_event(1));
  // A pair without a form names both distributions.
  EXPECT_ERROR(dist::kl_divergence(dist::Gamma(1.0, 1.0), dist::LogNormal(0.0, 1.0)), "no analytic KL", "Gamma",
               "LogNormal");
  EXPECT_ERROR(dist::kl_divergence(dist::Normal(0.0, 1.0), dist::Normal(zeros({2}), 1.0).to_event(1)), "event shapes");
}

}  // namespace
}  // namespace tyche::testing
