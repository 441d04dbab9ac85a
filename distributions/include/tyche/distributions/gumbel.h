#pragma once
// Gumbel(loc, scale): with z = (x - loc) / scale,
// p(x) = exp(-(z + exp(-z))) / scale (the maximum extreme-value law).
// loc real, scale > 0 (broadcast together); support real; reparameterised
// (x = loc - scale log(-log u), u ~ U(0, 1)); cdf exp(-exp(-z)),
// icdf loc - scale log(-log p).
// mean loc + scale gamma (Euler's constant), variance pi^2 scale^2 / 6,
// entropy log(scale) + 1 + gamma.
#include "tyche/distributions/distribution.h"

namespace tyche::dist {

class Gumbel : public Cloneable<Gumbel> {
 public:
  Gumbel(Arg loc, Arg scale);
  std::string name() const override { return "Gumbel"; }
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
