// Primitives, plates and effect handlers: trace contents and order, seed
// reproducibility, condition / substitute / replay / block / scale / mask
// semantics, plate shapes, dims and subsampling scale, errors, and that the
// handler stack unwinds on exceptions.
#include <tyche/inference.h>

#include <fstream>
#include <iterator>
#include <set>

#include "../test_util.h"

namespace tyche::testing {
namespace {

namespace dist = tyche::dist;

void two_site_model(const std::optional<Tensor>& y) {
  Tensor mu = sample("mu", dist::Normal(0.0, 1.0));
  sample("y", dist::Normal(mu, 0.5), y);
}

TEST(Primitives, OutsideHandlersSampleDrawsOrReturnsObs) {
  manual_seed(3);
  Tensor a = sample("a", dist::Normal(0.0, 1.0));
  Tensor b = sample("b", dist::Normal(0.0, 1.0));
  EXPECT_NE(a.item<double>(), b.item<double>());
  Tensor obs = scalar_tensor(2.5);
  EXPECT_EQ(sample("c", dist::Normal(0.0, 1.0), obs).item<double>(), 2.5);
  EXPECT_EQ(deterministic("d", obs).item<double>(), 2.5);
  EXPECT_TRUE(detail::handler_stack().empty());
}

TEST(Trace, RecordsSitesInOrderWithLogProb) {
  Tensor y = scalar_tensor(0.3);
  Trace tr = handlers::trace(two_site_model).get_trace(std::optional<Tensor>(y));
  ASSERT_EQ(tr.size(), 2u);
  EXPECT_EQ(tr.sites()[0].name, "mu");
  EXPECT_FALSE(tr["mu"].is_observed);
  EXPECT_TRUE(tr["y"].is_observed);
  EXPECT_EQ(tr["y"].value.item<double>(), 0.3);
  double mu = tr["mu"].value.item<double>();
  double want = dist::Normal(0.0, 1.0).log_prob(scalar_tensor(mu)).item<double>() +
                dist::Normal(mu, 0.5).log_prob(y).item<double>();
  EXPECT_NEAR(tr.log_prob_sum().item<double>(), want, 1e-12);
  EXPECT_ERROR(tr.at("nope"), "no site named 'nope'");
  auto dup = [] {
    sample("x", dist::Normal(0.0, 1.0));
    sample("x", dist::Normal(0.0, 1.0));
  };
  EXPECT_ERROR(handlers::trace(dup).get_trace(), "duplicate site name 'x'");
  EXPECT_TRUE(detail::handler_stack().empty());  // unwound by the exception
}

TEST(Trace, DeterministicAndFactorSites) {
  auto model = [] {
    Tensor z = sample("z", dist::Normal(0.0, 1.0));
    deterministic("twice", 2.0 * z);
    factor("penalty", -z * z);
  };
  Trace tr = handlers::trace(handlers::seed(model, 1)).get_trace();
  ASSERT_EQ(tr.size(), 3u);
  double z = tr["z"].value.item<double>();
  EXPECT_EQ(tr["twice"].type, SiteType::Deterministic);
  EXPECT_NEAR(tr["twice"].value.item<double>(), 2 * z, 1e-15);
  EXPECT_NEAR(tr.log_prob_sum().item<double>(), -0.5 * z * z - 0.9189385332046727 - z * z, 1e-12);
}

TEST(Seed, SameSeedSameDrawsEveryCall) {
  auto model = [] { return sample("x", dist::Normal(0.0, 1.0)).item<double>(); };
  auto s0 = handlers::seed(model, 0);
  double a = s0(), b = s0();
  EXPECT_EQ(a, b);
  EXPECT_NE(a, handlers::seed(model, 1)());
  Trace t1 = handlers::trace(handlers::seed(two_site_model, 7)).get_trace(std::nullopt);
  Trace t2 = handlers::trace(handlers::seed(two_site_model, 7)).get_trace(std::nullopt);
  EXPECT_EQ(t1["y"].value.item<double>(), t2["y"].value.item<double>());
}

TEST(Condition, ObservesNamedSites) {
  auto cond = handlers::condition(two_site_model, {{"mu", scalar_tensor(1.5)}});
  Trace tr = handlers::trace(cond).get_trace(std::nullopt);
  EXPECT_TRUE(tr["mu"].is_observed);
  EXPECT_EQ(tr["mu"].value.item<double>(), 1.5);
  EXPECT_FALSE(tr["y"].is_observed);
  // y is drawn around the conditioned mu: its mean within 5 standard errors.
  manual_seed(11);
  const int n = 2000;
  double s = 0;
  for (int i = 0; i < n; ++i) s += handlers::trace(cond).get_trace(std::nullopt)["y"].value.item<double>();
  EXPECT_NEAR(s / n, 1.5, 5 * 0.5 / std::sqrt(n));
}

TEST(Substitute, SetsValuesWithoutObserving) {
  Trace tr = handlers::trace(handlers::substitute(two_site_model, {{"mu", scalar_tensor(-2.0)}})).get_trace(std::nullopt);
  EXPECT_FALSE(tr["mu"].is_observed);
  EXPECT_EQ(tr["mu"].value.item<double>(), -2.0);
}

TEST(Replay, TakesLatentValuesFromATrace) {
  Trace guide = handlers::trace(handlers::seed(two_site_model, 5)).get_trace(std::nullopt);
  Tensor y = scalar_tensor(0.1);
  Trace tr = handlers::trace(handlers::replay(two_site_model, guide)).get_trace(std::optional<Tensor>(y));
  EXPECT_EQ(tr["mu"].value.item<double>(), guide["mu"].value.item<double>());
  EXPECT_EQ(tr["y"].value.item<double>(), 0.1);  // observed sites keep their data
}

TEST(Block, HidesOrExposesSites) {
  Trace hidden = handlers::trace(handlers::block(two_site_model, {"mu"})).get_trace(std::nullopt);
  EXPECT_FALSE(hidden.contains("mu"));
  EXPECT_TRUE(hidden.contains("y"));
  EXPECT_EQ(handlers::trace(handlers::block(two_site_model)).get_trace(std::nullopt).size(), 0u);
  Trace exposed = handlers::trace(handlers::block(two_site_model, {}, {"mu"})).get_trace(std::nullopt);
  EXPECT_TRUE(exposed.contains("mu"));
  EXPECT_FALSE(exposed.contains("y"));
}

TEST(ScaleAndMask, WeightLogProbabilities) {
  Tensor y = tensor({0.5, 1.0, -1.0});
  auto model = [&] { sample("y", dist::Normal(0.0, 1.0).expand({3}), y); };
  Tensor full = dist::Normal(0.0, 1.0).log_prob(y);
  Trace scaled = handlers::trace(handlers::scale(model, 2.5)).get_trace();
  EXPECT_NEAR(scaled.log_prob_sum().item<double>(), 2.5 * full.sum().item<double>(), 1e-12);
  Trace masked = handlers::trace(handlers::mask(model, tensor({true, false, true}))).get_trace();
  EXPECT_NEAR(masked.log_prob_sum().item<double>(), at(full, {0}) + at(full, {2}), 1e-12);
  EXPECT_ERROR(handlers::ScaleMessenger(0.0), "scale", "positive");
}

TEST(Plate, ExpandsBatchShapesWithAutomaticAndExplicitDims) {
  auto model = [] {
    auto outer = plate("outer", 3);
    Tensor a = sample("a", dist::Normal(0.0, 1.0));
    auto inner = plate("inner", 4);
    Tensor b = sample("b", dist::Normal(0.0, 1.0));
    EXPECT_EQ(outer.dim(), -1);
    EXPECT_EQ(inner.dim(), -2);
  };
  Trace tr = handlers::trace(handlers::seed(model, 0)).get_trace();
  EXPECT_EQ(tr["a"].value.sizes(), IntList({3}));
  EXPECT_EQ(tr["b"].value.sizes(), IntList({4, 3}));
  EXPECT_EQ(tr["b"].frames.size(), 2u);
  EXPECT_EQ(tr["outer"].type, SiteType::Subsample);
  // An event dim stays on the right of the plate dims.
  auto vec = [] {
    auto p = plate("p", 5);
    sample("v", dist::Normal(0.0, 1.0).expand({2}).to_event(1));
  };
  EXPECT_EQ(handlers::trace(vec).get_trace()["v"].value.sizes(), IntList({5, 2}));
  auto explicit_dim = [] {
    auto p = plate("p", 2, std::nullopt, -2);
    sample("w", dist::Normal(0.0, 1.0));
  };
  EXPECT_EQ(handlers::trace(explicit_dim).get_trace()["w"].value.sizes(), IntList({2, 1}));
  auto clash = [] {
    auto p = plate("p", 2);
    auto q = plate("q", 3, std::nullopt, -1);
  };
  EXPECT_ERROR(clash(), "plate 'q'", "dim -1", "'p'");
  auto mismatch = [] {
    auto p = plate("p", 2);
    sample("m", dist::Normal(zeros({3}, kFloat64), 1.0));
  };
  EXPECT_ERROR(handlers::trace(mismatch).get_trace(), "sample site 'm'", "plate 'p'", "size 3");
  EXPECT_TRUE(detail::handler_stack().empty());
}

// With subsampling, the scaled log-likelihood averaged over every subsample
// (each equally likely) equals the full-data log-likelihood.
TEST(Plate, SubsampleScaleMakesTheEstimatorUnbiased) {
  Tensor data = tensor({0.3, -1.2, 2.0, 0.7});
  auto model = [&] {
    auto p = plate("data", 4, 2);
    sample("y", dist::Normal(0.5, 1.3).expand({2}), index_select(data, 0, p.indices()));
  };
  Trace tr = handlers::trace(handlers::seed(model, 4)).get_trace();
  EXPECT_EQ(tr["data"].value.sizes(), IntList({2}));
  EXPECT_EQ(tr["y"].scale, 2.0);
  double full = dist::Normal(0.5, 1.3).log_prob(data).sum().item<double>(), avg = 0;
  int count = 0;
  for (int64_t i = 0; i < 4; ++i)
    for (int64_t j = i + 1; j < 4; ++j) {
      Trace pick;
      Site s;
      s.type = SiteType::Subsample;
      s.name = "data";
      s.value = tensor({static_cast<int>(i), static_cast<int>(j)});
      pick.add(s);
      avg += handlers::trace(handlers::replay(model, pick)).get_trace().log_prob_sum().item<double>();
      ++count;
    }
  EXPECT_NEAR(avg / count, full, 1e-12);
  EXPECT_ERROR(plate("bad", 3, 5), "plate 'bad'", "subsample_size 5");
}

}  // namespace
}  // namespace tyche::testing

