#include "tyche/distributions/transforms.h"

namespace tyche::dist {

Tensor ExpTransform::forward(const Tensor& x) const { return exp(x); }
Tensor ExpTransform::inverse(const Tensor& y) const { return log(y); }
Tensor ExpTransform::log_abs_det_jacobian(const Tensor& x, const Tensor&) const {
  return is_floating(x.dtype()) ? x : x.to(default_dtype());
}
Constraint ExpTransform::domain() const { return constraints::real; }
Constraint ExpTransform::codomain() const { return constraints::positive; }

}  // namespace tyche::dist
