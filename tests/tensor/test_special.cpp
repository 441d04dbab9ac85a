// Special functions against Boost.Math and published values (Abramowitz & Stegun).
#include <boost/math/special_functions/digamma.hpp>
#include <boost/math/special_functions/erf.hpp>
#include <boost/math/special_functions/gamma.hpp>
#include <boost/math/special_functions/polygamma.hpp>
#include <cmath>

#include "test_util.h"

using namespace tyche;
using tyche::testing::near;

namespace {
std::vector<double> grid(double lo, double hi, int n) {
  std::vector<double> v;
  for (int i = 0; i < n; ++i) v.push_back(lo + (hi - lo) * i / (n - 1));
  return v;
}
template <class F>
std::vector<double> map(const std::vector<double>& v, F f) {
  std::vector<double> out;
  for (double x : v) out.push_back(f(x));
  return out;
}
constexpr double kEulerGamma = 0.57721566490153286061;
const double kPi = std::acos(-1.0);
}  // namespace

TEST(Special, ErfErfcErfinvAgainstBoost) {
  auto v = grid(-4, 4, 81);
  EXPECT_TRUE(near(erf(tensor(v)), map(v, [](double x) { return boost::math::erf(x); }), 1e-14, 1e-16));
  EXPECT_TRUE(near(erfc(tensor(v)), map(v, [](double x) { return boost::math::erfc(x); }), 1e-13, 1e-300));
  auto u = grid(-0.999, 0.999, 101);
  EXPECT_TRUE(near(erfinv(tensor(u)), map(u, [](double x) { return boost::math::erf_inv(x); }), 1e-14, 1e-16));
  // round trip erf(erfinv(u)) = u, in float32 too
  EXPECT_TRUE(near(erf(erfinv(tensor(u))), u, 1e-13, 1e-15));
  EXPECT_TRUE(near(erfinv(tensor(u).to(kFloat32)), map(u, [](double x) { return boost::math::erf_inv(x); }), 1e-5, 1e-6));
  EXPECT_TRUE(near(erfinv(tensor({-1.0, 1.0, 1.5, 0.0})), {-INFINITY, INFINITY, NAN, 0.0}));
}

TEST(Special, LgammaAgainstBoostAndKnownValues) {
  auto v = grid(0.01, 30, 120);
  EXPECT_TRUE(near(lgamma(tensor(v)), map(v, [](double x) { return boost::math::lgamma(x); }), 1e-13, 1e-14));
  // Gamma(1/2) = sqrt(pi); Gamma(5) = 24; lgamma(-0.5) = log(2 sqrt(pi))
  EXPECT_TRUE(near(lgamma(tensor({0.5, 5.0, 1.0, 2.0, -0.5})),
                   {0.5 * std::log(kPi), std::log(24.0), 0.0, 0.0, std::log(2 * std::sqrt(kPi))}, 1e-14, 1e-15));
  // poles are +inf
  EXPECT_TRUE(near(lgamma(tensor({0.0, -1.0, -2.0})), {INFINITY, INFINITY, INFINITY}));
}

TEST(Special, DigammaAndPolygamma) {
  auto v = grid(0.05, 40, 100);
  EXPECT_TRUE(near(digamma(tensor(v)), map(v, [](double x) { return boost::math::digamma(x); }), 1e-13, 1e-14));
  // psi(1) = -gamma, psi(1/2) = -gamma - 2 log 2
  EXPECT_TRUE(near(digamma(tensor({1.0, 0.5})), {-kEulerGamma, -kEulerGamma - 2 * std::log(2.0)}, 1e-14));
  EXPECT_TRUE(near(digamma(tensor({0.0, -1.0})), {-INFINITY, NAN}));
  // trigamma(1) = pi^2/6, psi''(1) = -2 zeta(3)
  EXPECT_TRUE(near(polygamma(1, tensor({1.0})), {kPi * kPi / 6}, 1e-14));
  EXPECT_TRUE(near(polygamma(2, tensor({1.0})), {-2 * 1.2020569031595942854}, 1e-13));
  for (int n = 0; n <= 4; ++n)
    EXPECT_TRUE(near(polygamma(n, tensor(v)), map(v, [n](double x) { return boost::math::polygamma(n, x); }), 1e-12, 1e-14))
        << "n = " << n;
  EXPECT_TRUE(near(polygamma(1, tensor({2.5}).to(kFloat32)), {boost::math::trigamma(2.5)}, 1e-6));
}

TEST(Special, IntegersPromoteToFloat) {
  Tensor i = tensor({1, 2, 3});
  EXPECT_EQ(lgamma(i).dtype(), kFloat32);
  EXPECT_TRUE(near(lgamma(i), {0.0, 0.0, std::log(2.0)}, 1e-6, 1e-7));
}
