// softmax / log_softmax: a row transform over dim moved last (reduce.h),
// shifted by the row's max so large inputs don't overflow. Floating inputs
// only, as PyTorch.
#include <cmath>

#include "cpu/reduce_kernel.h"
#include "dispatch.h"
#include "reduce.h"

namespace tyche {

namespace detail {
namespace {

template <bool Log>
Tensor softmax_impl(const Tensor& x, int64_t dim, const char* op) {
  ReduceDims rd = reduce_dims(x, {dim}, /*keepdim=*/true, op);
  check_floating(x, op);
  Tensor rows = rows_of(x, rd, x.dtype());
  Tensor out = new_tensor(rows.sizes(), x.dtype());
  dispatch_floating(x.dtype(), op, [&](auto tag) {
    using T = typename decltype(tag)::type;
    transform_rows(rows.data_ptr<T>(), out.data_ptr<T>(), rd.outer, rd.count,
                   [](const T* in, T* o, int64_t n) {
                     ConstArrayMap<T> a(in, n);
                     ArrayMap<T> y(o, n);
                     // A NaN max makes the whole row NaN, as PyTorch.
                     T m = a.template maxCoeff<Eigen::PropagateNaN>();
                     y = a - m;
                     if constexpr (Log) {
                       y -= std::log(y.exp().sum());
                     } else {
                       y = y.exp();
                       y /= y.sum();
                     }
                   });
  });
  return restore_layout(out, rd);
}

}  // namespace
}  // namespace detail

Tensor softmax(const Tensor& x, int64_t dim) { return detail::softmax_impl<false>(x, dim, "softmax"); }
Tensor log_softmax(const Tensor& x, int64_t dim) { return detail::softmax_impl<true>(x, dim, "log_softmax"); }

}  // namespace tyche
