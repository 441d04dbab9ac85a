#include "tyche/distributions/laplace.h"

#include <cmath>

#include "../param_util.h"
#include "uniform_noise.h"

namespace tyche::dist {

Laplace::Laplace(Arg loc, Arg scale) : Cloneable({}, {}), loc_(loc.tensor()), scale_(scale.tensor()) {
  batch_shape_ = detail::broadcast_params("Laplace", {&loc_, &scale_});
  validate_param("loc", loc_, constraints::real);
  validate_param("scale", scale_, constraints::positive);
}

Tensor Laplace::mean() const { return loc_.expand(batch_shape_); }
Tensor Laplace::variance() const { return (2.0 * scale_.pow(2)).expand(batch_shape_); }
Tensor Laplace::entropy() const { return (log(2.0 * scale_) + 1.0).expand(batch_shape_); }

// The standard Laplace icdf of an open uniform, one branch per half so that
// neither log sees 0 (2u - 1 would round to -1 for tiny u).
Tensor Laplace::rsample_impl(Generator& gen, IntList sample_shape) const {
  Tensor u = detail::open_uniform(shape(sample_shape), gen, loc_.dtype());
  Tensor eps = where(u < 0.5, log(2.0 * u), -log(2.0 * (1.0 - u)));
  return loc_ + scale_ * eps;
}

Tensor Laplace::log_prob_impl(const Tensor& value) const {
  return -abs(value - loc_) / scale_ - log(2.0 * scale_);
}

Tensor Laplace::cdf_impl(const Tensor& value) const {
  Tensor z = (value - loc_) / scale_;
  return 0.5 - 0.5 * sign(z) * expm1(-abs(z));
}

Tensor Laplace::icdf_impl(const Tensor& p) const {
  Tensor t = p - 0.5;
  return loc_ - scale_ * sign(t) * log1p(-2.0 * abs(t));
}

}  // namespace tyche::dist
