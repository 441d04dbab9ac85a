#include "tyche/distributions/logistic.h"

#include <cmath>

#include "../param_util.h"
#include "uniform_noise.h"

namespace tyche::dist {

Logistic::Logistic(Arg loc, Arg scale) : Cloneable({}, {}), loc_(loc.tensor()), scale_(scale.tensor()) {
  batch_shape_ = detail::broadcast_params("Logistic", {&loc_, &scale_});
  validate_param("loc", loc_, constraints::real);
  validate_param("scale", scale_, constraints::positive);
}

Tensor Logistic::mean() const { return loc_.expand(batch_shape_); }
Tensor Logistic::variance() const {
  return (scale_.pow(2) * (detail::kPi * detail::kPi / 3.0)).expand(batch_shape_);
}
Tensor Logistic::entropy() const { return (log(scale_) + 2.0).expand(batch_shape_); }

Tensor Logistic::rsample_impl(Generator& gen, IntList sample_shape) const {
  Tensor u = detail::open_uniform(shape(sample_shape), gen, loc_.dtype());
  return loc_ + scale_ * (log(u) - log1p(-u));
}

Tensor Logistic::log_prob_impl(const Tensor& value) const {
  Tensor z = (value - loc_) / scale_;
  return -z - 2.0 * softplus(-z) - log(scale_);
}

Tensor Logistic::cdf_impl(const Tensor& value) const { return sigmoid((value - loc_) / scale_); }

Tensor Logistic::icdf_impl(const Tensor& p) const { return loc_ + scale_ * (log(p) - log1p(-p)); }

}  // namespace tyche::dist
