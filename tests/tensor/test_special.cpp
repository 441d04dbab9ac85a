// Special functions against Boost.Math and published values (Abramowitz & Stegun).
#include <boost/math/special_functions/bessel.hpp>
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

// i0e / i1e: exp(-|x|) I0(x) and exp(-|x|) I1(x) against Boost's I0 and I1
// (in long double, whose range holds I0(x) up to x ~ 11000, so the
// asymptotic branch above |x| = 500 is checked too) and published values.
TEST(Special, I0eI1eAgainstBoost) {
  auto ref = [](int nu, double x) {
    long double ax = std::fabs(static_cast<long double>(x));
    long double v = boost::math::cyl_bessel_i(nu, ax) * std::exp(-ax);
    return static_cast<double>(nu == 1 && x < 0 ? -v : v);
  };
  std::vector<double> v = grid(-40, 40, 161);
  for (double x : {0.001, 1e-8, 499.9, 500.1, 650.0, 1000.0, 5000.0, 10000.0, -800.0}) v.push_back(x);
  EXPECT_TRUE(near(i0e(tensor(v)), map(v, [&](double x) { return ref(0, x); }), 1e-14, 1e-300));
  EXPECT_TRUE(near(i1e(tensor(v)), map(v, [&](double x) { return ref(1, x); }), 1e-14, 1e-300));
  // i0e(1) = I0(1) / e, i1e(1) = I1(1) / e (A&S table 9.8), and the values at 0.
  EXPECT_TRUE(near(i0e(tensor({0.0, 1.0, -1.0})), {1.0, 0.46575960759364043, 0.46575960759364043}, 1e-15));
  EXPECT_TRUE(near(i1e(tensor({0.0, 1.0, -1.0})), {0.0, 0.2079104153497085, -0.2079104153497085}, 1e-15));
  // Large x: both tend to 1 / sqrt(2 pi x); at infinity 0.
  EXPECT_NEAR(i0e(tensor({1e12})).item<double>() * std::sqrt(2 * kPi * 1e12), 1.0, 1e-12);
  EXPECT_TRUE(near(i1e(tensor({INFINITY, -INFINITY, NAN})), {0.0, 0.0, NAN}));
  // float32: computed in float64, rounded once.
  Tensor f = i0e(tensor({0.5, 30.0, 700.0}).to(kFloat32));
  EXPECT_EQ(f.dtype(), kFloat32);
  EXPECT_TRUE(near(f, {ref(0, 0.5), ref(0, 30.0), ref(0, 700.0)}, 1e-7));
  EXPECT_EQ(i1e(tensor({1, 2})).dtype(), kFloat32);  // integers promote
}
