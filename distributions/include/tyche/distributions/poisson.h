#pragma once
// Poisson(rate): P(k) = rate^k exp(-rate) / k!, k = 0, 1, ...; rate >= 0;
// support nonnegative_integer. Draws are floating counts of rate's dtype
// (tyche::poisson); not reparameterised. log_prob = k log rate - rate - log k!
// (0 log 0 = 0), differentiable w.r.t. rate.
#include "tyche/distributions/distribution.h"

namespace tyche::dist {

class Poisson : public Cloneable<Poisson> {
 public:
  explicit Poisson(Arg rate);
  std::string name() const override { return "Poisson"; }
  Constraint support() const override { return constraints::nonnegative_integer; }
  Tensor mean() const override;
  Tensor variance() const override;
  const Tensor& rate() const { return rate_; }

 protected:
  Tensor sample_impl(Generator& gen, IntList sample_shape) const override;
  Tensor log_prob_impl(const Tensor& value) const override;

 private:
  Tensor rate_;
};

}  // namespace tyche::dist
