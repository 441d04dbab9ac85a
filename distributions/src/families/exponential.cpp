#include "tyche/distributions/exponential.h"

#include "../param_util.h"
#include "uniform_noise.h"

namespace tyche::dist {

Exponential::Exponential(Arg rate) : Cloneable({}, {}), rate_(rate.tensor()) {
  batch_shape_ = detail::broadcast_params("Exponential", {&rate_});
  validate_param("rate", rate_, constraints::positive);
}

Tensor Exponential::mean() const { return reciprocal(rate_).expand(batch_shape_); }
Tensor Exponential::variance() const { return rate_.pow(-2).expand(batch_shape_); }
Tensor Exponential::entropy() const { return (1.0 - log(rate_)).expand(batch_shape_); }

Tensor Exponential::rsample_impl(Generator& gen, IntList sample_shape) const {
  return detail::standard_exponential(shape(sample_shape), gen, rate_.dtype()) / rate_;
}

Tensor Exponential::log_prob_impl(const Tensor& value) const { return log(rate_) - rate_ * value; }

Tensor Exponential::cdf_impl(const Tensor& value) const { return -expm1(-rate_ * value); }

Tensor Exponential::icdf_impl(const Tensor& p) const { return -log1p(-p) / rate_; }

}  // namespace tyche::dist
