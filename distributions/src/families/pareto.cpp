#include "tyche/distributions/pareto.h"

#include <limits>

#include "../param_util.h"
#include "uniform_noise.h"

namespace tyche::dist {

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();
}  // namespace

Pareto::Pareto(Arg scale, Arg alpha) : Cloneable({}, {}), scale_(scale.tensor()), alpha_(alpha.tensor()) {
  batch_shape_ = detail::broadcast_params("Pareto", {&scale_, &alpha_});
  validate_param("scale", scale_, constraints::positive);
  validate_param("alpha", alpha_, constraints::positive);
}

// The moments where they are infinite use a placeholder alpha in the formula,
// so no division by zero reaches the gradient of the branch where() drops.
Tensor Pareto::mean() const {
  Tensor finite = alpha_ > 1.0;
  Tensor a = where(finite, alpha_, 2.0);
  return where(finite, a * scale_ / (a - 1.0), kInf).expand(batch_shape_);
}
Tensor Pareto::variance() const {
  Tensor finite = alpha_ > 2.0;
  Tensor a = where(finite, alpha_, 3.0);
  return where(finite, scale_.pow(2) * a / ((a - 1.0).pow(2) * (a - 2.0)), kInf).expand(batch_shape_);
}
Tensor Pareto::entropy() const {
  return (log(scale_ / alpha_) + reciprocal(alpha_) + 1.0).expand(batch_shape_);
}

Tensor Pareto::rsample_impl(Generator& gen, IntList sample_shape) const {
  Tensor e = detail::standard_exponential(shape(sample_shape), gen, scale_.dtype());
  return scale_ * exp(e / alpha_);
}

Tensor Pareto::log_prob_impl(const Tensor& value) const {
  return log(alpha_) + alpha_ * log(scale_) - (alpha_ + 1.0) * log(value);
}

Tensor Pareto::cdf_impl(const Tensor& value) const { return -expm1(alpha_ * (log(scale_) - log(value))); }

Tensor Pareto::icdf_impl(const Tensor& p) const { return scale_ * exp(-log1p(-p) / alpha_); }

}  // namespace tyche::dist
