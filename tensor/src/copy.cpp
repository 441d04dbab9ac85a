// Copies and dtype conversion: copy_, to, contiguous, clone, fill_.
#include "cpu/unary_kernel.h"
#include "tyche/native.h"

namespace tyche {

namespace detail {

Tensor new_tensor(IntList sizes, DType dtype) {
  int64_t n = 1;
  for (int64_t s : sizes) {
    TYCHE_CHECK(s >= 0, "empty", "negative dimension in size ", sizes);
    n *= s;
  }
  auto storage = StorageImpl::allocate(n * element_size(dtype), kCPU);
  return Tensor(IntrusivePtr<TensorImpl>::adopt(new TensorImpl(std::move(storage), dtype, sizes)));
}

namespace {
template <class Out>
struct CastTo {
  template <class In> Out operator()(In x) const { return static_cast<Out>(x); }
  template <class E> auto array(const E& a) const { return a.template cast<Out>(); }
};

// dst[...] = src[...] (src broadcast to dst's shape), converting dtype.
void copy_kernel(Tensor& dst, const Tensor& src) {
  dispatch(dst.dtype(), [&](auto out_tag) {
    using Out = typename decltype(out_tag)::type;
    dispatch(src.dtype(), [&](auto in_tag) {
      using In = typename decltype(in_tag)::type;
      unary_kernel<Out, In>(dst, src, CastTo<Out>{});
    });
  });
}
}  // namespace
}  // namespace detail

Tensor& native::copy_(Tensor& self, const Tensor& src) {
  TYCHE_CHECK(self.defined() && src.defined(), "copy_", "input tensor is undefined");
  Shape b = broadcast_shapes(self.sizes(), src.sizes(), "copy_");
  TYCHE_CHECK(IntList(b) == self.sizes(), "copy_", "source shape ", src.sizes(),
              " cannot be broadcast to destination shape ", self.sizes());
  detail::copy_kernel(self, detail::unalias(self, src));
  self.impl()->storage()->bump_version();
  return self;
}

Tensor& native::fill_(Tensor& self, Scalar v) {
  TYCHE_CHECK(self.defined(), "fill_", "tensor is undefined");
  Tensor value = scalar_tensor(v, self.dtype());
  detail::copy_kernel(self, value);
  self.impl()->storage()->bump_version();
  return self;
}

Tensor Tensor::to(DType t) const { return to(t, false); }

Tensor native::to(const Tensor& self, DType t, bool copy) {
  TYCHE_CHECK(self.defined(), "to", "tensor is undefined");
  if (t == self.dtype() && !copy) return self;
  Tensor out = detail::new_tensor(self.sizes(), t);
  detail::copy_kernel(out, self);
  return out;
}

Tensor Tensor::to(Device d) const {
  TYCHE_CHECK(defined(), "to", "tensor is undefined");
  TYCHE_CHECK(d.is_cpu(), "to", "device ", d, " is not available (tyche was built without CUDA)");
  return *this;
}

Tensor Tensor::contiguous() const {
  TYCHE_CHECK(defined(), "contiguous", "tensor is undefined");
  return is_contiguous() ? *this : clone();
}

Tensor Tensor::clone() const { return to(dtype(), true); }

}  // namespace tyche
