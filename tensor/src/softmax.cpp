// softmax / log_softmax, shifted by the max along dim so large inputs don't
// overflow. Floating inputs only, as PyTorch.
#include <cmath>
#include "tyche/native.h"
#include <limits>

#include "cpu/reduce_kernel.h"
#include "dispatch.h"
#include "reduce.h"

namespace tyche {

namespace detail {
namespace {

// One contiguous row: y = x - max, then exp and normalise (or subtract log-sum-exp).
template <bool Log, class T>
void softmax_row(const T* in, T* o, int64_t n) {
  ConstArrayMap<T> a(in, n);
  ArrayMap<T> y(o, n);
  T m = a.template maxCoeff<Eigen::PropagateNaN>();  // a NaN max makes the row NaN, as PyTorch
  y = a - m;
  if constexpr (Log) {
    y -= std::log(y.exp().sum());
  } else {
    y = y.exp();
    // Eigen's vectorised exp maps -inf to a tiny subnormal, not 0; masked
    // (-inf) entries must get probability exactly 0.
    for (int64_t i = 0; i < n; ++i)
      if (in[i] - m == -std::numeric_limits<T>::infinity()) o[i] = 0;
    y /= y.sum();
  }
}

template <bool Log>
Tensor softmax_impl(const Tensor& x, int64_t dim, const char* op) {
  TYCHE_CHECK(x.defined(), op, "input tensor is undefined");
  const int64_t d = wrap_dim(dim, x.dim(), op);
  check_floating(x, op);
  if (x.numel() == 0) return new_tensor(x.sizes(), x.dtype());
  const bool last = x.dim() == 0 || d == x.dim() - 1;
  if (!(last && x.is_contiguous())) {
    // Rows would need a (transposing) copy: compose from reductions and
    // elementwise ops, which read any layout in place.
    Tensor z = x - amax(x, {d}, /*keepdim=*/true);
    if constexpr (Log) return z - log(sum(exp(z), {d}, /*keepdim=*/true));
    Tensor e = exp(z);
    return e / sum(e, {d}, /*keepdim=*/true);
  }
  Tensor out = new_tensor(x.sizes(), x.dtype());
  const int64_t n = x.dim() == 0 ? 1 : x.size(d);
  dispatch_floating(x.dtype(), op, [&](auto tag) {
    using T = typename decltype(tag)::type;
    transform_rows(x.data_ptr<T>(), out.data_ptr<T>(), x.numel() / n, n, softmax_row<Log, T>);
  });
  return out;
}

}  // namespace
}  // namespace detail

Tensor native::softmax(const Tensor& x, int64_t dim) { return detail::softmax_impl<false>(x, dim, "softmax"); }
Tensor native::log_softmax(const Tensor& x, int64_t dim) { return detail::softmax_impl<true>(x, dim, "log_softmax"); }

}  // namespace tyche
