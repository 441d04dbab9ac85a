#include "tyche/distributions/transforms.h"

namespace tyche::dist {

Tensor SoftplusTransform::forward(const Tensor& x) const { return softplus(x); }
// x = log(exp(y) - 1) = y + log(1 - exp(-y)) = y + log(-expm1(-y)).
Tensor SoftplusTransform::inverse(const Tensor& y) const { return y + log(-expm1(-y)); }
// dy/dx = sigmoid(x): log|J| = log_sigmoid(x) = -softplus(-x).
Tensor SoftplusTransform::log_abs_det_jacobian(const Tensor& x, const Tensor&) const { return log_sigmoid(x); }
Constraint SoftplusTransform::domain() const { return constraints::real; }
Constraint SoftplusTransform::codomain() const { return constraints::positive; }

}  // namespace tyche::dist
