#pragma once
// Uniform(low, high): p(x) = 1 / (high - low) for low <= x <= high.
// low < high, both real (broadcast together); support interval(low, high)
// with the parameters as tensor bounds (closed, as torch.distributions);
// reparameterised (x = low + (high - low) u, u ~ U[0, 1)); cdf
// clamp((x - low) / (high - low), 0, 1), icdf low + p (high - low).
// mean (low + high) / 2, variance (high - low)^2 / 12, entropy log(high - low).
// Without validation, log_prob is -inf outside [low, high].
#include "tyche/distributions/distribution.h"

namespace tyche::dist {

class Uniform : public Cloneable<Uniform> {
 public:
  Uniform(Arg low, Arg high);
  std::string name() const override { return "Uniform"; }
  Constraint support() const override { return constraints::interval(low_, high_); }
  bool has_rsample() const override { return true; }
  Tensor mean() const override;
  Tensor variance() const override;
  Tensor entropy() const override;
  const Tensor& low() const { return low_; }
  const Tensor& high() const { return high_; }

 protected:
  Tensor rsample_impl(Generator& gen, IntList sample_shape) const override;
  Tensor log_prob_impl(const Tensor& value) const override;
  Tensor cdf_impl(const Tensor& value) const override;
  Tensor icdf_impl(const Tensor& p) const override;

 private:
  Tensor low_, high_;
};

}  // namespace tyche::dist
