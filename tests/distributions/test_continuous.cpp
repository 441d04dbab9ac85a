// The continuous families other than Normal, as one table (NumPyro's CONTINUOUS):
// a row per family with its parameters and Boost.Math references, and generic
// property tests over every row:
//  - log_prob, cdf, icdf against Boost.Math on a batch of parameters;
//  - icdf(cdf(x)) == x;
//  - draws: KS p-value > 1e-3 against the Boost cdf (fixed seeds), sample
//    moments within 5 standard errors where the moments are finite;
//  - mean / variance against Boost (or textbook forms), entropy against the
//    textbook closed form and against a Monte-Carlo estimate -E[log p(X)]
//    with Boost's density, within 5 standard errors;
//  - rsample gradients against finite differences;
//  - batch broadcasting and sample / log_prob shapes.
// Family-specific checks (validation messages, infinite moments, VonMises)
// follow the generic ones.
#include <boost/math/distributions/cauchy.hpp>
#include <boost/math/distributions/exponential.hpp>
#include <boost/math/distributions/extreme_value.hpp>
#include <boost/math/distributions/laplace.hpp>
#include <boost/math/distributions/logistic.hpp>
#include <boost/math/distributions/lognormal.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/pareto.hpp>
#include <boost/math/distributions/uniform.hpp>
#include <boost/math/distributions/weibull.hpp>
#include <boost/math/special_functions/bessel.hpp>

#include <limits>
#include <memory>
#include <string>

#include "dist_testing.h"

