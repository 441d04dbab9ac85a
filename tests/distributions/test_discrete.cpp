// Discrete families: Bernoulli, Binomial, Poisson, NegativeBinomial and
// Geometric from one table (log_prob against Boost.Math's pmf from probs and
// from logits, draws against the pmf by chi-square and against mean/variance,
// log_prob gradients against finite differences, extreme logits); then
// Categorical, OneHotCategorical and Multinomial against closed forms written
// out here. Seeds are fixed; a chi-square test passes at p > 1e-3 and moments
// within 5 standard errors (dist_testing.h).
#include <boost/math/distributions/bernoulli.hpp>
#include <boost/math/distributions/binomial.hpp>
#include <boost/math/distributions/geometric.hpp>
#include <boost/math/distributions/negative_binomial.hpp>
#include <boost/math/distributions/poisson.hpp>

#include <memory>
#include <random>
#include <sstream>
#include <string>

#include "dist_testing.h"

namespace tyche::testing {
namespace {

namespace bm = boost::math;
using DistPtr = std::shared_ptr<const dist::Distribution>;

// ---------------------------------------------------------------- the table

// One family with a scalar event, parameterised by a (total_count; unused by
// Bernoulli and Geometric) and p (probs; the rate of Poisson).
struct Row {
  std::string name;
  // The distribution from (a, probs) and, where the family has them, from (a, logits).
  std::function<DistPtr(const Tensor& a, const Tensor& p)> from_probs;
  std::function<DistPtr(const Tensor& a, const Tensor& logits)> from_logits;  // empty for Poisson
  std::function<double(double a, double p, double k)> pmf;                    // Boost.Math
  // Random parameters for column c drawn from u ~ U(0, 1), and a value in the support.
  std::function<double(double u)> random_a, random_p;
  std::function<double(double a, double p, double u)> random_value;
  double a, p;            // the parameters of the sampling test
  int64_t lo, hi;         // its chi-square range (tails pooled)
  bool has_entropy;
  std::vector<double> bad_p;  // invalid probs (or rates)
};

Tensor logit(const Tensor& p) { return log(p) - log1p(-p); }

std::vector<Row> rows() {
  std::vector<Row> r;
  r.push_back({"Bernoulli",
               [](const Tensor&, const Tensor& p) { return dist::Bernoulli(p).clone(); },
               [](const Tensor&, const Tensor& l) { return dist::Bernoulli(dist::Logits(l)).clone(); },
               [](double, double p, double k) { return bm::pdf(bm::bernoulli_distribution<>(p), k); },
               [](double) { return 0.0; }, [](double u) { return 0.02 + 0.96 * u; },
               [](double, double, double u) { return std::floor(2 * u); }, 0.0, 0.3, 0, 1, true, {1.5, -0.1}});
  r.push_back({"Binomial",
               [](const Tensor& a, const Tensor& p) { return dist::Binomial(a, p).clone(); },
               [](const Tensor& a, const Tensor& l) { return dist::Binomial(a, dist::Logits(l)).clone(); },
               [](double a, double p, double k) { return bm::pdf(bm::binomial_distribution<>(a, p), k); },
               [](double u) { return std::floor(1 + 40 * u); }, [](double u) { return 0.02 + 0.96 * u; },
               [](double a, double, double u) { return std::floor((a + 1) * u); }, 30.0, 0.35, 0, 30, false,
               {1.2, -0.5}});
  r.push_back({"Poisson", [](const Tensor&, const Tensor& p) { return dist::Poisson(p).clone(); }, nullptr,
               [](double, double p, double k) { return bm::pdf(bm::poisson_distribution<>(p), k); },
               [](double) { return 0.0; }, [](double u) { return 0.1 + 20 * u; },
               [](double, double, double u) { return std::floor(35 * u); }, 0.0, 6.5, 0, 40, false, {-1.0}});
  // Boost counts failures before r successes of probability q; ours counts
  // successes (probability p) before r failures: q = 1 - p.
  r.push_back({"NegativeBinomial",
               [](const Tensor& a, const Tensor& p) { return dist::NegativeBinomial(a, p).clone(); },
               [](const Tensor& a, const Tensor& l) { return dist::NegativeBinomial(a, dist::Logits(l)).clone(); },
               [](double a, double p, double k) {
                 return bm::pdf(bm::negative_binomial_distribution<>(a, 1 - p), k);
               },
               [](double u) { return 0.3 + 10 * u; }, [](double u) { return 0.02 + 0.9 * u; },
               [](double, double, double u) { return std::floor(40 * u); }, 3.5, 0.6, 0, 60, false, {1.0, -0.2}});
  r.push_back({"Geometric",
               [](const Tensor&, const Tensor& p) { return dist::Geometric(p).clone(); },
               [](const Tensor&, const Tensor& l) { return dist::Geometric(dist::Logits(l)).clone(); },
               [](double, double p, double k) { return bm::pdf(bm::geometric_distribution<>(p), k); },
               [](double) { return 0.0; }, [](double u) { return 0.05 + 0.94 * u; },
               [](double, double, double u) { return std::floor(25 * u); }, 0.0, 0.2, 0, 80, true, {0.0, 1.5}});
  return r;
}

class Discrete : public ::testing::TestWithParam<Row> {};

std::string row_name(const ::testing::TestParamInfo<Row>& info) { return info.param.name; }

// Parameters of shape [3] and values of shape [4, 3] (value [i, c] in the
// support of column c), reproducible by seed.
struct Batch {
  std::vector<double> a, p;
  Tensor ta, tp, x;
};

Batch random_batch(const Row& row, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  Batch b;
  for (int c = 0; c < 3; ++c) {
    b.a.push_back(row.random_a(u(rng)));
    b.p.push_back(row.random_p(u(rng)));
  }
  std::vector<double> x;
  for (int i = 0; i < 4; ++i)
    for (int c = 0; c < 3; ++c) x.push_back(row.random_value(b.a[c], b.p[c], u(rng)));
  b.ta = tensor(b.a, {3});
  b.tp = tensor(b.p, {3});
  b.x = tensor(x, {4, 3});
  return b;
}

TEST_P(Discrete, LogProbMatchesBoostFromProbsAndLogits) {
  const Row& row = GetParam();
  for (uint64_t seed : {1u, 2u, 3u}) {
    Batch b = random_batch(row, seed);
    std::vector<DistPtr> ds;
    ds.reserve(2);
    ds.push_back(row.from_probs(b.ta, b.tp));
    if (row.from_logits) ds.push_back(row.from_logits(b.ta, logit(b.tp)));
    for (const DistPtr& d : ds) {
      EXPECT_EQ(d->batch_shape(), Shape({3}));
      Tensor lp = d->log_prob(b.x);
      ASSERT_EQ(lp.sizes(), IntList({4, 3}));
      for (int64_t i = 0; i < 4; ++i)
        for (int64_t c = 0; c < 3; ++c) {
          double e = std::log(row.pmf(b.a[c], b.p[c], at(b.x, {i, c})));
          EXPECT_NEAR(at(lp, {i, c}), e, 1e-9 * (1 + std::fabs(e)))
              << row.name << " a=" << b.a[c] << " p=" << b.p[c] << " k=" << at(b.x, {i, c});
        }
    }
    if (row.from_logits) {
      EXPECT_TRUE(near(ds[0]->log_prob(b.x), ds[1]->log_prob(b.x), 1e-10, 1e-10)) << "probs vs logits";
    }
  }
}

TEST_P(Discrete, ScalarValueBroadcastsAgainstTheBatch) {
  const Row& row = GetParam();
  Batch b = random_batch(row, 4);
  DistPtr d = row.from_probs(b.ta, b.tp);
  Tensor lp = d->log_prob(scalar_tensor(0.0));
  ASSERT_EQ(lp.sizes(), IntList({3}));
  for (int64_t c = 0; c < 3; ++c) EXPECT_NEAR(at(lp, {c}), std::log(row.pmf(b.a[c], b.p[c], 0.0)), 1e-9);
  // Integer-dtype values are accepted too.
  EXPECT_TRUE(near(d->log_prob(zeros({3}, kInt64)), lp, 1e-12, 1e-12));
}

TEST_P(Discrete, SamplesMatchThePmfAndMoments) {
  const Row& row = GetParam();
  Generator gen(101);
  DistPtr d = row.from_probs(scalar_tensor(row.a), scalar_tensor(row.p));
  Tensor x = d->sample(gen, {20000});
  ASSERT_EQ(x.sizes(), IntList({20000}));
  EXPECT_EQ(x.dtype(), kFloat64);
  EXPECT_TRUE(all(d->support().check(x)).item<bool>());
  EXPECT_GT(chi_square_pvalue(x, [&](int64_t k) { return row.pmf(row.a, row.p, static_cast<double>(k)); },
                              row.lo, row.hi),
            1e-3);
  expect_moments(x, d->mean(), d->variance());
  if (row.from_logits) {
    DistPtr dl = row.from_logits(scalar_tensor(row.a), logit(scalar_tensor(row.p)));
    Tensor y = dl->sample(gen, {20000});
    EXPECT_GT(chi_square_pvalue(y, [&](int64_t k) { return row.pmf(row.a, row.p, static_cast<double>(k)); },
                                row.lo, row.hi),
              1e-3);
    EXPECT_TRUE(near(dl->mean(), d->mean(), 1e-12, 1e-12));
    EXPECT_TRUE(near(dl->variance(), d->variance(), 1e-12, 1e-12));
  }
}

TEST_P(Discrete, BatchedSamplesHaveSampleBatchShapeAndDtype) {
  const Row& row = GetParam();
  Generator gen(5);
  Batch b = random_batch(row, 6);
  DistPtr d = row.from_probs(b.ta, b.tp);
  Tensor x = d->sample(gen, {4000, 2});
  ASSERT_EQ(x.sizes(), IntList({4000, 2, 3}));
  EXPECT_TRUE(all(d->support().check(x)).item<bool>());
  expect_moments(x.reshape({8000, 3}), d->mean(), d->variance());
  DistPtr f = row.from_probs(b.ta.to(kFloat32), b.tp.to(kFloat32));
  EXPECT_EQ(f->sample(gen, {2}).dtype(), kFloat32);
  EXPECT_FALSE(d->has_rsample());
  EXPECT_TRUE(d->is_discrete());
}

// Entropy against -sum_k P(k) log P(k) from Boost's pmf.
TEST_P(Discrete, EntropyMatchesTheExplicitSum) {
  const Row& row = GetParam();
  if (!row.has_entropy) {
    EXPECT_ERROR(row.from_probs(scalar_tensor(row.a), scalar_tensor(row.p))->entropy(), row.name, "entropy");
    return;
  }
  Batch b = random_batch(row, 7);
  std::vector<DistPtr> ds{row.from_probs(b.ta, b.tp), row.from_logits(b.ta, logit(b.tp))};
  for (const DistPtr& d : ds) {
    Tensor h = d->entropy();
    ASSERT_EQ(h.sizes(), IntList({3}));
    for (int64_t c = 0; c < 3; ++c) {
      double e = 0;
      for (int k = 0; k < (row.name == "Bernoulli" ? 2 : 5000); ++k) {
        double pk = row.pmf(b.a[c], b.p[c], k);
        if (pk > 0) e -= pk * std::log(pk);
      }
      EXPECT_NEAR(at(h, {c}), e, 1e-10) << row.name << " p=" << b.p[c];
    }
  }
}

// d/d(probs, logits, total_count where real) of sum(w * log_prob(x)) (+ the
// entropy's sum where it has a closed form).
TEST_P(Discrete, LogProbGradientsMatchFiniteDifferences) {
  const Row& row = GetParam();
  Batch b = random_batch(row, 8);
  Tensor w = linspace(0.5, 1.5, 12, kFloat64).reshape({4, 3});
  const bool real_a = row.name == "NegativeBinomial";
  auto objective = [&](const DistPtr& d) {
    Tensor f = (d->log_prob(b.x) * w).sum();
    return row.has_entropy ? f + d->entropy().sum() : f;
  };
  autograd::MultiFn from_probs = [&](const std::vector<Tensor>& v) {
    return objective(row.from_probs(real_a ? v[1] : b.ta, v[0]));
  };
  std::vector<Tensor> inputs{b.tp.clone().requires_grad_()};
  if (real_a) inputs.push_back(b.ta.clone().requires_grad_());
  EXPECT_EQ(autograd::check_gradients(from_probs, inputs), "") << row.name << " from probs";
  if (!row.from_logits) return;
  autograd::MultiFn from_logits = [&](const std::vector<Tensor>& v) {
    return objective(row.from_logits(real_a ? v[1] : b.ta, v[0]));
  };
  inputs[0] = logit(b.tp).detach().requires_grad_();
  EXPECT_EQ(autograd::check_gradients(from_logits, inputs), "") << row.name << " from logits";
}

// |logit| = 50: p rounds to 1 (or underflows towards 0) but log_prob stays finite
// and equals the exact value in terms of the logit.
TEST_P(Discrete, ExtremeLogitsGiveFiniteLogProb) {
  const Row& row = GetParam();
  if (!row.from_logits) return;
  Tensor l = tensor({50.0, -50.0});
  Tensor a = tensor({5.0, 5.0});
  DistPtr d = row.from_logits(a, l);
  for (double k : {0.0, 1.0}) {
    Tensor lp = d->log_prob(full({2}, k, kFloat64));
    EXPECT_TRUE(all(isfinite(lp)).item<bool>()) << row.name << " k=" << k << ": " << lp;
  }
  // The mode's mass is near 1: log_prob near 0.
  if (row.name == "Bernoulli") {
    EXPECT_TRUE(near(d->log_prob(tensor({1.0, 0.0})), {0.0, 0.0}, 0, 1e-20));
  } else if (row.name == "Binomial") {
    EXPECT_TRUE(near(d->log_prob(tensor({5.0, 0.0})), {0.0, 0.0}, 0, 1e-20));
  } else if (row.name == "Geometric") {
    EXPECT_NEAR(at(d->log_prob(tensor({0.0, 0.0})), {1}), -50.0, 1e-12);
  } else if (row.name == "NegativeBinomial") {
    EXPECT_NEAR(at(d->log_prob(tensor({0.0, 0.0})), {1}), 0.0, 1e-20);
  }
}

TEST_P(Discrete, InvalidParametersAndValuesAreNamed) {
  const Row& row = GetParam();
  for (double bad : row.bad_p) {
    try {
      row.from_probs(scalar_tensor(row.a), scalar_tensor(bad));
      ADD_FAILURE() << row.name << " accepted p=" << bad;
    } catch (const Error& e) {
      std::string m = e.what();
      EXPECT_NE(m.find(row.name), std::string::npos) << m;
      EXPECT_NE(m.find(row.name == "Poisson" ? "rate" : "probs"), std::string::npos) << m;
      std::ostringstream v;
      v << bad;
      EXPECT_NE(m.find(v.str()), std::string::npos) << m;
    }
  }
  DistPtr d = row.from_probs(scalar_tensor(row.a), scalar_tensor(row.p));
  EXPECT_ERROR(d->log_prob(scalar_tensor(0.5)), row.name, "outside the support", "0.5");
  EXPECT_ERROR(d->log_prob(scalar_tensor(-1.0)), row.name, "outside the support", "-1");
  if (row.from_logits) EXPECT_ERROR(row.from_logits(scalar_tensor(row.a), scalar_tensor(NAN)), row.name, "logits");
}

INSTANTIATE_TEST_SUITE_P(Dist, Discrete, ::testing::ValuesIn(rows()), row_name);

// ---------------------------------------------------------------- per family

TEST(Bernoulli, SupportAndSpecialValues) {
  dist::Bernoulli d(tensor({0.0, 1.0, 0.25}));
  EXPECT_EQ(d.support().to_string(), "boolean");
  // p = 0 and 1 are allowed: their certain outcome has log_prob 0, the other -inf.
  EXPECT_TRUE(near(d.log_prob(tensor({0.0, 1.0, 1.0})), {0.0, 0.0, std::log(0.25)}, 1e-14));
  EXPECT_TRUE(near(d.log_prob(tensor({1.0, 0.0, 0.0})), {-INFINITY, -INFINITY, std::log(0.75)}, 1e-14));
  EXPECT_TRUE(near(d.entropy(), {0.0, 0.0, -0.25 * std::log(0.25) - 0.75 * std::log(0.75)}, 1e-14));
  EXPECT_TRUE(near(d.log_prob(tensor({true, true, false})), {-INFINITY, 0.0, std::log(0.75)}, 1e-14));
  EXPECT_ERROR(d.log_prob(tensor({2.0, 0.0, 0.0})), "Bernoulli", "outside the support", "boolean", "2");
  EXPECT_ERROR(dist::Bernoulli(tensor({0.5, 1.5})), "Bernoulli", "probs", "unit_interval", "1.5");
}

TEST(Binomial, SupportHasTensorBounds) {
  dist::Binomial d(tensor({2.0, 10.0}), 0.5);
  EXPECT_EQ(d.support().to_string(), "integer_interval(0, tensor[2])");
  EXPECT_ERROR(d.log_prob(tensor({3.0, 3.0})), "Binomial", "outside the support", "3");
  EXPECT_NO_THROW(d.log_prob(tensor({2.0, 10.0})));
  EXPECT_ERROR(dist::Binomial(2.5, 0.3), "Binomial", "total_count", "nonnegative_integer", "2.5");
  EXPECT_ERROR(dist::Binomial(-1, 0.3), "Binomial", "total_count", "-1");
  // n = 0: the point mass at 0.
  dist::Binomial zero(0, 0.3);
  EXPECT_NEAR(zero.log_prob(scalar_tensor(0.0)).item<double>(), 0.0, 1e-15);
  Generator gen(1);
  EXPECT_TRUE(equal(zero.sample(gen, {3}), zeros({3}, kFloat64)));
  // A large count takes the BTRS branch.
  dist::Binomial big(500, 0.4);
  Tensor x = big.sample(gen, {20000});
  bm::binomial_distribution<> ref(500, 0.4);
  EXPECT_GT(chi_square_pvalue(x, [&](int64_t k) { return bm::pdf(ref, static_cast<double>(k)); }, 150, 250), 1e-3);
}

TEST(Poisson, ZeroRateAndLargeRate) {
  dist::Poisson d(tensor({0.0, 250.0}));
  EXPECT_TRUE(near(d.log_prob(tensor({0.0, 250.0})),
                   {0.0, std::log(bm::pdf(bm::poisson_distribution<>(250.0), 250.0))}, 1e-10));
  EXPECT_EQ(at(d.log_prob(tensor({1.0, 0.0})), {0}), -INFINITY);
  EXPECT_ERROR(dist::Poisson(tensor({1.0, -2.0})), "Poisson", "rate", "nonnegative", "-2");
  EXPECT_ERROR(d.log_prob(tensor({1.5, 0.0})), "Poisson", "outside the support", "nonnegative_integer", "1.5");
}

TEST(NegativeBinomial, RealTotalCountAndZeroCount) {
  // r = 0 is the point mass at 0.
  dist::NegativeBinomial zero(0.0, 0.4);
  EXPECT_NEAR(zero.log_prob(scalar_tensor(0.0)).item<double>(), 0.0, 1e-15);
  EXPECT_EQ(zero.log_prob(scalar_tensor(2.0)).item<double>(), -INFINITY);
  Generator gen(3);
  EXPECT_TRUE(equal(zero.sample(gen, {4}), zeros({4}, kFloat64)));
  EXPECT_ERROR(dist::NegativeBinomial(2.0, 1.0), "NegativeBinomial", "probs", "less_than(1)", "1");
  EXPECT_ERROR(dist::NegativeBinomial(-0.5, 0.5), "NegativeBinomial", "total_count", "nonnegative", "-0.5");
  // Small real r with high p: a long tail.
  dist::NegativeBinomial d(0.7, 0.8);
  Tensor x = d.sample(gen, {20000});
  bm::negative_binomial_distribution<> ref(0.7, 0.2);
  EXPECT_GT(chi_square_pvalue(x, [&](int64_t k) { return bm::pdf(ref, static_cast<double>(k)); }, 0, 60), 1e-3);
  expect_moments(x, d.mean(), d.variance());
}

TEST(Geometric, ProbsOneIsAPointMassAtZero) {
  dist::Geometric d(1.0);
  EXPECT_NEAR(d.log_prob(scalar_tensor(0.0)).item<double>(), 0.0, 1e-15);
  EXPECT_EQ(d.log_prob(scalar_tensor(3.0)).item<double>(), -INFINITY);
  Generator gen(4);
  Tensor x = d.sample(gen, {100});
  EXPECT_TRUE(equal(x, zeros({100}, kFloat64)));
  EXPECT_FALSE(std::signbit(at(x, {0})));
  EXPECT_NEAR(d.entropy().item<double>(), 0.0, 1e-15);
  EXPECT_ERROR(dist::Geometric(0.0), "Geometric", "probs", "greater_than(0)", "0");
}

// ---------------------------------------------------------------- categorical

// log(p_k / sum_j p_j) for each row [..., K] of p, written out.
std::vector<double> normalised_log_probs(const std::vector<double>& p, int64_t k) {
  std::vector<double> out;
  for (size_t r = 0; r < p.size(); r += k) {
    double s = 0;
    for (int64_t j = 0; j < k; ++j) s += p[r + j];
    for (int64_t j = 0; j < k; ++j) out.push_back(std::log(p[r + j] / s));
  }
  return out;
}

// log softmax of each row, written out.
std::vector<double> log_softmax_rows(const std::vector<double>& l, int64_t k) {
  std::vector<double> out;
  for (size_t r = 0; r < l.size(); r += k) {
    double m = l[r];
    for (int64_t j = 1; j < k; ++j) m = std::max(m, l[r + j]);
    double s = 0;
    for (int64_t j = 0; j < k; ++j) s += std::exp(l[r + j] - m);
    for (int64_t j = 0; j < k; ++j) out.push_back(l[r + j] - m - std::log(s));
  }
  return out;
}

// Positive unnormalised probabilities [2, 3, 4] and values [5, 2, 3] in 0..3.
Tensor cat_probs() { return random_tensor({2, 3, 4}, 11) + 1.2; }
Tensor cat_values() {
  std::mt19937_64 rng(12);
  std::vector<double> v;
  for (int i = 0; i < 30; ++i) v.push_back(static_cast<double>(rng() % 4));
  return tensor(v, {5, 2, 3});
}

TEST(Categorical, LogProbMatchesNormalisedProbsAndLogits) {
  Tensor p = cat_probs(), x = cat_values();
  std::vector<double> lp_ref = normalised_log_probs(values(p), 4);
  Tensor l = random_tensor({2, 3, 4}, 13) * 3.0;
  std::vector<double> ll_ref = log_softmax_rows(values(l), 4);
  dist::Categorical dp(p), dl{dist::Logits(l)};
  EXPECT_EQ(dp.batch_shape(), Shape({2, 3}));
  EXPECT_EQ(dp.event_shape(), Shape({}));
  EXPECT_EQ(dp.support().to_string(), "integer_interval(0, 3)");
  for (const Tensor& value : {x, x.to(kInt64)}) {
    Tensor a = dp.log_prob(value), b = dl.log_prob(value);
    ASSERT_EQ(a.sizes(), IntList({5, 2, 3}));
    for_each_index(a.sizes(), [&](const std::vector<int64_t>& i) {
      const size_t row = static_cast<size_t>(i[1] * 3 + i[2]), k = static_cast<size_t>(at(x, i));
      EXPECT_NEAR(at(a, i), lp_ref[row * 4 + k], 1e-12);
      EXPECT_NEAR(at(b, i), ll_ref[row * 4 + k], 1e-12);
    });
  }
  // probs() are normalised, logits() are normalised log-probabilities.
  EXPECT_TRUE(near(dp.logits(), lp_ref, 1e-12, 1e-12));
  EXPECT_TRUE(near(dl.logits(), ll_ref, 1e-12, 1e-12));
  EXPECT_TRUE(near(sum(dl.probs(), {-1}), ones({2, 3}, kFloat64), 1e-12));
  // A value of batch shape [3] broadcasts against [2, 3].
  EXPECT_EQ(dp.log_prob(tensor({0.0, 1.0, 2.0})).sizes(), IntList({2, 3}));
}

TEST(Categorical, SamplesMatchTheProbabilities) {
  Generator gen(21);
  Tensor p = tensor({{0.1, 0.2, 0.3, 0.4, 0.0}, {5.0, 1.0, 1.0, 1.0, 2.0}});  // second row unnormalised
  dist::Categorical d(p);
  Tensor x = d.sample(gen, {20000});
  ASSERT_EQ(x.sizes(), IntList({20000, 2}));
  EXPECT_EQ(x.dtype(), kInt64);
  std::vector<double> pv = values(d.probs());
  for (int64_t r = 0; r < 2; ++r) {
    Tensor col = x.select(1, r);
    EXPECT_GT(chi_square_pvalue(col, [&](int64_t k) { return k >= 0 && k < 5 ? pv[r * 5 + k] : 0.0; }, 0, 4), 1e-3)
        << "row " << r;
  }
  EXPECT_EQ((x.select(1, 0) == 4).sum().item<double>(), 0.0);  // zero probability never drawn
  expect_moments(x, d.mean(), d.variance());
  EXPECT_EQ(d.sample(gen, {3, 4}).sizes(), IntList({3, 4, 2}));
  EXPECT_EQ(dist::Categorical(tensor({0.5, 0.5})).sample(gen).sizes(), IntList({}));
}

TEST(Categorical, EntropyMatchesTheExplicitSum) {
  Tensor p = tensor({{0.1, 0.2, 0.7, 0.0}, {0.25, 0.25, 0.25, 0.25}});
  dist::Categorical dp(p), dl{dist::Logits(log(p))};
  std::vector<double> pv = values(p);
  std::vector<double> e(2, 0.0);
  for (int r = 0; r < 2; ++r)
    for (int k = 0; k < 4; ++k)
      if (pv[r * 4 + k] > 0) e[r] -= pv[r * 4 + k] * std::log(pv[r * 4 + k]);
  EXPECT_TRUE(near(dp.entropy(), e, 1e-12, 1e-14));
  EXPECT_TRUE(near(dl.entropy(), e, 1e-12, 1e-14));  // -inf logits contribute 0
}

TEST(Categorical, LogProbGradientsMatchFiniteDifferences) {
  Tensor x = cat_values();
  Tensor w = linspace(0.5, 1.5, 30, kFloat64).reshape({5, 2, 3});
  autograd::MultiFn fp = [&](const std::vector<Tensor>& v) {
    return (dist::Categorical(v[0]).log_prob(x) * w).sum() + dist::Categorical(v[0]).entropy().sum();
  };
  autograd::MultiFn fl = [&](const std::vector<Tensor>& v) {
    dist::Categorical d{dist::Logits(v[0])};
    return (d.log_prob(x) * w).sum() + d.entropy().sum();
  };
  EXPECT_EQ(autograd::check_gradients(fp, {cat_probs().requires_grad_()}), "");
  EXPECT_EQ(autograd::check_gradients(fl, {random_tensor({2, 3, 4}, 14).requires_grad_()}), "");
}

TEST(Categorical, ExtremeLogitsAndValidation) {
  dist::Categorical d{dist::Logits(tensor({50.0, -50.0, 0.0}))};
  Tensor lp = d.log_prob(tensor({0.0, 1.0, 2.0}));
  EXPECT_TRUE(all(isfinite(lp)).item<bool>()) << lp;
  EXPECT_NEAR(at(lp, {1}), -100.0, 1e-12);
  EXPECT_ERROR(d.log_prob(scalar_tensor(3.0)), "Categorical", "outside the support", "integer_interval(0, 2)", "3");
  EXPECT_ERROR(d.log_prob(scalar_tensor(int64_t{-1})), "Categorical", "outside the support", "-1");
  EXPECT_ERROR(d.log_prob(scalar_tensor(1.5)), "Categorical", "outside the support", "1.5");
  EXPECT_ERROR(dist::Categorical(tensor({0.5, -0.2, 0.7})), "Categorical", "probs", "simplex", "-0.2");
  EXPECT_ERROR(dist::Categorical(scalar_tensor(1.0)), "Categorical", "probs", "last dim");
  EXPECT_ERROR(dist::Categorical(dist::Logits(tensor({0.0, NAN}))), "Categorical", "logits", "nan");
}

// ---------------------------------------------------------------- one-hot categorical

TEST(OneHotCategorical, LogProbSamplesAndMoments) {
  Tensor p = tensor({{0.1, 0.2, 0.3, 0.4}, {1.0, 1.0, 2.0, 4.0}});
  dist::OneHotCategorical d(p);
  dist::OneHotCategorical dl{dist::Logits(log(p))};
  EXPECT_EQ(d.batch_shape(), Shape({2}));
  EXPECT_EQ(d.event_shape(), Shape({4}));
  EXPECT_EQ(d.support().to_string(), "one_hot");
  std::vector<double> ref = normalised_log_probs(values(p), 4);
  Tensor x = tensor({{0.0, 0.0, 1.0, 0.0}, {0.0, 0.0, 0.0, 1.0}});
  EXPECT_TRUE(near(d.log_prob(x), {ref[2], ref[7]}, 1e-12, 1e-12));
  EXPECT_TRUE(near(dl.log_prob(x), {ref[2], ref[7]}, 1e-12, 1e-12));
  Tensor y = tensor({1.0, 0.0, 0.0, 0.0});  // broadcasts against the batch
  EXPECT_TRUE(near(d.log_prob(y), {ref[0], ref[4]}, 1e-12, 1e-12));

  Generator gen(31);
  Tensor s = d.sample(gen, {20000});
  ASSERT_EQ(s.sizes(), IntList({20000, 2, 4}));
  EXPECT_EQ(s.dtype(), kFloat64);
  EXPECT_TRUE(all(d.support().check(s)).item<bool>());
  expect_moments(s, d.mean(), d.variance());  // per component
  std::vector<double> pv = values(d.probs());
  for (int64_t r = 0; r < 2; ++r)
    EXPECT_GT(chi_square_pvalue(argmax(s.select(1, r), -1), [&](int64_t k) { return pv[r * 4 + k]; }, 0, 3), 1e-3);
  // entropy as the Categorical's
  EXPECT_TRUE(near(d.entropy(), dist::Categorical(p).entropy(), 1e-14));
  EXPECT_EQ(d.entropy().sizes(), IntList({2}));
}

TEST(OneHotCategorical, GradientsAndValidation) {
  Tensor x = tensor({{0.0, 1.0, 0.0}, {1.0, 0.0, 0.0}});
  autograd::MultiFn f = [&](const std::vector<Tensor>& v) {
    return (dist::OneHotCategorical(v[0]).log_prob(x) * tensor({0.7, 1.3})).sum();
  };
  autograd::MultiFn fl = [&](const std::vector<Tensor>& v) {
    return (dist::OneHotCategorical(dist::Logits(v[0])).log_prob(x) * tensor({0.7, 1.3})).sum();
  };
  EXPECT_EQ(autograd::check_gradients(f, {(random_tensor({2, 3}, 41) + 1.5).requires_grad_()}), "");
  EXPECT_EQ(autograd::check_gradients(fl, {random_tensor({2, 3}, 42).requires_grad_()}), "");
  dist::OneHotCategorical d(tensor({0.2, 0.3, 0.5}));
  EXPECT_ERROR(d.log_prob(tensor({1.0, 1.0, 0.0})), "OneHotCategorical", "outside the support", "one_hot");
  EXPECT_ERROR(d.log_prob(tensor({0.0, 0.0, 0.0})), "OneHotCategorical", "one_hot");
  EXPECT_ERROR(d.log_prob(tensor({1.0, 0.0})), "OneHotCategorical", "event shape");
  dist::OneHotCategorical e{dist::Logits(tensor({50.0, -50.0, 0.0}))};
  EXPECT_TRUE(all(isfinite(e.log_prob(eye(3, std::nullopt, kFloat64)))).item<bool>());
}

// ---------------------------------------------------------------- multinomial

// log n! - sum log x_k! + sum x_k log p_k, written out.
double multinomial_log_pmf(const std::vector<double>& x, const std::vector<double>& p) {
  double n = 0, s = 0, lp = 0;
  for (size_t k = 0; k < x.size(); ++k) {
    n += x[k];
    s += p[k];
  }
  lp = std::lgamma(n + 1);
  for (size_t k = 0; k < x.size(); ++k) {
    lp -= std::lgamma(x[k] + 1);
    if (x[k] > 0) lp += x[k] * std::log(p[k] / s);
  }
  return lp;
}

TEST(Multinomial, LogProbMatchesTheClosedForm) {
  Tensor p = tensor({{0.2, 0.3, 0.5, 0.0}, {1.0, 2.0, 3.0, 4.0}});
  dist::Multinomial d(10, p);
  dist::Multinomial dl(10, dist::Logits(log(p)));
  EXPECT_EQ(d.batch_shape(), Shape({2}));
  EXPECT_EQ(d.event_shape(), Shape({4}));
  EXPECT_EQ(d.support().to_string(), "multinomial(10)");
  Tensor x = tensor({{2.0, 3.0, 5.0, 0.0}, {1.0, 2.0, 3.0, 4.0}});
  std::vector<double> pv = values(p), xv = values(x);
  auto row = [](const std::vector<double>& v, int r) { return std::vector<double>(v.begin() + 4 * r, v.begin() + 4 * r + 4); };
  std::vector<double> ref{multinomial_log_pmf(row(xv, 0), row(pv, 0)), multinomial_log_pmf(row(xv, 1), row(pv, 1))};
  EXPECT_TRUE(near(d.log_prob(x), ref, 1e-12, 1e-12));
  EXPECT_TRUE(near(dl.log_prob(x), ref, 1e-12, 1e-12));  // 0 * -inf logits = 0
  EXPECT_TRUE(near(d.log_prob(x.to(kInt64)), ref, 1e-12, 1e-12));
  // A count on a zero-probability category is impossible.
  EXPECT_EQ(at(d.log_prob(tensor({1.0, 3.0, 5.0, 1.0})), {0}), -INFINITY);
}

TEST(Multinomial, SamplesAreCountsWithBinomialMarginals) {
  Generator gen(51);
  Tensor p = tensor({{0.1, 0.2, 0.3, 0.4}, {0.5, 0.0, 0.25, 0.25}});
  dist::Multinomial d(12, p);
  Tensor x = d.sample(gen, {20000});
  ASSERT_EQ(x.sizes(), IntList({20000, 2, 4}));
  EXPECT_EQ(x.dtype(), kFloat64);
  EXPECT_TRUE(all(d.support().check(x)).item<bool>());
  expect_moments(x, d.mean(), d.variance());  // per component
  std::vector<double> pv = values(p);
  for (int64_t r = 0; r < 2; ++r)
    for (int64_t k = 0; k < 4; ++k) {
      if (pv[r * 4 + k] == 0) {
        EXPECT_EQ(x.select(1, r).select(1, k).sum().item<double>(), 0.0);
        continue;
      }
      bm::binomial_distribution<> marginal(12, pv[r * 4 + k]);
      EXPECT_GT(chi_square_pvalue(x.select(1, r).select(1, k),
                                  [&](int64_t c) { return bm::pdf(marginal, static_cast<double>(c)); }, 0, 12),
                1e-3)
          << "row " << r << " category " << k;
    }
  EXPECT_TRUE(equal(dist::Multinomial(0, p).sample(gen, {3}), zeros({3, 2, 4}, kFloat64)));
  EXPECT_EQ(dist::Multinomial(5, dist::Logits(tensor({0.0, 1.0}))).sample(gen).sizes(), IntList({2}));
}

TEST(Multinomial, GradientsExtremeLogitsAndValidation) {
  Tensor x = tensor({{1.0, 2.0, 3.0}, {0.0, 6.0, 0.0}});
  autograd::MultiFn f = [&](const std::vector<Tensor>& v) {
    return (dist::Multinomial(6, v[0]).log_prob(x) * tensor({0.7, 1.3})).sum();
  };
  autograd::MultiFn fl = [&](const std::vector<Tensor>& v) {
    return (dist::Multinomial(6, dist::Logits(v[0])).log_prob(x) * tensor({0.7, 1.3})).sum();
  };
  EXPECT_EQ(autograd::check_gradients(f, {(random_tensor({2, 3}, 61) + 1.5).requires_grad_()}), "");
  EXPECT_EQ(autograd::check_gradients(fl, {random_tensor({2, 3}, 62).requires_grad_()}), "");
  dist::Multinomial e(6, dist::Logits(tensor({50.0, -50.0, 0.0})));
  EXPECT_TRUE(all(isfinite(e.log_prob(x))).item<bool>());
  dist::Multinomial d(6, tensor({0.2, 0.3, 0.5}));
  EXPECT_ERROR(d.log_prob(tensor({1.0, 2.0, 2.0})), "Multinomial", "outside the support", "multinomial(6)");
  EXPECT_ERROR(d.log_prob(tensor({1.0, 2.5, 2.5})), "Multinomial", "outside the support");
  EXPECT_ERROR(d.log_prob(tensor({-1.0, 2.0, 5.0})), "Multinomial", "outside the support", "-1");
  EXPECT_ERROR(dist::Multinomial(-1, tensor({0.5, 0.5})), "Multinomial", "total_count", "-1");
  EXPECT_ERROR(dist::Multinomial(3, tensor({0.5, -0.5, 1.0})), "Multinomial", "probs", "simplex");
}

// ---------------------------------------------------------------- wrappers

// expand() and to_event() work through the base class for every family,
// including those with an event dim and tensor-valued supports.
TEST(DiscreteWrappers, ExpandAndToEventKeepShapesAndLogProb) {
  Generator gen(71);
  auto cat = dist::Categorical(tensor({0.2, 0.3, 0.5})).expand({4, 2});
  EXPECT_EQ(cat.sample(gen, {5}).sizes(), IntList({5, 4, 2}));
  EXPECT_EQ(cat.log_prob(scalar_tensor(int64_t{2})).sizes(), IntList({4, 2}));
  EXPECT_NEAR(at(cat.log_prob(scalar_tensor(int64_t{2})), {3, 1}), std::log(0.5), 1e-14);

  auto oh = dist::OneHotCategorical(tensor({{0.2, 0.8}, {0.6, 0.4}}).reshape({2, 1, 2})).expand({2, 3});
  Tensor y = oh.sample(gen, {7});
  ASSERT_EQ(y.sizes(), IntList({7, 2, 3, 2}));
  EXPECT_EQ(oh.log_prob(y).sizes(), IntList({7, 2, 3}));
  EXPECT_TRUE(equal(y.sum({-1}), ones({7, 2, 3}, kFloat64)));

  auto mn = dist::Multinomial(4, tensor({0.5, 0.5})).expand({3});
  Tensor z = mn.sample(gen, {6});
  ASSERT_EQ(z.sizes(), IntList({6, 3, 2}));
  EXPECT_TRUE(equal(z.sum({-1}), full({6, 3}, 4.0, kFloat64)));
  EXPECT_TRUE(all(isfinite(mn.log_prob(z))).item<bool>());

  // A batch of Binomials as one event: the support's tensor bound broadcasts.
  auto bi = dist::Binomial(tensor({2.0, 5.0, 9.0}), 0.4).to_event(1);
  Tensor k = bi.sample(gen, {8});
  ASSERT_EQ(k.sizes(), IntList({8, 3}));
  Tensor lp = bi.log_prob(k);
  ASSERT_EQ(lp.sizes(), IntList({8}));
  EXPECT_NEAR(at(lp, {0}), at(dist::Binomial(tensor({2.0, 5.0, 9.0}), 0.4).log_prob(k).sum({1}), {0}), 1e-12);
  EXPECT_ERROR(bi.log_prob(tensor({3.0, 0.0, 0.0})), "outside the support");
}

}  // namespace
}  // namespace tyche::testing
