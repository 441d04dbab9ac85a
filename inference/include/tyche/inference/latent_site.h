#pragma once
// A latent (unobserved) sample site of a model as a prototype trace saw it:
// its distribution, shapes, plates, and the bijection biject_to(support) from
// unconstrained space that autoguides and HMC work in.
#include <memory>
#include <string>
#include <vector>

#include "tyche/distributions/transform.h"
#include "tyche/inference/trace.h"

namespace tyche::infer {

// A latent sample site of the model, as the prototype trace saw it.
struct LatentSite {
  std::string name;
  std::shared_ptr<const dist::Distribution> fn;  // the model's distribution there
  Tensor init;                      // the initial value (constrained), shape `shape`
  std::vector<PlateFrame> frames;   // enclosing plates, innermost first
  dist::Transform transform;        // biject_to(fn->support()): unconstrained -> constrained
  Shape shape;                      // value shape: batch_shape + event_shape
  Shape u_shape;                    // unconstrained value shape
  int64_t batch_dims = 0;           // leading dims of shape that are batch dims
  int u_event_dim = 0;              // event dims of the unconstrained value
  bool identity = false;            // transform is the identity (log|det J| = 0)
  // With full plate sizes at subsampled plates' dims (the parameters' shapes):
  Tensor full_init;                 // init repeated periodically along those dims
  Tensor u_init;                    // transform.inverse(full_init)
  int64_t event_dims() const { return static_cast<int64_t>(shape.size()) - batch_dims; }
};

// The latent site of a traced sample site s (continuous or not: callers that
// need a continuous site check s.fn->is_discrete() with their own message).
LatentSite make_latent_site(const Site& s);
// Position of plate f's dim in a value of site (whose first batch_dims dims are batch dims).
int64_t plate_dim_position(const LatentSite& site, const PlateFrame& f);

}  // namespace tyche::infer