namespace tyche::testing {
namespace {

namespace bm = boost::math;
using P = std::vector<double>;  // one family's parameters, in constructor order
using DistPtr = std::shared_ptr<const dist::Distribution>;

constexpr double kPi = 3.14159265358979323846;
constexpr double kEuler = 0.57721566490153286061;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

// exp(kappa cos(t - loc)) / (2 pi I0(kappa)) integrated from -pi by Simpson's
// rule on a fine grid (independent of the Bessel functions under test): the
// von Mises cdf on [-pi, pi), linear between grid points.
std::function<double(double)> von_mises_cdf(double loc, double kappa) {
  const int n = 1 << 16;
  const double h = 2 * kPi / n;
  auto g = [&](double t) { return std::exp(kappa * (std::cos(t - loc) - 1)); };
  auto table = std::make_shared<std::vector<double>>(n + 1, 0.0);
  for (int i = 0; i < n; ++i) {
    double a = -kPi + i * h;
    (*table)[i + 1] = (*table)[i] + h / 6 * (g(a) + 4 * g(a + h / 2) + g(a + h));
  }
  const double total = table->back();
  return [table, total, h](double x) {
    double pos = (x + kPi) / h;
    int i = std::clamp(static_cast<int>(pos), 0, n - 1);
    double f = pos - i;
    return ((*table)[i] * (1 - f) + (*table)[i + 1] * f) / total;
  };
}

double log_i0(double kappa) { return std::log(bm::cyl_bessel_i(0, kappa)); }
double bessel_ratio(double kappa) { return bm::cyl_bessel_i(1, kappa) / bm::cyl_bessel_i(0, kappa); }

struct Family {
  std::string name;
  std::function<DistPtr(const std::vector<Tensor>&)> make;
  std::vector<P> batch;   // per parameter, three values: a batch of three distributions
  P sample;               // scalar parameters for the sampling tests
  std::vector<P> grad;    // per parameter, two values for the rsample gradient check
  // Boost.Math (or textbook) references at parameters p.
  std::function<double(const P&, double)> log_pdf, cdf, quantile;
  std::function<double(const P&)> mean, variance, entropy;
  bool finite_moments = true;  // at `sample`: expect_moments applies
};

Family row(std::string name, std::function<DistPtr(const std::vector<Tensor>&)> make, std::vector<P> batch,
           P sample, std::vector<P> grad) {
  Family f;
  f.name = std::move(name);
  f.make = std::move(make);
  f.batch = std::move(batch);
  f.sample = std::move(sample);
  f.grad = std::move(grad);
  return f;
}

// Reference for |Y|, Y ~ law: density 2 f, cdf 2 F - 1, quantile F^-1((1 + p) / 2).
template <class Law>
Family half_of(Family f, std::function<Law(const P&)> law) {
  f.log_pdf = [law](const P& p, double x) { return std::log(2 * bm::pdf(law(p), x)); };
  f.cdf = [law](const P& p, double x) { return 2 * bm::cdf(law(p), x) - 1; };
  f.quantile = [law](const P& p, double q) { return bm::quantile(law(p), (1 + q) / 2); };
  return f;
}

// log_pdf, cdf and quantile from a Boost distribution, and with
// with_moments its mean and variance (Boost's Cauchy has none).
template <class Law, bool with_moments = true>
void from_boost(Family& f, std::function<Law(const P&)> law) {
  f.log_pdf = [law](const P& p, double x) { return std::log(bm::pdf(law(p), x)); };
  f.cdf = [law](const P& p, double x) { return bm::cdf(law(p), x); };
  f.quantile = [law](const P& p, double q) { return bm::quantile(law(p), q); };
  if constexpr (with_moments) {
    f.mean = [law](const P& p) { return bm::mean(law(p)); };
    f.variance = [law](const P& p) { return bm::variance(law(p)); };
  }
}

std::vector<Family> families() {
  std::vector<Family> rows;
  const P locs{-1.0, 0.0, 2.5}, scales{0.5, 1.0, 3.0};
  const std::vector<P> loc_scale_grad{{0.3, -1.0}, {0.5, 2.0}};
  {
    Family f = row("LogNormal", [](const std::vector<Tensor>& p) { return dist::LogNormal(p[0], p[1]).clone(); },
             {{-0.5, 0.0, 1.2}, {0.3, 1.0, 2.0}}, {0.3, 0.5}, loc_scale_grad);
    from_boost<bm::lognormal>(f, [](const P& p) { return bm::lognormal(p[0], p[1]); });
    f.entropy = [](const P& p) { return std::log(p[1] * std::exp(p[0] + 0.5) * std::sqrt(2 * kPi)); };
    rows.push_back(f);
  }
  {
    Family f = row("HalfNormal", [](const std::vector<Tensor>& p) { return dist::HalfNormal(p[0]).clone(); }, {scales}, {1.5}, {{0.5, 2.0}});
    f = half_of<bm::normal>(f, [](const P& p) { return bm::normal(0.0, p[0]); });
    f.mean = [](const P& p) { return p[0] * std::sqrt(2 / kPi); };
    f.variance = [](const P& p) { return p[0] * p[0] * (1 - 2 / kPi); };
    f.entropy = [](const P& p) { return 0.5 * std::log(kPi * p[0] * p[0] / 2) + 0.5; };
    rows.push_back(f);
  }
  {
    Family f = row("Cauchy", [](const std::vector<Tensor>& p) { return dist::Cauchy(p[0], p[1]).clone(); }, {locs, scales}, {0.5, 2.0},
             loc_scale_grad);
    from_boost<bm::cauchy, false>(f, [](const P& p) { return bm::cauchy(p[0], p[1]); });
    f.mean = [](const P&) { return kNaN; };
    f.variance = [](const P&) { return kInf; };
    f.entropy = [](const P& p) { return std::log(4 * kPi * p[1]); };
    f.finite_moments = false;
    rows.push_back(f);
  }
  {
    Family f = row("HalfCauchy", [](const std::vector<Tensor>& p) { return dist::HalfCauchy(p[0]).clone(); }, {scales}, {1.5}, {{0.5, 2.0}});
    f = half_of<bm::cauchy>(f, [](const P& p) { return bm::cauchy(0.0, p[0]); });
    f.mean = [](const P&) { return kInf; };
    f.variance = [](const P&) { return kInf; };
    f.entropy = [](const P& p) { return std::log(2 * kPi * p[0]); };
    f.finite_moments = false;
    rows.push_back(f);
  }
  {
    Family f = row("Laplace", [](const std::vector<Tensor>& p) { return dist::Laplace(p[0], p[1]).clone(); }, {locs, scales}, {1.0, 2.0},
             loc_scale_grad);
    from_boost<bm::laplace>(f, [](const P& p) { return bm::laplace(p[0], p[1]); });
    f.entropy = [](const P& p) { return std::log(2 * p[1] * std::exp(1.0)); };
    rows.push_back(f);
  }
  {
    Family f = row("Logistic", [](const std::vector<Tensor>& p) { return dist::Logistic(p[0], p[1]).clone(); }, {locs, scales}, {-0.5, 1.5},
             loc_scale_grad);
    from_boost<bm::logistic>(f, [](const P& p) { return bm::logistic(p[0], p[1]); });
    f.entropy = [](const P& p) { return std::log(p[1]) + 2; };
    rows.push_back(f);
  }
  {
    Family f = row("Gumbel", [](const std::vector<Tensor>& p) { return dist::Gumbel(p[0], p[1]).clone(); }, {locs, scales}, {1.0, 2.0},
             loc_scale_grad);
    from_boost<bm::extreme_value>(f, [](const P& p) { return bm::extreme_value(p[0], p[1]); });
    f.entropy = [](const P& p) { return std::log(p[1]) + kEuler + 1; };
    rows.push_back(f);
  }
  {
    Family f = row("Uniform", [](const std::vector<Tensor>& p) { return dist::Uniform(p[0], p[1]).clone(); },
             {{-1.0, 0.0, 2.5}, {0.5, 1.0, 10.0}}, {-2.0, 3.0}, {{-1.0, 0.5}, {0.5, 4.0}});
    from_boost<bm::uniform>(f, [](const P& p) { return bm::uniform(p[0], p[1]); });
    f.entropy = [](const P& p) { return std::log(p[1] - p[0]); };
    rows.push_back(f);
  }
  {
    Family f = row("Exponential", [](const std::vector<Tensor>& p) { return dist::Exponential(p[0]).clone(); }, {{0.5, 1.0, 4.0}}, {2.5},
             {{0.5, 3.0}});
    from_boost<bm::exponential>(f, [](const P& p) { return bm::exponential(p[0]); });
    f.entropy = [](const P& p) { return 1 - std::log(p[0]); };
    rows.push_back(f);
  }
  {
    // Boost's weibull takes (shape, scale); ours (scale, concentration) as torch.
    Family f = row("Weibull", [](const std::vector<Tensor>& p) { return dist::Weibull(p[0], p[1]).clone(); },
             {{0.5, 1.0, 3.0}, {0.7, 1.5, 4.0}}, {2.0, 1.5}, {{0.5, 2.0}, {0.8, 3.0}});
    from_boost<bm::weibull>(f, [](const P& p) { return bm::weibull(p[1], p[0]); });
    f.entropy = [](const P& p) { return kEuler * (1 - 1 / p[1]) + std::log(p[0] / p[1]) + 1; };
    rows.push_back(f);
  }
  {
    // alpha 9 for sampling: the variance's standard error needs a finite fourth moment.
    Family f = row("Pareto", [](const std::vector<Tensor>& p) { return dist::Pareto(p[0], p[1]).clone(); },
             {{0.5, 1.0, 3.0}, {0.8, 2.5, 6.0}}, {1.5, 9.0}, {{0.5, 2.0}, {1.5, 4.0}});
    from_boost<bm::pareto>(f, [](const P& p) { return bm::pareto(p[0], p[1]); });
    f.mean = [](const P& p) { return p[1] > 1 ? bm::mean(bm::pareto(p[0], p[1])) : kInf; };
    f.variance = [](const P& p) { return p[1] > 2 ? bm::variance(bm::pareto(p[0], p[1])) : kInf; };
    f.entropy = [](const P& p) { return std::log(p[0] / p[1] * std::exp(1 + 1 / p[1])); };
    rows.push_back(f);
  }
  {
    Family f = row("VonMises", [](const std::vector<Tensor>& p) { return dist::VonMises(p[0], p[1]).clone(); }, {locs, {0.3, 2.0, 30.0}},
             {0.5, 2.0}, {});
    f.log_pdf = [](const P& p, double x) { return p[1] * std::cos(x - p[0]) - std::log(2 * kPi) - log_i0(p[1]); };
    f.mean = [](const P& p) { return p[0]; };
    f.variance = [](const P& p) { return 1 - bessel_ratio(p[1]); };
    f.entropy = [](const P& p) { return std::log(2 * kPi) + log_i0(p[1]) - p[1] * bessel_ratio(p[1]); };
    f.finite_moments = false;  // its variance is the circular one; see the VonMises tests
    rows.push_back(f);
  }
  return rows;
}

const std::vector<Family>& table() {
  static const std::vector<Family> rows = families();
  return rows;
}

// The parameters of column c of the batch.
P column(const Family& f, size_t c) {
  P p;
  for (const P& v : f.batch) p.push_back(v[c]);
  return p;
}

std::vector<Tensor> batch_tensors(const Family& f) {
  std::vector<Tensor> t;
  for (const P& v : f.batch) t.push_back(tensor(v));
  return t;
}

std::vector<Tensor> scalar_tensors(const P& p, DType dt = kFloat64) {
  std::vector<Tensor> t;
  for (double v : p) t.push_back(scalar_tensor(v).to(dt));
  return t;
}

// Points in the support for column c: the reference quantiles at fixed
// probabilities (reals around loc for VonMises, which has no Boost quantile).
const P kProbs{0.02, 0.3, 0.55, 0.97};
Tensor support_points(const Family& f) {
  std::vector<double> v;
  for (double q : kProbs)
    for (size_t c = 0; c < 3; ++c) {
      P p = column(f, c);
      v.push_back(f.quantile ? f.quantile(p, q) : p[0] + 8 * (q - 0.5));
    }
  return tensor(v, {static_cast<int64_t>(kProbs.size()), 3});
}

class Continuous : public ::testing::TestWithParam<size_t> {
 protected:
  const Family& family() const { return table()[GetParam()]; }
};

std::string row_name(const ::testing::TestParamInfo<size_t>& info) { return table()[info.param].name; }

TEST_P(Continuous, LogProbMatchesBoostOnABatch) {
  const Family& f = family();
  DistPtr d = f.make(batch_tensors(f));
  ASSERT_EQ(d->batch_shape(), Shape({3}));
  Tensor x = support_points(f);
  Tensor lp = d->log_prob(x);
  ASSERT_EQ(lp.sizes(), IntList({4, 3}));
  for (int64_t r = 0; r < 4; ++r)
    for (int64_t c = 0; c < 3; ++c) {
      double e = f.log_pdf(column(f, c), at(x, {r, c}));
      EXPECT_NEAR(at(lp, {r, c}), e, 1e-12 + 1e-10 * std::fabs(e)) << "x = " << at(x, {r, c}) << ", column " << c;
    }
}

TEST_P(Continuous, CdfAndIcdfMatchBoost) {
  const Family& f = family();
  if (!f.cdf) {  // no closed form: cdf and icdf say so, naming the family
    DistPtr d = f.make(batch_tensors(f));
    EXPECT_ERROR(d->cdf(scalar_tensor(0.1)), f.name, "cdf is not implemented");
    EXPECT_ERROR(d->icdf(scalar_tensor(0.1)), f.name, "icdf is not implemented");
    return;
  }
  DistPtr d = f.make(batch_tensors(f));
  Tensor x = support_points(f);
  Tensor cdf = d->cdf(x);
  Tensor back = d->icdf(cdf);
  const Tensor probs = tensor({0.001, 0.1, 0.5, 0.999}).reshape({4, 1}).expand({4, 3}).contiguous();
  Tensor q = d->icdf(probs);
  for (int64_t r = 0; r < 4; ++r)
    for (int64_t c = 0; c < 3; ++c) {
      P p = column(f, c);
      double xv = at(x, {r, c});
      EXPECT_NEAR(at(cdf, {r, c}), f.cdf(p, xv), 1e-13) << "cdf at " << xv << ", column " << c;
      EXPECT_NEAR(at(back, {r, c}), xv, 1e-9 * (1 + std::fabs(xv))) << "icdf(cdf(x)), column " << c;
      double e = f.quantile(p, at(probs, {r, c}));
      EXPECT_NEAR(at(q, {r, c}), e, 1e-10 * (1 + std::fabs(e))) << "icdf at " << at(probs, {r, c});
    }
}

TEST_P(Continuous, MomentsAndEntropyMatchReferences) {
  const Family& f = family();
  DistPtr d = f.make(batch_tensors(f));
  std::vector<double> mean, var, ent;
  for (size_t c = 0; c < 3; ++c) {
    P p = column(f, c);
    mean.push_back(f.mean(p));
    var.push_back(f.variance(p));
    ent.push_back(f.entropy(p));
  }
  ASSERT_EQ(d->mean().sizes(), IntList({3}));
  ASSERT_EQ(d->variance().sizes(), IntList({3}));
  ASSERT_EQ(d->entropy().sizes(), IntList({3}));
  EXPECT_TRUE(near(d->mean(), mean, 1e-12, 1e-14));
  EXPECT_TRUE(near(d->variance(), var, 1e-12, 1e-14));
  EXPECT_TRUE(near(d->entropy(), ent, 1e-12, 1e-14));
}

// n = 20000 draws at the scalar parameters (seed fixed per row).
TEST_P(Continuous, DrawsFitTheLaw) {
  const Family& f = family();
  Generator gen(100 + GetParam());
  DistPtr d = f.make(scalar_tensors(f.sample));
  Tensor x = d->sample(gen, {20000});
  ASSERT_EQ(x.sizes(), IntList({20000}));
  EXPECT_EQ(x.dtype(), kFloat64);
  EXPECT_FALSE(x.requires_grad());
  std::function<double(double)> cdf = f.cdf ? std::function<double(double)>([&](double v) { return f.cdf(f.sample, v); })
                                            : von_mises_cdf(f.sample[0], f.sample[1]);
  EXPECT_GT(ks_pvalue(x, cdf), 1e-3);
  if (f.finite_moments) expect_moments(x, d->mean(), d->variance());
  // Every draw lies in the support: log_prob validates its argument.
  EXPECT_TRUE(all(isfinite(d->log_prob(x))).item<bool>());
}

// The same in float32 (params and draws): no draw leaves the support after rounding.
TEST_P(Continuous, Float32DrawsFitTheLaw) {
  const Family& f = family();
  Generator gen(200 + GetParam());
  DistPtr d = f.make(scalar_tensors(f.sample, kFloat32));
  Tensor x = d->sample(gen, {20000});
  EXPECT_EQ(x.dtype(), kFloat32);
  EXPECT_EQ(d->log_prob(x).dtype(), kFloat32);
  std::function<double(double)> cdf = f.cdf ? std::function<double(double)>([&](double v) { return f.cdf(f.sample, v); })
                                            : von_mises_cdf(f.sample[0], f.sample[1]);
  EXPECT_GT(ks_pvalue(x, cdf), 1e-3);
  EXPECT_TRUE(all(d->support().check(x)).item<bool>());
}

// -E[log p(X)] by Monte Carlo with Boost's density over 50000 draws, within
// 5 standard errors (sd of log p / sqrt(n)).
TEST_P(Continuous, EntropyMatchesMonteCarlo) {
  const Family& f = family();
  Generator gen(300 + GetParam());
  DistPtr d = f.make(scalar_tensors(f.sample));
  std::vector<double> x = values(d->sample(gen, {50000}));
  double s = 0, s2 = 0;
  for (double v : x) {
    double lp = f.log_pdf(f.sample, v);
    s += lp;
    s2 += lp * lp;
  }
  const double n = static_cast<double>(x.size()), m = s / n, sd = std::sqrt(s2 / n - m * m);
  EXPECT_NEAR(d->entropy().item<double>(), -m, 5 * sd / std::sqrt(n));
}

TEST_P(Continuous, RsampleGradientsMatchFiniteDifferences) {
  const Family& f = family();
  DistPtr probe = f.make(scalar_tensors(f.sample));
  if (!probe->has_rsample()) {
    EXPECT_ERROR(probe->rsample(), f.name, "rsample");
    return;
  }
  std::vector<Tensor> params;
  for (const P& v : f.grad) params.push_back(tensor(v).requires_grad_());
  auto make = f.make;
  expect_rsample_gradients([make](const std::vector<Tensor>& p, Generator& g) { return make(p)->rsample(g, {3}); },
                           params);
  // log_prob of a reparameterised draw is differentiable in the parameters too.
  Generator gen(5);
  Tensor lp = f.make(params)->log_prob(f.make(params)->rsample(gen, {2})).sum();
  EXPECT_TRUE(lp.requires_grad());
}

// [3] parameters with scalar ones: batch [3]; sample(gen, {4}) is [4, 3].
TEST_P(Continuous, BatchShapesBroadcast) {
  const Family& f = family();
  std::vector<Tensor> p = scalar_tensors(f.sample);
  p[0] = tensor(f.batch[0]);
  DistPtr d = f.make(p);
  EXPECT_EQ(d->batch_shape(), Shape({3}));
  EXPECT_EQ(d->event_shape(), Shape({}));
  Generator gen(9);
  Tensor x = d->sample(gen, {4});
  ASSERT_EQ(x.sizes(), IntList({4, 3}));
  EXPECT_EQ(d->log_prob(x).sizes(), IntList({4, 3}));
  EXPECT_EQ(d->mean().sizes(), IntList({3}));
  EXPECT_EQ(d->variance().sizes(), IntList({3}));
  EXPECT_EQ(d->entropy().sizes(), IntList({3}));
  // Column c of the batch is the scalar-parameter distribution of column c.
  for (int64_t c = 0; c < 3; ++c) {
    std::vector<Tensor> pc = p;
    pc[0] = p[0].index({c});
    EXPECT_NEAR(at(d->log_prob(x), {1, c}), f.make(pc)->log_prob(x.index({1, c})).item<double>(), 1e-12);
  }
  if (f.batch.size() == 2) EXPECT_ERROR((f.make({zeros({2}) + 1.0, zeros({3}) + 2.0})), f.name, "[2]", "[3]");
}

INSTANTIATE_TEST_SUITE_P(Continuous, Continuous, ::testing::Range<size_t>(0, 12), row_name);

TEST(ContinuousTable, CoversEveryFamily) { EXPECT_EQ(table().size(), 12u); }

// ---------------------------------------------------------------- family-specific

TEST(ContinuousValidation, NamesDistributionParameterAndValue) {
  EXPECT_ERROR(dist::LogNormal(0.0, -1.0), "LogNormal", "scale", "positive", "-1");
  EXPECT_ERROR(dist::HalfNormal(0.0), "HalfNormal", "scale", "positive", "0");
  EXPECT_ERROR(dist::Cauchy(NAN, 1.0), "Cauchy", "loc", "nan");
  EXPECT_ERROR(dist::HalfCauchy(tensor({1.0, -2.0})), "HalfCauchy", "scale", "-2", "element 1");
  EXPECT_ERROR(dist::Laplace(0.0, -0.5), "Laplace", "scale", "-0.5");
  EXPECT_ERROR(dist::Logistic(0.0, 0.0), "Logistic", "scale", "positive");
  EXPECT_ERROR(dist::Gumbel(0.0, -3.0), "Gumbel", "scale", "-3");
  EXPECT_ERROR(dist::Uniform(1.0, 0.0), "Uniform", "low", "less_than(0)", "1");
  EXPECT_ERROR(dist::Uniform(1.0, 1.0), "Uniform", "low", "less_than(1)");
  EXPECT_ERROR(dist::Uniform(tensor({0.0, 5.0}), 2.0), "Uniform", "low", "5", "element 1");
  EXPECT_ERROR(dist::Uniform(0.0, tensor({1.0, -1.0})), "Uniform", "low", "less_than", "element 1");
  EXPECT_ERROR(dist::Exponential(-1.0), "Exponential", "rate", "-1");
  EXPECT_ERROR(dist::Weibull(1.0, -2.0), "Weibull", "concentration", "-2");
  EXPECT_ERROR(dist::Weibull(-1.0, 2.0), "Weibull", "scale", "-1");
  EXPECT_ERROR(dist::Pareto(1.0, 0.0), "Pareto", "alpha", "positive");
  EXPECT_ERROR(dist::Pareto(-1.0, 1.0), "Pareto", "scale", "-1");
  EXPECT_ERROR(dist::VonMises(0.0, -1.0), "VonMises", "concentration", "-1");
  // Values outside the support.
  EXPECT_ERROR(dist::LogNormal(0.0, 1.0).log_prob(scalar_tensor(0.0)), "LogNormal", "outside the support",
               "positive");
  EXPECT_ERROR(dist::HalfNormal(1.0).log_prob(scalar_tensor(-1.0)), "HalfNormal", "-1", "nonnegative");
  EXPECT_ERROR(dist::HalfCauchy(1.0).cdf(scalar_tensor(-0.5)), "HalfCauchy", "-0.5", "nonnegative");
  EXPECT_ERROR(dist::Exponential(1.0).log_prob(tensor({1.0, -2.0})), "Exponential", "-2", "nonnegative");
  EXPECT_ERROR(dist::Weibull(1.0, 1.0).log_prob(scalar_tensor(0.0)), "Weibull", "positive");
  EXPECT_ERROR(dist::Uniform(0.0, 1.0).log_prob(scalar_tensor(1.5)), "Uniform", "1.5", "interval(0, 1)");
  EXPECT_ERROR(dist::Pareto(2.0, 1.0).log_prob(scalar_tensor(1.5)), "Pareto", "1.5", "greater_than_eq(2)");
  EXPECT_ERROR(dist::Cauchy(0.0, 1.0).icdf(scalar_tensor(1.5)), "Cauchy", "icdf", "1.5");
  EXPECT_ERROR(dist::VonMises(0.0, 1.0).cdf(scalar_tensor(0.0)), "VonMises", "cdf", "not implemented");
  // Batch bounds: the support checks each value against its own column.
  dist::Uniform u(tensor({0.0, 10.0}), tensor({1.0, 11.0}));
  EXPECT_NO_THROW(u.log_prob(tensor({0.5, 10.5})));
  EXPECT_ERROR(u.log_prob(tensor({0.5, 0.5})), "Uniform", "outside the support");
  // A value that broadcasts against the bounds: the message names the value.
  EXPECT_ERROR(dist::Pareto(tensor({1.0, 2.0, 3.0}), 2.0).log_prob(scalar_tensor(1.5)), "Pareto", "1.5",
               "outside the support");
  {
    dist::ValidationGuard off(false);
    EXPECT_NO_THROW(dist::Uniform(1.0, 0.0));
    // Outside the support without validation: density 0.
    EXPECT_EQ(dist::Uniform(0.0, 1.0).log_prob(scalar_tensor(1.5)).item<double>(), -kInf);
  }
}

TEST(ContinuousMoments, UndefinedAndInfiniteAsTorch) {
  dist::Cauchy c(tensor({0.0, 1.0}), 1.0);
  EXPECT_TRUE(near(c.mean(), {kNaN, kNaN}));
  EXPECT_TRUE(near(c.variance(), {kInf, kInf}));
  EXPECT_TRUE(near(dist::HalfCauchy(2.0).mean(), {kInf}));
  // Pareto: mean infinite for alpha <= 1, variance for alpha <= 2.
  dist::Pareto p(2.0, tensor({0.5, 1.0, 1.5, 2.0, 3.0}));
  EXPECT_TRUE(near(p.mean(), {kInf, kInf, 6.0, 4.0, 3.0}, 1e-14));
  EXPECT_TRUE(near(p.variance(), {kInf, kInf, kInf, kInf, 4.0 * 3.0 / (4.0 * 1.0)}, 1e-14));
  // Their gradients stay finite where the moment is finite.
  Tensor alpha = tensor({0.5, 3.0}).requires_grad_();
  dist::Pareto(2.0, alpha).mean().index({1}).backward();
  EXPECT_TRUE(near(alpha.grad(), {0.0, -2.0 / 4.0}, 1e-14));  // d(2a / (a - 1))/da = -2 / (a - 1)^2
}

TEST(ContinuousStability, LogProbInTheTails) {
  // Logistic far in the tails: -|z| - log(scale) asymptotically, no overflow.
  EXPECT_NEAR(dist::Logistic(0.0, 1.0).log_prob(scalar_tensor(800.0)).item<double>(), -800.0, 1e-9);
  EXPECT_NEAR(dist::Logistic(0.0, 1.0).log_prob(scalar_tensor(-800.0)).item<double>(), -800.0, 1e-9);
  // Cauchy far out: -log(pi) - 2 log|x|.
  EXPECT_NEAR(dist::Cauchy(0.0, 1.0).log_prob(scalar_tensor(1e100)).item<double>(),
              -std::log(kPi) - 200 * std::log(10.0), 1e-9);
  // Exponential cdf near 0 keeps relative precision (expm1).
  EXPECT_NEAR(dist::Exponential(2.0).cdf(scalar_tensor(1e-12)).item<double>() / 2e-12, 1.0, 1e-10);
  // Pareto cdf just above the scale (expm1 / log).
  EXPECT_NEAR(dist::Pareto(1.0, 3.0).cdf(scalar_tensor(1.0 + 1e-12)).item<double>() / 3e-12, 1.0, 1e-3);
  // Uniform cdf is clamped outside [low, high] without validation.
  dist::ValidationGuard off(false);
  EXPECT_TRUE(near(dist::Uniform(0.0, 2.0).cdf(tensor({-1.0, 1.0, 3.0})), {0.0, 0.5, 1.0}));
}

TEST(ContinuousRsample, HalfCauchyAndCauchyFloat32DrawsAreFiniteAndSigned) {
  Generator gen(21);
  Tensor h = dist::HalfCauchy(scalar_tensor(1.0).to(kFloat32)).rsample(gen, {200000});
  EXPECT_TRUE(all(h >= 0.0).item<bool>());
  EXPECT_TRUE(all(isfinite(h)).item<bool>());
  Tensor c = dist::Cauchy(scalar_tensor(0.0).to(kFloat32), scalar_tensor(1.0).to(kFloat32)).rsample(gen, {200000});
  EXPECT_EQ(c.dtype(), kFloat32);
  EXPECT_TRUE(all(isfinite(c)).item<bool>());
}

// ---------------------------------------------------------------- VonMises

TEST(VonMises, CircularMomentsOfTheDraws) {
  // E[cos(X - loc)] = I1/I0 = 1 - variance(), E[sin(X - loc)] = 0, within 5 SE.
  for (double kappa : {0.2, 3.0, 200.0}) {
    SCOPED_TRACE(kappa);
    Generator gen(31);
    dist::VonMises d(2.9, kappa);
    Tensor x = d.sample(gen, {40000});
    EXPECT_TRUE(all(logical_and(x >= -kPi, x < kPi)).item<bool>());
    std::vector<double> c = values(cos(x - 2.9)), s = values(sin(x - 2.9));
    double mc = 0, ms = 0, vc = 0, vs = 0;
    for (size_t i = 0; i < c.size(); ++i) mc += c[i], ms += s[i];
    const double n = static_cast<double>(c.size());
    mc /= n;
    ms /= n;
    for (size_t i = 0; i < c.size(); ++i) vc += (c[i] - mc) * (c[i] - mc), vs += (s[i] - ms) * (s[i] - ms);
    EXPECT_NEAR(mc, 1 - d.variance().item<double>(), 5 * std::sqrt(vc / n / n) + 1e-12);
    EXPECT_NEAR(ms, 0.0, 5 * std::sqrt(vs / n / n) + 1e-12);
    EXPECT_NEAR(1 - d.variance().item<double>(), bessel_ratio(kappa), 1e-12);
  }
}

TEST(VonMises, LogProbIsPeriodicAndStableForLargeConcentration) {
  dist::VonMises d(0.4, 2.0);
  Tensor x = tensor({-1.0, 0.3, 2.0});
  EXPECT_TRUE(near(d.log_prob(x + 2 * kPi), d.log_prob(x), 1e-12));
  // kappa = 1e4: I0 overflows nowhere; the reference in long double.
  const long double k = 1e4L;
  const long double ref = -std::log(2 * 3.14159265358979323846264L) - std::log(bm::cyl_bessel_i(0, k)) + k;  // at x = loc
  EXPECT_NEAR(dist::VonMises(0.4, 1e4).log_prob(scalar_tensor(0.4)).item<double>(), static_cast<double>(ref), 1e-10);
  EXPECT_TRUE(std::isfinite(dist::VonMises(0.0, 1e6).log_prob(scalar_tensor(0.0)).item<double>()));
  // Gradients of log_prob in loc and concentration against finite differences.
  Tensor loc = tensor({0.3, -1.0}).requires_grad_(), kappa = tensor({0.7, 40.0}).requires_grad_();
  Tensor v = tensor({1.0, -0.5});
  autograd::MultiFn f = [&](const std::vector<Tensor>& p) { return dist::VonMises(p[0], p[1]).log_prob(v).sum(); };
  EXPECT_EQ(autograd::check_gradients(f, {loc, kappa}), "");
}

TEST(VonMises, SampleShapesAndNoRsample) {
  dist::VonMises d(tensor({0.0, 1.0, -2.0}), 5.0);
  Generator gen(4);
  Tensor x = d.sample(gen, {4});
  EXPECT_EQ(x.sizes(), IntList({4, 3}));
  EXPECT_FALSE(d.has_rsample());
  EXPECT_ERROR(d.rsample(gen), "VonMises", "rsample");
}

}  // namespace
}  // namespace tyche::testing
