#include <cmath>
#include <vector>

#include "tyche/distributions/transforms.h"
#include "transform_util.h"

// x [..., n(n+1)/2] -> L = LowerCholeskyTransform(x) -> y = L L^T.
// log|J| w.r.t. the lower-triangle entries of y: for L -> L L^T it is
// n log 2 + sum_i (n - i) log L_ii (0-based i), and the LowerCholesky part adds
// sum_i log L_ii; with log L_ii = x at (i, i):
//   log|J| = n log 2 + sum_i (n + 1 - i) x_(i,i).
namespace tyche::dist {

namespace {
constexpr const char* kName = "PositiveDefiniteTransform";
}

Tensor PositiveDefiniteTransform::forward(const Tensor& x) const {
  Tensor l = detail::lower_cholesky_forward(x, kName);
  return matmul(l, l.mT());
}

Tensor PositiveDefiniteTransform::inverse(const Tensor& y) const {
  detail::square_side(y.sizes(), kName);
  return detail::lower_cholesky_inverse(cholesky(y.to(detail::float_dtype(y))), kName);
}

Tensor PositiveDefiniteTransform::log_abs_det_jacobian(const Tensor& x, const Tensor&) const {
  Tensor ld = detail::lower_cholesky_log_diag(x, kName);
  const int64_t n = ld.size(-1);
  std::vector<double> w;
  for (int64_t i = 0; i < n; ++i) w.push_back(static_cast<double>(n + 1 - i));
  Tensor weights = tensor(w, {n}).to(ld.dtype());
  return sum(ld * weights, {-1}) + static_cast<double>(n) * std::log(2.0);
}

Constraint PositiveDefiniteTransform::domain() const { return constraints::real_vector; }
Constraint PositiveDefiniteTransform::codomain() const { return constraints::positive_definite; }
Shape PositiveDefiniteTransform::forward_shape(IntList s) const { return detail::tril_forward_shape(s, true, kName); }
Shape PositiveDefiniteTransform::inverse_shape(IntList s) const { return detail::tril_inverse_shape(s, true, kName); }

}  // namespace tyche::dist
