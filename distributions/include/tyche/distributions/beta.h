#pragma once
// Beta(concentration1, concentration0):
//   p(x) = x^(a-1) (1-x)^(b-1) / B(a, b),  a = concentration1, b = concentration0.
// a > 0, b > 0 (broadcast together); support unit_interval.
// Reparameterised: x = X / (X + Y) = sigmoid(log X - log Y), X ~ Gamma(a, 1),
// Y ~ Gamma(b, 1), the logs drawn in log space (for a concentration below 1,
// log X = log Gamma(a + 1) + log(U) / a, so tiny draws do not underflow) and
// differentiable through tyche::gamma's implicit gradient; draws are clamped
// into [smallest normal, 1 - eps] of the dtype.
// mean a / (a + b), variance a b / ((a + b)^2 (a + b + 1)),
// entropy log B(a, b) - (a - 1) digamma(a) - (b - 1) digamma(b) + (a + b - 2) digamma(a + b).
#include "tyche/distributions/distribution.h"

namespace tyche::dist {

class Beta : public Cloneable<Beta> {
 public:
  Beta(Arg concentration1, Arg concentration0);
  std::string name() const override { return "Beta"; }
  Constraint support() const override { return constraints::unit_interval; }
  bool has_rsample() const override { return true; }
  Tensor mean() const override;
  Tensor variance() const override;
  Tensor entropy() const override;
  const Tensor& concentration1() const { return concentration1_; }
  const Tensor& concentration0() const { return concentration0_; }

 protected:
  Tensor rsample_impl(Generator& gen, IntList sample_shape) const override;
  Tensor log_prob_impl(const Tensor& value) const override;

 private:
  Tensor concentration1_, concentration0_;
};

}  // namespace tyche::dist
