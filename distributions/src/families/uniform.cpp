#include "tyche/distributions/uniform.h"

#include <limits>

#include "../param_util.h"

namespace tyche::dist {

Uniform::Uniform(Arg low, Arg high) : Cloneable({}, {}), low_(low.tensor()), high_(high.tensor()) {
  batch_shape_ = detail::broadcast_params("Uniform", {&low_, &high_});
  validate_param("low", low_, constraints::real);
  validate_param("high", high_, constraints::real);
  validate_param("low", low_, constraints::less_than(high_));
}

Tensor Uniform::mean() const { return ((low_ + high_) * 0.5).expand(batch_shape_); }
Tensor Uniform::variance() const { return ((high_ - low_).pow(2) / 12.0).expand(batch_shape_); }
Tensor Uniform::entropy() const { return log(high_ - low_).expand(batch_shape_); }

Tensor Uniform::rsample_impl(Generator& gen, IntList sample_shape) const {
  Tensor u = rand(shape(sample_shape), gen, low_.dtype());
  return low_ + u * (high_ - low_);
}

Tensor Uniform::log_prob_impl(const Tensor& value) const {
  Tensor inside = logical_and(value >= low_, value <= high_);
  return where(inside, -log(high_ - low_), -std::numeric_limits<double>::infinity());
}

Tensor Uniform::cdf_impl(const Tensor& value) const {
  return clamp((value - low_) / (high_ - low_), 0.0, 1.0);
}

Tensor Uniform::icdf_impl(const Tensor& p) const { return low_ + p * (high_ - low_); }

}  // namespace tyche::dist
