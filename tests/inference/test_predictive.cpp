// Predictive: draws of a model's sites from a guide or from given posterior
// draws; which sites are returned, their shapes, posterior predictive means,
// reproducibility by Generator seed, and errors.
#include <tyche/inference.h>

#include <cmath>
#include <optional>
#include <set>

#include "../test_util.h"

namespace tyche::testing {
namespace {

namespace dist = tyche::dist;

// y_i ~ N(w x_i, s^2), with the linear predictor recorded as "mean".
void reg_model(const Tensor& x, const std::optional<Tensor>& y) {
  Tensor w = sample("w", dist::Normal(0.0, 1.0));
  Tensor s = sample("s", dist::HalfNormal(1.0));
  auto data = plate("data", x.size(0));
  Tensor mean = deterministic("mean", w * x);
  sample("y", dist::Normal(mean, s), y);
}

const Tensor& xs() {
  static const Tensor x = tensor({-1.0, 0.0, 0.5, 2.0});
  return x;
}
const Tensor& ys() {
  static const Tensor y = tensor({-1.4, 0.1, 0.8, 3.1});
  return y;
}
constexpr int64_t kN = 4;

std::set<std::string> keys(const std::map<std::string, Tensor>& m) {
  std::set<std::string> k;
  for (const auto& [name, v] : m) k.insert(name);
  return k;
}

std::vector<int64_t> shape_of(const Tensor& t) { return t.sizes().vec(); }

double num(const Tensor& t) { return t.detach().to(kFloat64).item<double>(); }

// An AutoNormal on reg_model set (not trained) to w ~ N(1.5, 0.05), log s ~ N(log 0.2, 0.05).
auto fitted_guide() {
  get_param_store().clear();
  auto guide = infer::AutoNormal(reg_model);
  guide(xs(), std::optional<Tensor>(ys()));
  ParamStore& store = get_param_store();
  store.set("AutoNormal.locs.w", scalar_tensor(1.5));
  store.set("AutoNormal.scales.w", scalar_tensor(0.05), dist::constraints::positive);
  store.set("AutoNormal.locs.s", scalar_tensor(std::log(0.2)));
  store.set("AutoNormal.scales.s", scalar_tensor(0.05), dist::constraints::positive);
  return guide;
}

TEST(PredictiveFromGuide, SitesShapesAndPosteriorPredictiveMean) {
  manual_seed(1);
  auto guide = fitted_guide();
  const int64_t n = 400;
  infer::Predictive pred(reg_model, guide, n);
  Generator gen(7);
  auto out = pred(gen, xs(), std::nullopt);
  EXPECT_EQ(keys(out), (std::set<std::string>{"w", "s", "mean", "y"}));
  EXPECT_EQ(shape_of(out.at("w")), std::vector<int64_t>{n});
  EXPECT_EQ(shape_of(out.at("s")), std::vector<int64_t>{n});
  EXPECT_EQ(shape_of(out.at("mean")), (std::vector<int64_t>{n, kN}));
  EXPECT_EQ(shape_of(out.at("y")), (std::vector<int64_t>{n, kN}));
  // The deterministic site is w x for each draw of w.
  EXPECT_TRUE(near(out.at("mean"), out.at("w").unsqueeze(-1) * xs(), 1e-12, 1e-12));
  // The latent draws follow the guide: mean 1.5 (sd of the mean 0.0025), sd 0.05.
  EXPECT_NEAR(num(out.at("w").mean()), 1.5, 0.01);
  EXPECT_NEAR(num(out.at("w").std()), 0.05, 0.01);
  EXPECT_TRUE((out.at("s") > 0.0).all().item<bool>());
  EXPECT_NEAR(num(log(out.at("s")).mean()), std::log(0.2), 0.01);
  // Posterior predictive mean of y: the model's prediction at the guide's
  // median, w_med x (per-point sd of y ~0.21, of its mean over 400 ~0.011;
  // tolerance 0.05).
  const double w_med = num(guide.median().at("w"));
  EXPECT_NEAR(w_med, 1.5, 1e-12);
  std::vector<double> ppc_mean = values(out.at("y").mean({0}));
  std::vector<double> x = values(xs());
  for (int64_t i = 0; i < kN; ++i) EXPECT_NEAR(ppc_mean[i], w_med * x[i], 0.05) << "point " << i;
  // Its spread: var(y_i) = s^2 + var(w) x_i^2 ~ 0.04 + 0.0025 x_i^2.
  std::vector<double> ppc_sd = values(out.at("y").std({0}));
  for (int64_t i = 0; i < kN; ++i)
    EXPECT_NEAR(ppc_sd[i], std::sqrt(0.04 + 0.0025 * x[i] * x[i]), 0.03) << "point " << i;
}

TEST(PredictiveFromGuide, ObservedSitesAreNotReturned) {
  manual_seed(2);
  auto guide = fitted_guide();
  infer::Predictive pred(reg_model, guide, 5);
  Generator gen(1);
  auto out = pred(gen, xs(), std::optional<Tensor>(ys()));
  EXPECT_EQ(keys(out), (std::set<std::string>{"w", "s", "mean"}));
}

TEST(PredictiveFromGuide, ReproducibleByGeneratorSeed) {
  manual_seed(3);
  auto guide = fitted_guide();
  infer::Predictive pred(reg_model, guide, 20);
  Generator g1(5), g2(5), g3(6);
  auto a = pred(g1, xs(), std::nullopt);
  manual_seed(99);  // the default generator plays no part
  auto b = pred(g2, xs(), std::nullopt);
  auto c = pred(g3, xs(), std::nullopt);
  for (const char* site : {"w", "s", "mean", "y"}) {
    EXPECT_TRUE(near(a.at(site), b.at(site), 0, 0)) << site;
    EXPECT_FALSE(near(a.at(site), c.at(site), 0, 0)) << site;
  }
  // Successive calls continue the generator's stream.
  auto d = pred(g1, xs(), std::nullopt);
  EXPECT_FALSE(near(a.at("y"), d.at("y"), 0, 0));
}

TEST(PredictiveFromGuide, JointGuideReturnsModelSitesOnly) {
  get_param_store().clear();
  manual_seed(4);
  auto guide = infer::AutoMultivariateNormal(reg_model);
  guide(xs(), std::optional<Tensor>(ys()));
  infer::Predictive pred(reg_model, guide, 6);
  Generator gen(2);
  auto out = pred(gen, xs(), std::nullopt);
  EXPECT_EQ(keys(out), (std::set<std::string>{"w", "s", "mean", "y"}));  // no "_AutoMultivariateNormal_latent"
  EXPECT_EQ(shape_of(out.at("y")), (std::vector<int64_t>{6, kN}));
  EXPECT_ERROR((infer::Predictive(reg_model, guide, 0)(gen, xs(), std::nullopt)), "Predictive", "num_samples");
}

TEST(PredictiveFromDraws, SubstitutedSitesAreNotReturned) {
  manual_seed(5);
  const int64_t n = 5;
  const Tensor w = tensor({-1.0, 0.0, 0.5, 1.0, 2.0});
  const Tensor s = full({n}, 1e-6);
  infer::Predictive pred(reg_model, std::map<std::string, Tensor>{{"w", w}, {"s", s}});
  Generator gen(3);
  auto out = pred(gen, xs(), std::nullopt);
  EXPECT_EQ(keys(out), (std::set<std::string>{"mean", "y"}));
  EXPECT_EQ(shape_of(out.at("mean")), (std::vector<int64_t>{n, kN}));
  EXPECT_EQ(shape_of(out.at("y")), (std::vector<int64_t>{n, kN}));
  // Draw i used w[i] and s[i]: mean = w_i x, y ~ N(mean, 1e-6).
  EXPECT_TRUE(near(out.at("mean"), w.unsqueeze(-1) * xs(), 1e-12, 1e-12));
  EXPECT_TRUE(near(out.at("y"), out.at("mean"), 0, 1e-4));
  // Observed y: only the deterministic site is left.
  auto obs = pred(gen, xs(), std::optional<Tensor>(ys()));
  EXPECT_EQ(keys(obs), (std::set<std::string>{"mean"}));
}

TEST(PredictiveFromDraws, OtherSitesAreDrawnFromTheModel) {
  manual_seed(6);
  const int64_t n = 2000;
  infer::Predictive pred(reg_model, std::map<std::string, Tensor>{{"w", full({n}, 2.0)}});
  Generator gen(4);
  auto out = pred(gen, xs(), std::nullopt);
  EXPECT_EQ(keys(out), (std::set<std::string>{"s", "mean", "y"}));
  EXPECT_EQ(shape_of(out.at("s")), std::vector<int64_t>{n});
  // s ~ HalfNormal(1): mean sqrt(2 / pi) = 0.798 (sd of the mean 0.013).
  EXPECT_NEAR(num(out.at("s").mean()), 0.7978845608028654, 0.05);
  EXPECT_TRUE(near(out.at("mean").mean({0}), values(xs() * 2.0), 1e-12, 1e-12));
  Generator again(4);
  auto out2 = pred(again, xs(), std::nullopt);
  EXPECT_TRUE(near(out.at("y"), out2.at("y"), 0, 0));
}

TEST(PredictiveFromDraws, FromGuidePosteriorSamples) {
  manual_seed(7);
  auto guide = fitted_guide();
  Generator gen(8);
  auto draws = guide.sample_posterior(gen, 300);
  EXPECT_EQ(keys(draws), (std::set<std::string>{"w", "s"}));
  infer::Predictive pred(reg_model, draws);
  auto out = pred(gen, xs(), std::nullopt);
  std::vector<double> ppc_mean = values(out.at("y").mean({0}));
  std::vector<double> x = values(xs());
  for (int64_t i = 0; i < kN; ++i) EXPECT_NEAR(ppc_mean[i], 1.5 * x[i], 0.05) << "point " << i;
}

TEST(PredictiveFromDraws, BadDrawsRaise) {
  Generator gen(0);
  auto run = [&](std::map<std::string, Tensor> draws) {
    infer::Predictive pred(reg_model, std::move(draws));
    return pred(gen, xs(), std::nullopt);
  };
  EXPECT_ERROR(run({{"s", full({4}, 1.0)}, {"w", zeros({5})}}), "Predictive", "'w'", "[5]", "num_samples = 4");
  EXPECT_ERROR(run({{"w", scalar_tensor(1.0)}}), "Predictive", "'w'");
  EXPECT_ERROR(run({}), "Predictive", "no posterior draws");
  EXPECT_TRUE(detail::handler_stack().empty());
}

}  // namespace
}  // namespace tyche::testing
