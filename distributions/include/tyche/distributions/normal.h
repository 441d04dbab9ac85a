#pragma once
// Normal(loc, scale): p(x) = exp(-(x - loc)^2 / (2 scale^2)) / (scale sqrt(2 pi)).
// loc real, scale > 0 (broadcast together); support real; reparameterised
// (x = loc + scale * eps); cdf and icdf through erf / erfinv.
#include "tyche/distributions/distribution.h"

namespace tyche::dist {

class Normal : public Cloneable<Normal> {
 public:
  Normal(Arg loc, Arg scale);
  std::string name() const override { return "Normal"; }
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
