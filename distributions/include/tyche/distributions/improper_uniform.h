#pragma once
// ImproperUniform(support, batch_shape, event_shape): a flat "density" on a
// support, log_prob 0 (shape: value's batch dims broadcast with batch_shape).
// Used as a prior whose value is supplied by a guide or by MCMC in
// unconstrained space; sampling from it throws.
#include "tyche/distributions/distribution.h"

namespace tyche::dist {

class ImproperUniform : public Cloneable<ImproperUniform> {
 public:
  ImproperUniform(Constraint support, IntList batch_shape, IntList event_shape);
  std::string name() const override { return "ImproperUniform"; }
  Constraint support() const override { return support_; }

 protected:
  Tensor sample_impl(Generator& gen, IntList sample_shape) const override;
  Tensor log_prob_impl(const Tensor& value) const override;

 private:
  Constraint support_;
};

}  // namespace tyche::dist
