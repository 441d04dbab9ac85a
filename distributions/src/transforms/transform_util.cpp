#include "transform_util.h"

#include <cmath>

namespace tyche::dist::detail {

DType float_dtype(const Tensor& x) { return is_floating(x.dtype()) ? x.dtype() : default_dtype(); }

Constraint independent_of(const Constraint& c, int n) {
  return n > 0 ? constraints::independent(c, n) : c;
}

int64_t triangle_side(int64_t m, bool diag, const char* who) {
  // n (n + 1) / 2 = m  <=>  n = (sqrt(8m + 1) - 1) / 2;  n (n - 1) / 2 = m  <=>  n = (sqrt(8m + 1) + 1) / 2.
  const double r = std::sqrt(8.0 * static_cast<double>(m) + 1.0);
  const int64_t n = std::llround(diag ? (r - 1.0) / 2.0 : (r + 1.0) / 2.0);
  const bool ok = m >= 0 && n >= 1 && (diag ? n * (n + 1) / 2 : n * (n - 1) / 2) == m;
  TYCHE_CHECK(ok, who, "vector length ", m, " is not ", diag ? "n(n+1)/2" : "n(n-1)/2", " for any n >= 1");
  return n;
}

Shape replace_last(IntList sizes, IntList last, int64_t drop) {
  TYCHE_CHECK(drop >= 0 && static_cast<size_t>(drop) <= sizes.size(), "transform",
              "shape ", sizes, " has fewer than ", drop, " dims");
  Shape s(sizes.begin(), sizes.end() - drop);
  for (int64_t v : last) s.push_back(v);
  return s;
}

Tensor index_tensor(const std::vector<int64_t>& v) {
  return tensor(v, {static_cast<int64_t>(v.size())});
}

std::vector<int64_t> tril_positions(int64_t n, bool diag) {
  std::vector<int64_t> p;
  for (int64_t i = 0; i < n; ++i)
    for (int64_t j = 0; j < (diag ? i + 1 : i); ++j) p.push_back(i * n + j);
  return p;
}

Tensor vec_to_tril(const Tensor& v, int64_t n, bool diag) {
  const int64_t m = v.size(-1);
  // Gather from [v, 0]: entry (i, j) reads its vector slot, or the trailing 0.
  std::vector<int64_t> map(static_cast<size_t>(n * n), m);
  const std::vector<int64_t> pos = tril_positions(n, diag);
  for (size_t k = 0; k < pos.size(); ++k) map[static_cast<size_t>(pos[k])] = static_cast<int64_t>(k);
  Tensor padded = cat({v, zeros(replace_last(v.sizes(), {1}), v.dtype())}, -1);
  return index_select(padded, -1, index_tensor(map)).reshape(replace_last(v.sizes(), {n, n}));
}

Tensor tril_to_vec(const Tensor& y, bool diag) {
  const int64_t n = y.size(-1);
  Tensor flat = y.reshape(replace_last(y.sizes(), {n * n}, 2));
  return index_select(flat, -1, index_tensor(tril_positions(n, diag)));
}

int64_t square_side(IntList s, const char* who) {
  TYCHE_CHECK(s.size() >= 2 && s[s.size() - 1] == s[s.size() - 2], who,
              "expected square matrices [..., n, n], got shape ", s);
  return s[s.size() - 1];
}

}  // namespace tyche::dist::detail
