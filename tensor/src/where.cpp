// where(cond, a, b): elementwise select with three-way broadcasting.
#include "cpu/loops.h"
#include "tyche/native.h"
#include "dispatch.h"
#include "elementwise.h"

namespace tyche {

Tensor native::where(const Tensor& cond, const Tensor& a, const Tensor& b) {
  TYCHE_CHECK(cond.defined() && a.defined() && b.defined(), "where", "input tensor is undefined");
  TYCHE_CHECK(cond.dtype() == kBool, "where", "condition must be bool, got ", cond.dtype());
  DType t = result_type(a, b);
  Shape shape = broadcast_shapes(broadcast_shapes(cond.sizes(), a.sizes(), "where"), b.sizes(), "where");
  Tensor out = detail::new_tensor(shape, t);
  Tensor ta = detail::cast(a, t), tb = detail::cast(b, t);
  detail::StridedIter<4> it(shape, {&out, &cond, &ta, &tb});
  detail::dispatch(t, [&](auto tag) {
    using T = typename decltype(tag)::type;
    it.run([](char* const* p, const int64_t* s, int64_t n) {
      char *o = p[0], *c = p[1], *x = p[2], *y = p[3];
      for (int64_t i = 0; i < n; ++i, o += s[0], c += s[1], x += s[2], y += s[3])
        *reinterpret_cast<T*>(o) = *reinterpret_cast<const bool*>(c) ? *reinterpret_cast<const T*>(x)
                                                                     : *reinterpret_cast<const T*>(y);
    });
  });
  return out;
}

Tensor native::where(const Tensor& cond, Scalar a, const Tensor& b) {
  return native::where(cond, scalar_tensor(a, result_type(b, a)), b);
}
Tensor native::where(const Tensor& cond, const Tensor& a, Scalar b) {
  return native::where(cond, a, scalar_tensor(b, result_type(a, b)));
}

}  // namespace tyche
