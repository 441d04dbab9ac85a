#include "tyche/inference/auto_delta.h"

#include "tyche/autograd.h"
#include "tyche/distributions/delta.h"
#include "tyche/inference/param_store.h"
#include "tyche/inference/primitives.h"

namespace tyche::infer {

std::map<std::string, Tensor> AutoDeltaCore::sample_latents(const Subsamples& subs) const {
  std::map<std::string, Tensor> out;
  for (const LatentSite& s : latent_sites()) {
    Tensor v = subsample(s, param(param_name(s.name), s.full_init, s.fn->support()), subs);
    dist::Delta q(v, 0.0, static_cast<int>(s.event_dims()));
    out[s.name] = in_plates(s, [&] { return sample(s.name, q); });
  }
  return out;
}

std::map<std::string, std::pair<Tensor, Tensor>> AutoDeltaCore::loc_scale() const {
  std::map<std::string, std::pair<Tensor, Tensor>> out;
  const ParamStore& store = get_param_store();
  for (const LatentSite& s : latent_sites()) {
    Tensor u = s.transform.inverse(store.get(param_name(s.name))).detach();
    out[s.name] = {u, zeros_like(u)};
  }
  return out;
}

}  // namespace tyche::infer
