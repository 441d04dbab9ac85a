#pragma once
// Exponential(rate): p(x) = rate exp(-rate x) for x >= 0.
// rate > 0; support nonnegative; reparameterised (x = e / rate, e ~ Exp(1));
// cdf -expm1(-rate x), icdf -log1p(-p) / rate.
// mean 1 / rate, variance 1 / rate^2, entropy 1 - log(rate).
#include "tyche/distributions/distribution.h"

namespace tyche::dist {

class Exponential : public Cloneable<Exponential> {
 public:
  explicit Exponential(Arg rate);
  std::string name() const override { return "Exponential"; }
  Constraint support() const override { return constraints::nonnegative; }
  bool has_rsample() const override { return true; }
  Tensor mean() const override;
  Tensor variance() const override;
  Tensor entropy() const override;
  const Tensor& rate() const { return rate_; }

 protected:
  Tensor rsample_impl(Generator& gen, IntList sample_shape) const override;
  Tensor log_prob_impl(const Tensor& value) const override;
  Tensor cdf_impl(const Tensor& value) const override;
  Tensor icdf_impl(const Tensor& p) const override;

 private:
  Tensor rate_;
};

}  // namespace tyche::dist
