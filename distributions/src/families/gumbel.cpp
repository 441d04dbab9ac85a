#include "tyche/distributions/gumbel.h"

#include <cmath>

#include "../param_util.h"
#include "uniform_noise.h"

namespace tyche::dist {

Gumbel::Gumbel(Arg loc, Arg scale) : Cloneable({}, {}), loc_(loc.tensor()), scale_(scale.tensor()) {
  batch_shape_ = detail::broadcast_params("Gumbel", {&loc_, &scale_});
  validate_param("loc", loc_, constraints::real);
  validate_param("scale", scale_, constraints::positive);
}

Tensor Gumbel::mean() const { return (loc_ + scale_ * detail::kEulerGamma).expand(batch_shape_); }
Tensor Gumbel::variance() const {
  return (scale_.pow(2) * (detail::kPi * detail::kPi / 6.0)).expand(batch_shape_);
}
Tensor Gumbel::entropy() const { return (log(scale_) + (1.0 + detail::kEulerGamma)).expand(batch_shape_); }

Tensor Gumbel::rsample_impl(Generator& gen, IntList sample_shape) const {
  Tensor u = detail::open_uniform(shape(sample_shape), gen, loc_.dtype());
  return loc_ - scale_ * log(-log(u));
}

Tensor Gumbel::log_prob_impl(const Tensor& value) const {
  Tensor z = (value - loc_) / scale_;
  return -(z + exp(-z)) - log(scale_);
}

Tensor Gumbel::cdf_impl(const Tensor& value) const { return exp(-exp(-(value - loc_) / scale_)); }

Tensor Gumbel::icdf_impl(const Tensor& p) const { return loc_ - scale_ * log(-log(p)); }

}  // namespace tyche::dist
