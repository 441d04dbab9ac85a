#pragma once
// HalfNormal(scale): |Y| for Y ~ Normal(0, scale), so
// p(x) = sqrt(2 / pi) / scale * exp(-x^2 / (2 scale^2)) for x >= 0.
// scale > 0; support nonnegative; reparameterised (x = scale |eps|, eps ~ N(0, 1));
// cdf erf(x / (scale sqrt 2)), icdf scale sqrt(2) erfinv(p).
// mean scale sqrt(2 / pi), variance scale^2 (1 - 2 / pi),
// entropy log(scale) + log(pi / 2) / 2 + 1/2.
#include "tyche/distributions/distribution.h"

namespace tyche::dist {

class HalfNormal : public Cloneable<HalfNormal> {
 public:
  explicit HalfNormal(Arg scale);
  std::string name() const override { return "HalfNormal"; }
  Constraint support() const override { return constraints::nonnegative; }
  bool has_rsample() const override { return true; }
  Tensor mean() const override;
  Tensor variance() const override;
  Tensor entropy() const override;
  const Tensor& scale() const { return scale_; }

 protected:
  Tensor rsample_impl(Generator& gen, IntList sample_shape) const override;
  Tensor log_prob_impl(const Tensor& value) const override;
  Tensor cdf_impl(const Tensor& value) const override;
  Tensor icdf_impl(const Tensor& p) const override;

 private:
  Tensor scale_;
};

}  // namespace tyche::dist
