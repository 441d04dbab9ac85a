#pragma once
// Dirichlet(concentration): over the simplex of dimension K = concentration.size(-1),
//   p(x) = Gamma(a0) / prod_i Gamma(a_i) * prod_i x_i^(a_i - 1),  a0 = sum_i a_i.
// concentration [..., K], every a_i > 0; batch_shape concentration.shape[:-1],
// event_shape [K]; support simplex.
// Reparameterised: x = softmax(log G) with G_i ~ Gamma(a_i, 1) drawn in log
// space (as Beta) and differentiable through tyche::gamma's implicit gradient;
// components are at least the smallest positive normal of the dtype.
// mean a / a0, variance a (a0 - a) / (a0^2 (a0 + 1)),
// entropy sum_i lgamma(a_i) - lgamma(a0) + (a0 - K) digamma(a0) - sum_i (a_i - 1) digamma(a_i).
#include "tyche/distributions/distribution.h"

namespace tyche::dist {

class Dirichlet : public Cloneable<Dirichlet> {
 public:
  explicit Dirichlet(Arg concentration);
  std::string name() const override { return "Dirichlet"; }
  Constraint support() const override { return constraints::simplex; }
  bool has_rsample() const override { return true; }
  Tensor mean() const override;
  Tensor variance() const override;
  Tensor entropy() const override;
  const Tensor& concentration() const { return concentration_; }

 protected:
  Tensor rsample_impl(Generator& gen, IntList sample_shape) const override;
  Tensor log_prob_impl(const Tensor& value) const override;

 private:
  Tensor concentration_;
};

}  // namespace tyche::dist