namespace tyche::testing {
namespace {

TEST(Param, ConstrainedValuesFromUnconstrainedLeaves) {
  get_param_store().clear();
  Tensor loc = param("loc", zeros({2}, kFloat64));
  Tensor rate = param("rate", scalar_tensor(2.0), dist::constraints::positive);
  EXPECT_NEAR(rate.item<double>(), 2.0, 1e-15);
  const Tensor& u = get_param_store().unconstrained("rate");
  EXPECT_TRUE(u.requires_grad());
  EXPECT_NEAR(u.item<double>(), std::log(2.0), 1e-15);
  // Gradients reach the unconstrained leaf through exp: d rate / d u = rate.
  param("rate", scalar_tensor(99.0), dist::constraints::positive).backward();  // init ignored now
  EXPECT_NEAR(u.grad().item<double>(), 2.0, 1e-14);
  EXPECT_EQ(loc.sizes(), IntList({2}));
  Tensor p = param("p", [] { return tensor({0.2, 0.3, 0.5}); }, dist::constraints::simplex);
  EXPECT_TRUE(allclose(p, tensor({0.2, 0.3, 0.5}), 1e-12, 1e-12));
  EXPECT_EQ(get_param_store().unconstrained("p").sizes(), IntList({2}));
  EXPECT_ERROR(param("bad", scalar_tensor(-1.0), dist::constraints::positive), "param 'bad'", "outside", "positive");
  EXPECT_ERROR(get_param_store().get("missing"), "no parameter named 'missing'");
  // Inside handlers: traced as a Param site, and substitute replaces it.
  auto model = [] { return param("rate", scalar_tensor(1.0), dist::constraints::positive); };
  Trace tr = handlers::trace(model).get_trace();
  EXPECT_EQ(tr["rate"].type, SiteType::Param);
  EXPECT_NEAR(tr.log_prob_sum().item<double>(), 0.0, 0.0);
  EXPECT_EQ(handlers::substitute(model, {{"rate", scalar_tensor(7.0)}})().item<double>(), 7.0);
  get_param_store().clear();
}

}  // namespace
}  // namespace tyche::testing

