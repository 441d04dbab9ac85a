// Random tensors: each sampler's law (moments within 5 standard errors, then a
// Kolmogorov-Smirnov test against the Boost.Math CDF or a chi-square test
// against the pmf), shapes and dtypes, independence from the thread count,
// and every error path. Seeds are fixed, so each test is deterministic; the
// tolerances are those a correct sampler passes with probability >= 0.999.
#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/binomial.hpp>
#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/exponential.hpp>
#include <boost/math/distributions/gamma.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/poisson.hpp>
#include <boost/math/distributions/uniform.hpp>
#include <boost/math/quadrature/gauss.hpp>
#include <boost/math/quadrature/gauss_kronrod.hpp>
#include <boost/math/special_functions/bessel.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <string>

#include "test_util.h"

namespace tyche {
namespace {

using tyche::testing::expect_error;

namespace bm = boost::math;



// Sample mean and variance within 5 standard errors of dist's:
// SE(mean) = sd / sqrt(n), SE(var) = sqrt((mu4 - var^2) / n) with mu4 = kurtosis * var^2.
template <class Dist>
void expect_moments(const std::vector<double>& x, const Dist& dist) {
  const double n = static_cast<double>(x.size());
  double mean = 0;
  for (double v : x) mean += v;
  mean /= n;
  double var = 0;
  for (double v : x) var += (v - mean) * (v - mean);
  var /= n - 1;
  const double m = bm::mean(dist), s2 = bm::variance(dist), kurt = bm::kurtosis(dist);
  EXPECT_NEAR(mean, m, 5 * std::sqrt(s2 / n)) << "mean";
  EXPECT_NEAR(var, s2, 5 * std::sqrt((kurt - 1) * s2 * s2 / n)) << "variance";
}

// Kolmogorov-Smirnov: D = sup |F_n - F| below the asymptotic critical value at
// alpha = 0.001, sqrt(-ln(alpha / 2) / 2) / sqrt(n) = 1.9495 / sqrt(n).
template <class Dist>
void expect_ks(std::vector<double> x, const Dist& dist) {
  std::sort(x.begin(), x.end());
  const double n = static_cast<double>(x.size());
  double d = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    const double f = bm::cdf(dist, x[i]);
    d = std::max({d, f - i / n, (i + 1) / n - f});
  }
  EXPECT_LT(d, 1.9495 / std::sqrt(n)) << "KS statistic, n = " << n;
}

// Pearson's chi-square of observed counts against bin probabilities, below the
// 0.999 quantile of chi-square(bins - 1).
void expect_chi_square(const std::vector<double>& counts, const std::vector<double>& probs) {
  ASSERT_EQ(counts.size(), probs.size());
  double n = 0;
  for (double c : counts) n += c;
  double stat = 0;
  for (size_t i = 0; i < counts.size(); ++i) stat += std::pow(counts[i] - n * probs[i], 2) / (n * probs[i]);
  const double critical = bm::quantile(bm::chi_squared(static_cast<double>(counts.size() - 1)), 0.999);
  EXPECT_LT(stat, critical) << "chi-square over " << counts.size() << " bins";
}

// Chi-square of integer draws against a discrete dist: one bin per value of its
// support whose expected count is >= 5, the tails pooled into the end bins.
template <class Dist>
void expect_discrete_law(const std::vector<double>& x, const Dist& dist) {
  const double n = static_cast<double>(x.size());
  double lo = std::floor(bm::mode(dist)), hi = lo;
  while (lo > 0 && n * bm::pdf(dist, lo - 1) >= 5) --lo;
  while (hi + 1 <= bm::support(dist).second && n * bm::pdf(dist, hi + 1) >= 5) ++hi;
  std::vector<double> counts(static_cast<size_t>(hi - lo + 1)), probs(counts.size());
  for (double v : x) counts[static_cast<size_t>(std::clamp(v, lo, hi) - lo)] += 1;
  for (double k = lo; k <= hi; ++k) probs[static_cast<size_t>(k - lo)] = bm::pdf(dist, k);
  probs.front() = bm::cdf(dist, lo);
  probs.back() = bm::cdf(bm::complement(dist, hi - 1));
  expect_chi_square(counts, probs);
}

std::vector<double> draws(const Tensor& t) { return t.to_vector<double>(); }

// ---------------------------------------------------------------- uniform

TEST(Random, RandIsUniform) {
  Generator g(1);
  Tensor x = rand({200000}, g, kFloat64);
  EXPECT_EQ(x.dtype(), kFloat64);
  expect_moments(draws(x), bm::uniform_distribution<>(0, 1));
  expect_ks(draws(x), bm::uniform_distribution<>(0, 1));
  Tensor f = rand({100000}, g);
  EXPECT_EQ(f.dtype(), kFloat32);
  expect_ks(draws(f), bm::uniform_distribution<>(0, 1));
}

TEST(Random, RandFloat32StaysBelowOne) {
  Generator g(2);
  std::vector<float> v = rand({1 << 22}, g).to_vector<float>();
  EXPECT_GE(*std::min_element(v.begin(), v.end()), 0.0f);
  EXPECT_LT(*std::max_element(v.begin(), v.end()), 1.0f);
}

TEST(Random, RandShapesAndDtypes) {
  Generator g(3);
  EXPECT_EQ(rand({2, 3, 4}, g).sizes(), IntList({2, 3, 4}));
  EXPECT_EQ(rand({}, g).dim(), 0);
  EXPECT_EQ(rand({0, 5}, g).numel(), 0);
  set_default_dtype(kFloat64);
  EXPECT_EQ(rand({2}, g).dtype(), kFloat64);
  EXPECT_EQ(randn({2}, g).dtype(), kFloat64);
  set_default_dtype(kFloat32);
  EXPECT_EQ(randn({2}, g).dtype(), kFloat32);
}

TEST(Random, UniformRange) {
  Generator g(4);
  Tensor x = uniform({100000}, -2.0, 3.0, g, kFloat64);
  expect_moments(draws(x), bm::uniform_distribution<>(-2, 3));
  expect_ks(draws(x), bm::uniform_distribution<>(-2, 3));
}

// Half the draws of low + (high - low) u would round up to high here in float32.
TEST(Random, UniformNeverReturnsHigh) {
  Generator g(5);
  const double high = 1.0 + 0x1.0p-23;
  std::vector<double> v = draws(uniform({10000}, 1.0, high, g));
  EXPECT_EQ(*std::min_element(v.begin(), v.end()), 1.0);
  EXPECT_LT(*std::max_element(v.begin(), v.end()), high);
}

TEST(Random, RandintIsUniformOverItsRange) {
  Generator g(6);
  Tensor x = randint(-3, 7, {100000}, g);
  EXPECT_EQ(x.dtype(), kInt64);
  std::vector<double> counts(10), probs(10, 0.1);
  for (double v : draws(x)) {
    ASSERT_GE(v, -3);
    ASSERT_LT(v, 7);
    counts[static_cast<size_t>(v + 3)] += 1;
  }
  expect_chi_square(counts, probs);
  EXPECT_EQ(randint(0, 100, {5}, g, kInt32).dtype(), kInt32);
  EXPECT_EQ(randint(0, 100, {5}, g, kFloat64).dtype(), kFloat64);
  EXPECT_TRUE(equal(randint(4, 5, {10}, g), full({10}, int64_t{4})));
}

// A range of 3 * 2^62 splits into three equal thirds; taking a 64-bit word
// modulo the range would put half the draws in the first third.
TEST(Random, RandintHasNoModuloBias) {
  Generator g(7);
  const int64_t low = std::numeric_limits<int64_t>::min(), high = int64_t{1} << 62;
  std::vector<int64_t> v = randint(low, high, {90000}, g).to_vector<int64_t>();
  std::vector<double> counts(3), probs(3, 1.0 / 3);
  for (int64_t x : v) counts[x < -(int64_t{1} << 62) ? 0 : x < 0 ? 1 : 2] += 1;
  expect_chi_square(counts, probs);
  // The full int64 range works too.
  std::vector<int64_t> w = randint(low, std::numeric_limits<int64_t>::max(), {1000}, g).to_vector<int64_t>();
  EXPECT_GT(std::count_if(w.begin(), w.end(), [](int64_t x) { return x < 0; }), 400);
}

// ---------------------------------------------------------------- normal

TEST(Random, RandnIsStandardNormal) {
  Generator g(8);
  Tensor x = randn({200000}, g, kFloat64);
  expect_moments(draws(x), bm::normal_distribution<>(0, 1));
  expect_ks(draws(x), bm::normal_distribution<>(0, 1));
  Tensor f = randn({200000}, g);
  EXPECT_EQ(f.dtype(), kFloat32);
  expect_moments(draws(f), bm::normal_distribution<>(0, 1));
  expect_ks(draws(f), bm::normal_distribution<>(0, 1));
}

// Both Box-Muller outputs are used: consecutive pairs must be independent
// normals, so z0^2 + z1^2 ~ chi-square(2) = Exponential(1/2), and corr ~ 0.
TEST(Random, RandnPairsAreIndependent) {
  Generator g(9);
  for (DType dt : {kFloat32, kFloat64}) {
    std::vector<double> z = draws(randn({200000}, g, dt));
    std::vector<double> r2, even, odd;
    for (size_t i = 0; i + 1 < z.size(); i += 2) {
      r2.push_back(z[i] * z[i] + z[i + 1] * z[i + 1]);
      even.push_back(z[i]);
      odd.push_back(z[i + 1]);
    }
    expect_ks(r2, bm::exponential_distribution<>(0.5));
    double sxy = 0;
    for (size_t i = 0; i < even.size(); ++i) sxy += even[i] * odd[i];
    EXPECT_LT(std::fabs(sxy / even.size()), 5 / std::sqrt(static_cast<double>(even.size())));
  }
}

TEST(Random, NormalScalarParameters) {
  Generator g(10);
  Tensor x = normal(5.0, 2.0, {100000}, g, kFloat64);
  expect_moments(draws(x), bm::normal_distribution<>(5, 2));
  expect_ks(draws(x), bm::normal_distribution<>(5, 2));
  EXPECT_TRUE(equal(normal(1.5, 0.0, {4}, g), full({4}, 1.5f)));
}

// mean [2, 1] (expanded to [n, 2, 1], a stride-0 view) and std [3] broadcast to [n, 2, 3].
TEST(Random, NormalTensorParametersBroadcast) {
  Generator g(11);
  const int64_t n = 40000;
  Tensor mean = tensor({-3.0, 10.0}).reshape({2, 1}).expand({n, 2, 1});
  Tensor std = tensor({0.5, 1.0, 2.0});
  Tensor x = normal(mean, std, g);
  ASSERT_EQ(x.sizes(), IntList({n, 2, 3}));
  EXPECT_EQ(x.dtype(), kFloat64);
  std::vector<double> v = draws(x);
  const double means[2] = {-3.0, 10.0}, stds[3] = {0.5, 1.0, 2.0};
  for (int r = 0; r < 2; ++r)
    for (int c = 0; c < 3; ++c) {
      std::vector<double> cell;
      for (int64_t i = 0; i < n; ++i) cell.push_back(v[static_cast<size_t>(i * 6 + r * 3 + c)]);
      expect_moments(cell, bm::normal_distribution<>(means[r], stds[c]));
    }
  EXPECT_EQ(normal(tensor({1.0}, kFloat32), tensor({1.0}, kFloat32), g).dtype(), kFloat32);
  EXPECT_EQ(normal(tensor({1, 2}), tensor({1, 1}), g).dtype(), kFloat32);  // ints -> default dtype
}

// ---------------------------------------------------------------- continuous samplers

TEST(Random, Exponential) {
  Generator g(12);
  Tensor x = exponential(full({100000}, 2.5, kFloat64), g);
  EXPECT_EQ(x.dtype(), kFloat64);
  expect_moments(draws(x), bm::exponential_distribution<>(2.5));
  expect_ks(draws(x), bm::exponential_distribution<>(2.5));
}

class GammaShape : public ::testing::TestWithParam<double> {};

TEST_P(GammaShape, MatchesTheGammaLaw) {
  const double a = GetParam();
  Generator g(13);
  Tensor x = gamma(full({100000}, a, kFloat64), g);
  bm::gamma_distribution<> law(a, 1.0);
  expect_moments(draws(x), law);
  expect_ks(draws(x), law);
  Tensor f = gamma(full({50000}, a), g);  // float32
  EXPECT_EQ(f.dtype(), kFloat32);
  expect_ks(draws(f), law);
}
INSTANTIATE_TEST_SUITE_P(Random, GammaShape, ::testing::Values(0.1, 0.5, 1.0, 3.7, 50.0));

// Tiny concentrations underflow float32; draws are clamped to stay positive.
TEST(Random, GammaSmallConcentrationStaysPositive) {
  Generator g(14);
  for (DType dt : {kFloat32, kFloat64}) {
    std::vector<double> v = draws(gamma(full({20000}, 0.01, dt), g));
    for (double x : v) {
      ASSERT_GT(x, 0.0);
      ASSERT_TRUE(std::isfinite(x));
    }
  }
}

// Per-element parameters: each column follows its own shape.
TEST(Random, GammaPerElementConcentration) {
  Generator g(15);
  const int64_t n = 50000;
  Tensor a = tensor({0.3, 2.0, 9.0}).expand({n, 3}).contiguous();
  std::vector<double> v = draws(gamma(a, g));
  const double shapes[3] = {0.3, 2.0, 9.0};
  for (int c = 0; c < 3; ++c) {
    std::vector<double> col;
    for (int64_t i = 0; i < n; ++i) col.push_back(v[static_cast<size_t>(i * 3 + c)]);
    expect_ks(col, bm::gamma_distribution<>(shapes[c], 1.0));
  }
}

class BetaParams : public ::testing::TestWithParam<std::pair<double, double>> {};

TEST_P(BetaParams, MatchesTheBetaLaw) {
  auto [a, b] = GetParam();
  Generator g(16);
  Tensor x = beta(full({100000}, a, kFloat64), full({100000}, b, kFloat64), g);
  bm::beta_distribution<> law(a, b);
  expect_moments(draws(x), law);
  expect_ks(draws(x), law);
}
INSTANTIATE_TEST_SUITE_P(Random, BetaParams,
                         ::testing::Values(std::make_pair(0.5, 0.5), std::make_pair(2.0, 5.0),
                                           std::make_pair(0.05, 3.0)));

TEST(Random, BetaBroadcastsAndStaysInsideTheOpenInterval) {
  Generator g(17);
  Tensor x = beta(full({1000, 1}, 0.01), tensor({0.01, 1.0}, kFloat32), g);
  ASSERT_EQ(x.sizes(), IntList({1000, 2}));
  EXPECT_EQ(x.dtype(), kFloat32);
  for (double v : draws(x)) {
    ASSERT_GT(v, 0.0);
    ASSERT_LT(v, 1.0);
  }
}

// ---------------------------------------------------------------- discrete samplers

TEST(Random, Bernoulli) {
  Generator g(18);
  Tensor p = tensor({0.0, 0.3, 1.0}, kFloat32).expand({100000, 3});
  Tensor x = bernoulli(p, g);
  EXPECT_EQ(x.dtype(), kFloat32);
  std::vector<double> v = draws(x);
  double ones[3] = {0, 0, 0};
  for (size_t i = 0; i < v.size(); ++i) {
    ASSERT_TRUE(v[i] == 0.0 || v[i] == 1.0);
    ones[i % 3] += v[i];
  }
  EXPECT_EQ(ones[0], 0);
  EXPECT_EQ(ones[2], 100000);
  // Frequency within 5 standard errors, sqrt(p (1 - p) / n).
  EXPECT_NEAR(ones[1] / 100000, 0.3, 5 * std::sqrt(0.3 * 0.7 / 100000));
  EXPECT_EQ(bernoulli(full({2}, 0.5, kFloat64), g).dtype(), kFloat64);
}

class PoissonRate : public ::testing::TestWithParam<double> {};

TEST_P(PoissonRate, MatchesThePoissonLaw) {
  const double rate = GetParam();
  Generator g(19);
  Tensor x = poisson(full({200000}, rate, kFloat64), g);
  std::vector<double> v = draws(x);
  for (double k : v) ASSERT_EQ(k, std::floor(k));
  bm::poisson_distribution<> law(rate);
  expect_moments(v, law);
  expect_discrete_law(v, law);
}
// 4 and 9.5 take the inversion branch, 10 and above PTRS.
INSTANTIATE_TEST_SUITE_P(Random, PoissonRate, ::testing::Values(0.5, 4.0, 9.5, 10.0, 30.0, 1000.0));

TEST(Random, PoissonZeroRateAndDtype) {
  Generator g(20);
  EXPECT_TRUE(equal(poisson(zeros({5}), g), zeros({5})));
  EXPECT_EQ(poisson(full({3}, 2.0), g).dtype(), kFloat32);
}

// (count, probs): the first three take the inversion branch (n min(p, q) < 10),
// the rest BTRS; p > 0.5 runs the reflected draw.
class BinomialLaw : public ::testing::TestWithParam<std::pair<double, double>> {};

TEST_P(BinomialLaw, MatchesTheBinomialLaw) {
  const auto [n, p] = GetParam();
  Generator g(23);
  Tensor x = binomial(full({200000}, n, kFloat64), full({200000}, p, kFloat64), g);
  std::vector<double> v = draws(x);
  for (double k : v) {
    ASSERT_EQ(k, std::floor(k));
    ASSERT_GE(k, 0);
    ASSERT_LE(k, n);
  }
  bm::binomial_distribution<> law(n, p);
  expect_moments(v, law);
  expect_discrete_law(v, law);
}
INSTANTIATE_TEST_SUITE_P(Random, BinomialLaw,
                         ::testing::Values(std::pair{5.0, 0.3}, std::pair{20.0, 0.45}, std::pair{60.0, 0.9},
                                           std::pair{100.0, 0.1}, std::pair{1000.0, 0.3},
                                           std::pair{1000.0, 0.97}, std::pair{1e6, 0.5}));

TEST(Random, BinomialEdgesBroadcastAndDtype) {
  Generator g(24);
  EXPECT_TRUE(equal(binomial(tensor({0.0, 7.0, 7.0}), tensor({0.5, 0.0, 1.0}), g), tensor({0.0, 0.0, 7.0})));
  // count [3, 1] against probs [2]: one draw per pair, at most its count.
  Tensor x = binomial(tensor({1.0, 10.0, 100.0}).reshape({3, 1}), tensor({0.2, 0.8}), g);
  ASSERT_EQ(x.sizes(), IntList({3, 2}));
  for (int64_t r = 0; r < 3; ++r)
    for (int64_t c = 0; c < 2; ++c) EXPECT_LE(x.index({r, c}).item<double>(), std::pow(10.0, r));
  EXPECT_EQ(binomial(full({2}, 3.0), full({2}, 0.5), g).dtype(), kFloat32);
  EXPECT_EQ(binomial(full({2}, 3, kInt64), full({2}, 0.5, kFloat64), g).dtype(), kFloat64);
}

// ---------------------------------------------------------------- categories

TEST(Random, MultinomialWithReplacement) {
  Generator g(21);
  Tensor probs = tensor({{1.0, 0.0, 2.0, 7.0}, {5.0, 5.0, 0.0, 0.0}});  // unnormalised rows
  Tensor x = multinomial(probs, 100000, true, g);
  ASSERT_EQ(x.sizes(), IntList({2, 100000}));
  EXPECT_EQ(x.dtype(), kInt64);
  std::vector<int64_t> v = x.to_vector<int64_t>();
  std::vector<double> c0(4), c1(4);
  for (int64_t i = 0; i < 100000; ++i) {
    c0[static_cast<size_t>(v[static_cast<size_t>(i)])] += 1;
    c1[static_cast<size_t>(v[static_cast<size_t>(100000 + i)])] += 1;
  }
  EXPECT_EQ(c0[1], 0);
  EXPECT_EQ(c1[2] + c1[3], 0);
  expect_chi_square({c0[0], c0[2], c0[3]}, {0.1, 0.2, 0.7});
  expect_chi_square({c1[0], c1[1]}, {0.5, 0.5});
}

// Successive draws without replacement: the first column has law p, the second
// q_j = sum_{i != j} p_i p_j / (1 - p_i); rows never repeat a category.
TEST(Random, MultinomialWithoutReplacement) {
  Generator g(22);
  const int64_t n = 100000;
  const double p[4] = {0.1, 0.2, 0.3, 0.4};
  Tensor probs = tensor({1.0, 2.0, 3.0, 4.0}).expand({n, 4});
  std::vector<int64_t> v = multinomial(probs, 2, false, g).to_vector<int64_t>();
  std::vector<double> first(4), second(4), q(4);
  for (int64_t i = 0; i < n; ++i) {
    int64_t a = v[static_cast<size_t>(2 * i)], b = v[static_cast<size_t>(2 * i + 1)];
    ASSERT_NE(a, b);
    first[static_cast<size_t>(a)] += 1;
    second[static_cast<size_t>(b)] += 1;
  }
  for (int j = 0; j < 4; ++j)
    for (int i = 0; i < 4; ++i)
      if (i != j) q[j] += p[i] * p[j] / (1 - p[i]);
  expect_chi_square(first, {p[0], p[1], p[2], p[3]});
  expect_chi_square(second, q);
}

TEST(Random, MultinomialWithoutReplacementFullPermutationAndZeros) {
  Generator g(23);
  std::vector<int64_t> v = multinomial(ones({50, 6}), 6, false, g).to_vector<int64_t>();
  for (size_t r = 0; r < 50; ++r) {
    std::vector<int64_t> row(v.begin() + static_cast<long>(6 * r), v.begin() + static_cast<long>(6 * r + 6));
    std::sort(row.begin(), row.end());
    for (int64_t k = 0; k < 6; ++k) ASSERT_EQ(row[static_cast<size_t>(k)], k);
  }
  // Only two categories are possible: both come out, never the zero one.
  std::vector<int64_t> w = multinomial(tensor({0.0, 1.0, 3.0}).expand({100, 3}), 2, false, g).to_vector<int64_t>();
  for (size_t i = 0; i < w.size(); i += 2) ASSERT_EQ(w[i] + w[i + 1], 3);
}

TEST(Random, Categorical) {
  Generator g(24);
  Tensor probs = tensor({0.5, 0.25, 0.125, 0.125}).expand({3, 40000, 4});
  Tensor x = categorical(probs, g);
  ASSERT_EQ(x.sizes(), IntList({3, 40000}));
  EXPECT_EQ(x.dtype(), kInt64);
  std::vector<double> counts(4);
  for (int64_t k : x.to_vector<int64_t>()) counts[static_cast<size_t>(k)] += 1;
  expect_chi_square(counts, {0.5, 0.25, 0.125, 0.125});
  EXPECT_EQ(categorical(tensor({0.0, 1.0}), g).dim(), 0);
  EXPECT_EQ(categorical(tensor({0.0, 1.0}), g).item<int64_t>(), 1);
}

TEST(Random, RandpermIsAUniformPermutation) {
  Generator g(25);
  std::vector<int64_t> p = randperm(1000, g).to_vector<int64_t>();
  std::sort(p.begin(), p.end());
  for (int64_t i = 0; i < 1000; ++i) ASSERT_EQ(p[static_cast<size_t>(i)], i);
  EXPECT_EQ(randperm(0, g).numel(), 0);
  EXPECT_EQ(randperm(1, g).item<int64_t>(), 0);
  // All 6 orders of 3 items equally likely.
  std::map<std::vector<int64_t>, double> seen;
  for (int t = 0; t < 30000; ++t) seen[randperm(3, g).to_vector<int64_t>()] += 1;
  ASSERT_EQ(seen.size(), 6u);
  std::vector<double> counts;
  for (auto& [perm, c] : seen) counts.push_back(c);
  expect_chi_square(counts, std::vector<double>(6, 1.0 / 6));
}

// ---------------------------------------------------------------- threads

// Results are a function of (seed, stream, offset, element), not of the thread count.
TEST(Random, IndependentOfThreadCount) {
  const int saved = get_num_threads();
  auto draw_all = [] {
    Generator g(99);
    std::vector<Tensor> out;
    out.push_back(rand({1000003}, g));
    out.push_back(rand({500001}, g, kFloat64));
    out.push_back(randn({1000003}, g));
    out.push_back(uniform({300000}, -1.0, 4.0, g));
    out.push_back(gamma(full({200001}, 0.7), g));
    out.push_back(beta(full({100000}, 2.0), full({100000}, 3.0), g));
    out.push_back(poisson(full({200001}, 25.0), g));
    out.push_back(binomial(full({200001}, 40.0), full({200001}, 0.3), g));
    out.push_back(randint(0, 1000, {300000}, g));
    out.push_back(multinomial(ones({20000, 5}), 3, false, g));
    out.push_back(categorical(ones({300000, 3}), g));
    out.push_back(von_mises(zeros({200001}), repeat(tensor({0.5, 3.0, 2e6}), {66667}), g));
    return out;
  };
  set_num_threads(1);
  std::vector<Tensor> one = draw_all();
  set_num_threads(4);
  std::vector<Tensor> four = draw_all();
  set_num_threads(saved);
  for (size_t i = 0; i < one.size(); ++i) EXPECT_TRUE(equal(one[i], four[i])) << "draw " << i;
}

// ---------------------------------------------------------------- von Mises

// The von Mises cdf on [-pi, pi) at sorted points x, by numerical integration of
// the unnormalised density exp(kappa (cos(t - loc) - 1)) between consecutive
// points (10-point Gauss-Legendre: the draws are dense where the density
// varies), the two end pieces adaptively (Gauss-Kronrod), normalised by the
// integral over the circle. Independent of the Bessel functions and of the sampler.
std::vector<double> von_mises_cdf_at(const std::vector<double>& x, double loc, double kappa) {
  namespace bq = boost::math::quadrature;
  auto g = [=](double t) { return std::exp(kappa * (std::cos(t - loc) - 1)); };
  auto end_piece = [&](double a, double b) { return b > a ? bq::gauss_kronrod<double, 31>::integrate(g, a, b, 12, 1e-10) : 0.0; };
  std::vector<double> f(x.size());
  double run = end_piece(-M_PI, x.front());
  f[0] = run;
  for (size_t i = 1; i < x.size(); ++i) {
    if (x[i] > x[i - 1]) run += bq::gauss<double, 10>::integrate(g, x[i - 1], x[i]);
    f[i] = run;
  }
  const double total = run + end_piece(x.back(), M_PI);
  for (double& v : f) v /= total;
  return f;
}

// Draws in [-pi, pi), KS against the integrated cdf (the statistic below the
// alpha = 0.001 critical value, as expect_ks), and the circular mean
// E[cos(x - loc)] = I1(kappa) / I0(kappa) within 5 standard errors. Each
// concentration exercises one branch of the sampler: uniform (< 1e-8), the
// series envelope (< 1e-5), Best-Fisher, and the normal limit (> 1e6).
class VonMisesConcentration : public ::testing::TestWithParam<double> {};

TEST_P(VonMisesConcentration, MatchesTheVonMisesLaw) {
  const double kappa = GetParam(), loc = 2.8;  // near pi: draws wrap around
  Generator g(23);
  for (DType dt : {kFloat64, kFloat32}) {
    SCOPED_TRACE(dt == kFloat64 ? "float64" : "float32");
    const int64_t n = dt == kFloat64 ? 100000 : 30000;
    Tensor x = von_mises(full({n}, loc, dt), full({n}, kappa, dt), g);
    ASSERT_EQ(x.dtype(), dt);
    std::vector<double> v = draws(x);
    for (double t : v) {
      ASSERT_GE(t, -M_PI);
      ASSERT_LT(t, M_PI);
    }
    std::sort(v.begin(), v.end());
    // The law at the rounded loc and kappa the kernel saw.
    const double l = full({1}, loc, dt).to(kFloat64).item<double>(), k = full({1}, kappa, dt).to(kFloat64).item<double>();
    std::vector<double> f = von_mises_cdf_at(v, l, k);
    double d = 0;
    for (size_t i = 0; i < v.size(); ++i) d = std::max({d, f[i] - i / double(n), (i + 1) / double(n) - f[i]});
    EXPECT_LT(d, 1.9495 / std::sqrt(double(n))) << "KS statistic, kappa = " << kappa;
    if (dt == kFloat64) {
      double mc = 0, m2 = 0;
      for (double t : v) mc += std::cos(t - loc), m2 += std::cos(t - loc) * std::cos(t - loc);
      mc /= n;
      const double sd = std::sqrt(std::max(m2 / n - mc * mc, 0.0));
      const double ratio = kappa > 500 ? 1 - 0.5 / kappa : bm::cyl_bessel_i(1, kappa) / bm::cyl_bessel_i(0, kappa);
      EXPECT_NEAR(mc, ratio, 5 * sd / std::sqrt(double(n)) + 1e-9);
    }
  }
}
INSTANTIATE_TEST_SUITE_P(Random, VonMisesConcentration, ::testing::Values(1e-9, 3e-6, 0.05, 1.0, 4.0, 60.0, 1e4, 5e6));

TEST(Random, VonMisesBroadcastsAndTakesZeroConcentration) {
  Generator g(24);
  Tensor x = von_mises(tensor({-1.0, 0.0, 1.0}), full({500, 1}, 200.0), g);
  ASSERT_EQ(x.sizes(), IntList({500, 3}));
  // kappa = 200: draws within ~0.3 of their loc.
  for (int64_t c = 0; c < 3; ++c)
    EXPECT_NEAR(x.index({Slice(), c}).mean().item<double>(), c - 1.0, 0.01);
  Tensor u = von_mises(zeros({1000}), zeros({1000}), g);  // kappa = 0: uniform on the circle
  EXPECT_TRUE(all(logical_and(u >= -M_PI, u < M_PI)).item<bool>());
  EXPECT_EQ(von_mises(tensor({1, 2}), tensor({1, 1}), g).dtype(), kFloat32);  // ints -> default dtype
  // kappa = inf: every draw at loc.
  EXPECT_TRUE(equal(von_mises(full({3}, 0.5), full({3}, INFINITY), g), full({3}, 0.5)));
}

// ---------------------------------------------------------------- errors

TEST(Random, InvalidArgumentsNameTheOp) {
  Generator g(0);
  const double nan = std::nan("");
  expect_error([&] { rand({2}, g, kInt64); }, "rand");
  expect_error([&] { rand({-1}, g); }, "rand");
  expect_error([&] { randn({2}, g, kBool); }, "randn");
  expect_error([&] { uniform({2}, 1.0, 1.0, g); }, "uniform");
  expect_error([&] { uniform({2}, 0.0, nan, g); }, "uniform");
  expect_error([&] { uniform({2}, -1e308, 1e308, g); }, "uniform");
  expect_error([&] { randint(5, 5, {2}, g); }, "randint");
  expect_error([&] { randint(0, int64_t{1} << 40, {2}, g, kInt32); }, "randint");
  expect_error([&] { normal(0.0, -1.0, {2}, g); }, "normal");
  expect_error([&] { normal(0.0, nan, {2}, g); }, "normal");
  expect_error([&] { normal(zeros({2}), tensor({1.0, -0.5}), g); }, "normal");
  expect_error([&] { normal(zeros({2}), tensor({1.0, nan}), g); }, "normal");
  expect_error([&] { bernoulli(tensor({0.5, 1.5}), g); }, "bernoulli");
  expect_error([&] { bernoulli(tensor({-0.1}), g); }, "bernoulli");
  expect_error([&] { bernoulli(tensor({nan}), g); }, "bernoulli");
  expect_error([&] { exponential(tensor({-1.0}), g); }, "exponential");
  expect_error([&] { exponential(tensor({0.0}), g); }, "exponential");
  expect_error([&] { exponential(tensor({nan}), g); }, "exponential");
  expect_error([&] { gamma(tensor({0.0}), g); }, "gamma");
  expect_error([&] { gamma(tensor({1.0, -2.0}), g); }, "gamma");
  expect_error([&] { gamma(tensor({nan}), g); }, "gamma");
  expect_error([&] { beta(tensor({0.0}), tensor({1.0}), g); }, "beta");
  expect_error([&] { beta(tensor({1.0}), tensor({-1.0}), g); }, "beta");
  expect_error([&] { beta(tensor({1.0, 2.0}), tensor({1.0, 2.0, 3.0}), g); }, "beta");
  expect_error([&] { poisson(tensor({-1.0}), g); }, "poisson");
  expect_error([&] { poisson(tensor({nan}), g); }, "poisson");
  expect_error([&] { poisson(tensor({std::numeric_limits<double>::infinity()}), g); }, "poisson");
  expect_error([&] { binomial(tensor({-1.0}), tensor({0.5}), g); }, "binomial");
  expect_error([&] { binomial(tensor({2.5}), tensor({0.5}), g); }, "binomial");
  expect_error([&] { binomial(tensor({3.0}), tensor({1.5}), g); }, "binomial");
  expect_error([&] { binomial(tensor({3.0}), tensor({nan}), g); }, "binomial");
  expect_error([&] { binomial(tensor({1.0, 2.0}), tensor({0.1, 0.2, 0.3}), g); }, "binomial");
  expect_error([&] { multinomial(tensor({0.5, -0.1}), 1, true, g); }, "multinomial");
  expect_error([&] { multinomial(tensor({0.0, 0.0}), 1, true, g); }, "multinomial");
  expect_error([&] { multinomial(tensor({1.0, 1.0}), 3, false, g); }, "multinomial");
  expect_error([&] { multinomial(tensor({1.0, 0.0, 0.0}), 2, false, g); }, "multinomial");
  expect_error([&] { multinomial(tensor({1.0, 1.0}), 0, true, g); }, "multinomial");
  expect_error([&] { multinomial(scalar_tensor(1.0), 1, true, g); }, "multinomial");
  expect_error([&] { categorical(tensor({{1.0, 2.0}, {-1.0, 2.0}}), g); }, "categorical");
  expect_error([&] { randperm(-1, g); }, "randperm");
  expect_error([&] { gamma(Tensor(), g); }, "gamma");
  expect_error([&] { von_mises(zeros({2}), tensor({1.0, -1.0}), g); }, "von_mises");
  expect_error([&] { von_mises(zeros({2}), tensor({nan}), g); }, "von_mises");
  expect_error([&] { von_mises(tensor({nan}), ones({2}), g); }, "von_mises");
  expect_error([&] { von_mises(zeros({2}), ones({3}), g); }, "von_mises");
  EXPECT_EQ(g.offset(), 0u);  // every check ran before any block was reserved
}

TEST(Random, ErrorMessagesNameTheValue) {
  Generator g(0);
  try {
    gamma(tensor({1.0, -2.0}), g);
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("-2"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("concentration"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace tyche
