#include "tyche/distributions/cauchy.h"

#include <cmath>
#include <limits>

#include "../param_util.h"
#include "uniform_noise.h"

namespace tyche::dist {

Cauchy::Cauchy(Arg loc, Arg scale) : Cloneable({}, {}), loc_(loc.tensor()), scale_(scale.tensor()) {
  batch_shape_ = detail::broadcast_params("Cauchy", {&loc_, &scale_});
  validate_param("loc", loc_, constraints::real);
  validate_param("scale", scale_, constraints::positive);
}

Tensor Cauchy::mean() const {
  return full(batch_shape_, std::numeric_limits<double>::quiet_NaN(), loc_.dtype());
}
Tensor Cauchy::variance() const {
  return full(batch_shape_, std::numeric_limits<double>::infinity(), loc_.dtype());
}
Tensor Cauchy::entropy() const { return log(scale_ * (4.0 * detail::kPi)).expand(batch_shape_); }

// The noise tan(pi (u - 1/2)) is formed in float64, where pi rounds below its
// true value, so u in (0, 1) never lands past +-pi/2 (a sign flip in float32).
Tensor Cauchy::rsample_impl(Generator& gen, IntList sample_shape) const {
  Tensor u = detail::open_uniform(shape(sample_shape), gen, kFloat64);
  Tensor eps = tan(detail::kPi * (u - 0.5)).to(loc_.dtype());
  return loc_ + scale_ * eps;
}

Tensor Cauchy::log_prob_impl(const Tensor& value) const {
  return cauchy_log_prob(value, loc_, scale_);  // one graph node
}

// atan(z) as atan2(z, 1): the tensor layer has no one-argument atan.
Tensor Cauchy::cdf_impl(const Tensor& value) const {
  Tensor z = (value - loc_) / scale_;
  return 0.5 + atan2(z, ones_like(z)) / detail::kPi;
}

Tensor Cauchy::icdf_impl(const Tensor& p) const { return loc_ + scale_ * tan(detail::kPi * (p - 0.5)); }

}  // namespace tyche::dist
