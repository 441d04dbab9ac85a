#include "tyche/distributions/poisson.h"

#include "../param_util.h"
#include "probs_logits.h"

namespace tyche::dist {

Poisson::Poisson(Arg rate) : Cloneable({}, {}), rate_(rate.tensor()) {
  batch_shape_ = detail::broadcast_params("Poisson", {&rate_});
  validate_param("rate", rate_, constraints::nonnegative);
}

Tensor Poisson::mean() const { return rate_.expand(batch_shape_); }
Tensor Poisson::variance() const { return rate_.expand(batch_shape_); }

Tensor Poisson::sample_impl(Generator& gen, IntList sample_shape) const {
  return poisson(rate_.expand(shape(sample_shape)), gen);
}

Tensor Poisson::log_prob_impl(const Tensor& value) const {
  Tensor k = detail::as_floating(value, rate_.dtype());
  return detail::xlogy(k, rate_) - rate_ - lgamma(k + 1.0);
}

}  // namespace tyche::dist
