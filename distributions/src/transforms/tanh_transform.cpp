#include "tyche/distributions/transforms.h"
#include "transform_util.h"

namespace tyche::dist {

Tensor TanhTransform::forward(const Tensor& x) const { return tanh(x); }

// atanh(y) = (log1p(y) - log1p(-y)) / 2, with y clamped to [-1 + eps, 1 - eps].
Tensor TanhTransform::inverse(const Tensor& y) const {
  const double e = detail::finfo_eps(detail::float_dtype(y));
  Tensor c = clamp(y, -1.0 + e, 1.0 - e);
  return 0.5 * (log1p(c) - log1p(-c));
}

// log(1 - tanh(x)^2) = 2 (log 2 - x - softplus(-2x)), stable for large |x|.
Tensor TanhTransform::log_abs_det_jacobian(const Tensor& x, const Tensor&) const {
  constexpr double kLog2 = 0.69314718055994530942;
  return 2.0 * (kLog2 - x - softplus(-2.0 * x));
}
Constraint TanhTransform::domain() const { return constraints::real; }
Constraint TanhTransform::codomain() const { return constraints::interval(-1.0, 1.0); }

}  // namespace tyche::dist
