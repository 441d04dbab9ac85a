#include "tyche/distributions/inverse_gamma.h"

#include <cmath>

#include "../param_util.h"

namespace tyche::dist {

InverseGamma::InverseGamma(Arg concentration, Arg rate)
    : Cloneable({}, {}), concentration_(concentration.tensor()), rate_(rate.tensor()) {
  batch_shape_ = detail::broadcast_params("InverseGamma", {&concentration_, &rate_});
  validate_param("concentration", concentration_, constraints::positive);
  validate_param("rate", rate_, constraints::positive);
}

Tensor InverseGamma::mean() const {
  const Tensor& c = concentration_;
  return where(c > 1.0, rate_ / (c - 1.0), INFINITY).expand(batch_shape_);
}
Tensor InverseGamma::variance() const {
  const Tensor& c = concentration_;
  return where(c > 2.0, rate_.pow(2) / ((c - 1.0).pow(2) * (c - 2.0)), INFINITY).expand(batch_shape_);
}
Tensor InverseGamma::entropy() const {
  const Tensor& c = concentration_;
  return (c + log(rate_) + lgamma(c) - (1.0 + c) * digamma(c)).expand(batch_shape_);
}

Tensor InverseGamma::rsample_impl(Generator& gen, IntList sample_shape) const {
  return rate_ / gamma(concentration_.expand(shape(sample_shape)), gen);
}

Tensor InverseGamma::log_prob_impl(const Tensor& value) const {
  const Tensor& c = concentration_;
  return c * log(rate_) - lgamma(c) - (c + 1.0) * log(value) - rate_ / value;
}

}  // namespace tyche::dist
