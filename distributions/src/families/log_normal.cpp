#include "tyche/distributions/log_normal.h"

#include <cmath>

#include "../param_util.h"

namespace tyche::dist {

LogNormal::LogNormal(Arg loc, Arg scale) : Cloneable({}, {}), loc_(loc.tensor()), scale_(scale.tensor()) {
  batch_shape_ = detail::broadcast_params("LogNormal", {&loc_, &scale_});
  validate_param("loc", loc_, constraints::real);
  validate_param("scale", scale_, constraints::positive);
}

Tensor LogNormal::mean() const { return exp(loc_ + 0.5 * scale_.pow(2)).expand(batch_shape_); }
Tensor LogNormal::variance() const {
  Tensor s2 = scale_.pow(2);
  return (expm1(s2) * exp(2.0 * loc_ + s2)).expand(batch_shape_);
}
Tensor LogNormal::entropy() const {
  return (loc_ + log(scale_) + (0.5 + detail::kHalfLog2Pi)).expand(batch_shape_);
}

Tensor LogNormal::rsample_impl(Generator& gen, IntList sample_shape) const {
  Tensor eps = randn(shape(sample_shape), gen, loc_.dtype());
  return exp(loc_ + eps * scale_);
}

Tensor LogNormal::log_prob_impl(const Tensor& value) const {
  Tensor log_x = log(value);
  Tensor z = (log_x - loc_) / scale_;
  return -0.5 * z * z - log(scale_) - log_x - detail::kHalfLog2Pi;
}

Tensor LogNormal::cdf_impl(const Tensor& value) const {
  return 0.5 * (1.0 + erf((log(value) - loc_) / (scale_ * M_SQRT2)));
}

Tensor LogNormal::icdf_impl(const Tensor& p) const {
  return exp(loc_ + scale_ * M_SQRT2 * erfinv(2.0 * p - 1.0));
}

}  // namespace tyche::dist
