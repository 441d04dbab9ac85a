#include "tyche/inference/auto_continuous.h"

#include <cmath>

#include "tyche/autograd.h"
#include "tyche/distributions/delta.h"
#include "tyche/distributions/lowrank_multivariate_normal.h"
#include "tyche/distributions/multivariate_normal.h"
#include "tyche/distributions/normal.h"
#include "tyche/functional.h"
#include "tyche/inference/handlers.h"
#include "tyche/inference/param_store.h"
#include "tyche/inference/primitives.h"

namespace tyche::infer {

namespace {
int64_t numel_of(const Shape& s) {
  int64_t n = 1;
  for (int64_t d : s) n *= d;
  return n;
}
// Sums the rightmost n dims of t.
Tensor sum_rightmost(const Tensor& t, int64_t n) {
  if (n <= 0) return t;
  Shape dims;
  for (int64_t i = 1; i <= n; ++i) dims.push_back(-i);
  return t.sum(IntList(dims));
}
}  // namespace

int64_t AutoContinuousCore::latent_dim() const {
  int64_t d = 0;
  for (const LatentSite& s : latent_sites()) d += numel_of(s.u_shape);
  return d;
}

void AutoContinuousCore::build() const {
  for (const LatentSite& s : latent_sites())
    for (const PlateFrame& f : s.frames)
      TYCHE_CHECK(f.subsample_size == f.size, name(), "site '", s.name, "' is local to the subsampled plate '",
                  f.name, "': use AutoNormal (or AutoDelta) for local latent variables");
}

Tensor AutoContinuousCore::init_loc() const {
  std::vector<Tensor> parts;
  for (const LatentSite& s : latent_sites()) parts.push_back(s.u_init.reshape({-1}));
  return cat(parts);
}

Tensor AutoContinuousCore::unpack(const LatentSite& s, const Tensor& latent) const {
  int64_t offset = 0;
  for (const LatentSite& t : latent_sites()) {
    if (&t == &s) break;
    offset += numel_of(t.u_shape);
  }
  // latent's batch dims (a particle plate) stay to the left of the site's own
  // batch dims, which are all 1 there.
  const int64_t lead_dims = latent.dim() - 1;
  const int64_t keep = std::max<int64_t>(0, lead_dims - s.batch_dims);
  Shape shape(latent.sizes().begin(), latent.sizes().begin() + keep);
  for (int64_t d : s.u_shape) shape.push_back(d);
  return latent.narrow(-1, offset, numel_of(s.u_shape)).reshape(IntList(shape));
}

std::map<std::string, Tensor> AutoContinuousCore::sample_latents(const Subsamples&) const {
  std::shared_ptr<const dist::Distribution> q = get_posterior();
  Tensor latent = sample("_" + prefix() + "_latent", *q);
  std::map<std::string, Tensor> out;
  for (const LatentSite& s : latent_sites()) {
    Tensor u = unpack(s, latent);
    Tensor z = s.transform(u);
    // log q(z) = log q(u) - log|det dz/du|: the aux site carries log q(u).
    Tensor ladj = s.transform.log_abs_det_jacobian(u, z);
    Tensor log_density = -sum_rightmost(ladj, ladj.dim() - (z.dim() - s.event_dims()));
    dist::Delta delta(z, log_density, static_cast<int>(s.event_dims()));
    out[s.name] = in_plates(s, [&] { return sample(s.name, delta); });
  }
  return out;
}

std::map<std::string, std::pair<Tensor, Tensor>> AutoContinuousCore::loc_scale() const {
  auto [loc, scale] = joint_loc_scale();
  std::map<std::string, std::pair<Tensor, Tensor>> out;
  for (const LatentSite& s : latent_sites()) out[s.name] = {unpack(s, loc.detach()), unpack(s, scale.detach())};
  return out;
}

// ---- AutoDiagonalNormal
std::shared_ptr<const dist::Distribution> AutoDiagonalNormalCore::get_posterior() const {
  auto [loc, scale] = joint_loc_scale();
  return dist::Normal(loc, scale).to_event(1).clone();
}

std::pair<Tensor, Tensor> AutoDiagonalNormalCore::joint_loc_scale() const {
  Tensor loc = param(param_name("loc"), [&] { return init_loc(); });
  Tensor scale = param(param_name("scale"), [&] { return full_like(init_loc(), options().init_scale); },
                       dist::constraints::positive);
  return {loc, scale};
}

// ---- AutoMultivariateNormal
namespace {
std::pair<Tensor, Tensor> mvn_params(const AutoContinuousCore& g, const std::string& loc_name,
                                     const std::string& tril_name, const std::function<Tensor()>& init_loc) {
  Tensor loc = param(loc_name, init_loc);
  Tensor tril = param(tril_name,
                      [&] { return eye(g.latent_dim(), std::nullopt, loc.dtype()) * g.options().init_scale; },
                      dist::constraints::lower_cholesky);
  return {loc, tril};
}
}  // namespace

std::shared_ptr<const dist::Distribution> AutoMultivariateNormalCore::get_posterior() const {
  auto [loc, tril] = mvn_params(*this, param_name("loc"), param_name("scale_tril"), [&] { return init_loc(); });
  return dist::MultivariateNormal(loc, dist::ScaleTril(tril)).clone();
}

std::pair<Tensor, Tensor> AutoMultivariateNormalCore::joint_loc_scale() const {
  auto [loc, tril] = mvn_params(*this, param_name("loc"), param_name("scale_tril"), [&] { return init_loc(); });
  return {loc, sqrt((tril * tril).sum({-1}))};
}

// ---- AutoLowRankMultivariateNormal (Pyro's parameterisation: W * s, s^2)
int64_t AutoLowRankMultivariateNormalCore::rank() const {
  if (options().rank > 0) return options().rank;
  return static_cast<int64_t>(std::ceil(std::sqrt(static_cast<double>(latent_dim()))));
}

namespace {
struct LowRankParams {
  Tensor loc, factor, diag;  // [D], [D, rank], [D]
};
LowRankParams lowrank_params(const AutoLowRankMultivariateNormalCore& g, const std::string& prefix,
                             const std::function<Tensor()>& init_loc) {
  Tensor loc = param(prefix + ".loc", init_loc);
  const int64_t r = g.rank();
  Tensor w = param(prefix + ".cov_factor", [&] {
    return randn({g.latent_dim(), r}, loc.dtype()) * (1.0 / std::sqrt(static_cast<double>(r)));
  });
  Tensor s = param(prefix + ".scale", [&] { return full_like(loc.detach(), std::sqrt(0.5) * g.options().init_scale); },
                   dist::constraints::positive);
  return {loc, w * s.unsqueeze(-1), s * s};
}
}  // namespace

std::shared_ptr<const dist::Distribution> AutoLowRankMultivariateNormalCore::get_posterior() const {
  LowRankParams p = lowrank_params(*this, prefix(), [&] { return init_loc(); });
  return dist::LowRankMultivariateNormal(p.loc, p.factor, p.diag).clone();
}

std::pair<Tensor, Tensor> AutoLowRankMultivariateNormalCore::joint_loc_scale() const {
  LowRankParams p = lowrank_params(*this, prefix(), [&] { return init_loc(); });
  return {p.loc, sqrt((p.factor * p.factor).sum({-1}) + p.diag)};
}

// ---- AutoLaplaceApproximation
std::shared_ptr<const dist::Distribution> AutoLaplaceApproximationCore::get_posterior() const {
  Tensor loc = param(param_name("loc"), [&] { return init_loc(); });
  return dist::Delta(loc, 0.0, 1).clone();
}

std::pair<Tensor, Tensor> AutoLaplaceApproximationCore::joint_loc_scale() const {
  Tensor loc = param(param_name("loc"), [&] { return init_loc(); });
  return {loc, zeros_like(loc)};
}

std::pair<Tensor, Tensor> AutoLaplaceApproximationCore::laplace(const Program& model) const {
  latent_sites();  // set up
  const std::string loc_name = param_name("loc");
  Tensor loc = get_param_store().get(loc_name).detach();
  // -log p(x, z(u)) - log|det dz/du| as a function of the unconstrained loc u.
  autograd::TensorFn neg_log_joint = [&](const Tensor& u) {
    handlers::SubstituteMessenger sub({{loc_name, u}});
    handlers::BlockMessenger block;
    HandlerScope on_block(block), on_sub(sub);
    handlers::TraceMessenger gt;
    {
      HandlerScope on(gt);
      call();
    }
    Trace g = gt.take();
    handlers::TraceMessenger mt;
    handlers::ReplayMessenger rp(g);
    {
      HandlerScope on_t(mt), on_r(rp);
      model();
    }
    return -(mt.trace().log_prob_sum() - g.log_prob_sum());
  };
  Tensor h = autograd::hessian(neg_log_joint, loc);
  h = (h + h.transpose(0, 1)) * 0.5;
  Tensor cov;
  try {
    cov = inverse(h);
    return {loc, cholesky((cov + cov.transpose(0, 1)) * 0.5)};
  } catch (const Error& e) {
    throw Error(name() + ": the Hessian of -log p at loc is not positive definite (train the guide to the MAP first): " +
                e.what());
  }
}

void AutoLaplaceApproximationCore::set_laplace(const AutoMultivariateNormalCore& mvn, const Program& model) const {
  auto [loc, tril] = laplace(model);
  mvn.setup_from(*this);
  ParamStore& store = get_param_store();
  store.set(mvn.prefix() + ".loc", loc);
  store.set(mvn.prefix() + ".scale_tril", tril, dist::constraints::lower_cholesky);
}

}  // namespace tyche::infer
