#pragma once
// LogNormal(loc, scale): log X ~ Normal(loc, scale), so
// p(x) = exp(-(log x - loc)^2 / (2 scale^2)) / (x scale sqrt(2 pi)).
// loc real, scale > 0 (broadcast together); support positive; reparameterised
// (x = exp(loc + scale * eps), eps ~ N(0, 1)); cdf and icdf through erf / erfinv.
// mean exp(loc + scale^2 / 2), variance (exp(scale^2) - 1) exp(2 loc + scale^2),
// entropy loc + 1/2 + log(scale sqrt(2 pi)).
#include "tyche/distributions/distribution.h"

namespace tyche::dist {

class LogNormal : public Cloneable<LogNormal> {
 public:
  LogNormal(Arg loc, Arg scale);
  std::string name() const override { return "LogNormal"; }
  Constraint support() const override { return constraints::positive; }
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
