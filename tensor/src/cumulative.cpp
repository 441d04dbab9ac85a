// cumsum / cumprod: an inclusive scan of the input (contiguous, as [outer,
// count, inner] around dim) with the sum / product op of the reductions.
// Integers and bools scan in int64 (wrapping on overflow), floats accumulate
// in double and are rounded per element, as PyTorch on the CPU.
#include "cpu/reduce_kernel.h"
#include "tyche/native.h"
#include "dispatch.h"
#include "reduce.h"

namespace tyche {

namespace detail {
namespace {

template <template <class> class Op>
Tensor scan(const Tensor& x, int64_t dim, const char* op) {
  TYCHE_CHECK(x.defined(), op, "input tensor is undefined");
  const int64_t d = wrap_dim(dim, x.dim(), op);
  const DType t = is_floating(x.dtype()) ? x.dtype() : kInt64;
  const Tensor in = x.dtype() == t ? x.contiguous() : x.to(t);  // to() yields a contiguous copy
  Tensor out = new_tensor(x.sizes(), t);
  int64_t outer = 1, inner = 1;
  for (int64_t i = 0; i < d; ++i) outer *= x.size(i);
  for (int64_t i = d + 1; i < x.dim(); ++i) inner *= x.size(i);
  const int64_t count = x.dim() == 0 ? 1 : x.size(d);
  dispatch_numeric(t, op, [&](auto tag) {
    using T = typename decltype(tag)::type;
    scan_columns(in.data_ptr<T>(), out.data_ptr<T>(), outer, count, inner, Op<T>{});
  });
  return out;
}

}  // namespace
}  // namespace detail

Tensor native::cumsum(const Tensor& x, int64_t dim) { return detail::scan<detail::SumOp>(x, dim, "cumsum"); }
Tensor native::cumprod(const Tensor& x, int64_t dim) { return detail::scan<detail::ProdOp>(x, dim, "cumprod"); }

}  // namespace tyche
