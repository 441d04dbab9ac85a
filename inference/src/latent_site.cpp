#include "tyche/inference/latent_site.h"

#include "tyche/distributions/transforms.h"

namespace tyche::infer {

namespace {
// t repeated periodically along dim up to size (Pyro's periodic_repeat).
Tensor periodic_repeat(const Tensor& t, int64_t dim, int64_t size) {
  const int64_t n = t.size(dim);
  std::vector<int64_t> idx(static_cast<size_t>(size));
  for (int64_t i = 0; i < size; ++i) idx[static_cast<size_t>(i)] = i % n;
  return index_select(t, dim, from_blob(idx.data(), {size}, kInt64, /*copy=*/true));
}
bool is_identity(const dist::Transform& t) {
  if (t.as<dist::IdentityTransform>()) return true;
  const auto* ind = t.as<dist::IndependentTransform>();
  return ind && is_identity(ind->base());
}
}  // namespace

int64_t plate_dim_position(const LatentSite& site, const PlateFrame& f) { return site.batch_dims + f.dim; }

LatentSite make_latent_site(const Site& s) {
  LatentSite l;
  l.name = s.name;
  l.fn = s.fn;
  l.init = s.value.detach();
  l.frames = s.frames;
  l.transform = dist::biject_to(s.fn->support());
  l.shape = s.value.sizes().shape();
  l.batch_dims = static_cast<int64_t>(s.fn->batch_shape().size());
  l.u_shape = l.transform.inverse_shape(IntList(l.shape));
  l.u_event_dim = l.transform.domain().event_dim();
  l.identity = is_identity(l.transform);
  l.full_init = l.init;
  for (const PlateFrame& f : l.frames)
    if (f.subsample_size < f.size) l.full_init = periodic_repeat(l.full_init, plate_dim_position(l, f), f.size);
  l.u_init = l.transform.inverse(l.full_init);
  return l;
}

}  // namespace tyche::infer
