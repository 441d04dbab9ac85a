#include <vector>

#include "tyche/distributions/transforms.h"
#include "transform_util.h"

// x [..., n(n+1)/2] fills the lower triangle of L [..., n, n] row by row:
// x = (L00, L10, L11, L20, L21, L22, ...), with L_ii = exp(x at (i, i)).
namespace tyche::dist {

namespace detail {

std::vector<int64_t> tril_diag_slots(int64_t n) {
  std::vector<int64_t> v;
  for (int64_t i = 0; i < n; ++i) v.push_back(i * (i + 1) / 2 + i);
  return v;
}

namespace {

// The off-diagonal slots of the length-m vector (in order), and for every
// slot its index in [off-diagonal values..., diagonal values...].
struct DiagSplit {
  std::vector<int64_t> off, perm;
};

DiagSplit diag_split(int64_t n) {
  const int64_t m = n * (n + 1) / 2;
  DiagSplit r;
  r.perm.resize(static_cast<size_t>(m));
  for (int64_t i = 0, s = 0; i < n; ++i)
    for (int64_t j = 0; j <= i; ++j, ++s) {
      if (j == i) {
        r.perm[static_cast<size_t>(s)] = m - n + i;
      } else {
        r.perm[static_cast<size_t>(s)] = static_cast<int64_t>(r.off.size());
        r.off.push_back(s);
      }
    }
  return r;
}

}  // namespace

Tensor lower_cholesky_forward(const Tensor& x, const char* who) {
  TYCHE_CHECK(x.dim() >= 1, who, "expected a vector input [..., n(n+1)/2], got shape ", x.sizes());
  const int64_t n = triangle_side(x.size(-1), true, who);
  Tensor xf = x.to(float_dtype(x));
  // exp of the diagonal slots only (an off-diagonal exp could overflow and
  // poison gradients), then the vector reassembled in slot order.
  DiagSplit sp = diag_split(n);
  Tensor dg = exp(index_select(xf, -1, index_tensor(tril_diag_slots(n))));
  Tensor od = index_select(xf, -1, index_tensor(sp.off));
  Tensor vec = index_select(cat({od, dg}, -1), -1, index_tensor(sp.perm));
  return vec_to_tril(vec, n, true);
}

Tensor lower_cholesky_inverse(const Tensor& y, const char* who) {
  const int64_t n = square_side(y.sizes(), who);
  Tensor yf = y.to(float_dtype(y));
  DiagSplit sp = diag_split(n);
  Tensor od = index_select(tril_to_vec(yf, true), -1, index_tensor(sp.off));
  Tensor dg = log(yf.diagonal(0, -2, -1));
  return index_select(cat({od, dg}, -1), -1, index_tensor(sp.perm));
}

Tensor lower_cholesky_log_diag(const Tensor& x, const char* who) {
  TYCHE_CHECK(x.dim() >= 1, who, "expected a vector input [..., n(n+1)/2], got shape ", x.sizes());
  const int64_t n = triangle_side(x.size(-1), true, who);
  return index_select(x.to(float_dtype(x)), -1, index_tensor(tril_diag_slots(n)));
}

Shape tril_forward_shape(IntList s, bool diag, const char* who) {
  TYCHE_CHECK(!s.empty(), who, "forward_shape: expected at least one dim");
  const int64_t n = triangle_side(s[s.size() - 1], diag, who);
  return replace_last(s, {n, n});
}

Shape tril_inverse_shape(IntList s, bool diag, const char* who) {
  const int64_t n = square_side(s, who);
  return replace_last(s, {diag ? n * (n + 1) / 2 : n * (n - 1) / 2}, 2);
}

}  // namespace detail

namespace {
constexpr const char* kName = "LowerCholeskyTransform";
}

Tensor LowerCholeskyTransform::forward(const Tensor& x) const { return detail::lower_cholesky_forward(x, kName); }
Tensor LowerCholeskyTransform::inverse(const Tensor& y) const { return detail::lower_cholesky_inverse(y, kName); }
Tensor LowerCholeskyTransform::log_abs_det_jacobian(const Tensor& x, const Tensor&) const {
  return sum(detail::lower_cholesky_log_diag(x, kName), {-1});
}
Constraint LowerCholeskyTransform::domain() const { return constraints::real_vector; }
Constraint LowerCholeskyTransform::codomain() const { return constraints::lower_cholesky; }
Shape LowerCholeskyTransform::forward_shape(IntList s) const { return detail::tril_forward_shape(s, true, kName); }
Shape LowerCholeskyTransform::inverse_shape(IntList s) const { return detail::tril_inverse_shape(s, true, kName); }

}  // namespace tyche::dist
