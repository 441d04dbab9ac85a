// Copying shape ops: flip, repeat, tril, triu, diag_embed. flip and repeat are
// a strided view (negative or zero strides) materialised by clone().
#include <cstring>
#include "tyche/native.h"

#include "cpu/index_kernel.h"
#include "elementwise.h"
#include "parallel.h"

namespace tyche {

Tensor flip(const Tensor& x, IntList dims) {
  TYCHE_CHECK(x.defined(), "flip", "input tensor is undefined");
  std::vector<bool> seen(static_cast<size_t>(std::max<int64_t>(x.dim(), 1)), false);
  Tensor v = x;
  for (int64_t d : dims) {
    int64_t w = wrap_dim(d, x.dim(), "flip");
    TYCHE_CHECK(!seen[static_cast<size_t>(w)], "flip", "dim ", w, " appears multiple times in ", dims);
    seen[static_cast<size_t>(w)] = true;
    if (x.dim() > 0) v = v.slice(w, std::nullopt, std::nullopt, -1);
  }
  return v.clone();
}

Tensor repeat(const Tensor& x, IntList repeats) {
  TYCHE_CHECK(x.defined(), "repeat", "input tensor is undefined");
  int64_t nd = static_cast<int64_t>(repeats.size());
  TYCHE_CHECK(nd >= x.dim(), "repeat", "number of repeats ", repeats,
              " can not be smaller than the number of dims of the input of shape ", x.sizes());
  // Tiling = the expanded view [r0, s0, r1, s1, ...] of x (padded with leading
  // 1s) reshaped to [r0 * s0, ...]: views and a copy, so autograd needs nothing more.
  Shape paired, expanded, out_shape;
  for (int64_t i = 0; i < nd; ++i) {
    int64_t r = repeats[static_cast<size_t>(i)], j = i - (nd - x.dim());
    TYCHE_CHECK(r >= 0, "repeat", "repeats must be non-negative, got ", repeats);
    int64_t s = j < 0 ? 1 : x.size(j);
    TYCHE_CHECK(s == 0 || r <= INT64_MAX / s, "repeat", "repeats ", repeats, " overflow the size of ", x.sizes());
    paired.push_back(1);
    paired.push_back(s);
    expanded.push_back(r);
    expanded.push_back(s);
    out_shape.push_back(r * s);
  }
  return x.reshape(paired).expand(expanded).clone().view(out_shape);
}

namespace {
// Copies the batch of matrices x keeping columns j with j - i <= k (lower) or
// j - i >= k (upper) of each row i, zeroing the rest (all-zero bits are 0 in every dtype).
Tensor triangle(const Tensor& x, int64_t k, bool lower, const char* op) {
  TYCHE_CHECK(x.defined(), op, "input tensor is undefined");
  TYCHE_CHECK(x.dim() >= 2, op, "expects a tensor with >= 2 dims, got shape ", x.sizes());
  Tensor src = x.contiguous();
  Tensor out = detail::new_tensor(x.sizes(), x.dtype());
  const int64_t m = x.size(-2), n = x.size(-1), es = x.element_size();
  if (out.numel() == 0) return out;
  k = std::clamp(k, -m, n);  // beyond these every row is all kept or all zeroed; avoids overflow
  const char* s = static_cast<const char*>(src.data_ptr());
  char* o = static_cast<char*>(out.data_ptr());
  const int64_t rows = out.numel() / n;
  detail::parallel_for(0, rows, std::max<int64_t>(1, detail::kElementwiseGrain / n), [&](int64_t b, int64_t e) {
    for (int64_t r = b; r < e; ++r) {
      int64_t i = r % m;
      int64_t lo = lower ? 0 : std::clamp(i + k, int64_t{0}, n);
      int64_t hi = lower ? std::clamp(i + k + 1, int64_t{0}, n) : n;
      char* row = o + r * n * es;
      std::memset(row, 0, static_cast<size_t>(lo * es));
      std::memcpy(row + lo * es, s + (r * n + lo) * es, static_cast<size_t>((hi - lo) * es));
      std::memset(row + hi * es, 0, static_cast<size_t>((n - hi) * es));
    }
  });
  return out;
}
}  // namespace

Tensor native::tril(const Tensor& x, int64_t diagonal) { return triangle(x, diagonal, true, "tril"); }
Tensor native::triu(const Tensor& x, int64_t diagonal) { return triangle(x, diagonal, false, "triu"); }

Tensor native::diag_embed(const Tensor& x) {
  TYCHE_CHECK(x.defined(), "diag_embed", "input tensor is undefined");
  TYCHE_CHECK(x.dim() >= 1, "diag_embed", "expects a tensor with >= 1 dim, got a 0-dim tensor");
  Shape shape = x.impl()->sizes();
  shape.push_back(shape.back());
  Tensor out = zeros(shape, x.dtype());
  out.diagonal(0, -2, -1).copy_(x);
  return out;
}

}  // namespace tyche
