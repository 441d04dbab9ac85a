// tyche::gamma's implicit-reparameterisation gradient (autograd/src/ops/random_ops.cpp):
// per-sample dx/dalpha against differences of the inverse CDF at fixed u, and
// the pathwise gradients' expectations against closed forms.
#include <boost/math/special_functions/gamma.hpp>
#include <boost/math/special_functions/trigamma.hpp>

#include <tyche/native.h>

#include "dist_testing.h"

namespace tyche::testing {
namespace {

namespace bm = boost::math;

// dx/dalpha at fixed u by Richardson-extrapolated central differences of
// x(alpha) = P^-1(alpha, u) (error O(h^4)); the step shrinks with |log x|,
// the scale on which x moves with alpha for small x.
double inverse_cdf_derivative(double a, double x) {
  const double u = bm::gamma_p(a, x);
  const double h = 1e-3 * a / (1 + std::fabs(std::log(x)));
  auto d = [&](double s) { return (bm::gamma_p_inv(a + s, u) - bm::gamma_p_inv(a - s, u)) / (2 * s); };
  return (4 * d(h / 2) - d(h)) / 3;
}

// Per-draw gradients: alpha is a leaf with one element per draw.
std::pair<std::vector<double>, std::vector<double>> draws_and_grads(double a, int64_t n, uint64_t seed) {
  Generator gen(seed);
  Tensor alpha = full({n}, a, kFloat64).requires_grad_();
  Tensor x = gamma(alpha, gen);
  EXPECT_STREQ(x.grad_fn_name(), "gamma");
  x.sum().backward();
  return {values(x), values(alpha.grad())};
}

const double kAlphas[] = {0.05, 0.3, 1.0, 2.5, 10.0, 100.0};

TEST(GammaGrad, PerSampleMatchesInverseCdfDifferences) {
  // Relative tolerance 1e-6 (the kernel's own error is below 1e-11; the
  // reference's, from gamma_p_inv's rounding, below about 1e-9).
  for (double a : kAlphas) {
    auto [x, g] = draws_and_grads(a, 300, 17);
    for (size_t i = 0; i < x.size(); ++i) {
      double ref = inverse_cdf_derivative(a, x[i]);
      EXPECT_NEAR(g[i], ref, 1e-6 * std::fabs(ref)) << "alpha " << a << ", x " << x[i];
    }
  }
}

TEST(GammaGrad, KernelCoversBothTailsAndBothMethods) {
  // x below and above 1 (series and differences), far into either tail.
  for (double a : {0.01, 0.05, 0.7, 3.0, 40.0, 1000.0})
    for (double u : {1e-10, 1e-4, 0.2, 0.5, 0.8, 1 - 1e-4, 1 - 1e-10}) {
      double x = bm::gamma_p_inv(a, u);
      if (!(x > 0)) continue;
      double got = native::standard_gamma_grad(scalar_tensor(a), scalar_tensor(x)).item<double>();
      double ref = inverse_cdf_derivative(a, x);
      EXPECT_NEAR(got, ref, 1e-6 * std::fabs(ref)) << "alpha " << a << ", u " << u;
    }
  EXPECT_TRUE(std::isnan(native::standard_gamma_grad(scalar_tensor(-1.0), scalar_tensor(1.0)).item<double>()));
  EXPECT_TRUE(std::isnan(native::standard_gamma_grad(scalar_tensor(1.0), scalar_tensor(0.0)).item<double>()));
}

// Mean and standard error of v.
std::pair<double, double> mean_se(const std::vector<double>& v) {
  double m = 0, s = 0;
  for (double x : v) m += x;
  m /= static_cast<double>(v.size());
  for (double x : v) s += (x - m) * (x - m);
  return {m, std::sqrt(s / (static_cast<double>(v.size()) - 1) / static_cast<double>(v.size()))};
}

TEST(GammaGrad, PathwiseExpectationsMatchClosedForms) {
  // d/dalpha E[x] = 1 and d/dalpha E[log x] = trigamma(alpha), from 1e5
  // per-draw gradients each, within 5 standard errors.
  for (double a : kAlphas) {
    auto [x, g] = draws_and_grads(a, 100000, 23);
    auto [m, se] = mean_se(g);
    EXPECT_NEAR(m, 1.0, 5 * se) << "d/dalpha E[x], alpha " << a;
    std::vector<double> glog(x.size());
    for (size_t i = 0; i < x.size(); ++i) glog[i] = g[i] / x[i];
    auto [ml, sel] = mean_se(glog);
    EXPECT_NEAR(ml, bm::trigamma(a), 5 * sel) << "d/dalpha E[log x], alpha " << a;
  }
}

TEST(GammaGrad, Float32AndBroadcastAndNoRecordingWithoutGrad) {
  Generator gen(5);
  Tensor a32 = tensor({0.5, 4.0}, kFloat32).requires_grad_();
  Tensor x = gamma(a32.expand({3, 2}), gen);
  EXPECT_EQ(x.dtype(), kFloat32);
  x.sum().backward();
  ASSERT_EQ(a32.grad().sizes(), IntList({2}));
  Tensor expect = native::standard_gamma_grad(a32.detach().to(kFloat64), x.detach().to(kFloat64)).sum({0});
  EXPECT_TRUE(near(a32.grad(), expect, 1e-5, 1e-6));
  EXPECT_EQ(gamma(tensor({2.0}), gen).grad_fn_name(), nullptr);
  {
    NoGradGuard no_grad;
    EXPECT_EQ(gamma(tensor({2.0}).requires_grad_(), gen).grad_fn_name(), nullptr);
  }
  EXPECT_ERROR(gamma(tensor({-1.0}).requires_grad_(), gen), "gamma", "concentration");
}

}  // namespace
}  // namespace tyche::testing
