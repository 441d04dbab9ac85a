#include "tyche/distributions/weibull.h"

#include "../param_util.h"
#include "uniform_noise.h"

namespace tyche::dist {

Weibull::Weibull(Arg scale, Arg concentration)
    : Cloneable({}, {}), scale_(scale.tensor()), concentration_(concentration.tensor()) {
  batch_shape_ = detail::broadcast_params("Weibull", {&scale_, &concentration_});
  validate_param("scale", scale_, constraints::positive);
  validate_param("concentration", concentration_, constraints::positive);
}

Tensor Weibull::mean() const {
  return (scale_ * exp(lgamma(1.0 + reciprocal(concentration_)))).expand(batch_shape_);
}
Tensor Weibull::variance() const {
  Tensor inv_k = reciprocal(concentration_);
  Tensor g1 = lgamma(1.0 + inv_k), g2 = lgamma(1.0 + 2.0 * inv_k);
  return (scale_.pow(2) * (exp(g2) - exp(2.0 * g1))).expand(batch_shape_);
}
Tensor Weibull::entropy() const {
  return (detail::kEulerGamma * (1.0 - reciprocal(concentration_)) + log(scale_ / concentration_) + 1.0)
      .expand(batch_shape_);
}

// e > 0 strictly, so draws stay inside the positive support.
Tensor Weibull::rsample_impl(Generator& gen, IntList sample_shape) const {
  Tensor e = detail::standard_exponential(shape(sample_shape), gen, scale_.dtype());
  return scale_ * pow(e, reciprocal(concentration_));
}

Tensor Weibull::log_prob_impl(const Tensor& value) const {
  Tensor log_t = log(value) - log(scale_);
  return log(concentration_) - log(scale_) + (concentration_ - 1.0) * log_t - exp(concentration_ * log_t);
}

Tensor Weibull::cdf_impl(const Tensor& value) const {
  return -expm1(-exp(concentration_ * (log(value) - log(scale_))));
}

Tensor Weibull::icdf_impl(const Tensor& p) const {
  return scale_ * pow(-log1p(-p), reciprocal(concentration_));
}

}  // namespace tyche::dist
