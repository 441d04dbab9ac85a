#include "tyche/distributions/transforms.h"
#include "transform_util.h"

#include <algorithm>

namespace tyche::dist {

Tensor IdentityTransform::forward(const Tensor& x) const { return x; }
Tensor IdentityTransform::inverse(const Tensor& y) const { return y; }
Tensor IdentityTransform::log_abs_det_jacobian(const Tensor& x, const Tensor&) const {
  Shape s(x.sizes().begin(), x.sizes().end() - std::min<int64_t>(event_dim_, x.dim()));
  return zeros(s, detail::float_dtype(x));
}
Constraint IdentityTransform::domain() const { return detail::independent_of(constraints::real, event_dim_); }
Constraint IdentityTransform::codomain() const { return domain(); }

}  // namespace tyche::dist
