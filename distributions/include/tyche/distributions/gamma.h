#pragma once
// Gamma(concentration, rate): p(x) = rate^c x^(c-1) e^(-rate x) / Gamma(c), c = concentration.
// concentration > 0, rate > 0 (broadcast together); support positive.
// Reparameterised: x = g / rate with g = tyche::gamma(c) a Gamma(c, 1) draw,
// differentiable in c by implicit reparameterisation (see tyche::gamma);
// draws are at least the smallest positive normal of the dtype.
// mean c / rate, variance c / rate^2,
// entropy c - log(rate) + lgamma(c) + (1 - c) digamma(c). No closed cdf here.
#include "tyche/distributions/distribution.h"

namespace tyche::dist {

class Gamma : public Cloneable<Gamma> {
 public:
  Gamma(Arg concentration, Arg rate);
  std::string name() const override { return "Gamma"; }
  Constraint support() const override { return constraints::positive; }
  bool has_rsample() const override { return true; }
  Tensor mean() const override;
  Tensor variance() const override;
  Tensor entropy() const override;
  const Tensor& concentration() const { return concentration_; }
  const Tensor& rate() const { return rate_; }

 protected:
  // For families that are a Gamma under another parameterisation (Chi2): the
  // parameters are broadcast naming dist and not validated (the caller
  // validates its own parameters under its own name).
  Gamma(const char* dist, Tensor concentration, Tensor rate);
  Tensor rsample_impl(Generator& gen, IntList sample_shape) const override;
  Tensor log_prob_impl(const Tensor& value) const override;

 private:
  Tensor concentration_, rate_;
};

}  // namespace tyche::dist
