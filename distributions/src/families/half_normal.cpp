#include "tyche/distributions/half_normal.h"

#include <cmath>

#include "../param_util.h"

namespace tyche::dist {

namespace {
constexpr double kSqrt2OverPi = 0.79788456080286535588;      // sqrt(2 / pi)
constexpr double kHalfLog2OverPi = -0.22579135264472743236;  // log(2 / pi) / 2
}  // namespace

HalfNormal::HalfNormal(Arg scale) : Cloneable({}, {}), scale_(scale.tensor()) {
  batch_shape_ = detail::broadcast_params("HalfNormal", {&scale_});
  validate_param("scale", scale_, constraints::positive);
}

Tensor HalfNormal::mean() const { return (scale_ * kSqrt2OverPi).expand(batch_shape_); }
Tensor HalfNormal::variance() const { return (scale_.pow(2) * (1.0 - 2.0 / detail::kPi)).expand(batch_shape_); }
Tensor HalfNormal::entropy() const {
  return (log(scale_) + (0.5 - kHalfLog2OverPi)).expand(batch_shape_);
}

Tensor HalfNormal::rsample_impl(Generator& gen, IntList sample_shape) const {
  Tensor eps = randn(shape(sample_shape), gen, scale_.dtype());
  return abs(eps) * scale_;
}

Tensor HalfNormal::log_prob_impl(const Tensor& value) const {
  // Twice the Normal(0, scale) density: two graph nodes.
  return normal_log_prob(value, zeros({}, scale_.dtype()), scale_) + M_LN2;
}

Tensor HalfNormal::cdf_impl(const Tensor& value) const { return erf(value / (scale_ * M_SQRT2)); }

Tensor HalfNormal::icdf_impl(const Tensor& p) const { return scale_ * M_SQRT2 * erfinv(p); }

}  // namespace tyche::dist
