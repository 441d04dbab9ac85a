// cumsum / cumprod: a row transform over the scanned dim moved last (reduce.h).
// Integers and bools scan in int64 (wrapping on overflow), floats accumulate
// in double and are rounded per element, as PyTorch on the CPU.
#include "cpu/reduce_kernel.h"
#include "dispatch.h"
#include "reduce.h"

namespace tyche {

namespace detail {
namespace {

template <bool Multiply>
Tensor scan(const Tensor& x, int64_t dim, const char* op) {
  ReduceDims rd = reduce_dims(x, {dim}, /*keepdim=*/true, op);
  DType t = is_floating(x.dtype()) ? x.dtype() : kInt64;
  Tensor rows = rows_of(x, rd, t);
  Tensor out = new_tensor(rows.sizes(), t);
  dispatch_numeric(t, op, [&](auto tag) {
    using T = typename decltype(tag)::type;
    transform_rows(rows.data_ptr<T>(), out.data_ptr<T>(), rd.outer, rd.count,
                   [](const T* in, T* o, int64_t n) {
                     acc_t<T> acc(Multiply ? 1 : 0);
                     for (int64_t i = 0; i < n; ++i) {
                       if constexpr (Multiply) acc *= static_cast<acc_t<T>>(in[i]);
                       else acc += static_cast<acc_t<T>>(in[i]);
                       o[i] = static_cast<T>(acc);
                     }
                   });
  });
  return restore_layout(out, rd);
}

}  // namespace
}  // namespace detail

Tensor cumsum(const Tensor& x, int64_t dim) { return detail::scan<false>(x, dim, "cumsum"); }
Tensor cumprod(const Tensor& x, int64_t dim) { return detail::scan<true>(x, dim, "cumprod"); }

}  // namespace tyche
