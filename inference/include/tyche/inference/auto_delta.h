#pragma once
// AutoDelta: a point estimate per latent site (MAP in constrained space, as
// Pyro's AutoDelta): parameter "<prefix>.<site>" on the site's support, the
// guide's site a Delta at it.
#include "tyche/inference/autoguide.h"

namespace tyche::infer {

class AutoDeltaCore : public AutoGuide {
 public:
  explicit AutoDeltaCore(AutoGuideOptions options = {}) : AutoGuide("AutoDelta", std::move(options)) {}

 protected:
  void build() const override {}
  std::map<std::string, Tensor> sample_latents(const Subsamples& subs) const override;
  std::map<std::string, std::pair<Tensor, Tensor>> loc_scale() const override;  // scale 0
};

template <class Model>
using AutoDelta = AutoGuideOf<AutoDeltaCore, Model>;

}  // namespace tyche::infer
