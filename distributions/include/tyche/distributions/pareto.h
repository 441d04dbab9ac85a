#pragma once
// Pareto(scale, alpha): p(x) = alpha scale^alpha / x^(alpha + 1) for x >= scale.
// scale > 0, alpha > 0 (broadcast together); support greater_than_eq(scale);
// reparameterised (x = scale exp(e / alpha), e ~ Exp(1)); cdf
// 1 - (scale / x)^alpha, icdf scale (1 - p)^(-1/alpha), both through expm1 / log1p.
// mean alpha scale / (alpha - 1) for alpha > 1, else inf; variance
// scale^2 alpha / ((alpha - 1)^2 (alpha - 2)) for alpha > 2, else inf (as
// torch.distributions); entropy log(scale / alpha) + 1/alpha + 1.
#include "tyche/distributions/distribution.h"

namespace tyche::dist {

class Pareto : public Cloneable<Pareto> {
 public:
  Pareto(Arg scale, Arg alpha);
  std::string name() const override { return "Pareto"; }
  Constraint support() const override { return constraints::greater_than_eq(scale_); }
  bool has_rsample() const override { return true; }
  Tensor mean() const override;
  Tensor variance() const override;
  Tensor entropy() const override;
  const Tensor& scale() const { return scale_; }
  const Tensor& alpha() const { return alpha_; }

 protected:
  Tensor rsample_impl(Generator& gen, IntList sample_shape) const override;
  Tensor log_prob_impl(const Tensor& value) const override;
  Tensor cdf_impl(const Tensor& value) const override;
  Tensor icdf_impl(const Tensor& p) const override;

 private:
  Tensor scale_, alpha_;
};

}  // namespace tyche::dist
