#pragma once
// InverseGamma(concentration, rate):
//   p(x) = rate^c x^(-c-1) e^(-rate / x) / Gamma(c),  c = concentration.
// concentration > 0, rate > 0 (broadcast together); support positive.
// Reparameterised: x = rate / g with g a Gamma(c, 1) draw from tyche::gamma
// (implicit gradient in c).
// mean rate / (c - 1) for c > 1 (inf otherwise),
// variance rate^2 / ((c - 1)^2 (c - 2)) for c > 2 (inf otherwise),
// entropy c + log(rate) + lgamma(c) - (1 + c) digamma(c).
#include "tyche/distributions/distribution.h"

namespace tyche::dist {

class InverseGamma : public Cloneable<InverseGamma> {
 public:
  InverseGamma(Arg concentration, Arg rate);
  std::string name() const override { return "InverseGamma"; }
  Constraint support() const override { return constraints::positive; }
  bool has_rsample() const override { return true; }
  Tensor mean() const override;
  Tensor variance() const override;
  Tensor entropy() const override;
  const Tensor& concentration() const { return concentration_; }
  const Tensor& rate() const { return rate_; }

 protected:
  Tensor rsample_impl(Generator& gen, IntList sample_shape) const override;
  Tensor log_prob_impl(const Tensor& value) const override;

 private:
  Tensor concentration_, rate_;
};

}  // namespace tyche::dist
