#pragma once
// Laplace(loc, scale): p(x) = exp(-|x - loc| / scale) / (2 scale).
// loc real, scale > 0 (broadcast together); support real; reparameterised
// (x = loc + scale eps, eps the standard Laplace icdf of u ~ U(0, 1));
// cdf 1/2 - sign(z) expm1(-|z|) / 2 with z = (x - loc) / scale,
// icdf loc - scale sign(p - 1/2) log1p(-2 |p - 1/2|).
// mean loc, variance 2 scale^2, entropy 1 + log(2 scale).
#include "tyche/distributions/distribution.h"

namespace tyche::dist {

class Laplace : public Cloneable<Laplace> {
 public:
  Laplace(Arg loc, Arg scale);
  std::string name() const override { return "Laplace"; }
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
