#include "tyche/distributions/normal.h"

#include <cmath>

#include "../param_util.h"

namespace tyche::dist {

Normal::Normal(Arg loc, Arg scale) : Cloneable({}, {}), loc_(loc.tensor()), scale_(scale.tensor()) {
  batch_shape_ = detail::broadcast_params("Normal", {&loc_, &scale_});
  validate_param("loc", loc_, constraints::real);
  validate_param("scale", scale_, constraints::positive);
}

Tensor Normal::mean() const { return loc_.expand(batch_shape_); }
Tensor Normal::variance() const { return scale_.pow(2).expand(batch_shape_); }
Tensor Normal::entropy() const { return (log(scale_) + (0.5 + detail::kHalfLog2Pi)).expand(batch_shape_); }

Tensor Normal::rsample_impl(Generator& gen, IntList sample_shape) const {
  Tensor eps = randn(shape(sample_shape), gen, loc_.dtype());
  return loc_ + eps * scale_;
}

// One graph node (tyche::normal_log_prob); four passes over a large value.
Tensor Normal::log_prob_impl(const Tensor& value) const {
  return normal_log_prob(value, loc_, scale_);
}

Tensor Normal::cdf_impl(const Tensor& value) const {
  return 0.5 * (1.0 + erf((value - loc_) / (scale_ * M_SQRT2)));
}

Tensor Normal::icdf_impl(const Tensor& p) const {
  return loc_ + scale_ * M_SQRT2 * erfinv(2.0 * p - 1.0);
}

}  // namespace tyche::dist
