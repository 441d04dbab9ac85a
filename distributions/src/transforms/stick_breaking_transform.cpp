#include <cmath>
#include <vector>

#include "tyche/distributions/transforms.h"
#include "transform_util.h"

// x in R^D (D = k - 1) -> y on the k-simplex. With t_i = x_i - log(D - i)
// (i = 0..D-1) and z_i = sigmoid(t_i), the stick of remaining length
// prod_{j<i} (1 - z_j) is broken at the fraction z_i:
//   y_i = z_i prod_{j<i} (1 - z_j) (i < D),   y_D = prod_{j<D} (1 - z_j).
// The offset log(D - i) makes x = 0 the uniform point (z_i = 1 / (k - i)).
// Everything is computed in log space (log z = log_sigmoid(t),
// log(1 - z) = log_sigmoid(-t)), so tiny y entries keep full precision.
namespace tyche::dist {

namespace {

constexpr const char* kName = "StickBreakingTransform";

// log(D - i) for i = 0..D-1, in dtype d.
Tensor log_offset(int64_t D, DType d) {
  std::vector<double> v(static_cast<size_t>(D));
  for (int64_t i = 0; i < D; ++i) v[static_cast<size_t>(i)] = std::log(static_cast<double>(D - i));
  return tensor(v, {D}).to(d);
}

struct Parts {
  Tensor log_z, log_1mz;  // [..., D]
};

Parts parts(const Tensor& x) {
  TYCHE_CHECK(x.dim() >= 1, kName, "expected a vector input [..., k-1], got shape ", x.sizes());
  const DType d = detail::float_dtype(x);
  Tensor t = x.to(d) - log_offset(x.size(-1), d);
  return {log_sigmoid(t), log_sigmoid(-t)};
}

// Exclusive cumulative sum along the last dim, one longer: [0, c_0, c_0 + c_1, ...].
Tensor exclusive_cumsum(const Tensor& v) {
  Tensor zero = zeros(detail::replace_last(v.sizes(), {1}), v.dtype());
  return cat({zero, cumsum(v, -1)}, -1);
}

}  // namespace

Tensor StickBreakingTransform::forward(const Tensor& x) const {
  Parts p = parts(x);
  Tensor zero = zeros(detail::replace_last(x.sizes(), {1}), p.log_z.dtype());
  // log y_i = log z_i + sum_{j<i} log(1 - z_j), with log z_D = 0.
  return exp(cat({p.log_z, zero}, -1) + exclusive_cumsum(p.log_1mz));
}

// z_i = y_i / (y_i + ... + y_D), so t_i = logit(z_i) = log y_i - log(y_{i+1} + ... + y_D);
// the tail sums are accumulated from the small end (exact for tiny entries).
Tensor StickBreakingTransform::inverse(const Tensor& y) const {
  TYCHE_CHECK(y.dim() >= 1 && y.size(-1) >= 1, kName, "expected a simplex input [..., k], got shape ",
              y.sizes());
  const int64_t k = y.size(-1);
  const DType d = detail::float_dtype(y);
  const double tiny = detail::finfo_tiny(d);
  Tensor yf = y.to(d);
  Tensor head = yf.narrow(-1, 0, k - 1);
  Tensor tail = flip(cumsum(flip(yf.narrow(-1, 1, k - 1), {-1}), -1), {-1});
  return log(clamp(head, tiny)) - log(clamp(tail, tiny)) + log_offset(k - 1, d);
}

// dy_i/dx_i = y_i (1 - z_i) and y_i depends on x_j for j <= i only, so over
// (y_0..y_{D-1}): log|J| = sum_i [log y_i + log(1 - z_i)].
Tensor StickBreakingTransform::log_abs_det_jacobian(const Tensor& x, const Tensor&) const {
  Parts p = parts(x);
  const int64_t D = x.size(-1);
  Tensor log_y = p.log_z + exclusive_cumsum(p.log_1mz).narrow(-1, 0, D);
  return sum(log_y + p.log_1mz, {-1});
}

Constraint StickBreakingTransform::domain() const { return constraints::real_vector; }
Constraint StickBreakingTransform::codomain() const { return constraints::simplex; }

Shape StickBreakingTransform::forward_shape(IntList s) const {
  TYCHE_CHECK(!s.empty(), kName, "forward_shape: expected at least one dim");
  Shape r = s.shape();
  r.back() += 1;
  return r;
}

Shape StickBreakingTransform::inverse_shape(IntList s) const {
  TYCHE_CHECK(!s.empty() && s[s.size() - 1] >= 1, kName, "inverse_shape: expected [..., k] with k >= 1, got ",
              s);
  Shape r = s.shape();
  r.back() -= 1;
  return r;
}

}  // namespace tyche::dist
