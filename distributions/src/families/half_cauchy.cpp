#include "tyche/distributions/half_cauchy.h"

#include <cmath>
#include <limits>

#include "../param_util.h"

namespace tyche::dist {

HalfCauchy::HalfCauchy(Arg scale) : Cloneable({}, {}), scale_(scale.tensor()) {
  batch_shape_ = detail::broadcast_params("HalfCauchy", {&scale_});
  validate_param("scale", scale_, constraints::positive);
}

Tensor HalfCauchy::mean() const {
  return full(batch_shape_, std::numeric_limits<double>::infinity(), scale_.dtype());
}
Tensor HalfCauchy::variance() const {
  return full(batch_shape_, std::numeric_limits<double>::infinity(), scale_.dtype());
}
Tensor HalfCauchy::entropy() const { return log(scale_ * (2.0 * detail::kPi)).expand(batch_shape_); }

// The noise tan(pi u / 2), u in [0, 1), is formed in float64, where pi rounds
// below its true value, so it stays finite and nonnegative (float32 pi / 2
// rounds above it, and tan would turn negative).
Tensor HalfCauchy::rsample_impl(Generator& gen, IntList sample_shape) const {
  Tensor u = rand(shape(sample_shape), gen, kFloat64);
  Tensor eps = tan((0.5 * detail::kPi) * u).to(scale_.dtype());
  return scale_ * eps;
}

Tensor HalfCauchy::log_prob_impl(const Tensor& value) const {
  // Twice the Cauchy(0, scale) density: two graph nodes.
  return cauchy_log_prob(value, zeros({}, scale_.dtype()), scale_) + M_LN2;
}

// atan(z) as atan2(z, 1): the tensor layer has no one-argument atan.
Tensor HalfCauchy::cdf_impl(const Tensor& value) const {
  Tensor z = value / scale_;
  return atan2(z, ones_like(z)) * (2.0 / detail::kPi);
}

Tensor HalfCauchy::icdf_impl(const Tensor& p) const { return scale_ * tan((0.5 * detail::kPi) * p); }

}  // namespace tyche::dist
