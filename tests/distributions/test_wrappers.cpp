// Wrappers and special distributions: Independent, ExpandedDistribution,
// MaskedDistribution, TransformedDistribution, Delta, ImproperUniform, and
// the KL registry's generic rules (Independent, expansion, missing pairs).
#include "dist_testing.h"

namespace tyche::testing {
namespace {

// y = 2x + 1 as a transform local to this test (the library's own transforms
// are tested in test_transforms).
class TwoXPlusOne : public dist::TransformImpl {
 public:
  std::string name() const override { return "TwoXPlusOne"; }
  Tensor forward(const Tensor& x) const override { return 2.0 * x + 1.0; }
  Tensor inverse(const Tensor& y) const override { return (y - 1.0) / 2.0; }
  Tensor log_abs_det_jacobian(const Tensor& x, const Tensor&) const override {
    return full_like(x, std::log(2.0));
  }
  dist::Constraint domain() const override { return dist::constraints::real; }
  dist::Constraint codomain() const override { return dist::constraints::real; }
};

TEST(Independent, SumsLogProbOverReinterpretedDims) {
  Tensor loc = tensor({0.0, 1.0, 2.0, 3.0, 4.0, 5.0}).reshape({2, 3});
  dist::Normal base(loc, 2.0);
  dist::Independent d(base, 1);
  EXPECT_EQ(d.batch_shape(), Shape({2}));
  EXPECT_EQ(d.event_shape(), Shape({3}));
  EXPECT_EQ(d.support().to_string(), "real_vector");
  EXPECT_EQ(dist::constraints::independent(dist::constraints::positive, 2).to_string(), "independent(positive, 2)");
  Tensor x = ones({4, 2, 3}, kFloat64);
  Tensor lp = d.log_prob(x);
  ASSERT_EQ(lp.sizes(), IntList({4, 2}));
  EXPECT_TRUE(allclose(lp, base.log_prob(x).sum({-1}), 1e-12, 1e-12));
  EXPECT_TRUE(allclose(d.entropy(), base.entropy().sum({-1}), 1e-12, 1e-12));
  auto all2 = base.to_event(2);
  EXPECT_EQ(all2.event_shape(), Shape({2, 3}));
  EXPECT_NEAR(all2.log_prob(x).select(0, 0).item<double>(), base.log_prob(x).select(0, 0).sum().item<double>(), 1e-12);
}

TEST(Expanded, LogProbMomentsAndRsampleGradient) {
  dist::Normal base(tensor({1.0, -1.0}), tensor({0.5, 2.0}));
  auto e = base.expand({3, 2});
  EXPECT_EQ(e.batch_shape(), Shape({3, 2}));
  EXPECT_EQ(e.mean().sizes(), IntList({3, 2}));
  EXPECT_EQ(e.log_prob(zeros({2}, kFloat64)).sizes(), IntList({3, 2}));
  Generator gen(2);
  Tensor x = e.sample(gen, {20000});
  expect_moments(x, e.mean(), e.variance());
  // rsample through the expansion keeps gradients to the base parameters.
  Tensor loc = tensor({0.3, -0.2}).requires_grad_();
  expect_rsample_gradients(
      [](const std::vector<Tensor>& p, Generator& g) { return dist::Normal(p[0], 1.5).expand({4, 2}).rsample(g); },
      {loc});
}

TEST(Masked, ZeroLogProbWhereMaskedAndBroadcastBatch) {
  dist::Normal base(0.0, 1.0);
  dist::MaskedDistribution m(base.expand({3}), tensor({true, false, true}));
  Tensor x = tensor({0.5, 100.0, -1.0});
  Tensor lp = m.log_prob(x);
  EXPECT_NEAR(at(lp, {0}), base.log_prob(scalar_tensor(0.5)).item<double>(), 1e-14);
  EXPECT_EQ(at(lp, {1}), 0.0);
  dist::MaskedDistribution off(base, false);
  EXPECT_EQ(off.log_prob(scalar_tensor(3.0)).item<double>(), 0.0);
  dist::MaskedDistribution grown(base, tensor({true, false}));
  EXPECT_EQ(grown.batch_shape(), Shape({2}));
  EXPECT_ERROR(dist::MaskedDistribution(base, tensor({1.0})), "mask", "bool");
}

TEST(Transformed, AffineOfNormalIsNormal) {
  dist::Normal base(tensor({0.0, 1.0}), 1.5);
  dist::TransformedDistribution t(base, dist::Transform(TwoXPlusOne()));
  dist::Normal ref(tensor({1.0, 3.0}), 3.0);
  Tensor y = tensor({-2.0, 0.7, 4.0}).reshape({3, 1});
  EXPECT_TRUE(allclose(t.log_prob(y), ref.log_prob(y), 1e-12, 1e-12));
  EXPECT_EQ(t.batch_shape(), Shape({2}));
  Generator gen(4);
  Tensor s = t.sample(gen, {20000});
  expect_moments(s, ref.mean(), ref.variance());
  // Two transforms compose: 2(2x + 1) + 1.
  dist::TransformedDistribution tt(base, {dist::Transform(TwoXPlusOne()), dist::Transform(TwoXPlusOne())});
  dist::Normal ref2(tensor({3.0, 7.0}), 6.0);
  EXPECT_TRUE(allclose(tt.log_prob(y), ref2.log_prob(y), 1e-12, 1e-12));
  // With to_event the log-dets sum over the event dims too.
  dist::TransformedDistribution te(base.to_event(1), dist::Transform(TwoXPlusOne()));
  EXPECT_EQ(te.event_shape(), Shape({2}));
  EXPECT_NEAR(te.log_prob(tensor({0.5, 0.5})).item<double>(), ref.log_prob(tensor({0.5, 0.5})).sum().item<double>(),
              1e-12);
}

TEST(Transformed, StickBreakingReinterpretsBatchDims) {
  // Normal base [2, 3] through StickBreaking: a batch of 2 laws on the 4-simplex.
  dist::Normal base(zeros({2, 3}, kFloat64), 1.0);
  dist::TransformedDistribution t(base, dist::StickBreakingTransform());
  EXPECT_EQ(t.batch_shape(), Shape({2}));
  EXPECT_EQ(t.event_shape(), Shape({4}));
  EXPECT_EQ(t.support().to_string(), "simplex");
  Generator gen(8);
  Tensor y = t.sample(gen, {5});
  ASSERT_EQ(y.sizes(), IntList({5, 2, 4}));
  // log_prob = base log_prob of the inverse - log|det J| at it.
  dist::StickBreakingTransform sb;
  Tensor x = sb.inverse(y);
  Tensor want = base.log_prob(x).sum({-1}) - sb.log_abs_det_jacobian(x, y);
  EXPECT_TRUE(allclose(t.log_prob(y), want, 1e-10, 1e-10));
  // An elementwise transform after a vector one still sums its log-det over the event.
  dist::TransformedDistribution e(base.to_event(1), dist::ExpTransform());
  Tensor z = e.sample(gen, {3});
  Tensor want_e = base.log_prob(log(z)).sum({-1}) - log(z).sum({-1});
  EXPECT_TRUE(allclose(e.log_prob(z), want_e, 1e-12, 1e-12));
  EXPECT_EQ(e.support().to_string(), "independent(positive, 1)");
}

TEST(Transformed, ExpOfNormalIsLogNormal) {
  dist::Normal base(tensor({0.2, -1.0}), tensor({0.5, 1.3}));
  dist::TransformedDistribution t(base, dist::ExpTransform());
  dist::LogNormal ref(tensor({0.2, -1.0}), tensor({0.5, 1.3}));
  Tensor y = tensor({0.1, 0.9, 2.5, 7.0}).reshape({2, 2});
  EXPECT_TRUE(allclose(t.log_prob(y), ref.log_prob(y), 1e-12, 1e-12));
  EXPECT_EQ(t.support().to_string(), "positive");
  EXPECT_ERROR(t.log_prob(-ones({2}, kFloat64)), "outside the support", "positive");
  // biject_to(interval) of a Normal: the log-dets of Sigmoid then Affine.
  dist::Transform to_unit = dist::biject_to(dist::constraints::interval(1.0, 3.0));
  dist::TransformedDistribution ti(dist::Normal(0.0, 1.0), to_unit);
  Tensor v = tensor({1.5, 2.9});
  Tensor x = to_unit.inverse(v);
  EXPECT_TRUE(allclose(ti.log_prob(v), dist::Normal(0.0, 1.0).log_prob(x) - to_unit.log_abs_det_jacobian(x, v),
                       1e-12, 1e-12));
}

TEST(Delta, PointMassWithEventDims) {
  Tensor v = tensor({1.0, 2.0, 3.0, 4.0}).reshape({2, 2});
  dist::Delta d(v, 0.5, 1);
  EXPECT_EQ(d.batch_shape(), Shape({2}));
  EXPECT_EQ(d.event_shape(), Shape({2}));
  Tensor x = tensor({1.0, 2.0, 3.0, 5.0}).reshape({2, 2});
  Tensor lp = d.log_prob(x);
  EXPECT_EQ(at(lp, {0}), 0.5);
  EXPECT_EQ(at(lp, {1}), -INFINITY);
  Generator gen(0);
  Tensor w = v.clone().requires_grad_();
  Tensor s = dist::Delta(w, 0.0, 1).rsample(gen, {3});
  EXPECT_EQ(s.sizes(), IntList({3, 2, 2}));
  s.sum().backward();
  EXPECT_TRUE(allclose(w.grad(), full({2, 2}, 3.0, kFloat64)));
}

TEST(ImproperUniform, FlatLogProbAndNoSampling) {
  dist::ImproperUniform flat(dist::constraints::positive, {}, {3});
  EXPECT_EQ(flat.event_shape(), Shape({3}));
  Tensor lp = flat.log_prob(ones({5, 3}, kFloat64));
  EXPECT_EQ(lp.sizes(), IntList({5}));
  EXPECT_EQ(lp.abs().sum().item<double>(), 0.0);
  EXPECT_ERROR(flat.sample(), "ImproperUniform", "cannot sample");
  EXPECT_ERROR(flat.log_prob(-ones({3}, kFloat64)), "ImproperUniform", "outside the support", "positive");
}

TEST(KL, NormalAgreesWithMonteCarloAndUnwrapsWrappers) {
  dist::Normal p(tensor({0.0, 1.0}), tensor({1.0, 0.5})), q(tensor({0.5, -1.0}), tensor({2.0, 1.5}));
  expect_kl_matches_monte_carlo(p, q);
  Tensor kl = dist::kl_divergence(p, q);
  EXPECT_NEAR(at(kl, {0}), std::log(2.0) + (1.0 + 0.25) / 8.0 - 0.5, 1e-14);
  // Independent sums over the reinterpreted dims; expansions broadcast.
  EXPECT_NEAR(dist::kl_divergence(p.to_event(1), q.to_event(1)).item<double>(), kl.sum().item<double>(), 1e-14);
  Tensor ke = dist::kl_divergence(dist::Normal(0.0, 1.0).expand({3}), dist::Normal(1.0, 1.0).expand({3}));
  EXPECT_TRUE(allclose(ke, full({3}, 0.5, kFloat64)));
  EXPECT_TRUE(dist::has_kl(p, q));
  EXPECT_FALSE(dist::has_kl(p.to_event(1), q));
  EXPECT_ERROR(dist::kl_divergence(dist::Delta(0.0), q), "kl_divergence", "no analytic KL", "Delta", "Normal");
  // Gradients flow to both parameter sets.
  Tensor mu = tensor({0.3}).requires_grad_();
  dist::kl_divergence(dist::Normal(mu, 1.0), dist::Normal(0.0, 1.0)).sum().backward();
  EXPECT_NEAR(mu.grad().item<double>(), 0.3, 1e-14);
}

}  // namespace
}  // namespace tyche::testing
