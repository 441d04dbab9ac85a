#include "tyche/distributions/student_t.h"

#include <cmath>  // INFINITY, NAN

#include "../param_util.h"

namespace tyche::dist {

namespace {
constexpr double kLgammaHalf = 0.57236494292470008707;  // lgamma(1/2) = log(pi) / 2
}  // namespace

StudentT::StudentT(Arg df, Arg loc, Arg scale)
    : Cloneable({}, {}), df_(df.tensor()), loc_(loc.tensor()), scale_(scale.tensor()) {
  batch_shape_ = detail::broadcast_params("StudentT", {&df_, &loc_, &scale_});
  validate_param("df", df_, constraints::positive);
  validate_param("loc", loc_, constraints::real);
  validate_param("scale", scale_, constraints::positive);
}

Tensor StudentT::mean() const { return where(df_ > 1.0, loc_, NAN).expand(batch_shape_); }
Tensor StudentT::variance() const {
  Tensor finite = scale_.pow(2) * df_ / (df_ - 2.0);
  return where(df_ > 2.0, finite, where(df_ > 1.0, INFINITY, NAN + zeros_like(finite))).expand(batch_shape_);
}
Tensor StudentT::entropy() const {
  const Tensor& v = df_;
  Tensor half = v * 0.5, half1 = (v + 1.0) * 0.5;
  Tensor lbeta = lgamma(half) + kLgammaHalf - lgamma(half1);
  return (log(scale_) + half1 * (digamma(half1) - digamma(half)) + 0.5 * log(v) + lbeta).expand(batch_shape_);
}

Tensor StudentT::rsample_impl(Generator& gen, IntList sample_shape) const {
  const Shape s = shape(sample_shape);
  Tensor eps = randn(s, gen, loc_.dtype());
  Tensor chi2 = gamma((df_ * 0.5).expand(s), gen) * 2.0;
  return loc_ + scale_ * eps * rsqrt(chi2 / df_);
}

Tensor StudentT::log_prob_impl(const Tensor& value) const {
  const Tensor& v = df_;
  Tensor z = (value - loc_) / scale_;
  return lgamma((v + 1.0) * 0.5) - lgamma(v * 0.5) - 0.5 * log(v * detail::kPi) - log(scale_) -
         (v + 1.0) * 0.5 * log1p(z * z / v);
}

}  // namespace tyche::dist
