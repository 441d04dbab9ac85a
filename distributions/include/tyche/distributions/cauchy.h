#pragma once
// Cauchy(loc, scale): p(x) = 1 / (pi scale (1 + ((x - loc) / scale)^2)).
// loc real, scale > 0 (broadcast together); support real; reparameterised
// (x = loc + scale tan(pi (u - 1/2)), u ~ U(0, 1)); cdf 1/2 + atan(z) / pi,
// icdf loc + scale tan(pi (p - 1/2)). The mean is undefined (NaN) and the
// variance infinite, as torch.distributions; entropy log(4 pi scale).
#include "tyche/distributions/distribution.h"

namespace tyche::dist {

class Cauchy : public Cloneable<Cauchy> {
 public:
  Cauchy(Arg loc, Arg scale);
  std::string name() const override { return "Cauchy"; }
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
