#include <vector>

#include "tyche/distributions/transforms.h"
#include "transform_util.h"

// x [..., n(n-1)/2] fills the strictly lower triangle row by row:
// x = (x10, x20, x21, x30, x31, x32, ...). Each r_ij = tanh(x_ij) is a partial
// correlation in (-1, 1); row i of the factor is built by stick breaking on
// the squared norm (LKJ, Stan's "Cholesky factors of correlation matrices"):
//   y_ij = r_ij s_ij (j < i),  y_ii = s_ii,  s_ij = prod_{l<j} sqrt(1 - r_il^2),
// so every row has unit norm and a positive diagonal.
// With a_il = log sqrt(1 - r_il^2) = log 2 - x_il - softplus(-2 x_il) (stable
// for large |x|), s_ij = exp(sum_{l<j} a_il).
// log|J| over the strictly lower entries: y_ij depends on x_il for l <= j
// only, with dy_ij/dx_ij = s_ij (1 - r_ij^2), so
//   log|J| = sum_{j<i} [sum_{l<j} a_il + 2 a_ij] = sum_{l<i} (i + 1 - l) a_il.
namespace tyche::dist {

namespace {

constexpr const char* kName = "CorrCholeskyTransform";
constexpr double kLog2 = 0.69314718055994530942;

// log sqrt(1 - tanh(x)^2).
Tensor half_log_sech2(const Tensor& x) { return kLog2 - x - softplus(-2.0 * x); }

// asinh(u) = log(u + sqrt(u^2 + 1)), written as log1p(u + u^2 / (1 + sqrt(u^2 + 1)))
// for u >= 0 (no cancellation for small u) and odd: each branch only sees
// its own sign's values, so gradients are exact at 0 too.
Tensor asinh_stable(const Tensor& u) {
  auto pos = [](const Tensor& v) { return log1p(v + v * v / (1.0 + sqrt(v * v + 1.0))); };
  Tensor nonneg = u >= 0.0;
  Tensor up = where(nonneg, u, 0.0), un = where(nonneg, 0.0, -u);
  return where(nonneg, pos(up), -pos(un));
}

}  // namespace

Tensor CorrCholeskyTransform::forward(const Tensor& x) const {
  TYCHE_CHECK(x.dim() >= 1, kName, "expected a vector input [..., n(n-1)/2], got shape ", x.sizes());
  const int64_t n = detail::triangle_side(x.size(-1), false, kName);
  const DType d = detail::float_dtype(x);
  Tensor xf = x.to(d);
  Tensor r = detail::vec_to_tril(tanh(xf), n, false) + eye(n, std::nullopt, d);
  // Row-wise exclusive cumulative sums of a: log s_ij.
  Tensor a = detail::vec_to_tril(half_log_sech2(xf), n, false);
  Tensor zero = zeros(detail::replace_last(a.sizes(), {1}), d);
  Tensor log_s = cat({zero, cumsum(a, -1).narrow(-1, 0, n - 1)}, -1);
  return r * exp(log_s);
}

// From y: 1 - r_ij^2 = rest_ij / (y_ij^2 + rest_ij) with rest_ij = sum_{l>j} y_il^2
// (the row's tail, summed from the small end), so
//   x_ij = atanh(r_ij) = asinh(y_ij / sqrt(rest_ij)),
// exact even where r_ij rounds to +-1 (no clamping needed).
Tensor CorrCholeskyTransform::inverse(const Tensor& y) const {
  const int64_t n = detail::square_side(y.sizes(), kName);
  Tensor yf = y.to(detail::float_dtype(y));
  Tensor y2 = yf * yf;
  Tensor tail = flip(cumsum(flip(y2, {-1}), -1), {-1});  // sum_{l>=j}
  Tensor zero = zeros(detail::replace_last(y2.sizes(), {1}), y2.dtype());
  Tensor rest = cat({tail.narrow(-1, 1, n - 1), zero}, -1);  // sum_{l>j}
  Tensor u = detail::tril_to_vec(yf, false) / sqrt(detail::tril_to_vec(rest, false));
  return asinh_stable(u);
}

Tensor CorrCholeskyTransform::log_abs_det_jacobian(const Tensor& x, const Tensor&) const {
  TYCHE_CHECK(x.dim() >= 1, kName, "expected a vector input [..., n(n-1)/2], got shape ", x.sizes());
  const int64_t n = detail::triangle_side(x.size(-1), false, kName);
  const DType d = detail::float_dtype(x);
  std::vector<double> w;
  for (int64_t i = 0; i < n; ++i)
    for (int64_t l = 0; l < i; ++l) w.push_back(static_cast<double>(i + 1 - l));
  Tensor weights = tensor(w, {static_cast<int64_t>(w.size())}).to(d);
  return sum(half_log_sech2(x.to(d)) * weights, {-1});
}

Constraint CorrCholeskyTransform::domain() const { return constraints::real_vector; }
Constraint CorrCholeskyTransform::codomain() const { return constraints::corr_cholesky; }
Shape CorrCholeskyTransform::forward_shape(IntList s) const { return detail::tril_forward_shape(s, false, kName); }
Shape CorrCholeskyTransform::inverse_shape(IntList s) const { return detail::tril_inverse_shape(s, false, kName); }

}  // namespace tyche::dist