namespace tyche::testing {
namespace {

TEST(ParamStore, SaveLoadRoundTripAndCorruptFiles) {
  ParamStore store;
  store.set("loc", tensor({0.1, -2.5, 1e-300}));
  store.set("scale", tensor({0.5, 3.0}), dist::constraints::positive);
  store.set("w", tensor({1.5}).to(kFloat32), dist::constraints::interval(1.0, 2.0));
  store.set("my name with spaces", tensor({0.2, 0.3, 0.5}), dist::constraints::simplex);
  const std::string path = ::testing::TempDir() + "tyche_params.txt";
  store.save(path);
  ParamStore back;
  back.set("stale", scalar_tensor(1.0));
  back.load(path);
  EXPECT_EQ(back.names(), store.names());
  for (const std::string& n : store.names()) {
    EXPECT_TRUE(equal(back.unconstrained(n), store.unconstrained(n))) << n;  // bit-exact
    EXPECT_EQ(back.constraint(n).to_string(), store.constraint(n).to_string()) << n;
    EXPECT_TRUE(back.unconstrained(n).requires_grad());
    EXPECT_TRUE(allclose(back.get(n), store.get(n), 1e-15, 0.0)) << n;
  }
  EXPECT_EQ(back.get("w").dtype(), kFloat32);
  // Truncated, corrupted and missing files throw and leave the store as it was.
  std::ifstream in(path);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto write = [&](const std::string& s) {
    std::ofstream out(path, std::ios::trunc);
    out << s;
  };
  write(text.substr(0, text.size() / 2));
  EXPECT_ERROR(back.load(path), "ParamStore::load", "truncated or corrupt", "store is unchanged");
  std::string flipped = text;
  flipped[text.find("0x")] = '1';
  write(flipped);
  EXPECT_ERROR(back.load(path), "checksum mismatch");
  EXPECT_ERROR(back.load(path + ".missing"), "cannot open");
  EXPECT_EQ(back.names(), store.names());
  EXPECT_TRUE(equal(back.unconstrained("scale"), store.unconstrained("scale")));
}

}  // namespace
}  // namespace tyche::testing
