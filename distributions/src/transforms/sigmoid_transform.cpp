#include "tyche/distributions/transforms.h"
#include "transform_util.h"

namespace tyche::dist {

// Kept inside [tiny, 1 - eps] (as torch), so y is never exactly 0 or 1 and
// the inverse and log densities at y stay finite.
Tensor SigmoidTransform::forward(const Tensor& x) const {
  const DType d = detail::float_dtype(x);
  return clamp(sigmoid(x), detail::finfo_tiny(d), 1.0 - detail::finfo_eps(d));
}

// logit(y) = log(y) - log1p(-y), with y clamped to [tiny, 1 - eps].
Tensor SigmoidTransform::inverse(const Tensor& y) const {
  const DType d = detail::float_dtype(y);
  Tensor c = clamp(y, detail::finfo_tiny(d), 1.0 - detail::finfo_eps(d));
  return log(c) - log1p(-c);
}

Tensor SigmoidTransform::log_abs_det_jacobian(const Tensor& x, const Tensor&) const {
  return -softplus(-x) - softplus(x);
}
Constraint SigmoidTransform::domain() const { return constraints::real; }
Constraint SigmoidTransform::codomain() const { return constraints::unit_interval; }

}  // namespace tyche::dist
