#include "tyche/distributions/beta.h"

#include "../param_util.h"
#include "log_standard_gamma.h"
#include "xlogy.h"

namespace tyche::dist {

namespace {
// log B(a, b)
Tensor lbeta(const Tensor& a, const Tensor& b) { return lgamma(a) + lgamma(b) - lgamma(a + b); }
}  // namespace

Beta::Beta(Arg concentration1, Arg concentration0)
    : Cloneable({}, {}), concentration1_(concentration1.tensor()), concentration0_(concentration0.tensor()) {
  batch_shape_ = detail::broadcast_params("Beta", {&concentration1_, &concentration0_});
  validate_param("concentration1", concentration1_, constraints::positive);
  validate_param("concentration0", concentration0_, constraints::positive);
}

Tensor Beta::mean() const {
  return (concentration1_ / (concentration1_ + concentration0_)).expand(batch_shape_);
}
Tensor Beta::variance() const {
  const Tensor &a = concentration1_, &b = concentration0_;
  Tensor s = a + b;
  return (a * b / (s.pow(2) * (s + 1.0))).expand(batch_shape_);
}
Tensor Beta::entropy() const {
  const Tensor &a = concentration1_, &b = concentration0_;
  return (lbeta(a, b) - (a - 1.0) * digamma(a) - (b - 1.0) * digamma(b) + (a + b - 2.0) * digamma(a + b))
      .expand(batch_shape_);
}

Tensor Beta::rsample_impl(Generator& gen, IntList sample_shape) const {
  const Shape s = shape(sample_shape);
  Tensor log_x = detail::log_standard_gamma(concentration1_.expand(s), gen);
  Tensor log_y = detail::log_standard_gamma(concentration0_.expand(s), gen);
  const DType t = log_x.dtype();
  return clamp(sigmoid(log_x - log_y), detail::finfo_tiny(t), detail::below_one_of(t));
}

Tensor Beta::log_prob_impl(const Tensor& value) const {
  const Tensor &a = concentration1_, &b = concentration0_;
  return detail::xlogy(a - 1.0, value) + detail::xlog1py(b - 1.0, -value) - lbeta(a, b);
}

}  // namespace tyche::dist
