#pragma once
// Weibull(scale, concentration) (torch's parameter order): with k the
// concentration and t = x / scale, p(x) = (k / scale) t^(k - 1) exp(-t^k), x > 0,
// computed in log space: log k - log scale + (k - 1) log t - exp(k log t).
// scale > 0, concentration > 0 (broadcast together); support positive;
// reparameterised (x = scale e^(1/k), e ~ Exp(1)); cdf -expm1(-t^k),
// icdf scale (-log1p(-p))^(1/k).
// mean scale Gamma(1 + 1/k), variance scale^2 (Gamma(1 + 2/k) - Gamma(1 + 1/k)^2),
// entropy gamma (1 - 1/k) + log(scale / k) + 1 (gamma: Euler's constant).
#include "tyche/distributions/distribution.h"

namespace tyche::dist {

class Weibull : public Cloneable<Weibull> {
 public:
  Weibull(Arg scale, Arg concentration);
  std::string name() const override { return "Weibull"; }
  Constraint support() const override { return constraints::positive; }
  bool has_rsample() const override { return true; }
  Tensor mean() const override;
  Tensor variance() const override;
  Tensor entropy() const override;
  const Tensor& scale() const { return scale_; }
  const Tensor& concentration() const { return concentration_; }

 protected:
  Tensor rsample_impl(Generator& gen, IntList sample_shape) const override;
  Tensor log_prob_impl(const Tensor& value) const override;
  Tensor cdf_impl(const Tensor& value) const override;
  Tensor icdf_impl(const Tensor& p) const override;

 private:
  Tensor scale_, concentration_;
};

}  // namespace tyche::dist
