#pragma once
// VonMises(loc, concentration): a circular law with, for kappa the concentration,
// p(x) = exp(kappa cos(x - loc)) / (2 pi I0(kappa)), computed as
// kappa cos(x - loc) - log(2 pi) - log(i0e(kappa)) - kappa (stable for large kappa).
// loc real, concentration > 0 (broadcast together); support real (the density
// is 2 pi periodic; draws are wrapped into [-pi, pi)); not reparameterised:
// sample() uses the Best-Fisher rejection sampler tyche::von_mises.
// mean loc, variance the circular variance 1 - I1(kappa) / I0(kappa) (as
// torch.distributions), entropy log(2 pi I0(kappa)) - kappa I1(kappa) / I0(kappa).
// No cdf or icdf.
#include "tyche/distributions/distribution.h"

namespace tyche::dist {

class VonMises : public Cloneable<VonMises> {
 public:
  VonMises(Arg loc, Arg concentration);
  std::string name() const override { return "VonMises"; }
  Constraint support() const override { return constraints::real; }
  Tensor mean() const override;
  Tensor variance() const override;
  Tensor entropy() const override;
  const Tensor& loc() const { return loc_; }
  const Tensor& concentration() const { return concentration_; }

 protected:
  Tensor sample_impl(Generator& gen, IntList sample_shape) const override;
  Tensor log_prob_impl(const Tensor& value) const override;

 private:
  Tensor loc_, concentration_;
};

}  // namespace tyche::dist
