// Autoguides (AutoDelta, AutoNormal, AutoDiagonalNormal, AutoMultivariateNormal,
// AutoLowRankMultivariateNormal, AutoLaplaceApproximation) and init strategies:
// shapes and supports of draws, medians, quantiles and posterior samples on a
// model with constrained latents; ParamStore names; exact guide densities
// (Jacobians included); subsampled local latents; MAP / Laplace / Gaussian
// posteriors against closed forms; init values; errors.
#include <tyche/inference.h>
#include <tyche/optim.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "../test_util.h"

namespace tyche::testing {
namespace {

namespace dist = tyche::dist;
using infer::AutoGuideOptions;

constexpr double kLog2Pi = 1.8378770664093453;

std::vector<int64_t> shape_of(const Tensor& t) { return t.sizes().vec(); }

double normal_logpdf(double x, double mu, double sd) {
  const double z = (x - mu) / sd;
  return -0.5 * z * z - std::log(sd) - 0.5 * kLog2Pi;
}

double num(const Tensor& t) { return t.detach().to(kFloat64).item<double>(); }

std::set<std::string> store_names() {
  std::vector<std::string> n = get_param_store().names();
  return {n.begin(), n.end()};
}

// ---------------------------------------------------------------------------
// A model with constrained latents: sigma > 0, p in (0, 1), w on the simplex
// of size 3, v in R^3 (one event), and loc local to the (full) plate "groups".
constexpr int64_t kGroups = 4;

void constrained_model(const Tensor& y) {
  Tensor sigma = sample("sigma", dist::HalfNormal(1.0));
  Tensor p = sample("p", dist::Beta(2.0, 3.0));
  Tensor w = sample("w", dist::Dirichlet(tensor({1.0, 2.0, 3.0})));
  Tensor v = sample("v", dist::Normal(0.0, 1.0).expand({3}).to_event(1));
  auto groups = plate("groups", kGroups);
  Tensor loc = sample("loc", dist::Normal(v.sum({-1}), sigma));
  sample("y", dist::Normal(loc + p + (w * tensor({1.0, 2.0, 3.0})).sum({-1}), 1.0), y);
}

Tensor constrained_data() { return tensor({0.5, 1.5, 2.5, 1.0}); }

struct SiteSpec {
  std::string name;
  std::vector<int64_t> shape;
  bool elementwise;  // quantiles ordered element-wise (not the simplex)
};
const std::vector<SiteSpec> kConstrainedSites = {
    {"sigma", {}, true}, {"p", {}, true}, {"w", {3}, false}, {"v", {3}, true}, {"loc", {kGroups}, true}};

std::vector<int64_t> with_lead(int64_t n, std::vector<int64_t> s) {
  s.insert(s.begin(), n);
  return s;
}

// value (any leading dims) lies in site's support, every event.
::testing::AssertionResult in_support(const infer::LatentSite& site, const Tensor& value) {
  Tensor ok = site.fn->support().check(value.detach());
  if (ok.all().item<bool>()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "site '" << site.name << "' value outside " << site.fn->support().to_string();
}

const infer::LatentSite& site_named(const infer::AutoGuide& g, const std::string& name) {
  for (const infer::LatentSite& s : g.latent_sites())
    if (s.name == name) return s;
  throw Error("no latent site " + name);
}

// Everything item 1 asks of a guide on constrained_model: shapes, supports,
// ordered quantiles, posterior samples, a finite guide log-density, and a few
// SVI steps with a finite loss.
template <class G>
void check_constrained_guide(const G& guide) {
  const Tensor y = constrained_data();
  std::map<std::string, Tensor> draw = guide(y);
  ASSERT_EQ(draw.size(), kConstrainedSites.size());
  std::map<std::string, Tensor> med = guide.median();
  std::map<std::string, Tensor> q = guide.quantiles({0.05, 0.5, 0.95});
  Generator gen(11);
  std::map<std::string, Tensor> post = guide.sample_posterior(gen, 7);
  ASSERT_EQ(med.size(), kConstrainedSites.size());
  ASSERT_EQ(q.size(), kConstrainedSites.size());
  ASSERT_EQ(post.size(), kConstrainedSites.size());
  for (const SiteSpec& spec : kConstrainedSites) {
    SCOPED_TRACE(guide.name() + " site " + spec.name);
    const infer::LatentSite& site = site_named(guide, spec.name);
    EXPECT_EQ(IntList(site.shape).vec(), spec.shape);
    EXPECT_EQ(shape_of(draw.at(spec.name)), spec.shape);
    EXPECT_TRUE(in_support(site, draw.at(spec.name)));
    EXPECT_EQ(shape_of(med.at(spec.name)), spec.shape);
    EXPECT_TRUE(in_support(site, med.at(spec.name)));
    const Tensor& qs = q.at(spec.name);
    ASSERT_EQ(shape_of(qs), with_lead(3, spec.shape));
    EXPECT_TRUE(in_support(site, qs));
    // The 0.5 quantile is the median (both map the unconstrained loc).
    EXPECT_TRUE(near(qs.select(0, 1), med.at(spec.name), 1e-10, 1e-12));
    if (spec.elementwise) {
      EXPECT_TRUE(le(qs.select(0, 0), qs.select(0, 1)).all().item<bool>());
      EXPECT_TRUE(le(qs.select(0, 1), qs.select(0, 2)).all().item<bool>());
    }
    EXPECT_EQ(shape_of(post.at(spec.name)), with_lead(7, spec.shape));
    EXPECT_TRUE(in_support(site, post.at(spec.name)));
  }
  // The simplex stays normalised.
  EXPECT_NEAR(num(med.at("w").sum()), 1.0, 1e-12);
  EXPECT_TRUE(near(post.at("w").sum({-1}), std::vector<double>(7, 1.0), 1e-12, 1e-12));

  Trace tr = handlers::trace(handlers::seed(guide, 5)).get_trace(y);
  const double lq = num(tr.log_prob_sum());
  EXPECT_TRUE(std::isfinite(lq)) << guide.name() << " log q = " << lq;

  infer::SVI svi(constrained_model, guide, optim::Adam({.lr = 0.01}), infer::TraceELBO());
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(std::isfinite(svi.step(y))) << guide.name();
  // Vectorised particles: the guide's values get a particle dim left of the plates.
  infer::SVI vec(constrained_model, guide, optim::Adam({.lr = 0.01}),
                 infer::TraceMeanFieldELBO({.num_particles = 3, .vectorize_particles = true}));
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(std::isfinite(vec.step(y))) << guide.name();
  // The loss averaged over many particles is the same either way (MC error ~0.1).
  infer::Program model_p = [&] { constrained_model(y); }, guide_p = [&] { guide(y); };
  const double looped = infer::TraceELBO({.num_particles = 400}).loss(model_p, guide_p);
  const double vectorised =
      infer::TraceELBO({.num_particles = 400, .vectorize_particles = true}).loss(model_p, guide_p);
  EXPECT_NEAR(looped, vectorised, 0.1 + 0.02 * std::fabs(looped)) << guide.name();
}

TEST(AutoGuideShapes, AutoDelta) {
  get_param_store().clear();
  manual_seed(1);
  auto guide = infer::AutoDelta(constrained_model);
  check_constrained_guide(guide);
  EXPECT_EQ(store_names(), (std::set<std::string>{"AutoDelta.sigma", "AutoDelta.p", "AutoDelta.w", "AutoDelta.v",
                                                  "AutoDelta.loc"}));
  // The point estimates live on the supports themselves.
  EXPECT_EQ(shape_of(get_param_store().get("AutoDelta.w")), std::vector<int64_t>{3});
  EXPECT_EQ(get_param_store().constraint("AutoDelta.w").to_string(), dist::constraints::simplex.to_string());
  EXPECT_EQ(shape_of(get_param_store().get("AutoDelta.loc")), std::vector<int64_t>{kGroups});
  // Scale 0: every quantile is the median.
  auto q = guide.quantiles({0.05, 0.95});
  auto med = guide.median();
  for (const SiteSpec& s : kConstrainedSites) {
    EXPECT_TRUE(near(q.at(s.name).select(0, 0), med.at(s.name), 1e-12, 1e-12)) << s.name;
    EXPECT_TRUE(near(q.at(s.name).select(0, 1), med.at(s.name), 1e-12, 1e-12)) << s.name;
  }
}

TEST(AutoGuideShapes, AutoNormal) {
  get_param_store().clear();
  manual_seed(2);
  auto guide = infer::AutoNormal(constrained_model);
  check_constrained_guide(guide);
  std::set<std::string> want;
  for (const SiteSpec& s : kConstrainedSites) {
    want.insert("AutoNormal.locs." + s.name);
    want.insert("AutoNormal.scales." + s.name);
  }
  EXPECT_EQ(store_names(), want);
  // Unconstrained shapes: the simplex of size 3 has 2 coordinates.
  EXPECT_EQ(shape_of(get_param_store().get("AutoNormal.locs.w")), std::vector<int64_t>{2});
  EXPECT_EQ(shape_of(get_param_store().get("AutoNormal.scales.w")), std::vector<int64_t>{2});
  EXPECT_EQ(shape_of(get_param_store().get("AutoNormal.locs.loc")), std::vector<int64_t>{kGroups});
  EXPECT_EQ(shape_of(get_param_store().get("AutoNormal.locs.sigma")), std::vector<int64_t>{});
  EXPECT_EQ(get_param_store().constraint("AutoNormal.scales.v").to_string(), dist::constraints::positive.to_string());
}

template <class G>
void check_continuous_params(const G& guide, const std::string& prefix,
                             const std::map<std::string, std::vector<int64_t>>& params) {
  EXPECT_EQ(guide.latent_dim(), 11);  // 1 + 1 + 2 (simplex) + 3 + 4
  std::set<std::string> want;
  for (const auto& [name, shape] : params) {
    want.insert(prefix + "." + name);
    EXPECT_EQ(shape_of(get_param_store().get(prefix + "." + name)), shape) << name;
  }
  EXPECT_EQ(store_names(), want);
}

TEST(AutoGuideShapes, AutoDiagonalNormal) {
  get_param_store().clear();
  manual_seed(3);
  auto guide = infer::AutoDiagonalNormal(constrained_model);
  check_constrained_guide(guide);
  check_continuous_params(guide, "AutoDiagonalNormal", {{"loc", {11}}, {"scale", {11}}});
  // The auxiliary joint site is in the guide trace.
  Trace tr = handlers::trace(guide).get_trace(constrained_data());
  ASSERT_TRUE(tr.contains("_AutoDiagonalNormal_latent"));
  EXPECT_EQ(shape_of(tr["_AutoDiagonalNormal_latent"].value), std::vector<int64_t>{11});
}

TEST(AutoGuideShapes, AutoMultivariateNormal) {
  get_param_store().clear();
  manual_seed(4);
  auto guide = infer::AutoMultivariateNormal(constrained_model);
  check_constrained_guide(guide);
  check_continuous_params(guide, "AutoMultivariateNormal", {{"loc", {11}}, {"scale_tril", {11, 11}}});
}

TEST(AutoGuideShapes, AutoLowRankMultivariateNormal) {
  get_param_store().clear();
  manual_seed(5);
  auto guide = infer::AutoLowRankMultivariateNormal(constrained_model);
  check_constrained_guide(guide);
  EXPECT_EQ(guide.rank(), 4);  // ceil(sqrt(11))
  check_continuous_params(guide, "AutoLowRankMultivariateNormal",
                          {{"loc", {11}}, {"cov_factor", {11, 4}}, {"scale", {11}}});
}

TEST(AutoGuideShapes, AutoLaplaceApproximation) {
  get_param_store().clear();
  manual_seed(6);
  auto guide = infer::AutoLaplaceApproximation(constrained_model);
  check_constrained_guide(guide);
  check_continuous_params(guide, "AutoLaplaceApproximation", {{"loc", {11}}});
}

TEST(AutoGuideShapes, CustomPrefixAndRank) {
  get_param_store().clear();
  manual_seed(7);
  const Tensor y = constrained_data();
  auto normal = infer::AutoNormal(constrained_model, {.prefix = "qn"});
  auto delta = infer::AutoDelta(constrained_model, {.prefix = "qd"});
  auto lowrank = infer::AutoLowRankMultivariateNormal(constrained_model, {.rank = 2, .prefix = "qlr"});
  normal(y);
  delta(y);
  lowrank(y);
  EXPECT_EQ(normal.prefix(), "qn");
  std::set<std::string> names = store_names();
  EXPECT_TRUE(names.count("qn.locs.sigma") && names.count("qn.scales.loc")) << names.size();
  EXPECT_TRUE(names.count("qd.w"));
  EXPECT_TRUE(names.count("qlr.loc") && names.count("qlr.scale"));
  EXPECT_EQ(lowrank.rank(), 2);
  EXPECT_EQ(shape_of(get_param_store().get("qlr.cov_factor")), (std::vector<int64_t>{11, 2}));
  for (const std::string& n : names)
    EXPECT_TRUE(n.rfind("qn.", 0) == 0 || n.rfind("qd.", 0) == 0 || n.rfind("qlr.", 0) == 0) << n;
  // An AutoMultivariateNormal with a custom prefix names its aux site after it.
  auto mvn = infer::AutoMultivariateNormal(constrained_model, {.prefix = "qm"});
  Trace tr = handlers::trace(mvn).get_trace(y);
  EXPECT_TRUE(tr.contains("_qm_latent"));
  EXPECT_TRUE(get_param_store().contains("qm.scale_tril"));
}

void discrete_model() {
  sample("m", dist::Normal(0.0, 1.0));
  sample("k", dist::Bernoulli(0.3));
}

TEST(AutoGuideErrors, DiscreteLatentNamesTheSite) {
  get_param_store().clear();
  manual_seed(8);
  EXPECT_ERROR((void)infer::AutoNormal(discrete_model)(), "AutoNormal", "'k'", "discrete");
  EXPECT_ERROR((void)infer::AutoDelta(discrete_model)(), "AutoDelta", "'k'");
  EXPECT_ERROR((void)infer::AutoDiagonalNormal(discrete_model)(), "'k'");
  EXPECT_ERROR((void)infer::AutoMultivariateNormal(discrete_model)(), "'k'");
  EXPECT_ERROR((void)infer::AutoLowRankMultivariateNormal(discrete_model)(), "'k'");
  EXPECT_ERROR((void)infer::AutoLaplaceApproximation(discrete_model)(), "'k'");
  EXPECT_TRUE(detail::handler_stack().empty());
}

void subsampled_local_model() {
  sample("g", dist::Normal(0.0, 1.0));
  auto data = plate("data", 10, 3);
  sample("z", dist::Normal(0.0, 1.0));
}

TEST(AutoGuideErrors, AutoContinuousRejectsSubsampledLocals) {
  get_param_store().clear();
  manual_seed(9);
  auto diag = infer::AutoDiagonalNormal(subsampled_local_model);
  EXPECT_ERROR(diag(), "AutoDiagonalNormal", "'z'", "'data'");
  EXPECT_FALSE(diag.initialized());
  EXPECT_ERROR((void)infer::AutoMultivariateNormal(subsampled_local_model)(), "'z'", "'data'");
  EXPECT_ERROR((void)infer::AutoLowRankMultivariateNormal(subsampled_local_model)(), "'z'", "'data'");
  EXPECT_ERROR((void)infer::AutoLaplaceApproximation(subsampled_local_model)(), "'z'", "'data'");
  EXPECT_TRUE(detail::handler_stack().empty());
  // AutoNormal and AutoDelta take them.
  EXPECT_EQ(shape_of(infer::AutoNormal(subsampled_local_model)().at("z")), std::vector<int64_t>{3});
  EXPECT_EQ(shape_of(infer::AutoDelta(subsampled_local_model)().at("z")), std::vector<int64_t>{3});
}

void no_latent_model() { sample("y", dist::Normal(0.0, 1.0), scalar_tensor(0.5)); }

TEST(AutoGuideErrors, NotSetUpAndBadArguments) {
  get_param_store().clear();
  auto guide = infer::AutoNormal(constrained_model);
  EXPECT_FALSE(guide.initialized());
  EXPECT_ERROR(guide.median(), "AutoNormal", "not been set up");
  EXPECT_ERROR(guide.quantiles({0.5}), "AutoNormal", "not been set up");
  Generator gen(0);
  EXPECT_ERROR(guide.sample_posterior(gen, 3), "not been set up");
  auto mvn = infer::AutoMultivariateNormal(constrained_model);
  EXPECT_ERROR(mvn.median(), "AutoMultivariateNormal", "not been set up");
  EXPECT_ERROR(mvn.latent_dim(), "not been set up");
  guide(constrained_data());
  EXPECT_ERROR(guide.quantiles({0.0}), "(0, 1)");
  EXPECT_ERROR(guide.quantiles({1.5}), "(0, 1)");
  EXPECT_ERROR(guide.quantiles({}), "no quantiles");
  EXPECT_ERROR(guide.sample_posterior(gen, 0), "num_samples");
  EXPECT_ERROR((void)infer::AutoNormal(constrained_model, {.init_scale = 0.0}), "init_scale");
  EXPECT_ERROR((void)infer::AutoDelta(no_latent_model)(), "no latent");
}

// ---------------------------------------------------------------------------
// Exact guide densities. s > 0 (Exp), p in (0, 1) (Sigmoid), m real.
void density_model() {
  sample("s", dist::Gamma(2.0, 1.0));
  sample("p", dist::Beta(2.0, 2.0));
  sample("m", dist::Normal(0.0, 1.0));
}

const double kLoc[3] = {0.3, -0.4, 0.2};
const double kScale[3] = {0.7, 0.5, 1.3};

// log|dz/du| of the transforms at the constrained values z = (s, p, m).
double log_jacobian(double s, double p) { return std::log(s) + std::log(p) + std::log1p(-p); }

TEST(GuideDensity, AutoNormalIncludesTheJacobian) {
  get_param_store().clear();
  manual_seed(10);
  auto guide = infer::AutoNormal(density_model);
  guide();
  ParamStore& store = get_param_store();
  const char* names[3] = {"s", "p", "m"};
  for (int i = 0; i < 3; ++i) {
    store.set(std::string("AutoNormal.locs.") + names[i], scalar_tensor(kLoc[i]));
    store.set(std::string("AutoNormal.scales.") + names[i], scalar_tensor(kScale[i]), dist::constraints::positive);
  }
  for (uint64_t seed : {1, 2, 3}) {
    Trace tr = handlers::trace(handlers::seed(guide, seed)).get_trace();
    const double s = num(tr["s"].value), p = num(tr["p"].value), m = num(tr["m"].value);
    EXPECT_NEAR(num(Trace::log_prob(tr["s"])), normal_logpdf(std::log(s), kLoc[0], kScale[0]) - std::log(s), 1e-10);
    const double u = std::log(p) - std::log1p(-p);
    EXPECT_NEAR(num(Trace::log_prob(tr["p"])),
                normal_logpdf(u, kLoc[1], kScale[1]) - std::log(p) - std::log1p(-p), 1e-10);
    EXPECT_NEAR(num(Trace::log_prob(tr["m"])), normal_logpdf(m, kLoc[2], kScale[2]), 1e-10);
  }
  // median / quantiles: the unconstrained Normal's, mapped.
  auto med = guide.median();
  EXPECT_NEAR(num(med.at("s")), std::exp(kLoc[0]), 1e-12);
  EXPECT_NEAR(num(med.at("p")), 1 / (1 + std::exp(-kLoc[1])), 1e-12);
  auto q = guide.quantiles({0.8413447460685429});
  EXPECT_NEAR(num(q.at("s").select(0, 0)), std::exp(kLoc[0] + kScale[0]), 1e-8);
  EXPECT_NEAR(num(q.at("m").select(0, 0)), kLoc[2] + kScale[2], 1e-8);
}

// The per-site Delta densities (-log|J|) plus the joint aux site's log q(u)
// equal log q(z) of the joint guide; checked term by term.
template <class G>
void check_joint_density(const G& guide, const std::function<double(const std::vector<double>&)>& log_q_u) {
  for (uint64_t seed : {1, 2, 3}) {
    Trace tr = handlers::trace(handlers::seed(guide, seed)).get_trace();
    const std::string aux = "_" + guide.prefix() + "_latent";
    ASSERT_TRUE(tr.contains(aux));
    std::vector<double> u = values(tr[aux].value);
    ASSERT_EQ(u.size(), 3u);
    const double s = num(tr["s"].value), p = num(tr["p"].value), m = num(tr["m"].value);
    EXPECT_NEAR(s, std::exp(u[0]), 1e-12);
    EXPECT_NEAR(p, 1 / (1 + std::exp(-u[1])), 1e-12);
    EXPECT_NEAR(m, u[2], 1e-12);
    EXPECT_NEAR(num(Trace::log_prob(tr[aux])), log_q_u(u), 1e-9);
    EXPECT_NEAR(num(Trace::log_prob(tr["s"])), -std::log(s), 1e-10);
    EXPECT_NEAR(num(Trace::log_prob(tr["p"])), -std::log(p) - std::log1p(-p), 1e-10);
    EXPECT_NEAR(num(Trace::log_prob(tr["m"])), 0.0, 1e-12);
    EXPECT_NEAR(num(tr.log_prob_sum()), log_q_u(u) - log_jacobian(s, p), 1e-9);
  }
}

TEST(GuideDensity, AutoDiagonalNormalDeltaSitesPlusAux) {
  get_param_store().clear();
  manual_seed(11);
  auto guide = infer::AutoDiagonalNormal(density_model);
  guide();
  get_param_store().set("AutoDiagonalNormal.loc", tensor({kLoc[0], kLoc[1], kLoc[2]}));
  get_param_store().set("AutoDiagonalNormal.scale", tensor({kScale[0], kScale[1], kScale[2]}),
                        dist::constraints::positive);
  check_joint_density(guide, [](const std::vector<double>& u) {
    double lq = 0;
    for (int i = 0; i < 3; ++i) lq += normal_logpdf(u[i], kLoc[i], kScale[i]);
    return lq;
  });
  auto q = guide.quantiles({0.8413447460685429});
  EXPECT_NEAR(num(q.at("s").select(0, 0)), std::exp(kLoc[0] + kScale[0]), 1e-8);
}

// log N(u; loc, L L^T) for a 3x3 lower-triangular L, by forward substitution.
double mvn_logpdf3(const std::vector<double>& u, const double loc[3], const double L[3][3]) {
  double e[3];
  for (int i = 0; i < 3; ++i) {
    double r = u[i] - loc[i];
    for (int j = 0; j < i; ++j) r -= L[i][j] * e[j];
    e[i] = r / L[i][i];
  }
  double lp = -1.5 * kLog2Pi;
  for (int i = 0; i < 3; ++i) lp += -0.5 * e[i] * e[i] - std::log(L[i][i]);
  return lp;
}

TEST(GuideDensity, AutoMultivariateNormalJointMinusJacobians) {
  get_param_store().clear();
  manual_seed(12);
  auto guide = infer::AutoMultivariateNormal(density_model);
  guide();
  static const double L[3][3] = {{0.7, 0, 0}, {0.2, 0.5, 0}, {-0.1, 0.3, 1.3}};
  get_param_store().set("AutoMultivariateNormal.loc", tensor({kLoc[0], kLoc[1], kLoc[2]}));
  get_param_store().set("AutoMultivariateNormal.scale_tril",
                        tensor({{L[0][0], L[0][1], L[0][2]}, {L[1][0], L[1][1], L[1][2]}, {L[2][0], L[2][1], L[2][2]}}),
                        dist::constraints::lower_cholesky);
  check_joint_density(guide, [](const std::vector<double>& u) { return mvn_logpdf3(u, kLoc, L); });
  // Marginal sd of coordinate 2: the norm of row 2 of L.
  auto q = guide.quantiles({0.8413447460685429});
  EXPECT_NEAR(num(q.at("m").select(0, 0)), kLoc[2] + std::sqrt(0.01 + 0.09 + 1.69), 1e-8);
}

TEST(GuideDensity, AutoLowRankMultivariateNormalJointMinusJacobians) {
  get_param_store().clear();
  manual_seed(13);
  auto guide = infer::AutoLowRankMultivariateNormal(density_model);  // rank ceil(sqrt(3)) = 2
  guide();
  ASSERT_EQ(guide.rank(), 2);
  const double W[3][2] = {{0.5, -0.2}, {0.1, 0.4}, {-0.3, 0.6}};
  Tensor w = tensor({{W[0][0], W[0][1]}, {W[1][0], W[1][1]}, {W[2][0], W[2][1]}});
  get_param_store().set("AutoLowRankMultivariateNormal.loc", tensor({kLoc[0], kLoc[1], kLoc[2]}));
  get_param_store().set("AutoLowRankMultivariateNormal.cov_factor", w);
  get_param_store().set("AutoLowRankMultivariateNormal.scale", tensor({kScale[0], kScale[1], kScale[2]}),
                        dist::constraints::positive);
  // Sigma = (W s)(W s)^T + diag(s^2); L = chol(Sigma) by hand.
  double S[3][3];
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) {
      S[i][j] = (W[i][0] * W[j][0] + W[i][1] * W[j][1]) * kScale[i] * kScale[j];
      if (i == j) S[i][j] += kScale[i] * kScale[i];
    }
  static double L[3][3] = {};
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j <= i; ++j) {
      double r = S[i][j];
      for (int k = 0; k < j; ++k) r -= L[i][k] * L[j][k];
      L[i][j] = i == j ? std::sqrt(r) : r / L[j][j];
    }
  check_joint_density(guide, [](const std::vector<double>& u) { return mvn_logpdf3(u, kLoc, L); });
  auto q = guide.quantiles({0.8413447460685429});
  EXPECT_NEAR(num(q.at("m").select(0, 0)), kLoc[2] + std::sqrt(S[2][2]), 1e-8);
}

// ---------------------------------------------------------------------------
// AutoNormal with a subsampled local latent: N groups, subsample 5, mu_i ~
// N(0, 1), y_i ~ N(mu_i, 0.5): the posterior of mu_i is N(0.8 y_i, 0.2).
constexpr int64_t kN = 20;
constexpr int64_t kSub = 5;

void hier_model(const Tensor& y) {
  auto groups = plate("groups", kN, kSub);
  Tensor mu = sample("mu", dist::Normal(0.0, 1.0));
  sample("y", dist::Normal(mu, 0.5), index_select(y, 0, groups.indices()));
}

Tensor hier_data() { return random_tensor({kN}, 42) * 2.0; }

TEST(AutoNormalSubsample, GuideAndModelShareIndicesAndParamsAreFullSize) {
  get_param_store().clear();
  manual_seed(14);
  const Tensor y = hier_data();
  auto guide = infer::AutoNormal(hier_model);
  guide(y);
  EXPECT_EQ(shape_of(get_param_store().get("AutoNormal.locs.mu")), std::vector<int64_t>{kN});
  EXPECT_EQ(shape_of(get_param_store().get("AutoNormal.scales.mu")), std::vector<int64_t>{kN});
  const infer::LatentSite& site = guide.latent_sites().at(0);
  ASSERT_EQ(site.frames.size(), 1u);
  EXPECT_EQ(site.frames[0].name, "groups");
  EXPECT_EQ(site.frames[0].size, kN);
  EXPECT_EQ(site.frames[0].subsample_size, kSub);
  // Row i of the loc is i: the guide's draws (scale ~ 0) are its indices.
  get_param_store().set("AutoNormal.locs.mu", arange(kN).to(kFloat64));
  get_param_store().set("AutoNormal.scales.mu", full({kN}, 1e-9), dist::constraints::positive);
  std::set<std::vector<double>> seen;
  for (uint64_t seed = 0; seed < 4; ++seed) {
    Trace gt = handlers::trace(handlers::seed(guide, seed)).get_trace(y);
    ASSERT_TRUE(gt.contains("groups"));
    EXPECT_EQ(gt["groups"].type, SiteType::Subsample);
    Tensor idx = gt["groups"].value;
    ASSERT_EQ(shape_of(idx), std::vector<int64_t>{kSub});
    EXPECT_TRUE(near(gt["mu"].value, idx.to(kFloat64), 0, 1e-6));
    // The guide's site carries the plate's subsampling scale.
    EXPECT_DOUBLE_EQ(gt["mu"].scale, double(kN) / kSub);
    seen.insert(values(idx));
    Trace mt = handlers::trace(handlers::replay(hier_model, gt)).get_trace(y);
    EXPECT_TRUE(near(mt["groups"].value, idx, 0, 0));
    EXPECT_TRUE(near(mt["mu"].value, gt["mu"].value, 0, 0));
    EXPECT_TRUE(near(mt["y"].value, index_select(y, 0, idx), 0, 0));
    EXPECT_DOUBLE_EQ(mt["y"].scale, double(kN) / kSub);
  }
  EXPECT_GT(seen.size(), 1u);  // different seeds, different subsamples
  // median / quantiles / sample_posterior are full-size.
  EXPECT_EQ(shape_of(guide.median().at("mu")), std::vector<int64_t>{kN});
  EXPECT_EQ(shape_of(guide.quantiles({0.1, 0.9}).at("mu")), (std::vector<int64_t>{2, kN}));
  Generator gen(3);
  EXPECT_EQ(shape_of(guide.sample_posterior(gen, 4).at("mu")), (std::vector<int64_t>{4, kSub}));
}

// Geometric lr decay from lr0 to lr1 over steps; returns the last loss.
template <class Svi, class... A>
double train(Svi& svi, int steps, double lr0, double lr1, const A&... args) {
  double loss = 0;
  for (int i = 0; i < steps; ++i) {
    svi.optimizer().set_lr(lr0 * std::pow(lr1 / lr0, double(i) / (steps - 1)));
    loss = svi.step(args...);
  }
  return loss;
}

TEST(AutoNormalSubsample, RecoversLocalPosteriors) {
  get_param_store().clear();
  manual_seed(15);
  const Tensor y = hier_data();
  auto guide = infer::AutoNormal(hier_model);
  // 16 particles drawn at once (one subsample per step, shared by them).
  infer::SVI svi(hier_model, guide, optim::Adam({.lr = 0.03}),
                 infer::TraceMeanFieldELBO({.num_particles = 16, .vectorize_particles = true}));
  train(svi, 3000, 0.03, 0.0003, y);
  // Closed form: mean 0.8 y_i, sd sqrt(0.2) = 0.447. Tolerance 0.04 on the
  // means, 0.03 on the sds (largest errors over 12 seeds: 0.016, 0.019).
  std::vector<double> want_mean = values(y * 0.8);
  std::vector<double> mean = values(guide.median().at("mu"));
  std::vector<double> sd = values(get_param_store().get("AutoNormal.scales.mu"));
  for (int64_t i = 0; i < kN; ++i) {
    EXPECT_NEAR(mean[i], want_mean[i], 0.04) << "group " << i;
    EXPECT_NEAR(sd[i], std::sqrt(0.2), 0.03) << "group " << i;
  }
}

// ---------------------------------------------------------------------------
// MAP and Laplace against closed forms.
constexpr double kA = 3, kB = 2;  // Gamma(a, b) prior on a Poisson rate

void gamma_poisson(const Tensor& y) {
  Tensor rate = sample("rate", dist::Gamma(kA, kB));
  auto data = plate("data", y.size(0));
  sample("y", dist::Poisson(rate), y);
}

Tensor poisson_data() { return tensor({2.0, 4.0, 3.0, 1.0, 5.0}); }  // sum 15, n 5

TEST(MAP, AutoDeltaFindsTheConstrainedMode) {
  get_param_store().clear();
  manual_seed(16);
  const Tensor y = poisson_data();
  auto guide = infer::AutoDelta(gamma_poisson);
  // The loss is deterministic (-log p(y, rate)); curvature in log rate is a + S - 1 = 17.
  infer::SVI svi(gamma_poisson, guide, optim::SGD({.lr = 0.03}), infer::TraceELBO());
  double loss = 0;
  for (int i = 0; i < 300; ++i) loss = svi.step(y);
  const double map = (kA + 15 - 1) / (kB + 5);
  EXPECT_NEAR(num(guide.median().at("rate")), map, 1e-8);
  EXPECT_NEAR(num(get_param_store().get("AutoDelta.rate")), map, 1e-8);
  // The loss is -log p(y, map).
  Tensor r = scalar_tensor(map);
  const double lp = num(dist::Gamma(kA, kB).log_prob(r)) + num(dist::Poisson(r).log_prob(y).sum());
  EXPECT_NEAR(loss, -lp, 1e-6);
}

TEST(MAP, AutoLaplaceFindsTheUnconstrainedModeAndCurvature) {
  get_param_store().clear();
  manual_seed(17);
  const Tensor y = poisson_data();
  auto guide = infer::AutoLaplaceApproximation(gamma_poisson);
  // In u = log rate the objective is log p(y, e^u) + u: mode (a + S) / (b + n),
  // -d2/du2 = a + S = 18 there.
  infer::SVI svi(gamma_poisson, guide, optim::SGD({.lr = 0.03}), infer::TraceELBO());
  for (int i = 0; i < 300; ++i) svi.step(y);
  const double mode = (kA + 15) / (kB + 5);
  EXPECT_NEAR(num(guide.median().at("rate")), mode, 1e-8);
  auto mvn = guide.laplace_approximation(y);
  EXPECT_EQ(mvn.prefix(), "AutoLaplaceApproximation.laplace");
  EXPECT_TRUE(get_param_store().contains("AutoLaplaceApproximation.laplace.loc"));
  EXPECT_NEAR(num(get_param_store().get("AutoLaplaceApproximation.laplace.loc").select(0, 0)), std::log(mode), 1e-8);
  Tensor tril = get_param_store().get("AutoLaplaceApproximation.laplace.scale_tril");
  ASSERT_EQ(shape_of(tril), (std::vector<int64_t>{1, 1}));
  EXPECT_NEAR(num(tril.select(0, 0).select(0, 0)), 1 / std::sqrt(kA + 15), 1e-7);
  EXPECT_NEAR(num(mvn.median().at("rate")), mode, 1e-8);
  auto q = mvn.quantiles({0.8413447460685429});
  EXPECT_NEAR(num(q.at("rate").select(0, 0)), mode * std::exp(1 / std::sqrt(kA + 15)), 1e-6);
  // The Laplace guide is usable: draws are positive and its log q is finite.
  Trace tr = handlers::trace(handlers::seed(mvn, 1)).get_trace(y);
  EXPECT_GT(num(tr["rate"].value), 0);
  EXPECT_TRUE(std::isfinite(num(tr.log_prob_sum())));
}

// Normal-Normal: mu ~ N(1, 2^2), y_i ~ N(mu, 1.5^2): the Laplace approximation is the posterior.
void normal_normal(const Tensor& y) {
  Tensor mu = sample("mu", dist::Normal(1.0, 2.0));
  auto data = plate("data", y.size(0));
  sample("y", dist::Normal(mu, 1.5), y);
}

TEST(MAP, LaplaceIsExactForNormalNormal) {
  get_param_store().clear();
  manual_seed(18);
  const Tensor y = tensor({0.3, 2.1, 1.7, -0.4});
  const double prec = 1 / 4.0 + 4 / 2.25;
  const double post_mean = (1.0 / 4.0 + (0.3 + 2.1 + 1.7 - 0.4) / 2.25) / prec;
  auto guide = infer::AutoLaplaceApproximation(normal_normal);
  infer::SVI svi(normal_normal, guide, optim::SGD({.lr = 0.4}), infer::TraceELBO());
  for (int i = 0; i < 100; ++i) svi.step(y);
  EXPECT_NEAR(num(guide.median().at("mu")), post_mean, 1e-9);
  auto mvn = guide.laplace_approximation(y);
  EXPECT_NEAR(num(mvn.median().at("mu")), post_mean, 1e-6);
  Tensor tril = get_param_store().get("AutoLaplaceApproximation.laplace.scale_tril");
  EXPECT_NEAR(num(tril.select(0, 0).select(0, 0)), 1 / std::sqrt(prec), 1e-6);
  auto q = mvn.quantiles({0.8413447460685429});
  EXPECT_NEAR(num(q.at("mu").select(0, 0)), post_mean + 1 / std::sqrt(prec), 1e-6);
}

// a ~ N(0, 1), b ~ N(a, 0.5^2), y ~ N(a + b, 1): the posterior of (a, b) is
// Gaussian with precision H = [[6, -3], [-3, 5]]: covariance [[5, 3], [3, 6]] / 21,
// mean y [8, 9] / 21.
void correlated_model(const Tensor& y) {
  Tensor a = sample("a", dist::Normal(0.0, 1.0));
  Tensor b = sample("b", dist::Normal(a, 0.5));
  sample("y", dist::Normal(a + b, 1.0), y);
}

constexpr double kY = 2.0;
const double kPostMean[2] = {kY * 8 / 21, kY * 9 / 21};
const double kPostCov[2][2] = {{5.0 / 21, 3.0 / 21}, {3.0 / 21, 6.0 / 21}};

TEST(MAP, LaplaceCovarianceIsTheInverseHessian) {
  get_param_store().clear();
  manual_seed(19);
  const Tensor y = scalar_tensor(kY);
  auto guide = infer::AutoLaplaceApproximation(correlated_model);
  infer::SVI svi(correlated_model, guide, optim::SGD({.lr = 0.15}), infer::TraceELBO());
  for (int i = 0; i < 200; ++i) svi.step(y);
  auto mvn = guide.laplace_approximation(y);
  auto med = mvn.median();
  EXPECT_NEAR(num(med.at("a")), kPostMean[0], 1e-6);
  EXPECT_NEAR(num(med.at("b")), kPostMean[1], 1e-6);
  Tensor L = get_param_store().get("AutoLaplaceApproximation.laplace.scale_tril");
  Tensor cov = matmul(L, L.transpose(0, 1));
  EXPECT_TRUE(near(cov, {kPostCov[0][0], kPostCov[0][1], kPostCov[1][0], kPostCov[1][1]}, 0, 1e-6));
  // Laplace of an untrained guide far from the mode is still the inverse
  // Hessian there (the model is Gaussian, so the Hessian is constant).
  get_param_store().clear();
  auto fresh = infer::AutoLaplaceApproximation(correlated_model, {.init_loc_fn = infer::init_to_feasible()});
  auto mvn2 = fresh.laplace_approximation(y);
  Tensor L2 = get_param_store().get("AutoLaplaceApproximation.laplace.scale_tril");
  EXPECT_TRUE(near(matmul(L2, L2.transpose(0, 1)), cov, 0, 1e-9));
  EXPECT_NEAR(num(mvn2.median().at("a")), 0.0, 1e-12);  // at the init, not the mode
}

// ---------------------------------------------------------------------------
// Gaussian posteriors learnt by SVI.
TEST(GaussianPosterior, AutoMultivariateNormalRecoversMeanAndCovariance) {
  get_param_store().clear();
  manual_seed(20);
  const Tensor y = scalar_tensor(kY);
  auto guide = infer::AutoMultivariateNormal(correlated_model);
  infer::SVI svi(correlated_model, guide, optim::Adam({.lr = 0.03}),
                 infer::TraceELBO({.num_particles = 32, .vectorize_particles = true}));
  train(svi, 1500, 0.03, 0.001, y);
  auto med = guide.median();
  // Tolerances: 0.03 on the means (posterior sds 0.49, 0.53), 0.02 on the
  // covariance entries (largest errors over 13 seeds: 0.016 on a mean).
  EXPECT_NEAR(num(med.at("a")), kPostMean[0], 0.03);
  EXPECT_NEAR(num(med.at("b")), kPostMean[1], 0.03);
  Tensor L = get_param_store().get("AutoMultivariateNormal.scale_tril");
  Tensor cov = matmul(L, L.transpose(0, 1));
  EXPECT_TRUE(near(cov, {kPostCov[0][0], kPostCov[0][1], kPostCov[1][0], kPostCov[1][1]}, 0, 0.02));
}

TEST(GaussianPosterior, AutoLowRankMultivariateNormalRecoversMean) {
  get_param_store().clear();
  manual_seed(21);
  const Tensor y = scalar_tensor(kY);
  auto guide = infer::AutoLowRankMultivariateNormal(correlated_model, {.rank = 1});
  infer::SVI svi(correlated_model, guide, optim::Adam({.lr = 0.03}),
                 infer::TraceELBO({.num_particles = 32, .vectorize_particles = true}));
  train(svi, 1500, 0.03, 0.001, y);
  auto med = guide.median();
  EXPECT_NEAR(num(med.at("a")), kPostMean[0], 0.03);
  EXPECT_NEAR(num(med.at("b")), kPostMean[1], 0.03);
  // Rank 1 plus a diagonal represents this covariance exactly; the marginal
  // sds (from the quantiles) within 0.03.
  auto q = guide.quantiles({0.8413447460685429});
  EXPECT_NEAR(num(q.at("a").select(0, 0)) - num(med.at("a")), std::sqrt(kPostCov[0][0]), 0.03);
  EXPECT_NEAR(num(q.at("b").select(0, 0)) - num(med.at("b")), std::sqrt(kPostCov[1][1]), 0.03);
}

// ---------------------------------------------------------------------------
// Init strategies: where the guides start.
void init_model() {
  sample("g", dist::Gamma(2.0, 4.0));      // mean 0.5, median 0.41959
  sample("h", dist::HalfNormal(1.0));
  sample("b", dist::Beta(2.0, 3.0));       // mean 0.4
  sample("v", dist::Normal(1.0, 2.0).expand({3}).to_event(1));
  sample("w", dist::Dirichlet(tensor({1.0, 2.0, 5.0})));
}

std::map<std::string, Tensor> delta_init(const infer::InitStrategy& init) {
  get_param_store().clear();
  auto guide = infer::AutoDelta(init_model, {.init_loc_fn = init});
  guide();
  return guide.median();
}

TEST(InitStrategy, MeanFeasibleValue) {
  manual_seed(22);
  auto mean = delta_init(infer::init_to_mean());
  EXPECT_NEAR(num(mean.at("g")), 0.5, 1e-12);
  EXPECT_NEAR(num(mean.at("h")), 0.7978845608028654, 1e-12);
  EXPECT_NEAR(num(mean.at("b")), 0.4, 1e-12);
  EXPECT_TRUE(near(mean.at("v"), {1.0, 1.0, 1.0}, 1e-12, 1e-12));
  EXPECT_TRUE(near(mean.at("w"), {0.125, 0.25, 0.625}, 1e-12, 1e-12));

  auto feas = delta_init(infer::init_to_feasible());
  EXPECT_NEAR(num(feas.at("g")), 1.0, 1e-12);
  EXPECT_NEAR(num(feas.at("h")), 1.0, 1e-12);
  EXPECT_NEAR(num(feas.at("b")), 0.5, 1e-12);
  EXPECT_TRUE(near(feas.at("v"), {0.0, 0.0, 0.0}, 0, 1e-12));
  EXPECT_TRUE(near(feas.at("w"), {1.0 / 3, 1.0 / 3, 1.0 / 3}, 1e-12, 1e-12));

  auto val = delta_init(infer::init_to_value({{"g", scalar_tensor(0.7)}, {"v", tensor({-1.0, 0.0, 2.0})}},
                                             infer::init_to_feasible()));
  EXPECT_NEAR(num(val.at("g")), 0.7, 1e-12);
  EXPECT_TRUE(near(val.at("v"), {-1.0, 0.0, 2.0}, 1e-12, 1e-12));
  EXPECT_NEAR(num(val.at("h")), 1.0, 1e-12);  // the fallback
}

TEST(InitStrategy, OtherGuidesStartAtTheInit) {
  manual_seed(23);
  const auto init = infer::init_to_value({{"g", scalar_tensor(0.7)}, {"b", scalar_tensor(0.25)}},
                                         infer::init_to_mean());
  auto check = [&](const std::map<std::string, Tensor>& med, const std::string& who) {
    EXPECT_NEAR(num(med.at("g")), 0.7, 1e-12) << who;
    EXPECT_NEAR(num(med.at("b")), 0.25, 1e-12) << who;
    EXPECT_NEAR(num(med.at("h")), 0.7978845608028654, 1e-12) << who;
    EXPECT_TRUE(near(med.at("v"), {1.0, 1.0, 1.0}, 1e-12, 1e-12)) << who;
    EXPECT_TRUE(near(med.at("w"), {0.125, 0.25, 0.625}, 1e-12, 1e-12)) << who;
  };
  get_param_store().clear();
  auto normal = infer::AutoNormal(init_model, {.init_loc_fn = init});
  normal();
  check(normal.median(), "AutoNormal");
  EXPECT_NEAR(num(get_param_store().get("AutoNormal.locs.g")), std::log(0.7), 1e-12);
  EXPECT_NEAR(num(get_param_store().get("AutoNormal.scales.g")), 0.1, 1e-12);  // init_scale
  auto diag = infer::AutoDiagonalNormal(init_model, {.init_loc_fn = init, .init_scale = 0.02});
  diag();
  check(diag.median(), "AutoDiagonalNormal");
  EXPECT_TRUE(near(get_param_store().get("AutoDiagonalNormal.scale"), std::vector<double>(8, 0.02), 1e-12));
  auto mvn = infer::AutoMultivariateNormal(init_model, {.init_loc_fn = init});
  mvn();
  check(mvn.median(), "AutoMultivariateNormal");
  auto lr = infer::AutoLowRankMultivariateNormal(init_model, {.init_loc_fn = init});
  lr();
  check(lr.median(), "AutoLowRankMultivariateNormal");
  auto lap = infer::AutoLaplaceApproximation(init_model, {.init_loc_fn = init});
  lap();
  check(lap.median(), "AutoLaplaceApproximation");
}

TEST(InitStrategy, UniformSampleMedian) {
  manual_seed(24);
  const double r = 0.5;
  for (int rep = 0; rep < 5; ++rep) {
    auto uni = delta_init(infer::init_to_uniform(r));
    for (const char* pos : {"g", "h"}) {
      EXPECT_GE(num(uni.at(pos)), std::exp(-r)) << pos;
      EXPECT_LE(num(uni.at(pos)), std::exp(r)) << pos;
    }
    EXPECT_GE(num(uni.at("b")), 1 / (1 + std::exp(r)));
    EXPECT_LE(num(uni.at("b")), 1 / (1 + std::exp(-r)));
    for (double v : values(uni.at("v"))) EXPECT_LE(std::fabs(v), r);
    EXPECT_NEAR(num(uni.at("w").sum()), 1.0, 1e-12);
  }
  // init_to_sample: a draw in the support; different draws per setup.
  auto s1 = delta_init(infer::init_to_sample());
  auto s2 = delta_init(infer::init_to_sample());
  EXPECT_GT(num(s1.at("g")), 0);
  EXPECT_GT(num(s1.at("b")), 0);
  EXPECT_LT(num(s1.at("b")), 1);
  EXPECT_NE(num(s1.at("g")), num(s2.at("g")));
  // init_to_median of many draws is near the distribution's median (sd of
  // the sample median of 1001 draws: ~0.013 for g, ~0.04 for v).
  auto med = delta_init(infer::init_to_median(1001));
  EXPECT_NEAR(num(med.at("g")), 0.41959, 0.05);
  EXPECT_NEAR(num(med.at("h")), 0.67449, 0.06);
  EXPECT_NEAR(num(med.at("b")), 0.38573, 0.03);
  for (double v : values(med.at("v"))) EXPECT_NEAR(v, 1.0, 0.2);
  // The element-wise median of simplex draws does not sum to 1: it is
  // normalised back onto the simplex: the Beta(1, 7), Beta(2, 6), Beta(5, 3)
  // marginal medians (0.0943, 0.2285, 0.6359) over their sum.
  EXPECT_NEAR(num(med.at("w").sum()), 1.0, 1e-12);
  EXPECT_TRUE(near(med.at("w"), {0.0983, 0.2383, 0.6633}, 0, 0.03));
  // The default (15 draws) is in the support and roughly central.
  auto dflt = delta_init(infer::init_to_median());
  EXPECT_GT(num(dflt.at("g")), 0.1);
  EXPECT_LT(num(dflt.at("g")), 1.0);
}

TEST(InitStrategy, ValueShapeMismatchNamesTheSite) {
  get_param_store().clear();
  manual_seed(25);
  auto guide = infer::AutoNormal(init_model, {.init_loc_fn = infer::init_to_value({{"v", zeros({2})}})});
  EXPECT_ERROR(guide(), "init_to_value", "'v'", "[3]", "[2]");
  EXPECT_FALSE(guide.initialized());
  EXPECT_TRUE(detail::handler_stack().empty());
  EXPECT_ERROR(infer::init_to_uniform(0.0), "radius");
  EXPECT_ERROR(infer::init_to_median(0), "num_samples");
}

}  // namespace
}  // namespace tyche::testing
