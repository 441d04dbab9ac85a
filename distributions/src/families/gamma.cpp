#include "tyche/distributions/gamma.h"

#include "../param_util.h"
#include "log_standard_gamma.h"

namespace tyche::dist {

Gamma::Gamma(Arg concentration, Arg rate) : Gamma("Gamma", concentration.tensor(), rate.tensor()) {
  validate_param("concentration", concentration_, constraints::positive);
  validate_param("rate", rate_, constraints::positive);
}

Gamma::Gamma(const char* dist, Tensor concentration, Tensor rate)
    : Cloneable({}, {}), concentration_(std::move(concentration)), rate_(std::move(rate)) {
  batch_shape_ = detail::broadcast_params(dist, {&concentration_, &rate_});
}

Tensor Gamma::mean() const { return (concentration_ / rate_).expand(batch_shape_); }
Tensor Gamma::variance() const { return (concentration_ / rate_.pow(2)).expand(batch_shape_); }
Tensor Gamma::entropy() const {
  const Tensor& c = concentration_;
  return (c - log(rate_) + lgamma(c) + (1.0 - c) * digamma(c)).expand(batch_shape_);
}

Tensor Gamma::rsample_impl(Generator& gen, IntList sample_shape) const {
  Tensor g = gamma(concentration_.expand(shape(sample_shape)), gen);
  return clamp(g / rate_, detail::finfo_tiny(g.dtype()));
}

Tensor Gamma::log_prob_impl(const Tensor& value) const {
  const Tensor& c = concentration_;
  // Parameter-only terms first: one pass fewer over a large value.
  return (c - 1.0) * log(value) - rate_ * value + (c * log(rate_) - lgamma(c));
}

}  // namespace tyche::dist
