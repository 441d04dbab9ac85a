#include "tyche/inference/auto_normal.h"

#include "tyche/autograd.h"
#include "tyche/distributions/normal.h"
#include "tyche/distributions/transformed.h"
#include "tyche/inference/param_store.h"
#include "tyche/inference/primitives.h"

namespace tyche::infer {

std::map<std::string, Tensor> AutoNormalCore::sample_latents(const Subsamples& subs) const {
  std::map<std::string, Tensor> out;
  for (const LatentSite& s : latent_sites()) {
    Tensor loc = param(param_name("locs." + s.name), s.u_init);
    Tensor scale = param(param_name("scales." + s.name),
                         [&] { return full(IntList(s.u_init.sizes()), options().init_scale, s.u_init.dtype()); },
                         dist::constraints::positive);
    dist::Normal normal(subsample(s, loc, subs), subsample(s, scale, subs));
    std::shared_ptr<const dist::Distribution> q = normal.clone();
    if (s.u_event_dim > 0) q = normal.to_event(s.u_event_dim).clone();
    if (s.fn->support().kind() != dist::Constraint::Kind::Real) q = dist::TransformedDistribution(*q, s.transform).clone();
    out[s.name] = in_plates(s, [&] { return sample(s.name, *q); });
  }
  return out;
}

std::map<std::string, std::pair<Tensor, Tensor>> AutoNormalCore::loc_scale() const {
  std::map<std::string, std::pair<Tensor, Tensor>> out;
  const ParamStore& store = get_param_store();
  for (const LatentSite& s : latent_sites())
    out[s.name] = {store.get(param_name("locs." + s.name)).detach(),
                   store.get(param_name("scales." + s.name)).detach()};
  return out;
}

}  // namespace tyche::infer
