#pragma once
// AutoNormal: a mean-field guide, one Normal(loc, scale) per latent site in
// unconstrained space (parameters "<prefix>.locs.<site>" and
// "<prefix>.scales.<site>", shaped like the unconstrained site with full plate
// sizes; a subsampled plate's local sites use this call's rows), mapped to the
// site's support by biject_to. Sites on the real line get the Normal itself,
// so TraceMeanFieldELBO can use the analytic KL there.
#include "tyche/inference/autoguide.h"

namespace tyche::infer {

class AutoNormalCore : public AutoGuide {
 public:
  explicit AutoNormalCore(AutoGuideOptions options = {}) : AutoGuide("AutoNormal", std::move(options)) {}

 protected:
  void build() const override {}
  std::map<std::string, Tensor> sample_latents(const Subsamples& subs) const override;
  std::map<std::string, std::pair<Tensor, Tensor>> loc_scale() const override;
};

template <class Model>
using AutoNormal = AutoGuideOf<AutoNormalCore, Model>;

}  // namespace tyche::infer
