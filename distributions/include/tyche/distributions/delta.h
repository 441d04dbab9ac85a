#pragma once
// Delta(v, log_density, event_dim): a point mass at v (Pyro's Delta, used by
// AutoDelta guides). The rightmost event_dim dims of v form one event.
// log_prob(x) = log_density where x == v (every element of the event), else
// -inf. rsample returns v (differentiable w.r.t. v).
#include "tyche/distributions/distribution.h"

namespace tyche::dist {

class Delta : public Cloneable<Delta> {
 public:
  explicit Delta(Arg v, Arg log_density = 0.0, int event_dim = 0);
  std::string name() const override { return "Delta"; }
  Constraint support() const override;
  bool has_rsample() const override { return true; }
  Tensor mean() const override { return v_; }
  Tensor variance() const override { return zeros_like(v_); }
  const Tensor& v() const { return v_; }

 protected:
  Tensor rsample_impl(Generator& gen, IntList sample_shape) const override;
  Tensor log_prob_impl(const Tensor& value) const override;

 private:
  Tensor v_, log_density_;
};

}  // namespace tyche::dist
