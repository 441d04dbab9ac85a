// Normal: the reference family for the base class's shape, validation and
// sampling machinery.
#include <boost/math/distributions/normal.hpp>

#include "dist_testing.h"

namespace tyche::testing {
namespace {

namespace bm = boost::math;

TEST(Normal, LogProbMatchesBoost) {
  Tensor loc = tensor({-1.0, 0.0, 2.5}), scale = tensor({0.5, 1.0, 3.0});
  dist::Normal d(loc, scale);
  Tensor x = tensor({{-2.0, 0.1, 7.0}, {0.0, -3.0, 2.5}});
  Tensor lp = d.log_prob(x);
  ASSERT_EQ(lp.sizes(), IntList({2, 3}));
  for (int64_t r = 0; r < 2; ++r)
    for (int64_t c = 0; c < 3; ++c) {
      bm::normal_distribution<double> ref(at(loc, {c}), at(scale, {c}));
      EXPECT_NEAR(at(lp, {r, c}), std::log(bm::pdf(ref, at(x, {r, c}))), 1e-12);
    }
}

TEST(Normal, CdfIcdfEntropy) {
  dist::Normal d(1.0, 2.0);
  bm::normal_distribution<double> ref(1.0, 2.0);
  for (double x : {-3.0, 0.0, 1.0, 4.5})
    EXPECT_NEAR(d.cdf(scalar_tensor(x)).item<double>(), bm::cdf(ref, x), 1e-14);
  for (double p : {0.01, 0.3, 0.5, 0.99})
    EXPECT_NEAR(d.icdf(scalar_tensor(p)).item<double>(), bm::quantile(ref, p), 1e-12);
  EXPECT_NEAR(d.entropy().item<double>(), 0.5 * std::log(2 * M_PI * M_E * 4.0), 1e-14);
}

TEST(Normal, ShapesFollowSampleBatchEvent) {
  Generator gen(1);
  dist::Normal d(zeros({3}, kFloat64), 1.0);
  EXPECT_EQ(d.batch_shape(), Shape({3}));
  EXPECT_EQ(d.sample(gen, {4, 2}).sizes(), IntList({4, 2, 3}));
  auto iid = dist::Normal(0.0, 1.0).expand({3}).to_event(1);
  EXPECT_EQ(iid.batch_shape(), Shape({}));
  EXPECT_EQ(iid.event_shape(), Shape({3}));
  EXPECT_EQ(iid.sample(gen, {5}).sizes(), IntList({5, 3}));
  Tensor x = iid.sample(gen, {5});
  Tensor lp = iid.log_prob(x);
  ASSERT_EQ(lp.sizes(), IntList({5}));
  EXPECT_NEAR(at(lp, {0}), at(dist::Normal(0.0, 1.0).log_prob(x).sum({1}), {0}), 1e-12);
}

TEST(Normal, ExpandStretchesSizeOneDimsWithIndependentDraws) {
  Generator gen(3);
  dist::Normal d(tensor({0.0, 100.0}).reshape({2, 1}), 1.0);  // batch [2, 1]
  auto e = d.expand({4, 2, 3});
  Tensor x = e.sample(gen, {5});
  ASSERT_EQ(x.sizes(), IntList({5, 4, 2, 3}));
  // Row 1 is centred at 100; the stretched dim holds distinct draws.
  EXPECT_GT(at(x, {0, 0, 1, 0}), 90.0);
  EXPECT_LT(at(x, {0, 0, 0, 0}), 10.0);
  EXPECT_NE(at(x, {0, 0, 0, 0}), at(x, {0, 0, 0, 1}));
  EXPECT_ERROR(d.expand({3, 3}), "Normal", "expand", "[2, 1]");
}

TEST(Normal, SamplesFitTheCdf) {
  Generator gen(11);
  dist::Normal d(1.5, 0.7);
  Tensor x = d.sample(gen, {20000});
  bm::normal_distribution<double> ref(1.5, 0.7);
  EXPECT_GT(ks_pvalue(x, [&](double v) { return bm::cdf(ref, v); }), 1e-3);
  expect_moments(x, d.mean(), d.variance());
}

TEST(Normal, RsampleGradientsMatchFiniteDifferences) {
  Tensor loc = tensor({0.3, -1.0}).requires_grad_(), scale = tensor({0.5, 2.0}).requires_grad_();
  expect_rsample_gradients(
      [](const std::vector<Tensor>& p, Generator& g) { return dist::Normal(p[0], p[1]).rsample(g, {3}); },
      {loc, scale});
}

TEST(Normal, ValidationNamesDistributionParameterAndValue) {
  EXPECT_ERROR(dist::Normal(0.0, -1.0), "Normal", "scale", "positive", "-1");
  EXPECT_ERROR(dist::Normal(tensor({0.0, NAN}), 1.0), "Normal", "loc", "nan");
  EXPECT_ERROR(dist::Normal(zeros({2}), zeros({3}) + 1.0), "Normal", "[2]", "[3]");
  dist::Normal d(0.0, 1.0);
  EXPECT_ERROR(d.log_prob(scalar_tensor(NAN)), "Normal", "outside the support", "real");
  EXPECT_ERROR(d.icdf(scalar_tensor(1.5)), "Normal", "icdf", "1.5");
  {
    dist::ValidationGuard off(false);
    EXPECT_NO_THROW(dist::Normal(0.0, -1.0));
  }
  EXPECT_TRUE(dist::is_validation_enabled());
  EXPECT_ERROR(d.to_event(1), "Independent", "cannot reinterpret");
  EXPECT_ERROR(dist::Normal(zeros({3}, kFloat64), 1.0).to_event(1).log_prob(zeros({2})), "event shape");
}

}  // namespace
}  // namespace tyche::testing
