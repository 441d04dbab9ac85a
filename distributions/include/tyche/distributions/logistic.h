#pragma once
// Logistic(loc, scale): with z = (x - loc) / scale,
// p(x) = exp(-z) / (scale (1 + exp(-z))^2), computed as -z - 2 softplus(-z) - log(scale).
// loc real, scale > 0 (broadcast together); support real; reparameterised
// (x = loc + scale logit(u), u ~ U(0, 1)); cdf sigmoid(z), icdf loc + scale logit(p).
// mean loc, variance scale^2 pi^2 / 3, entropy log(scale) + 2.
#include "tyche/distributions/distribution.h"

namespace tyche::dist {

class Logistic : public Cloneable<Logistic> {
 public:
  Logistic(Arg loc, Arg scale);
  std::string name() const override { return "Logistic"; }
  Constraint support() const override { return constraints::real; }
  bool has_rsample() const override { return true; }
  Tensor mean() const override;
  Tensor variance() const override;
  Tensor entropy() const override;
  const Tensor& loc() const { return loc_; }
  const Tensor& scale() const { return scale_; }

 protected:
  Tensor rsample_impl(Generator& gen, IntList sample_shape) const override;
  Tensor log_prob_impl(const Tensor& value) const override;
  Tensor cdf_impl(const Tensor& value) const override;
  Tensor icdf_impl(const Tensor& p) const override;

 private:
  Tensor loc_, scale_;
};

}  // namespace tyche::dist
