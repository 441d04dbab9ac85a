#pragma once
// HalfCauchy(scale): |Y| for Y ~ Cauchy(0, scale), so
// p(x) = 2 / (pi scale (1 + (x / scale)^2)) for x >= 0.
// scale > 0; support nonnegative; reparameterised (x = scale tan(pi u / 2),
// u ~ U(0, 1)); cdf 2 atan(x / scale) / pi, icdf scale tan(pi p / 2).
// mean and variance infinite (as torch.distributions); entropy log(2 pi scale).
#include "tyche/distributions/distribution.h"

namespace tyche::dist {

class HalfCauchy : public Cloneable<HalfCauchy> {
 public:
  explicit HalfCauchy(Arg scale);
  std::string name() const override { return "HalfCauchy"; }
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
